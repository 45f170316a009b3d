#!/usr/bin/env bash
# Quick look at one folder: scanbench's table (tree-sitter parse only, flatten, rustaudit
# parse, full scan; interleaved rounds, medians; see bench/README.md), then the wall time and
# peak memory (max RSS) of the CLI over the same folder.
#   bench/scan.sh DIR [-j 1,2] [-rounds R]
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
