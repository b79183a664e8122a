#!/usr/bin/env bash
# Reading a large recording, side by side in one run: the JDK's `jfr summary` against `physmem report`
# (text and HTML) on the same file, the report in a 256 MiB heap. The recording is made first by
# dev.physmem.bench.BigRecording (a virtual-time machine under physmem's detailed settings).
#   bench/recording/run.sh [MEBIBYTES]     (default 1024; builds the bench and CLI jars if missing)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
size="${1:-1024}"
bench="$root/bench/target/physmem-benchmarks.jar"
cli="$root/cli/target/physmem-cli.jar"
[ -f "$bench" ] && [ -f "$cli" ] || (cd "$root" && mvn -B -q package -DskipTests)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
recording="$work/big.jfr"

java -Xmx1g -cp "$bench" dev.physmem.bench.BigRecording "$recording" "$size"
events=$(jfr summary "$recording" | awk '$1 ~ /^dev\.physmem\./ {n += $2} END {print n}')
echo "# $(java -version 2>&1 | head -1), $(nproc) cores; $((  $(stat -c %s "$recording") >> 20 )) MiB, $events physmem events"

ms() { local s e; s=$(date +%s%N); "$@" >/dev/null; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
summary=$(ms jfr summary "$recording")
report=$(ms java -Xmx256m -jar "$cli" report "$recording")
html=$(ms java -Xmx256m -jar "$cli" report --format html -o "$work/report.html" "$recording")
printf '%-34s %8d ms\n' "jfr summary" "$summary" "physmem report (-Xmx256m)" "$report" \
  "physmem report --format html (-Xmx256m)" "$html"
awk -v a="$report" -v b="$summary" 'BEGIN {printf "physmem report / jfr summary: %.2f\n", a / b}'
