#!/usr/bin/env bash
# Builds the Debian package: a Release build installed under /usr, packed by CPack (DEB).
# The .deb lands in build-deb/. Installs the build dependencies that are missing first
# (scripts/install-deps.sh deb: the demo's and `file`, which CPack's dpkg-shlibdeps step needs).
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh deb
BUILD=${BUILD_DIR:-build-deb}
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr "${launcher[@]}" \
      -DANCHORSCOPE_BUILD_TESTS=OFF -DANCHORSCOPE_BUILD_BENCHMARKS=OFF
cmake --build "$BUILD"
(cd "$BUILD" && cpack -G DEB)
ls -1 "$BUILD"/*.deb
