#!/usr/bin/env bash
# Runs a command against the Monado OpenXR runtime that tools/setup.sh builds: in-process, null compositor
# (paced at 20 fps), simulated HMD, lavapipe, a private XDG_RUNTIME_DIR, and the OpenXR core validation layer.
# The layer's messages reach the program through XR_EXT_debug_utils and are also written to a file here: if
# that file is not empty when the command ends, it is printed and the exit status is 5 (validation messages).
# The XR tests run under it; so can `skyhook xr`:
#   tests/xr/xr_env.sh build/release/skyhook --validation xr scenes/sphere_grid.json --frames 100
# Exit status: the command's; 5 for validation messages it did not fail on; 6 when Monado is not installed.
set -uo pipefail
# Listing a test binary's tests (ctest's discovery at build time) needs no runtime.
for arg in "$@"; do
  [ "$arg" = "--gtest_list_tests" ] && exec "$@"
done
deps=${SKYHOOK_DEPS:-/opt/skyhook-deps}
runtime="$deps/monado/share/openxr/1/openxr_monado.json"
if [ ! -f "$runtime" ]; then
  echo "xr_env.sh: no Monado runtime at $runtime (tools/setup.sh builds it)" >&2
  exit 6
fi
icd=$(ls /usr/share/vulkan/icd.d/lvp_icd*.json 2>/dev/null | head -n1)
if [ -z "$icd" ]; then
  echo "xr_env.sh: no lavapipe ICD under /usr/share/vulkan/icd.d (mesa-vulkan-drivers)" >&2
  exit 6
fi
rundir=$(mktemp -d "${TMPDIR:-/tmp}/skyhook-xr.XXXXXX")
trap 'rm -rf "$rundir"' EXIT
chmod 700 "$rundir"

export XR_RUNTIME_JSON="$runtime"
export XRT_COMPOSITOR_NULL=1
export SIMULATED_ENABLE=1
# Two simulated controllers (Khronos simple controller profile), left and right of the head at hand height.
export SIMULATED_LEFT="${SIMULATED_LEFT:-simple}"
export SIMULATED_RIGHT="${SIMULATED_RIGHT:-simple}"
export VK_ICD_FILENAMES="$icd"
export XDG_RUNTIME_DIR="$rundir"
export XR_ENABLE_API_LAYERS=XR_APILAYER_LUNARG_core_validation
export XR_CORE_VALIDATION_EXPORT_TYPE=text
export XR_CORE_VALIDATION_FILE_NAME="$rundir/core_validation.txt"
# Monado logs every step at info level; warnings and errors are what a test wants to see.
export XRT_LOG="${XRT_LOG:-warning}"

"$@"
status=$?
if [ -s "$rundir/core_validation.txt" ]; then
  echo "xr_env.sh: the OpenXR core validation layer reported:" >&2
  cat "$rundir/core_validation.txt" >&2
  [ "$status" -eq 0 ] && status=5
fi
exit "$status"
