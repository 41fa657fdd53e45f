"""A before/after strip of a cut-out run: one row per photo, photo | matte | cut-out over a checkerboard."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from evaluate.cutout.outputs import write_png
from evaluate.panels import checkerboard

ROW_HEIGHT = 120  # px: four photos stay under 300 KB for a README, big enough to judge an edge
CHECKER = 8  # checkerboard square, px
LABEL_HEIGHT = 18
COLUMNS = ("photo", "matte", "cut-out")
WHITE = 255


def _fit_height(image: np.ndarray, height: int) -> np.ndarray:
    """`image` area-resized to `height` rows, keeping its aspect."""
    width = max(1, round(image.shape[1] * height / image.shape[0]))
    return cv2.resize(image, (width, height), interpolation=cv2.INTER_AREA)


def strip_row(photo: np.ndarray, alpha: np.ndarray, height: int = ROW_HEIGHT) -> np.ndarray:
    """Three tiles of a BGR photo and its 8-bit alpha side by side, `height` rows, as 8-bit BGR."""
    photo, alpha = _fit_height(photo, height), _fit_height(alpha, height)
    weight = alpha[..., None].astype(np.float32) / 255
    board = checkerboard(*alpha.shape, square=CHECKER) * 255
    cut_out = np.rint(photo * weight + board * (1 - weight)).astype(np.uint8)
    return np.concatenate([photo, cv2.cvtColor(alpha, cv2.COLOR_GRAY2BGR), cut_out], axis=1)


def _label_band(row: np.ndarray) -> np.ndarray:
    """A white band naming the columns above a row (each tile a third of its width)."""
    band = np.full((LABEL_HEIGHT, row.shape[1], 3), WHITE, np.uint8)
    tile = row.shape[1] // len(COLUMNS)
    for index, title in enumerate(COLUMNS):
        cv2.putText(band, title, (index * tile + 4, LABEL_HEIGHT - 5), cv2.FONT_HERSHEY_SIMPLEX, 0.45, (0, 0, 0), 1,
                    cv2.LINE_AA)
    return band


def write_strip(path: Path, rows: list[np.ndarray]) -> Path:
    """Rows under their column names, padded white on the right to the widest, as a PNG (atomically)."""
    labelled = [np.concatenate([_label_band(row), row], axis=0) for row in rows]
    width = max(row.shape[1] for row in labelled)
    picture = np.concatenate([np.pad(row, ((0, 0), (0, width - row.shape[1]), (0, 0)), constant_values=WHITE)
                              for row in labelled], axis=0)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_png(path, picture, (cv2.IMWRITE_PNG_COMPRESSION, 9))  # the smallest file: it goes into a README
    return path
