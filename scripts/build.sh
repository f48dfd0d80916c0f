#!/usr/bin/env bash
# Configures and builds Anchorscope into ./build (Release, Ninja, ccache when present).
# Extra arguments go to the CMake configure step, e.g. -DANCHORSCOPE_SANITIZE=ON.
# BUILD_TARGETS="a b" builds only those targets (the demo: the programs, not the test suites).
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B "$BUILD_DIR" -G Ninja "${launcher[@]}" "$@"
targets=()
[ -n "${BUILD_TARGETS:-}" ] && targets=(--target ${BUILD_TARGETS})
cmake --build "$BUILD_DIR" -j"$(nproc)" "${targets[@]}"
