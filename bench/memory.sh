#!/usr/bin/env bash
# Peak memory (max RSS) of `rustaudit scan` with every rule enabled over a quarter, a half,
# all of, and twice the workload, to show that it does not grow with the number of files.
#
#   bench/memory.sh [DIR] [-j N]      (DIR default: $RUSTAUDIT_WORKLOAD or /tmp/rustaudit-workload)
#
# The subsets are hard-linked copies of every 4th / every 2nd .rs file (with the Cargo.toml
# files, so crates and editions stay the same) in sibling folders DIR.quarter and DIR.half;
# "twice" scans DIR and a hard-linked copy DIR.copy together. Needs GNU time (/usr/bin/time;
# Debian: apt-get install -y time).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${RUSTAUDIT_WORKLOAD:-/tmp/rustaudit-workload}
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
  dir=$1
  shift
fi
dir=$(cd "$dir" && pwd)
[ -x /usr/bin/time ] || { echo "needs GNU time: apt-get install -y time" >&2; exit 1; }

go build -o bench/out/rustaudit ./cmd/rustaudit
enable=$(bench/out/rustaudit rules | awk '$2 == "allow" { printf " --enable %s", $1 }')

# subset N OUT: every Nth .rs file of DIR (sorted), hard-linked into OUT.
subset() {
  local n=$1 out=$2
  # Rebuilt when bench/workload.sh re-extracted a repository since.
  [ -f "$out/.done" ] && [ -z "$(find "$dir" -maxdepth 2 -name .commit -newer "$out/.done")" ] && return
  rm -rf "$out"
  mkdir -p "$out"
  (cd "$dir" && find . \( -name '*.rs' -o -name Cargo.toml -o -name .gitignore \) -type f | sort |
    awk -v n="$n" '!/\.rs$/ || (i++ % n) == 0' | while read -r f; do
      mkdir -p "$out/${f%/*}" && ln -f "$f" "$out/$f"
    done)
  touch "$out/.done"
}
subset 4 "$dir.quarter"
subset 2 "$dir.half"
if [ ! -f "$dir.copy/.done" ] || [ -n "$(find "$dir" -maxdepth 2 -name .commit -newer "$dir.copy/.done")" ]; then
  rm -rf "$dir.copy"
  cp -al "$dir" "$dir.copy"
  touch "$dir.copy/.done"
fi

ARGS=("$@")
measure() {
  local name=$1
  shift
  local files mbytes
  files=$(find "$@" -name '*.rs' -type f | wc -l)
  mbytes=$(find "$@" -name '*.rs' -type f -print0 | xargs -0 cat | wc -c | awk '{ printf "%.1f", $1 / 1048576 }')
  # shellcheck disable=SC2086 # $enable is a list of flags
  if ! /usr/bin/time -f "%e %M" -o bench/out/time.txt bench/out/rustaudit scan $enable --fail-on none \
    --format json -o /dev/null "${ARGS[@]}" "$@" >/dev/null 2>bench/out/memory-"$name".log; then
    echo "$name: rustaudit scan failed, see bench/out/memory-$name.log" >&2
  fi
  awk -v name="$name" -v files="$files" -v mb="$mbytes" '{ printf "%-8s %6d files %7s MB   max RSS %6.1f MB   wall %6.2f s\n", name, files, mb, $2 / 1024, $1 }' bench/out/time.txt
}
echo "rustaudit scan, every rule enabled, ${ARGS[*]:-default -j}; load average $(cut -d' ' -f1-3 /proc/loadavg)"
measure quarter "$dir.quarter"
measure half "$dir.half"
measure full "$dir"
measure twice "$dir" "$dir.copy"
