#!/usr/bin/env bash
# Runs every experiment of './odeon list' at quick scale, seed 1, from the checkout WORKTREE into OUT/NAME; the image
# experiments read synthetic stand-ins in the real formats (.ci/synthetic-images.py), as the data sets may be absent.
# Compare two such folders with .ci/same-metrics.py BEFORE AFTER.
# usage: .ci/quick-metrics.sh WORKTREE OUT [NAME ...]   (default: every experiment)
set -uo pipefail
tree=$(cd "$1" && pwd); out=$(mkdir -p "$2" && cd "$2" && pwd); shift 2
here=$(cd "$(dirname "$0")" && pwd)
python3 "$here/synthetic-images.py" "$out/data"
cd "$tree"
for e in ${*:-$(./odeon list 2>/dev/null | grep -E '^[a-z]' | awk '{print $1}')}; do
  extra=()
  case $e in robust-fashion) extra=(--set data="$out/data/fashion");; robust-cifar) extra=(--set data="$out/data/cifar");; esac
  nice ./odeon run "$e" --scale quick --seed 1 --out "$out/$e" --force "${extra[@]}" > "$out/$e.out" 2>&1
  echo "$e rc=$?"
done
