#!/usr/bin/env bash
# Creates .venv with the pinned dependencies, once; re-installs only when a requirements file changes.
# Usage: scripts/setup.sh [requirements file]   (default: requirements.txt)
set -euo pipefail
cd "$(dirname "$0")/.."
reqs="${1:-requirements.txt}"
python="${PYTHON:-python3.11}"
command -v "$python" >/dev/null || python=python3
if ! "$python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
    echo "error: bpy 5.0 needs Python 3.11; found $("$python" --version 2>&1). Set PYTHON=/path/to/python3.11." >&2
    exit 1
fi
[ -x .venv/bin/python ] || "$python" -m venv .venv
stamp=".venv/.installed-$(basename "$reqs")"
if [ ! -f "$stamp" ] || ! cmp -s "$stamp" <(cat requirements*.txt); then
    echo "installing pinned dependencies from $reqs into .venv (first run takes a few minutes)..."
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$reqs"
    cat requirements*.txt > "$stamp"
fi
