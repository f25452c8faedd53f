#!/usr/bin/env bash
# The README's run command: installs what is missing, builds, and runs the default show.
# With a display it opens a window (WASD + mouse to fly, F1 for the operator console); without one it renders
# the show headless to PNG frames and prints where they are.
# Usage: tools/run.sh [scene.json] [extra skyhook arguments]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
scene=${1:-$root/scenes/shadows.json}
[ $# -gt 0 ] && shift
bash "$root/tools/build.sh" release >&2
skyhook="$root/build/release/skyhook"
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  exec "$skyhook" run "$scene" "$@"
fi
out="$root/out/$(basename "$scene" .json)"
echo "No display: rendering the show headless to $out" >&2
exec "$skyhook" render "$scene" --size 1280x720 --frames 60 --out "$out" "$@"
