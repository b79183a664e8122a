#!/usr/bin/env bash
# Agent overhead, side by side in one run: start-up time (a JVM that prints one line) and 1 GiB written in
# 4 KiB writes through FileChannel and FileOutputStream, with no agent, JFR alone (the JDK's default settings
# as record= uses them, without physmem: what the recording itself costs), the agent without a recording,
# and the agent with record= (default settings); then where each configuration's CPU went, per GiB written.
#   bench/agent/run.sh [JAVA_HOME]        (builds agent/target/physmem-agent.jar first if it is missing)
# Environment: STARTS (start-up runs per config, default 10), ROUNDS (rounds of one JVM per config, default 3), PASSES (timed
# passes per API in each JVM, default 1: the first GiB after a short warm-up, while the JIT still compiles the
# simulated kernel; 3 shows the steady state), CYCLES (cycles of 256 MiB passes per API in the steady-state
# comparison inside one JVM, one pass each of kernel, hooks and none, default 12; 0 skips it).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
java_home="${1:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
java="$java_home/bin/java"
agent="$root/agent/target/physmem-agent.jar"
starts="${STARTS:-10}"
rounds="${ROUNDS:-3}"
passes="${PASSES:-1}"
[ -f "$agent" ] || (cd "$root" && mvn -B -q -pl agent -am package -DskipTests)
work="$(mktemp -d)"
# The written file goes to an ordinary file system, not /dev/shm: the agent leaves /dev alone (tmpfs has no
# writeback), so nothing would be simulated there. With a few GiB free the real kernel absorbs 1 GiB in its
# page cache without writeback or throttling getting in the way.
data="$(mktemp -d)"
trap 'rm -rf "$work" "$data"' EXIT
"$java_home/bin/javac" -d "$work/classes" "$here/WriteWorkload.java" "$here/ProcessCpu.java" "$here/Hello.java" \
  "$here/SteadyState.java" "$here/Unweave.java"
# The bench's own agent, loaded after physmem's in the steady-state JVMs: it takes physmem's advice out and puts it back.
printf 'Premain-Class: Unweave\nCan-Retransform-Classes: true\n' >"$work/unweave.mf"
"$java_home/bin/jar" cfm "$work/unweave.jar" "$work/unweave.mf" -C "$work/classes" Unweave.class

configs=("none" "jfr" "agent" "agent+record")
opts() {
  case "$1" in
    none) echo "" ;;
    # physmem's default settings turn the JDK's file and socket events off (physmem.jfc); so does this
    jfr) echo "-XX:StartFlightRecording:filename=$work/bench.jfr,jdk.FileRead#enabled=false,jdk.FileWrite#enabled=false,jdk.SocketRead#enabled=false,jdk.SocketWrite#enabled=false" ;;
    agent) echo "-javaagent:$agent" ;;
    agent+record) echo "-javaagent:$agent=record=$work/bench.jfr" ;;
  esac
}

echo "# $("$java" -version 2>&1 | head -1), $(nproc) cores"
echo "# start-up: wall ms of 'java Hello', median and min of $starts runs (the configurations take turns, run by run)"
# Turn by turn, since the machine's speed changes in phases longer than a JVM's start.
declare -A median starttimes
for i in $(seq "$starts"); do
  for c in "${configs[@]}"; do
    s=$(date +%s%N)
    "$java" $(opts "$c") -cp "$work/classes" Hello >/dev/null
    e=$(date +%s%N)
    starttimes[$c]+="$(( (e - s) / 1000000 )) "
  done
done
for c in "${configs[@]}"; do
  sorted=($(printf '%s\n' ${starttimes[$c]} | sort -n))
  median[$c]=${sorted[$(( starts / 2 ))]}
  printf '%-14s median %5d ms  min %5d ms\n' "$c" "${median[$c]}" "${sorted[0]}"
done
echo "added start-up (median): agent $(( ${median[agent]} - ${median[none]} )) ms, agent+record $(( ${median[agent+record]} - ${median[none]} )) ms (JFR alone $(( ${median[jfr]} - ${median[none]} )) ms)"

