"""The coverage benchmark: its figures on known mattes, and a run over a real render and a real-set folder."""

from __future__ import annotations

import re
from pathlib import Path

import cv2
import numpy as np
import pytest

from benchmarks import coverage_bench


def test_figures_of_known_mattes() -> None:
    alphas = np.zeros((4, 8, 8), np.float32)
    alphas[0] = 1.0  # covers all, touches the bottom
    alphas[1, 4:] = 1.0  # the lower half
    alphas[2, :2] = 1.0  # the top quarter
    line = coverage_bench.describe("set", alphas)
    # n, mean, p10 p50 p90, share above 0.6, share touching the bottom, the bottom row's mean coverage, and the
    # centre of mass's distance from the frame's centre, median and 90th percentile (0, 1/4, 3/8; the empty one out)
    assert line.split() == ["set", "4", "0.44", "0.08", "0.38", "0.85", "0.25", "0.50", "0.50", "0.25", "0.35"]
    assert coverage_bench.describe("empty", np.zeros((2, 8, 8), np.float32)).split()[-2:] == ["-", "-"]


def test_a_run_prints_the_stream_by_family_and_each_set(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    folder = tmp_path / "halves"
    (folder / "images").mkdir(parents=True)
    (folder / "alphas").mkdir()
    alpha = np.zeros((32, 32), np.uint8)
    alpha[:, :16] = 255
    for stem in ("a", "b"):
        cv2.imwrite(str(folder / "images" / f"{stem}.png"), np.full((32, 32, 3), 90, np.uint8))
        cv2.imwrite(str(folder / "alphas" / f"{stem}.png"), alpha)
    coverage_bench.main(["--renders", "2", "--generator-args", "--size 16 --samples 1 --composites-per-render 3",
                         "--data", str(folder)])
    out = capsys.readouterr().out
    assert re.search(r"^stream\s+6\s", out, re.MULTILINE)
    assert re.search(r"^ \w+\s+\d+\s", out, re.MULTILINE)  # a family's line
    # each half's centre of mass a quarter of the frame off its centre
    assert re.search(r"^halves\s+2\s+0\.50\s+0\.50\s+0\.50\s+0\.50\s+0\.00\s+1\.00\s+0\.50\s+0\.25\s+0\.25$", out,
                     re.MULTILINE)
