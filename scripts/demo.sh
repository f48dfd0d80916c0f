#!/usr/bin/env bash
# The main job: installs what is missing, builds, generates the shapes dataset, trains the
# demo detector (an overanchorized ssd_small; first run only, about 7 minutes on 2 cores,
# then reused), evaluates it on the holdout split and builds the prediction cache of the
# search split; then opens the window on the demo when a display is available.
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
CLI=./build/app/anchorscope-cli
OUT=${DEMO_DIR:-demo}
# Dataset, trained model and search-split cache: the recipe the window's "Open demo" runs.
"$CLI" demo --dir "$OUT"
"$CLI" cost --model "$OUT/model.aspt"
"$CLI" evaluate --model "$OUT/model.aspt" --data "$OUT/holdout.json" --dt-out "$OUT/holdout_detections.json"
if [ -n "${DISPLAY:-}" ] && [ -x ./build/app/anchorscope ]; then
  ./build/app/anchorscope --demo "$OUT"
fi
