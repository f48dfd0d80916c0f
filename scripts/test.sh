#!/usr/bin/env bash
# The whole test suite on a fresh Debian bookworm machine: installs what is missing,
# builds, and runs every CTest suite not labelled "slow" (pass --all to include those).
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh test
bash scripts/build.sh
labels=(-LE slow)
[ "${1:-}" = "--all" ] && labels=()
ctest --test-dir "${BUILD_DIR:-build}" --output-on-failure -j2 "${labels[@]}"
