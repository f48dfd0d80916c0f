#!/usr/bin/env bash
# Installs the Debian packages Anchorscope needs that are not installed yet.
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
packages=(
  build-essential cmake ninja-build ccache pkg-config
  qt6-base-dev qt6-tools-dev qt6-l10n-tools libqcustomplot-dev
  libtorch-dev libopenblas0-openmp libopencv-dev nlohmann-json3-dev
  python3-torch python3-torchvision python3-onnx libgloo-dev
  xvfb
  clang-14 libclang-rt-14-dev   # libFuzzer targets (tests/fuzz)
)
[ "${ANCHORSCOPE_BENCH:-0}" = 1 ] && packages+=(libbenchmark-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q "${missing[@]}"
