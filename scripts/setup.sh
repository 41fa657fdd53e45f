#!/usr/bin/env bash
# Creates .venv with the pinned dependencies, once; installs again only when a requirements file changes.
# Usage: scripts/setup.sh requirements.txt|requirements-dev.txt   (the dev set includes the runtime set)
# requirements-nodeps.txt is installed in both cases, without dependencies. Then, once, the Tux Paint stamps'
# photographs (the generator's photo cut-outs) into .venv/share; without them the generator runs on and says so.
set -euo pipefail
cd "$(dirname "$0")/.."
reqs="${1:-requirements.txt}"
python="${PYTHON:-python3.11}"
command -v "$python" >/dev/null || python=python3
if ! "$python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
    echo "error: bpy 5.0 needs Python 3.11; found $("$python" --version 2>&1). Set PYTHON=/path/to/python3.11." >&2
    exit 1
fi
[ -x .venv/bin/python ] || "$python" -m venv .venv
wanted="$(cat requirements*.txt)"
installed() { [ -f ".venv/.installed-$1" ] && [ "$(cat ".venv/.installed-$1")" = "$wanted" ]; }
stamps() { .venv/bin/python scripts/fetch_stamps.py || true; }
if installed "$reqs" || { [ "$reqs" = requirements.txt ] && installed requirements-dev.txt; }; then
    stamps
    exit 0
fi
echo "installing pinned dependencies from $reqs into .venv (first run takes a few minutes)..."
# opencv-contrib-python-headless (for cv2.ximgproc) replaced opencv-python-headless: both install cv2/, and
# removing one deletes the files the other wrote, so a venv holding the old one drops both and gets the new one whole.
if .venv/bin/python -m pip show --quiet opencv-python-headless 2>/dev/null; then
    stale=opencv-python-headless
    .venv/bin/python -m pip show --quiet opencv-contrib-python-headless 2>/dev/null && stale="$stale opencv-contrib-python-headless"
    .venv/bin/python -m pip uninstall --quiet -y $stale
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$reqs"
.venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements-nodeps.txt
printf '%s' "$wanted" > ".venv/.installed-$reqs"
stamps
