#!/usr/bin/env bash
# Regenerate docs/img/ui-*.png: real X-window screenshots (Xvfb) of the desktop application.
# Run from the repository root: docs/screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
tool=../shared/tools/screenshot
py=.venv/bin/python
work=$(mktemp -d)
for state in main coding dark split empty compare export codebook media; do
  "$tool" "docs/img/ui-$state.png" 6 "$py" docs/screenshots.py "$state" "$work/$state"
done
rm -rf "$work"
