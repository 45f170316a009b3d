#!/usr/bin/env bash
# rustaudit (whole catalog, every rule enabled) against `ast-grep scan` with the handful of
# comparable pattern rules in bench/astgrep/rules, over the same folder, in the same run:
# the two alternate for several rounds and the medians are compared. Both use their default
# (multi-threaded) worker count and write JSON to /dev/null.
#
#   bench/astgrep.sh [DIR] [ROUNDS]    (DIR default: $RUSTAUDIT_WORKLOAD or /tmp/rustaudit-workload)
#
# ast-grep comes from npm (package @ast-grep/cli, version $ASTGREP_VERSION or the latest),
# installed into bench/out/node_modules, which is never committed.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-${RUSTAUDIT_WORKLOAD:-/tmp/rustaudit-workload}}
rounds=${2:-5}
[ -x /usr/bin/time ] || { echo "needs GNU time: apt-get install -y time" >&2; exit 1; }

sg=bench/out/node_modules/.bin/ast-grep
if [ ! -x "$sg" ]; then
  mkdir -p bench/out
  npm install --prefix bench/out --no-audit --no-fund "@ast-grep/cli@${ASTGREP_VERSION:-latest}"
fi
go build -o bench/out/rustaudit ./cmd/rustaudit
enable=$(bench/out/rustaudit rules | awk '$2 == "allow" { printf " --enable %s", $1 }')
nrules=$(bench/out/rustaudit rules | awk 'NR > 1' | wc -l)

# shellcheck disable=SC2086 # $enable is a list of flags
ra=(bench/out/rustaudit scan $enable --fail-on none --format json -o /dev/null "$dir")
ag=("$sg" scan -c bench/astgrep/sgconfig.yml --json=compact "$dir")

echo "$("$sg" --version); $(bench/out/rustaudit version 2>/dev/null | head -1)"
echo "ast-grep rules: $(ls bench/astgrep/rules | wc -l) (bench/astgrep/rules); rustaudit rules: $nrules (all enabled)"
"$sg" scan -c bench/astgrep/sgconfig.yml --inspect summary "$dir" 2>&1 >/dev/null | grep -o 'scannedFileCount=[0-9]*' | sed 's/^/ast-grep /'
echo "ast-grep matches: $("${ag[@]}" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')"
echo "rustaudit findings: $(bench/out/rustaudit scan $enable --fail-on none --format json "$dir" 2>/dev/null | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d.get("findings", d) if isinstance(d, dict) else d))')"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# one TOOL: appends "wall user+sys maxrss_kb" of one run to bench/out/astgrep-TOOL.txt.
one() {
  local tool=$1
  local cmd
  if [ "$tool" = rustaudit ]; then cmd=("${ra[@]}"); else cmd=("${ag[@]}"); fi
  /usr/bin/time -f "%e %U %S %M" -o bench/out/time.txt "${cmd[@]}" >/dev/null 2>bench/out/astgrep-"$tool".log ||
    { echo "$tool failed, see bench/out/astgrep-$tool.log" >&2; exit 1; }
  awk '{ print $1, $2 + $3, $4 }' bench/out/time.txt >>bench/out/astgrep-"$tool".txt
}
rm -f bench/out/astgrep-rustaudit.txt bench/out/astgrep-ast-grep.txt
one rustaudit # warm-up, untimed
one ast-grep
rm -f bench/out/astgrep-rustaudit.txt bench/out/astgrep-ast-grep.txt
for ((r = 0; r < rounds; r++)); do
  if ((r % 2 == 0)); then one rustaudit; one ast-grep; else one ast-grep; one rustaudit; fi
done
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"

med() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
declare -A wall cpu rss
for t in rustaudit ast-grep; do
  f=bench/out/astgrep-$t.txt
  wall[$t]=$(cut -d' ' -f1 "$f" | med)
  cpu[$t]=$(cut -d' ' -f2 "$f" | med)
  rss[$t]=$(cut -d' ' -f3 "$f" | med)
done
printf '%-10s %9s %9s %9s   (median of %d rounds)\n' tool "wall s" "cpu s" "RSS MB" "$rounds"
for t in rustaudit ast-grep; do
  printf '%-10s %9.2f %9.2f %9.1f\n' "$t" "${wall[$t]}" "${cpu[$t]}" "$(awk -v k="${rss[$t]}" 'BEGIN { print k / 1024 }')"
done
awk -v wr="${wall[rustaudit]}" -v wa="${wall[ast-grep]}" -v cr="${cpu[rustaudit]}" -v ca="${cpu[ast-grep]}" \
  'BEGIN { printf "rustaudit / ast-grep: %.2fx wall, %.2fx cpu (below 1 = rustaudit faster)\n", wr / wa, cr / ca }'
# The same ratios taken round by round (the two tools run back to back in each round), then
# the median: steadier on a host whose speed drifts between rounds.
paste -d' ' bench/out/astgrep-rustaudit.txt bench/out/astgrep-ast-grep.txt |
  awk '{ print $1 / $4, $2 / $5 }' >bench/out/astgrep-ratios.txt
printf 'median of the per-round ratios: %.2fx wall, %.2fx cpu (each round: %s)\n' \
  "$(cut -d' ' -f1 bench/out/astgrep-ratios.txt | med)" "$(cut -d' ' -f2 bench/out/astgrep-ratios.txt | med)" \
  "$(cut -d' ' -f1 bench/out/astgrep-ratios.txt | awk '{ printf "%s%.2f", (NR > 1 ? " " : ""), $1 }')"