echo "# 1 GiB in 4 KiB writes into $data: $rounds rounds of one JVM per config (order rotated each round), best of $passes passes per JVM (ms)"
# The machine's speed drifts over seconds, so each round's JVMs are compared with that round's own "none"
# and the median of those paired ratios is the figure; the best over all rounds is printed beside it.
declare -A ch st cpu
for r in $(seq "$rounds"); do
  for k in "${!configs[@]}"; do
    c="${configs[$(( (k + r) % ${#configs[@]} ))]}"
    out="$("$java" $(opts "$c") -Xmx512m -cp "$work/classes" WriteWorkload "$data" "$passes")"
    ch[$c,$r]=$(echo "$out" | awk '/^channel/ {print $2}')
    st[$c,$r]=$(echo "$out" | awk '/^stream/ {print $2}')
    cpu[$c,$r]=$(echo "$out" | awk '/^cpu/ {print $3, $5, $7, $9, $11}')
    rm -f "$work/bench.jfr"
  done
done
# column NAME CONFIG: "best-ms median-paired-ratio" over the rounds of array NAME (ch or st)
column() {
  local -n times=$1
  local best=999999999 ratios=()
  for r in $(seq "$rounds"); do
    [ "${times[$2,$r]}" -lt "$best" ] && best=${times[$2,$r]}
    ratios+=("$(awk -v a="${times[$2,$r]}" -v b="${times[none,$r]}" 'BEGIN {printf "%.3f", a / b}')")
  done
  echo "$best $(printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')"
}
printf '%-14s %12s %8s %12s %8s   (ratio: median of the ratios to none in each round)\n' config FileChannel ratio FileOutput ratio
for c in "${configs[@]}"; do
  read -r cb cr <<<"$(column ch "$c")"
  read -r sb sr <<<"$(column st "$c")"
  printf '%-14s %9d ms %8s %9d ms %8s\n' "$c" "$cb" "$cr" "$sb" "$sr"
done

# Where the CPU went, per GiB written (the warm-up's half GiB and both APIs' passes): the application
# thread, the simulated kernel's threads (physmem-*), the JIT, the application thread's preemptions and its
# time runnable but waiting for a core (other threads on its core, as against running slower itself).
if [ -n "${cpu[none,1]}" ]; then
  gib=$(awk -v p="$passes" 'BEGIN {print 0.5 + 2 * p}')
  echo "# CPU per GiB written, median over the rounds (from /proc/self/task at the end of each JVM)"
  printf '%-14s %10s %10s %10s %10s %10s\n' config "app ms" "kernel ms" "JIT ms" preempted "waited ms"
  for c in "${configs[@]}"; do
    line=""
    for k in 1 2 3 4 5; do
      m=$(for r in $(seq "$rounds"); do echo "${cpu[$c,$r]}" | awk -v k="$k" -v g="$gib" '{printf "%.0f\n", $k / g}'; done \
        | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
      line+=$(printf ' %10s' "$m")
    done
    printf '%-14s%s\n' "$c" "$line"
  done
fi

# The steady state inside one JVM (SteadyState.java): passes with the agent as it is (kernel), with the hooks
# only (nothing queued) and with the advice taken out of the JDK classes (none) take turns, and each cycle's
# passes are compared with each other, so that the machine's speed phases cancel out.
cycles="${CYCLES:-12}"
if [ "$cycles" -gt 0 ]; then
  echo "# steady state: $cycles cycles of 256 MiB passes per API in one JVM; median ms per pass (the writer's CPU ms and"
  echo "# its wait for a core); ratios: median (quartiles) of each cycle's ratio"
  for c in agent agent+record; do
    "$java" $(opts "$c") -javaagent:"$work/unweave.jar" -Xmx512m -cp "$work/classes" SteadyState "$data" "$cycles" \
      | sed "s/^steady /$c /"
    rm -f "$work/bench.jfr"
  done
fi
