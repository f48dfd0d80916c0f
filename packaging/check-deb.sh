#!/usr/bin/env bash
# Installs the package built by build-deb.sh with apt (which pulls its Debian
# dependencies) and the packages it recommends, checks the package's relations and the
# installed files, runs `anchorscope-cli --version`, a small job with the installed CLI — a
# torchvision checkpoint imported, exported to ONNX, evaluated into a prediction cache and
# reported as HTML — and the GUI under Xvfb (a screenshot), then removes the package.
# Needs root (apt). On a machine without the build tree's packages this is the clean-install
# test; here it at least proves the package's contents and dependencies are complete.
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
cd "$(dirname "$0")/.."
DEB=$(realpath "$(ls -1 "${BUILD_DIR:-build-deb}"/anchorscope_*.deb | tail -1)")
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
# The Python steps below (import-torchvision, export --format onnx) run with what the
# package recommends and nothing more: its Recommends are installed by name, without the
# recommendations of those (python3-torch alone would add build-essential, libtorch-dev, ...).
recommends=$(dpkg-deb -f "$DEB" Recommends)
for p in python3-torch python3-torchvision python3-onnx; do
  grep -qw -- "$p" <<<"$recommends" || { echo "the package does not recommend $p (Recommends: $recommends)"; exit 1; }
done
read -r -a recommended <<<"$(sed 's/([^)]*)//g; s/|[^,]*//g; s/,/ /g' <<<"$recommends")"
$SUDO apt-get update -q
# xvfb-run (xvfb, xauth) is for the GUI check only.
$SUDO apt-get install -y -q --no-install-recommends "$DEB" "${recommended[@]}" xvfb xauth
trap '$SUDO apt-get remove -y anchorscope >/dev/null' EXIT
for f in /usr/bin/anchorscope /usr/bin/anchorscope-cli /usr/bin/anchorscope-report \
         /usr/share/applications/anchorscope.desktop \
         /usr/share/metainfo/io.github.anchorscope.Anchorscope.metainfo.xml \
         /usr/share/icons/hicolor/scalable/apps/anchorscope.svg \
         /usr/share/anchorscope/export_torchvision.py /usr/share/anchorscope/export_onnx.py; do
  [ -e "$f" ] || { echo "missing: $f"; exit 1; }
done
CLI=/usr/bin/anchorscope-cli
$CLI --version
TMP=$(mktemp -d)
$CLI make-dataset --kind shapes --out "$TMP/data" --images 6 --seed 1 --size 128 >/dev/null
$CLI cost --arch ssd300_vgg16 --num-classes 81 | head -3

# import-torchvision: an untrained SSDlite (5 shapes + background) saved as users save
# theirs, by Debian's Python (/usr/bin/python3, the one the CLI runs; torch 1.13,
# torchvision 0.14) — not whichever python3 comes first on PATH.
echo "== import-torchvision"
/usr/bin/python3 - "$TMP/ssdlite.pth" <<'EOF'
import sys
import torch
import torchvision
torch.manual_seed(0)
m = torchvision.models.detection.ssdlite320_mobilenet_v3_large(weights=None, weights_backbone=None, num_classes=6)
torch.save(m.state_dict(), sys.argv[1])
EOF
printf 'square\nbar\nellipse\ntriangle\nring\n' >"$TMP/names.txt" # the shapes categories
$CLI import-torchvision --weights "$TMP/ssdlite.pth" --class-names "$TMP/names.txt" --out "$TMP/ssdlite.aspt"
[ -s "$TMP/ssdlite.aspt" ] || { echo "import-torchvision wrote no model"; exit 1; }

# export --format onnx (export_onnx.py: torch.onnx, then onnx checks the file).
echo "== export --format onnx"
$CLI export --model "$TMP/ssdlite.aspt" --format onnx --out "$TMP/ssdlite.onnx"
[ -s "$TMP/ssdlite.onnx" ] && [ -s "$TMP/ssdlite.anchorscope.json" ] \
  || { echo "export --format onnx wrote no model or no ssdlite.anchorscope.json"; exit 1; }

# report: the prediction cache of the shapes images (evaluate --model --cache writes it),
# rendered by /usr/bin/anchorscope-report into DIR/index.html, report.json and the plots.
echo "== evaluate --cache, report"
$CLI evaluate --model "$TMP/ssdlite.aspt" --data "$TMP/data/annotations.json" --cache "$TMP/ssdlite.cache" >/dev/null
$CLI report --cache "$TMP/ssdlite.cache" --model "$TMP/ssdlite.aspt" --out "$TMP/report" >/dev/null
for f in index.html report.json; do
  [ -s "$TMP/report/$f" ] || { echo "report: $TMP/report/$f missing or empty"; exit 1; }
done
ls "$TMP/report"/*.png >/dev/null || { echo "report: no PNG plots in $TMP/report"; exit 1; }

if command -v desktop-file-validate >/dev/null; then desktop-file-validate /usr/share/applications/anchorscope.desktop; fi
if command -v appstreamcli >/dev/null; then appstreamcli validate --no-net /usr/share/metainfo/io.github.anchorscope.Anchorscope.metainfo.xml || true; fi
xvfb-run -a -s "-screen 0 1280x800x24" /usr/bin/anchorscope --screenshot "$TMP/window.png"
[ -s "$TMP/window.png" ] || { echo "the GUI did not produce a screenshot"; exit 1; }
echo "package OK: $DEB (report $TMP/report/index.html, screenshot $TMP/window.png)"
