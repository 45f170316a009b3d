#!/usr/bin/env bash
# Wall time of `rustaudit scan FILE` on single files, as a pre-commit hook runs it, next to
# `rustaudit version` (the process start-up floor).
#
#   bench/onefile.sh [FILE...]
#
# Without FILE it takes, from the workload ($RUSTAUDIT_WORKLOAD or /tmp/rustaudit-workload,
# see bench/workload.sh), the .rs files at the median, the 90th percentile and the maximum
# of the file sizes. Uses hyperfine (Debian: apt-get install -y hyperfine) when installed,
# else a loop timed with date +%s%N. RUNS sets the number of timed runs (default 30).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-30}
go build -o bench/out/rustaudit ./cmd/rustaudit
bin=$PWD/bench/out/rustaudit

files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  dir=${RUSTAUDIT_WORKLOAD:-/tmp/rustaudit-workload}
  mapfile -t sorted < <(find "$dir" -name '*.rs' -type f -printf '%s %p\n' | sort -n)
  n=${#sorted[@]}
  [ "$n" -gt 0 ] || { echo "no .rs files under $dir: run bench/workload.sh first" >&2; exit 1; }
  for i in $((n / 2)) $((n * 9 / 10)) $((n - 1)); do
    files+=("${sorted[$i]#* }")
  done
fi

echo "load average $(cut -d' ' -f1-3 /proc/loadavg); $runs runs each; median wall time"
time_cmd() { # label cmd...
  local label=$1
  shift
  if command -v hyperfine >/dev/null; then
    hyperfine -N --warmup 3 --runs "$runs" --export-json bench/out/onefile.json "$*" >/dev/null 2>&1 ||
      hyperfine -N --warmup 3 --runs "$runs" -i --export-json bench/out/onefile.json "$*" >/dev/null
    python3 -c '
import json, sys
r = json.load(open("bench/out/onefile.json"))["results"][0]
print("%-58s median %6.1f ms  mean %6.1f ms  min %6.1f ms  max %6.1f ms" % (sys.argv[1], r["median"] * 1e3, r["mean"] * 1e3, r["min"] * 1e3, r["max"] * 1e3))
' "$label"
  else
    local ts=() i t0 t1
    for i in 1 2 3; do "$@" >/dev/null 2>&1 || true; done
    for ((i = 0; i < runs; i++)); do
      t0=$(date +%s%N)
      "$@" >/dev/null 2>&1 || true
      t1=$(date +%s%N)
      ts+=($(((t1 - t0) / 1000)))
    done
    printf '%s\n' "${ts[@]}" | sort -n | awk -v label="$label" '{ a[NR] = $1 } END {
      printf "%-58s median %6.1f ms  min %6.1f ms  max %6.1f ms\n", label, a[int((NR + 1) / 2)] / 1000, a[1] / 1000, a[NR] / 1000 }'
  fi
}

time_cmd "rustaudit version (start-up floor)" "$bin" version
for f in "${files[@]}"; do
  lines=$(wc -l <"$f")
  kb=$(($(wc -c <"$f") / 1024))
  time_cmd "scan ${f#"${dir:-}"/} ($lines lines, $kb KB)" "$bin" scan --fail-on none "$f"
done
