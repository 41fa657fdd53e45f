#!/usr/bin/env bash
# Creates .venv with the pinned dependencies, once; installs again only when a requirements file changes.
# Usage: scripts/setup.sh [--dry-run] requirements.txt|requirements-dev.txt   (the dev set includes the runtime set)
# TensorFlow: the CUDA build (tensorflow[and-cuda], the version tensorflow_cpu is pinned at) where `nvidia-smi -L`
# lists a GPU, the CPU build elsewhere; the first line says which and why. --dry-run prints that choice and stops.
# requirements-nodeps.txt is installed in both cases, without dependencies. Then, once, the Tux Paint stamps'
# photographs (the generator's photo cut-outs) into .venv/share; without them the generator runs on and says so.
set -euo pipefail
cd "$(dirname "$0")/.."
dry_run=false
if [ "${1:-}" = --dry-run ]; then dry_run=true; shift; fi
reqs="${1:-requirements.txt}"

gpu="$(nvidia-smi -L 2>/dev/null | grep -m1 '^GPU ' || true)"
tf_cpu="$(grep -m1 '^tensorflow_cpu==' requirements.txt)"
if [ -n "$gpu" ]; then
    build="gpu"
    choice="TensorFlow's CUDA build, tensorflow[and-cuda]==${tf_cpu#*==} (nvidia-smi: $gpu)"
else
    build="cpu"
    choice="TensorFlow's CPU build, $tf_cpu (nvidia-smi lists no GPU)"
fi
if $dry_run; then
    echo "would install $choice"
    exit 0
fi

python="${PYTHON:-python3.11}"
command -v "$python" >/dev/null || python=python3
if ! "$python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
    echo "error: bpy 5.0 needs Python 3.11; found $("$python" --version 2>&1). Set PYTHON=/path/to/python3.11." >&2
    exit 1
fi
[ -x .venv/bin/python ] || "$python" -m venv .venv
wanted="$build $(cat requirements*.txt)"
installed() { [ -f ".venv/.installed-$1" ] && [ "$(cat ".venv/.installed-$1")" = "$wanted" ]; }
stamps() { .venv/bin/python scripts/fetch_stamps.py || true; }
if installed "$reqs" || { [ "$reqs" = requirements.txt ] && installed requirements-dev.txt; }; then
    stamps
    exit 0
fi
echo "installing pinned dependencies from $reqs into .venv with $choice (first run takes a few minutes)..."
# The requirement files as they are, or on a GPU machine copies naming the CUDA build in tensorflow_cpu's place
# (copied together, so that requirements-dev.txt's `-r requirements.txt` reads the changed copy).
files="$(mktemp -d)"
trap 'rm -rf "$files"' EXIT
cp requirements*.txt "$files/"
if [ "$build" = gpu ]; then
    sed -i "s/^tensorflow_cpu==/tensorflow[and-cuda]==/" "$files/requirements.txt"
    .venv/bin/python -m pip uninstall --quiet -y tensorflow_cpu 2>/dev/null || true  # both install tensorflow/
fi
# opencv-contrib-python-headless (for cv2.ximgproc) replaced opencv-python-headless: both install cv2/, and
# removing one deletes the files the other wrote, so a venv holding the old one drops both and gets the new one whole.
if .venv/bin/python -m pip show --quiet opencv-python-headless 2>/dev/null; then
    stale=opencv-python-headless
    .venv/bin/python -m pip show --quiet opencv-contrib-python-headless 2>/dev/null && stale="$stale opencv-contrib-python-headless"
    .venv/bin/python -m pip uninstall --quiet -y $stale
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$files/$reqs"
.venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -r "$files/requirements-nodeps.txt"
printf '%s' "$wanted" > ".venv/.installed-$reqs"
stamps
