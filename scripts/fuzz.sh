#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz, clang-14 + ASan/UBSan) into build-fuzz/ and runs
# each for SECONDS (default 30) from its committed seed corpus; new inputs go to a scratch
# corpus under build-fuzz/, crashes to build-fuzz/artifacts/. Exits non-zero on any crash,
# leak, hang (> 10 s per input) or unexpected exception.
#   scripts/fuzz.sh [SECONDS] [TARGET...]
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(coco_dataset coco_results voc_xml yolo model_meta model_archive prediction_cache project)
out=${FUZZ_BUILD_DIR:-build-fuzz}
cmake -S tests/fuzz -B "$out" -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$out"
mkdir -p "$out/artifacts"
status=0
for t in "${targets[@]}"; do
  scratch="$out/corpus/$t"
  mkdir -p "$scratch"
  echo "== fuzz_$t for ${seconds} s"
  if ! "$out/fuzz_$t" "$scratch" "tests/fuzz/corpus/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=65536 -artifact_prefix="$out/artifacts/${t}-" -print_final_stats=1 2>"$out/fuzz_$t.log"; then
    status=1
    tail -40 "$out/fuzz_$t.log"
  fi
  grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+.*DONE)" "$out/fuzz_$t.log" || true
done
exit $status
