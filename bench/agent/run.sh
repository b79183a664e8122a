#!/usr/bin/env bash
# Agent overhead, side by side in one run: start-up time (a JVM that prints one line) and 1 GiB written in
# 4 KiB writes through FileChannel and FileOutputStream, with no agent, the agent without a recording, and
# the agent with record= (default settings).
#   bench/agent/run.sh [JAVA_HOME]        (builds agent/target/physmem-agent.jar first if it is missing)
# Environment: STARTS (start-up runs per config, default 10), ROUNDS (JVMs per config, default 3), PASSES (timed
# passes per API in each JVM, default 1: the first GiB after a short warm-up, while the JIT still compiles the
# simulated kernel; 3 shows the steady state).
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
"$java_home/bin/javac" -d "$work/classes" "$here/WriteWorkload.java" "$here/Hello.java"

configs=("none" "agent" "agent+record")
opts() {
  case "$1" in
    none) echo "" ;;
    agent) echo "-javaagent:$agent" ;;
    agent+record) echo "-javaagent:$agent=record=$work/bench.jfr" ;;
  esac
}

echo "# $("$java" -version 2>&1 | head -1), $(nproc) cores"
echo "# start-up: wall ms of 'java Hello', median and min of $starts runs"
declare -A median
for c in "${configs[@]}"; do
  times=()
  for i in $(seq "$starts"); do
    s=$(date +%s%N)
    "$java" $(opts "$c") -cp "$work/classes" Hello >/dev/null
    e=$(date +%s%N)
    times+=($(( (e - s) / 1000000 )))
  done
  sorted=($(printf '%s\n' "${times[@]}" | sort -n))
  median[$c]=${sorted[$(( starts / 2 ))]}
  printf '%-14s median %5d ms  min %5d ms\n' "$c" "${median[$c]}" "${sorted[0]}"
done
echo "added start-up (median): agent $(( ${median[agent]} - ${median[none]} )) ms, agent+record $(( ${median[agent+record]} - ${median[none]} )) ms"

echo "# 1 GiB in 4 KiB writes into $data, best of $rounds JVMs x $passes passes per config, interleaved (ms)"
declare -A ch st
for c in "${configs[@]}"; do ch[$c]=999999999; st[$c]=999999999; done
for r in $(seq "$rounds"); do
  for c in "${configs[@]}"; do
    out="$("$java" $(opts "$c") -Xmx512m -cp "$work/classes" WriteWorkload "$data" "$passes")"
    x=$(echo "$out" | awk '/^channel/ {print $2}'); [ "$x" -lt "${ch[$c]}" ] && ch[$c]=$x
    x=$(echo "$out" | awk '/^stream/ {print $2}'); [ "$x" -lt "${st[$c]}" ] && st[$c]=$x
    rm -f "$work/bench.jfr"
  done
done
printf '%-14s %12s %8s %12s %8s\n' config FileChannel ratio FileOutput ratio
for c in "${configs[@]}"; do
  printf '%-14s %9d ms %8s %9d ms %8s\n' "$c" "${ch[$c]}" \
    "$(awk -v a="${ch[$c]}" -v b="${ch[none]}" 'BEGIN {printf "%.3f", a / b}')" "${st[$c]}" \
    "$(awk -v a="${st[$c]}" -v b="${st[none]}" 'BEGIN {printf "%.3f", a / b}')"
done
