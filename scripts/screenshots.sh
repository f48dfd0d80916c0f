#!/usr/bin/env bash
# Runs the desktop application on the demo under Xvfb and saves a screenshot of each view
# into docs/screenshots/ (or $1). Needs the demo (scripts/demo.sh makes it) and xvfb.
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-docs/screenshots}
DEMO=${DEMO_DIR:-demo}
APP=./build/app/anchorscope
CLI=./build/app/anchorscope-cli
mkdir -p "$OUT"
[ -f "$DEMO/model.aspt" ] || { echo "run scripts/demo.sh first (no $DEMO/model.aspt)"; exit 1; }
[ -f "$DEMO/search.cache" ] || "$CLI" evaluate --model "$DEMO/model.aspt" --data "$DEMO/search.json" --cache "$DEMO/search.cache" >/dev/null
[ -f "$DEMO/holdout_detections.json" ] || "$CLI" detect --model "$DEMO/model.aspt" --data "$DEMO/holdout.json" --out "$DEMO/holdout_detections.json"
run() { xvfb-run -a -s "-screen 0 1400x900x24" "$APP" "$@"; }
run --demo "$DEMO" --screenshot "$OUT/pruning-open.png"
run --demo "$DEMO" --search greedy --select 600 --screenshot "$OUT/pruning-search.png"
run --demo "$DEMO" --search greedy --select 600 --tab detections --image 3 --screenshot "$OUT/detections-view.png"
run --demo "$DEMO" --tab analysis --screenshot "$OUT/analysis.png"
run --demo "$DEMO" --search greedy --select 600 --tab metrics --screenshot "$OUT/metrics.png"
run --demo "$DEMO" --search greedy --select 600 --tab retrain --retrain 2 --screenshot "$OUT/retrain.png"
run --demo "$DEMO" --search ranked --select 40 --language nl --screenshot "$OUT/pruning-nl.png"
run --gt "$DEMO/holdout.json" --dt "$DEMO/holdout_detections.json" --screenshot "$OUT/evaluation.png"
echo "screenshots in $OUT"
