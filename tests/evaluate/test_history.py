"""history.csv remembers what was evaluated; history.png plots it."""

from __future__ import annotations

from pathlib import Path

import cv2

from evaluate import history


def test_history_remembers_checkpoints_and_plots(tmp_path: Path) -> None:
    assert history.evaluated(tmp_path) == set()
    values = {"n": 3, "iou": 0.5, "dice": 0.6, "sad": 1.0, "mse": 10.0, "grad": 0.1, "conn": 0.9}
    history.append(tmp_path, 100, "ckpt-00000100.keras", {"real": values, "synthetic": values})
    history.append(tmp_path, 200, "ckpt-00000200.keras", {"real": values})
    assert history.evaluated(tmp_path) == {"ckpt-00000100.keras", "ckpt-00000200.keras"}
    rows = history.read_rows(tmp_path)
    assert [(r["step"], r["set"]) for r in rows] == [("100", "real"), ("100", "synthetic"), ("200", "real")]
    assert cv2.imread(str(history.plot(tmp_path))) is not None
