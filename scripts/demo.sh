#!/usr/bin/env bash
# The main job, whole, with or without a display: installs what is missing, builds the
# programs, generates the shapes dataset, trains the demo detector (first run only, about
# 7 minutes on 2 cores, then reused), builds the prediction caches of its search and holdout
# splits, then (`anchorscope-cli demo --full`) searches the front validated on the holdout
# split, takes the recommended configuration, prunes it, retrains it for 3 epochs, exports
# it as end-to-end TorchScript and ONNX and writes the report DIR/report/index.html; prints
# a summary. Everything lands in DEMO_DIR (default demo/). With a display, the window then
# opens on the demo's project.
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
bash scripts/install-deps.sh demo
# The window is built only where it can open (a sixth of the build): the report renderer
# draws the same plots offscreen without it.
targets="anchorscope-cli anchorscope-report"
[ -n "${DISPLAY:-}" ] && targets+=" anchorscope"
BUILD_TARGETS="$targets" bash scripts/build.sh
CLI=./build/app/anchorscope-cli
OUT=${DEMO_DIR:-demo}
"$CLI" demo --full --dir "$OUT"
echo "demo.sh: $(( $(date +%s) - start )) s in all (install, build, demo)"
if [ -n "${DISPLAY:-}" ] && [ -x ./build/app/anchorscope ]; then
  ./build/app/anchorscope "$OUT/demo.asproj"
fi
