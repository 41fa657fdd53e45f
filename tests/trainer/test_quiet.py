"""TensorFlow imported without its C++ start-up notes, everything else written to stderr kept."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from trainer.quiet import is_startup_noise

ROOT = Path(__file__).resolve().parents[2]
# As TensorFlow 2.21 prints them on a CPU (the oneDNN line once per native library carrying absl)
NOISE = [
    "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR",
    "I0000 00:00:1796070582.903211    4848 port.cc:153] oneDNN custom operations are on. You may see slightly "
    "different numerical results due to floating-point round-off errors from different computation orders.",
    "I0000 00:00:1796070583.140397    4848 cpu_feature_guard.cc:227] This TensorFlow binary is optimized to use "
    "available CPU instructions in performance-critical operations.",
]
KEPT = [
    "W0000 00:00:1796070583.140397    4848 op_level_cost_estimator.cc:699] Error in PredictCost() for the op",
    "E0000 00:00:1796072679.862386   15646 node_def_util.cc:682] something failed",
    "Traceback (most recent call last):",
    "20:41:03 trainer.train resumed runs/default/checkpoints/ckpt-00001000.keras",
    "Info: the word I0000 inside a line",
]


@pytest.mark.parametrize("line", NOISE)
def test_tensorflows_startup_notes_are_noise(line: str) -> None:
    assert is_startup_noise(line + "\n")


@pytest.mark.parametrize("line", KEPT)
def test_warnings_errors_and_our_own_lines_are_not(line: str) -> None:
    assert not is_startup_noise(line + "\n")


def test_native_and_python_writes_pass_except_the_dropped_lines() -> None:
    """In a process of its own: pytest's capture replaces sys.stderr, which then no longer writes to fd 2."""
    code = """
import os, sys
from trainer.quiet import filtered_stderr
with filtered_stderr(lambda line: "drop" in line):
    os.write(2, b"native kept\\nnative drop\\n")
    print("python kept", file=sys.stderr)
    print("python drop", file=sys.stderr)
os.write(2, b"after\\n")
"""
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stderr) == (0, "native kept\npython kept\nafter\n")


def _import_output(**env: str) -> str:
    """stderr of a fresh process that imports TensorFlow quietly, then warns as the project does."""
    code = ("import logging; from trainer.quiet import import_tensorflow; import_tensorflow(); "
            "logging.getLogger('project').warning('a project warning')")
    environment = {k: v for k, v in os.environ.items() if k != "TF_CPP_MIN_LOG_LEVEL"} | env
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stderr


def test_tensorflow_imports_without_its_notes_unless_asked_for_them() -> None:
    quiet = _import_output()
    assert quiet == "a project warning\n"
    loud = _import_output(TF_CPP_MIN_LOG_LEVEL="0")  # a user who wants every line still gets them
    # which notes TensorFlow writes depends on the CPU (oneDNN's, cpu_feature_guard's): any of them will do
    assert any(is_startup_noise(line) for line in loud.splitlines(keepends=True)), loud
    assert "a project warning" in loud
