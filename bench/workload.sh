#!/usr/bin/env bash
# Builds the benchmark workload: tokio, deno, embassy and linkerd2-proxy side by side in one
# folder (about two million lines of Rust), then counts the .rs files, lines and bytes.
#
#   bench/workload.sh [DIR]            (default DIR: $RUSTAUDIT_WORKLOAD or /tmp/rustaudit-workload)
#
# Where the code comes from: this script downloads nothing. It takes each repository from
# the first of these that exists:
#   1. $SRC/<name>, a git clone you made yourself (SRC defaults to ~/src), e.g.
#        mkdir -p ~/src && cd ~/src
#        git clone --depth 1 https://github.com/tokio-rs/tokio
#        git clone --depth 1 https://github.com/denoland/deno
#        git clone --depth 1 https://github.com/embassy-rs/embassy
#        git clone --depth 1 https://github.com/linkerd/linkerd2-proxy
#   2. a bare mirror at $MIRROR/<owner>+<name>/repo (MIRROR defaults to /work/.mirror).
# The HEAD commit of each is exported with `git archive` (no .git, no untracked files), so the
# workload is exactly the committed tree; the commits used are printed, put them in the table.
set -euo pipefail

dir=${1:-${RUSTAUDIT_WORKLOAD:-/tmp/rustaudit-workload}}
src=${SRC:-$HOME/src}
mirror=${MIRROR:-/work/.mirror}
repos="tokio-rs/tokio denoland/deno embassy-rs/embassy linkerd/linkerd2-proxy"

mkdir -p "$dir"
for r in $repos; do
  owner=${r%/*} name=${r#*/}
  if [ -d "$src/$name/.git" ]; then
    gitdir="$src/$name/.git"
  elif [ -d "$mirror/$owner+$name/repo" ]; then
    gitdir="$mirror/$owner+$name/repo"
  else
    echo "missing $r: git clone https://github.com/$r $src/$name (or set SRC / MIRROR)" >&2
    exit 1
  fi
  commit=$(git --git-dir="$gitdir" rev-parse HEAD)
  if [ "$(cat "$dir/$name/.commit" 2>/dev/null)" != "$commit" ]; then
    rm -rf "${dir:?}/$name"
    mkdir -p "$dir/$name"
    # A partial mirror may lack a few large blobs (never .rs files); `git archive` stops at
    # the first one, so such a tree is checked out through a throwaway index without them.
    missing=$(git --git-dir="$gitdir" ls-tree -r HEAD | awk '$2 == "blob"' >"$dir/.blobs"
      cut -f1 "$dir/.blobs" | awk '{ print $3 }' | git --git-dir="$gitdir" cat-file --batch-check |
        paste - <(cut -f2- "$dir/.blobs") | awk -F'\t' '$1 ~ / missing$/ { print $2 }')
    rm -f "$dir/.blobs"
    if [ -z "$missing" ]; then
      git --git-dir="$gitdir" archive HEAD | tar -x -C "$dir/$name"
    else
      echo "$name: $(echo "$missing" | wc -l) blob(s) absent from the mirror, left out" >&2
      idx=$(mktemp)
      GIT_INDEX_FILE=$idx git --git-dir="$gitdir" read-tree HEAD
      echo "$missing" | GIT_INDEX_FILE=$idx git --git-dir="$gitdir" update-index --force-remove --stdin
      GIT_INDEX_FILE=$idx git --git-dir="$gitdir" --work-tree="$dir/$name" checkout-index -a -f --prefix="$dir/$name/"
      rm -f "$idx"
    fi
    echo "$commit" >"$dir/$name/.commit"
  fi
  echo "$name $commit"
done

# Counts: every .rs file under the folder (what `find` sees; the scanners also honour the
# repositories' .gitignore files, which drop a few generated files).
count() {
  find "$1" -name '*.rs' -type f -print0 | xargs -0 cat | wc -lc | awk -v n="$2" -v f="$3" \
    '{ printf "%-16s %7d files %9d lines %6.1f MB\n", n, f, $1, $2 / 1048576 }'
}
printf '\n'
for r in $repos; do
  name=${r#*/}
  count "$dir/$name" "$name" "$(find "$dir/$name" -name '*.rs' -type f | wc -l)"
done
count "$dir" total "$(find "$dir" -name '*.rs' -type f | wc -l)"
