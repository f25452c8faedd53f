#!/usr/bin/env bash
# Approves golden images: copies <build>/golden_out/<case>.actual.png over tests/golden/<case>.png.
# Usage: tools/promote_golden.sh [--build DIR] CASE...   (or --all). Look at the actual and diff images first.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build/release"
cases=()
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --all) for f in "$build"/golden_out/*.actual.png; do c=$(basename "$f" .actual.png); cases+=("$c"); done; shift ;;
    -h|--help) sed -n '2,3p' "$0"; exit 0 ;;
    *) cases+=("$1"); shift ;;
  esac
done
[ ${#cases[@]} -gt 0 ] || { echo "usage: tools/promote_golden.sh [--build DIR] CASE... | --all" >&2; exit 2; }
for c in "${cases[@]}"; do
  src="$build/golden_out/$c.actual.png"
  [ -f "$root/tests/golden/$c.json" ] || { echo "no golden case tests/golden/$c.json" >&2; exit 2; }
  [ -f "$src" ] || { echo "no actual image $src: run the golden tests first" >&2; exit 2; }
  cp "$src" "$root/tests/golden/$c.png"
  echo "promoted $c"
done
