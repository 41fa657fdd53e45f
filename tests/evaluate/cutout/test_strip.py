"""The before/after strip: photo | matte | cut-out rows at one height, under their column names."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from evaluate.cutout.strip import LABEL_HEIGHT, ROW_HEIGHT, strip_row, write_strip
from evaluate.panels import checkerboard


def test_a_row_shows_the_photo_its_matte_and_the_cut_out_over_a_checkerboard() -> None:
    photo = np.random.default_rng(0).integers(0, 256, (256, 384, 3), np.uint8)
    alpha = np.zeros((256, 384), np.uint8)
    alpha[:, 192:] = 255  # right half foreground
    row = strip_row(photo, alpha)
    tile = 384 * ROW_HEIGHT // 256
    assert row.shape == (ROW_HEIGHT, 3 * tile, 3) and row.dtype == np.uint8
    small = cv2.resize(photo, (tile, ROW_HEIGHT), interpolation=cv2.INTER_AREA)
    np.testing.assert_array_equal(row[:, :tile], small)
    half = tile // 2
    assert (row[:, tile:tile + half - 2] == 0).all() and (row[:, tile + half + 2:2 * tile] == 255).all()
    cut_out = row[:, 2 * tile:]
    np.testing.assert_array_equal(cut_out[:, half + 2:], small[:, half + 2:])  # foreground: the photo itself
    board = np.rint(checkerboard(ROW_HEIGHT, tile) * 255).astype(np.uint8)
    np.testing.assert_array_equal(cut_out[:, :half - 2], board[:, :half - 2])  # background: the checkerboard


def test_rows_of_different_widths_stack_padded_to_the_widest(tmp_path: Path) -> None:
    rows = [np.zeros((ROW_HEIGHT, 300, 3), np.uint8), np.zeros((ROW_HEIGHT, 450, 3), np.uint8)]
    path = write_strip(tmp_path / "docs" / "strip.png", rows)
    picture = cv2.imread(str(path))
    assert picture.shape == (2 * (LABEL_HEIGHT + ROW_HEIGHT), 450, 3)
    assert (picture[LABEL_HEIGHT:LABEL_HEIGHT + ROW_HEIGHT, 300:] == 255).all()  # white padding
    assert (picture[LABEL_HEIGHT:LABEL_HEIGHT + ROW_HEIGHT, :300] == 0).all()
    assert picture[:LABEL_HEIGHT].min() < 128  # the column names are drawn
