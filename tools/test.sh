#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, and runs every test (unit, GPU golden images,
# windowed under Xvfb, XR against Monado when present). Exit status is ctest's.
# Usage: tools/test.sh [release|debug] [extra ctest arguments, e.g. -L gpu or -R Golden]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
preset=release
if [ $# -gt 0 ] && { [ "$1" = release ] || [ "$1" = debug ]; }; then preset=$1; shift; fi
bash "$root/tools/build.sh" "$preset"
cd "$root/build/$preset"
# A private runtime dir and cache so tests never touch the user's.
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
export SKYHOOK_CACHE_DIR="$root/build/$preset/test_cache"
ctest --output-on-failure --timeout 600 -j"$(nproc)" "$@"
