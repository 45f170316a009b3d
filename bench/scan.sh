#!/usr/bin/env bash
# Scans a folder and prints files, bytes, seconds and MB/s for parse-only and for the full
# scan, measured in the same run (interleaved rounds, median of each), then the peak memory
# (max RSS) of the CLI over the same folder.
#   bench/scan.sh DIR [-j N] [-rounds R]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:?usage: bench/scan.sh DIR [scanbench flags]}
shift
go build -o bench/out/scanbench ./bench/scanbench
go build -o bench/out/rustaudit ./cmd/rustaudit
bench/out/scanbench "$@" "$dir"
if [ -x /usr/bin/time ]; then
  /usr/bin/time -f "rustaudit scan: %e s wall, max RSS %M KB" bench/out/rustaudit scan --fail-on none --format json -o /dev/null "$dir" 2>&1 >/dev/null | tail -1
fi
