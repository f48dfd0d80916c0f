#!/usr/bin/env bash
# Installs the Debian packages Anchorscope needs that are not installed yet.
#   install-deps.sh demo   what scripts/demo.sh needs: build the CLI, the GUI and the renderer
#                          (demo.sh builds those targets only), run the demo, and the Python
#                          side of import-torchvision and ONNX export
#   install-deps.sh deb    the demo's packages and what packaging/build-deb.sh adds (CPack)
#   install-deps.sh [test] (default) the demo's packages and the test suite's extras
# Without recommended packages: nothing here needs them. On the fresh machine image (its
# package list emulated in a chroot) the demo set is 260 packages, 214 MB to download, 2 min
# to install; the test set adds 4 more names (~70 packages). On a bare bookworm minbase the
# demo set is 506 packages, 411 MB.
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
set_name=${1:-test}
packages=(
  build-essential cmake ninja-build
  qt6-base-dev qt6-svg-dev qt6-tools-dev qt6-l10n-tools libqcustomplot-dev   # Qt6 Core Gui Widgets PrintSupport Svg Test LinguistTools
  libtorch-dev libopenblas0-openmp nlohmann-json3-dev libgloo-dev
  # Only the OpenCV modules used (core/, tests/test_onnx: dnn); libopencv-dev would pull
  # every module (viz → VTK, videoio, contrib, ...). CMakeLists.txt finds them without
  # the OpenCVConfig.cmake that only libopencv-dev ships.
  libopencv-core-dev libopencv-imgproc-dev libopencv-imgcodecs-dev libopencv-dnn-dev
  python3-torch python3-torchvision python3-onnx   # import-torchvision, export --format onnx
)
case "$set_name" in
  demo) ;;
  deb) packages+=(file) ;;           # CPack DEB: dpkg-shlibdeps is given the ELF files `file` finds
  test)
    packages+=(
      ccache                          # scripts/build.sh uses it when present
      xvfb xauth                      # xvfb-run (scripts/screenshots.sh)
      clang-14 libclang-rt-14-dev     # libFuzzer targets (tests/fuzz)
      chromium                        # headless browser of the report test
    ) ;;
  *) echo "usage: install-deps.sh [demo|deb|test]" >&2; exit 2 ;;
esac
[ "${ANCHORSCOPE_BENCH:-0}" = 1 ] && packages+=(libbenchmark-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps ($set_name): all packages present"
  exit 0
fi
echo "install-deps ($set_name): installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
