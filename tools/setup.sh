#!/usr/bin/env bash
# Installs everything Skyhook needs on Debian 12 (bookworm) from Debian's archive.
# Idempotent: when all is present it only checks and returns in a few seconds.
#   - bookworm packages (build tools, libraries, Xvfb, test models)
#   - Mesa 25 (lavapipe) from bookworm-backports
#   - VMA 3.2.1 header and Monado 25.0.0 (OpenXR runtime for tests) from trixie *source* packages,
#     sha256-verified and built outside the source tree, under $SKYHOOK_DEPS (default /opt/skyhook-deps).
set -euo pipefail

DEPS=${SKYHOOK_DEPS:-/opt/skyhook-deps}
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
log() { echo "[setup] $*" >&2; }

PACKAGES=(
  build-essential cmake ninja-build pkg-config git dpkg-dev xz-utils ca-certificates
  clang libclang-rt-14-dev clang-format
  libvulkan-dev glslc glslang-tools spirv-tools vulkan-tools vulkan-validationlayers
  libglfw3-dev libglm-dev libimgui-dev
  libassimp-dev assimp-utils assimp-testmodels
  libopenxr-dev libopenxr-loader1 libopenxr-utils openxr-layer-corevalidation
  libmeshoptimizer-dev nlohmann-json3-dev libcli11-dev libstb-dev libxxhash-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libzmq3-dev libssl-dev
  xvfb xauth x11-utils
  libeigen3-dev libudev-dev libcjson-dev libx11-xcb-dev libxcb-randr0-dev libxrandr-dev python3
)
BACKPORT_PACKAGES=(mesa-vulkan-drivers)
MESA_MIN_MAJOR=25

SOURCES_FILE=/etc/apt/sources.list.d/skyhook.sources
write_sources() {
  local want
  want=$(cat <<'SRC'
# Added by Skyhook's tools/setup.sh
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

# Source packages only (VMA, Monado): never trixie binaries.
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
)
  if [ ! -f "$SOURCES_FILE" ] || [ "$(cat "$SOURCES_FILE")" != "$want" ]; then
    log "adding apt sources ($SOURCES_FILE)"
    echo "$want" | $SUDO tee "$SOURCES_FILE" >/dev/null
    return 0
  fi
  return 1
}

missing_packages() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"
  done
}

mesa_ok() {
  local v
  v=$(dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2>/dev/null || true)
  [ -n "$v" ] && [ "${v%%.*}" -ge "$MESA_MIN_MAJOR" ] 2>/dev/null
}

APT_UPDATED=0
apt_update() {
  if [ "$APT_UPDATED" -eq 0 ]; then
    log "apt-get update"
    $SUDO apt-get update -qq
    APT_UPDATED=1
  fi
}

export DEBIAN_FRONTEND=noninteractive
if write_sources; then apt_update; fi

mapfile -t MISSING < <(missing_packages "${PACKAGES[@]}")
if [ "${#MISSING[@]}" -gt 0 ]; then
  apt_update
  log "installing ${#MISSING[@]} packages: ${MISSING[*]}"
  $SUDO apt-get install -y -qq --no-install-recommends "${MISSING[@]}" >/dev/null
fi
if ! mesa_ok; then
  apt_update
  log "installing Mesa (lavapipe) from bookworm-backports"
  $SUDO apt-get install -y -qq --no-install-recommends -t bookworm-backports "${BACKPORT_PACKAGES[@]}" >/dev/null
fi

# --- trixie source packages -------------------------------------------------------------------
# Downloads the upstream tarball of a source package and checks its sha256 against apt's index.
fetch_source_tarball() { # name  tarball-glob  -> prints the tarball path
  local name=$1 glob=$2
  local dir="$DEPS/src/$name"
  $SUDO mkdir -p "$dir"
  local tarball
  tarball=$(ls "$dir"/$glob 2>/dev/null | head -n1 || true)
  if [ -z "$tarball" ]; then
    apt_update
    # The .dsc may be missing from the mirror (apt then exits non-zero); only the tarball matters.
    (cd "$dir" && $SUDO apt-get source --download-only -qq "$name" >/dev/null 2>&1) || true
    tarball=$(ls "$dir"/$glob 2>/dev/null | head -n1 || true)
    [ -n "$tarball" ] || { echo "[setup] error: could not download the $name source tarball" >&2; exit 1; }
  fi
  local file want got
  file=$(basename "$tarball")
  want=$(apt-cache showsrc "$name" 2>/dev/null | awk -v f="$file" '/^Checksums-Sha256:/{s=1;next} /^[^ ]/{s=0} s && $3==f {print $1; exit}')
  if [ -z "$want" ]; then apt_update; want=$(apt-cache showsrc "$name" | awk -v f="$file" '/^Checksums-Sha256:/{s=1;next} /^[^ ]/{s=0} s && $3==f {print $1; exit}'); fi
  got=$(sha256sum "$tarball" | awk '{print $1}')
  if [ -z "$want" ] || [ "$want" != "$got" ]; then
    echo "[setup] error: sha256 of $file is $got, apt's index says '${want:-nothing}'" >&2
    $SUDO rm -f "$tarball"
    exit 1
  fi
  echo "$tarball"
}

