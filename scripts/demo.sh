#!/usr/bin/env bash
# The main job: installs what is missing, builds, generates the shapes dataset, runs a
# (simulated, for now) detector on it and evaluates the detections with COCO metrics; then
# opens the window on the result when a display is available.
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
CLI=./build/app/anchorscope-cli
OUT=${DEMO_DIR:-demo}
if [ ! -f "$OUT/annotations.json" ]; then
  "$CLI" make-dataset --kind shapes --out "$OUT" --images 300 --seed 1 --size 256
fi
"$CLI" simulate-detections --gt "$OUT/holdout.json" --out "$OUT/detections.json" --seed 1
"$CLI" eval-detections --gt "$OUT/holdout.json" --dt "$OUT/detections.json"
if [ -n "${DISPLAY:-}" ] && [ -x ./build/app/anchorscope ]; then
  ./build/app/anchorscope --gt "$OUT/holdout.json" --dt "$OUT/detections.json"
fi
