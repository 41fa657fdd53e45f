"""Best/worst panels: layout and content of the PNG."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from evaluate import panels


def test_ranked_picks_best_and_worst_without_overlap() -> None:
    scores = np.array([0.5, 0.9, 0.1, 0.7])
    assert panels.ranked(scores, 2, higher_is_better=True) == ([1, 3], [2, 0])
    assert panels.ranked(scores, 2, higher_is_better=False) == ([2, 0], [1, 3])
    assert panels.ranked(scores, 3, higher_is_better=False) == ([2, 0, 3], [1])


def test_panel_rows_show_image_truth_prediction_cutout(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    images = rng.random((3, 8, 8, 3))
    alphas = np.zeros((3, 8, 8))
    preds = np.ones((3, 8, 8))
    path = panels.write_panel(tmp_path / "p.png", images, alphas, preds, ["a", "b", "c"],
                              np.array([1.0, 2.0, 3.0]), "sad", False, count=2)
    picture = cv2.imread(str(path))
    tile = 8 * panels.SCALE
    assert picture.shape == (panels.LABEL_HEIGHT + 3 * (panels.LABEL_HEIGHT + tile), 4 * tile, 3)
    first = cv2.cvtColor(picture[2 * panels.LABEL_HEIGHT:][:tile], cv2.COLOR_BGR2RGB) / 255
    expected_image = cv2.resize(images[0], None, fx=panels.SCALE, fy=panels.SCALE,
                                interpolation=cv2.INTER_NEAREST)
    np.testing.assert_allclose(first[:, :tile], expected_image, atol=1 / 255)
    assert first[:, tile:2 * tile].max() == 0 and first[:, 2 * tile:3 * tile].min() == 1
    np.testing.assert_allclose(first[:, 3 * tile:], expected_image, atol=1 / 255)  # prediction 1: all kept


def test_checkerboard_alternates() -> None:
    board = panels.checkerboard(16, 16, square=8)
    assert board[0, 0, 0] != board[0, 8, 0] and board[0, 0, 0] == board[8, 8, 0]
