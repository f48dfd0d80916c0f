#!/usr/bin/env bash
# The whole test suite (every CTest entry not labelled "slow") under AddressSanitizer +
# UndefinedBehaviorSanitizer, in build-asan/. Every object of the project is instrumented
# (-DANCHORSCOPE_SANITIZE=ON); the only suppressions are for uninstrumented system libraries
# (tests/sanitizers/*.supp). Leaks are checked (LeakSanitizer) in every test process and in
# every anchorscope-cli the tests start, cancelled jobs included.
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
BUILD_DIR=build-asan bash scripts/build.sh -DANCHORSCOPE_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
supp="$PWD/tests/sanitizers"
export ASAN_OPTIONS="detect_leaks=1:check_initialization_order=1:strict_init_order=1:abort_on_error=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="suppressions=$supp/ubsan.supp:print_stacktrace=1:halt_on_error=1"
ctest --test-dir build-asan --output-on-failure -j2 -LE slow "$@"
