#!/usr/bin/env bash
# Runs every measurement once, one after the other, and keeps the outputs with the machine,
# commit and load in bench/out/results/<UTC time>/ (never committed):
#
#   bench/all.sh [DIR]      (DIR default: $RUSTAUDIT_WORKLOAD or /tmp/rustaudit-workload)
#
# ROUNDS (default 3) sets scanbench's rounds, AG_ROUNDS (default 5) the ast-grep rounds.
# Takes about 25 minutes on 2 cores. Nothing else heavy should run meanwhile: the load
# average is printed before and after each step.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-${RUSTAUDIT_WORKLOAD:-/tmp/rustaudit-workload}}
out=bench/out/results/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$out"
load() { echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"; }

{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo '?') ($(git status --porcelain 2>/dev/null | wc -l) changed files in the work tree)"
  echo "cpu: $(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "memory: $(free -m | awk '/^Mem:/ { print $2 " MB" }')"
  echo "kernel: $(uname -sr); $(go version)"
  load
} | tee "$out/machine.txt"

echo "== workload"
bench/workload.sh "$dir" | tee "$out/workload.txt"

echo "== scanbench (interleaved rounds)"
go build -o bench/out/scanbench ./bench/scanbench
bench/out/scanbench -rounds "${ROUNDS:-3}" -paired "${ROUNDS:-3}" "$dir" | tee "$out/scanbench.txt"

echo "== profiles of the full scan (-j2)"
bench/out/scanbench -rounds 0 -j 2 -profile-rounds 2 -cpuprofile "$out/scan.cpu.prof" -memprofile "$out/scan.mem.prof" "$dir"
go tool pprof -top -nodecount=25 bench/out/scanbench "$out/scan.cpu.prof" >"$out/pprof-cpu-flat.txt" 2>/dev/null
go tool pprof -top -cum -nodecount=40 bench/out/scanbench "$out/scan.cpu.prof" >"$out/pprof-cpu-cum.txt" 2>/dev/null
go tool pprof -sample_index=alloc_space -top -nodecount=20 bench/out/scanbench "$out/scan.mem.prof" >"$out/pprof-alloc-space.txt" 2>/dev/null
go tool pprof -sample_index=alloc_objects -top -nodecount=20 bench/out/scanbench "$out/scan.mem.prof" >"$out/pprof-alloc-objects.txt" 2>/dev/null
sed -n '1,30p' "$out/pprof-cpu-cum.txt"
load

echo "== peak memory"
bench/memory.sh "$dir" | tee "$out/memory.txt"

echo "== one file"
RUSTAUDIT_WORKLOAD=$dir bench/onefile.sh | tee "$out/onefile.txt"

echo "== ast-grep"
bench/astgrep.sh "$dir" "${AG_ROUNDS:-5}" | tee "$out/astgrep.txt"

echo "== go test -bench (engine and rules)"
load
RUSTAUDIT_BENCH_DIR=$dir go test ./rules -run '^$' -bench . -benchmem -benchtime 1x | tee "$out/rules-bench.txt"
load
echo "results in $out"