VMA_STAMP="$DEPS/vma/.installed-3.2.1"
if [ ! -f "$VMA_STAMP" ]; then
  log "fetching VMA 3.2.1 (trixie source package)"
  tb=$(fetch_source_tarball vulkan-memory-allocator 'vulkan-memory-allocator_3.2.1*.orig.tar.*')
  tmp=$(mktemp -d)
  tar -xf "$tb" -C "$tmp"
  hdr=$(find "$tmp" -name vk_mem_alloc.h -path '*include*' | head -n1)
  [ -n "$hdr" ] || { echo "[setup] error: vk_mem_alloc.h not in $tb" >&2; exit 1; }
  $SUDO mkdir -p "$DEPS/vma/include"
  $SUDO cp "$hdr" "$DEPS/vma/include/vk_mem_alloc.h"
  $SUDO touch "$VMA_STAMP"
  rm -rf "$tmp"
fi

MONADO_PREFIX="$DEPS/monado"
MONADO_STAMP="$MONADO_PREFIX/.installed-25.0.0"
if [ ! -f "$MONADO_STAMP" ]; then
  log "building Monado 25.0.0 (trixie source package; about a minute)"
  tb=$(fetch_source_tarball monado 'monado_25.0.0*.orig.tar.*')
  build="$DEPS/build/monado"
  $SUDO rm -rf "$build"; $SUDO mkdir -p "$build"
  $SUDO tar -xf "$tb" -C "$build"
  srcdir=$(find "$build" -maxdepth 1 -mindepth 1 -type d | head -n1)
  OFF_DRIVERS=$(grep -ohE 'XRT_BUILD_DRIVER_[A-Z0-9_]+' "$srcdir/CMakeLists.txt" | sort -u | grep -v '^XRT_BUILD_DRIVER_SIMULATED$' | sed 's/$/=OFF/;s/^/-D/' | tr '\n' ' ')
  # shellcheck disable=SC2086
  $SUDO cmake -S "$srcdir" -B "$build/out" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_INSTALL_PREFIX="$MONADO_PREFIX" \
    -DXRT_FEATURE_SERVICE=OFF -DXRT_MODULE_IPC=OFF -DXRT_MODULE_COMPOSITOR_MAIN=ON -DXRT_MODULE_COMPOSITOR_NULL=ON \
    -DXRT_BUILD_DRIVER_SIMULATED=ON $OFF_DRIVERS \
    -DXRT_HAVE_OPENCV=OFF -DXRT_HAVE_SDL2=OFF -DXRT_HAVE_GST=OFF -DXRT_HAVE_OPENGL=OFF -DXRT_HAVE_OPENGLES=OFF \
    -DXRT_HAVE_EGL=OFF -DXRT_HAVE_WAYLAND=OFF -DXRT_HAVE_LIBUSB=OFF -DXRT_HAVE_HIDAPI=OFF -DXRT_HAVE_DBUS=OFF \
    -DXRT_HAVE_SYSTEMD=OFF -DBUILD_TESTING=OFF -DXRT_BUILD_SAMPLES=OFF \
    -DXRT_FEATURE_STEAMVR_PLUGIN=OFF -DXRT_FEATURE_DEBUG_GUI=OFF -DXRT_FEATURE_WINDOW_PEEK=OFF -DXRT_FEATURE_SLAM=OFF \
    -DXRT_MODULE_MONADO_GUI=OFF >"$build/configure.log" 2>&1 || { tail -30 "$build/configure.log" >&2; exit 1; }
  $SUDO cmake --build "$build/out" >"$build/build.log" 2>&1 || { tail -30 "$build/build.log" >&2; exit 1; }
  $SUDO cmake --install "$build/out" >/dev/null
  $SUDO touch "$MONADO_STAMP"
  $SUDO rm -rf "$build"
fi

# --- Khronos glTF validator (npm) ---------------------------------------------------------------
# tests/content runs it on the generated parts (tools/gen_parts/validate_gltf.mjs). Pinned: a new validator
# release may add checks, and that should be a deliberate change. Installed outside the tree under $DEPS/node.
GLTF_VALIDATOR_VERSION=2.0.0-dev.3.10
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  mapfile -t MISSING < <(missing_packages nodejs npm)
  if [ "${#MISSING[@]}" -gt 0 ]; then
    apt_update
    log "installing ${MISSING[*]} (Debian) for the glTF validator"
    $SUDO apt-get install -y -qq --no-install-recommends "${MISSING[@]}" >/dev/null
  fi
fi
GLTF_VALIDATOR_PACKAGE="$DEPS/node/node_modules/gltf-validator/package.json"
if ! grep -q "\"version\": *\"$GLTF_VALIDATOR_VERSION\"" "$GLTF_VALIDATOR_PACKAGE" 2>/dev/null; then
  log "installing gltf-validator $GLTF_VALIDATOR_VERSION (npm) into $DEPS/node"
  $SUDO mkdir -p "$DEPS/node"
  $SUDO npm install --prefix "$DEPS/node" --no-audit --no-fund --loglevel=error \
    "gltf-validator@$GLTF_VALIDATOR_VERSION" >/dev/null
fi

log "ok (dependencies in $DEPS)"
