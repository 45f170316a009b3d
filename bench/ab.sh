#!/usr/bin/env bash
# Two rustaudit binaries side by side in one run: wall time, CPU time (user+sys) and max
# RSS of `scan -j J --fail-on none --format json -o /dev/null DIR`, A and B alternating
# (A first in odd rounds, B first in even ones), then min, median and max of each.
#
#   bench/ab.sh ROUNDS DIR BIN_A BIN_B [-j J] [more scan flags]
#
# e.g. main's binary against this branch's, on a bench/bigtable.sh tree:
#   (cd /path/to/main && go build -o "$OLDPWD/bench/out/rustaudit-main" ./cmd/rustaudit)
#   go build -o bench/out/rustaudit ./cmd/rustaudit
#   bench/ab.sh 10 /tmp/bigtable bench/out/rustaudit-main bench/out/rustaudit -j 2
# Needs GNU time (/usr/bin/time; Debian: apt-get install -y time).
set -euo pipefail
rounds=${1:?usage: bench/ab.sh ROUNDS DIR BIN_A BIN_B [-j J] [scan flags]}
dir=$2 a=$3 b=$4
shift 4
flags=("$@")
[ ${#flags[@]} -gt 0 ] || flags=(-j 2)
[ -x /usr/bin/time ] || { echo "needs GNU time: apt-get install -y time" >&2; exit 1; }
log=$(mktemp)
trap 'rm -f "$log"' EXIT
run() { # run LABEL BIN
  local f
  f=$(mktemp)
  /usr/bin/time -f '%e %U %S %M' -o "$f" "$2" scan "${flags[@]}" --fail-on none --format json -o /dev/null "$dir" >/dev/null
  read -r wall user sys rss <"$f"
  rm -f "$f"
  printf '%s %s %.2f %d\n' "$1" "$wall" "$(echo "$user + $sys" | bc)" $((rss / 1024)) | tee -a "$log"
}
echo "label wall_s cpu_s maxrss_MB   ($dir, ${flags[*]}; A=$a B=$b; load $(cut -d' ' -f1-3 /proc/loadavg))"
for i in $(seq 1 "$rounds"); do
  if [ $((i % 2)) -eq 1 ]; then run A "$a"; run B "$b"; else run B "$b"; run A "$a"; fi
done
# stats LABEL COLUMN: min, median and max of that column over LABEL's runs.
stats() {
  awk -v l="$1" -v k="$2" '$1 == l { print $k }' "$log" | sort -g |
    awk '{ x[NR] = $1 } END { m = NR % 2 ? x[(NR + 1) / 2] : (x[NR / 2] + x[NR / 2 + 1]) / 2; printf "%7.2f %7.2f %7.2f   ", x[1], m, x[NR] }'
}
echo "     wall s: min median max    cpu s: min median max    max RSS MB: min median max"
for l in A B; do
  echo "$l  $(stats $l 2) $(stats $l 3) $(stats $l 4)"
done
