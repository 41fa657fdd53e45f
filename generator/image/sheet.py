"""Contact sheets: image|alpha pairs side by side in a grid, as one uint8 RGB picture (no bpy)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import cv2
import numpy as np

GAP = 2  # pixels of dark grey between cells


def pair_tile(image: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    """HxWx3 image next to its HxW alpha as grey: H x 2W x 3."""
    return np.concatenate([image, np.repeat(alpha[..., None], 3, axis=2)], axis=1)


def contact_sheet(pairs: Sequence[tuple[np.ndarray, np.ndarray]], columns: int = 8, zoom: int = 2) -> np.ndarray:
    """Grid of pair tiles, `columns` per row, each enlarged `zoom` times (nearest neighbour)."""
    tiles = [pair_tile(image, alpha) for image, alpha in pairs]
    height, width = tiles[0].shape[:2]
    rows = math.ceil(len(tiles) / columns)
    sheet = np.full((rows * (height + GAP) + GAP, min(columns, len(tiles)) * (width + GAP) + GAP, 3), 40, np.uint8)
    for i, tile in enumerate(tiles):
        y, x = GAP + (i // columns) * (height + GAP), GAP + (i % columns) * (width + GAP)
        sheet[y:y + height, x:x + width] = tile
    return cv2.resize(sheet, None, fx=zoom, fy=zoom, interpolation=cv2.INTER_NEAREST)


def write_png(path: str, rgb: np.ndarray) -> None:
    """Write an RGB (or grey) uint8 array as PNG; OSError naming the path on failure."""
    data = rgb[..., ::-1] if rgb.ndim == 3 else rgb
    if not cv2.imwrite(str(path), np.ascontiguousarray(data)):
        raise OSError(f"cannot write {path}")
