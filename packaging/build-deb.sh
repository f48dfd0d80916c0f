#!/usr/bin/env bash
# Builds the Debian package: a Release build installed under /usr, packed by CPack (DEB).
# The .deb lands in build-deb/. Needs the build dependencies (scripts/install-deps.sh).
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD_DIR:-build-deb}
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
      -DANCHORSCOPE_BUILD_TESTS=OFF -DANCHORSCOPE_BUILD_BENCHMARKS=OFF
cmake --build "$BUILD"
(cd "$BUILD" && cpack -G DEB)
ls -1 "$BUILD"/*.deb
