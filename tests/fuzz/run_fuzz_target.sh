#!/usr/bin/env bash
# One fuzz target as a CTest entry: first every committed regression input and seed once
# (each must pass), then SECONDS of fuzzing from the seeds. Crash inputs are kept in
# ARTIFACTS for a regression file.
#   run_fuzz_target.sh BINARY SEEDS REGRESSIONS SCRATCH ARTIFACTS SECONDS
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
bin=$1 seeds=$2 regressions=$3 scratch=$4 artifacts=$5 seconds=$6
mkdir -p "$scratch" "$artifacts"
inputs=("$seeds"/*)
[ -d "$regressions" ] && inputs+=("$regressions"/*)
name=$(basename "$bin")
if ! "$bin" "${inputs[@]}" >"$scratch.replay.log" 2>&1; then
  tail -60 "$scratch.replay.log"
  exit 1
fi
echo "replayed $(grep -c '^Executed' "$scratch.replay.log") seed and regression inputs"
exec "$bin" "$scratch" "$seeds" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -artifact_prefix="$artifacts/$name-" -print_final_stats=1
