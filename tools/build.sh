#!/usr/bin/env bash
# Installs what is missing (tools/setup.sh), then configures and builds a preset (default: release).
# Usage: tools/build.sh [release|debug]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
preset=${1:-release}
bash "$root/tools/setup.sh"
cd "$root"
if [ ! -f "build/$preset/build.ninja" ]; then
  cmake --preset "$preset" >/dev/null
fi
cmake --build --preset "$preset" -- -j"$(nproc)"
