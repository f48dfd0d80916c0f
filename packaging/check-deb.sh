#!/usr/bin/env bash
# Installs the package built by build-deb.sh with apt (which pulls its Debian
# dependencies), checks the installed files, runs `anchorscope-cli --version`, a small job
# with the installed CLI, and the GUI under Xvfb (a screenshot), then removes the package.
# Needs root (apt). On a machine without the build tree's packages this is the clean-install
# test; here it at least proves the package's contents and dependencies are complete.
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
cd "$(dirname "$0")/.."
DEB=$(ls -1 ${BUILD_DIR:-build-deb}/anchorscope_*.deb | tail -1)
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
$SUDO apt-get install -y "./$DEB"
trap '$SUDO apt-get remove -y anchorscope >/dev/null' EXIT
for f in /usr/bin/anchorscope /usr/bin/anchorscope-cli /usr/share/applications/anchorscope.desktop \
         /usr/share/metainfo/io.github.anchorscope.Anchorscope.metainfo.xml \
         /usr/share/icons/hicolor/scalable/apps/anchorscope.svg /usr/share/anchorscope/export_torchvision.py; do
  [ -e "$f" ] || { echo "missing: $f"; exit 1; }
done
/usr/bin/anchorscope-cli --version
TMP=$(mktemp -d)
/usr/bin/anchorscope-cli make-dataset --kind shapes --out "$TMP/data" --images 6 --seed 1 --size 128 >/dev/null
/usr/bin/anchorscope-cli cost --arch ssd300_vgg16 --num-classes 81 | head -3
if command -v desktop-file-validate >/dev/null; then desktop-file-validate /usr/share/applications/anchorscope.desktop; fi
if command -v appstreamcli >/dev/null; then appstreamcli validate --no-net /usr/share/metainfo/io.github.anchorscope.Anchorscope.metainfo.xml || true; fi
xvfb-run -a -s "-screen 0 1280x800x24" /usr/bin/anchorscope --screenshot "$TMP/window.png"
[ -s "$TMP/window.png" ] || { echo "the GUI did not produce a screenshot"; exit 1; }
echo "package OK: $DEB (screenshot $TMP/window.png)"
