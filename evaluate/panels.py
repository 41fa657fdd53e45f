"""Panel PNG of a set: rows image | ground truth | prediction | cut-out on a checkerboard, best and worst."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

SCALE = 4  # 64 px tiles become 256 px: big enough to judge an edge
CHECKER = 8  # checkerboard square, in upscaled pixels
LABEL_HEIGHT = 18
COLUMNS = ("image", "ground truth", "prediction", "cut-out")


def checkerboard(height: int, width: int, square: int = CHECKER) -> np.ndarray:
    """Light/dark grey checkerboard (H, W, 3) float in [0, 1]."""
    rows, cols = np.indices((height, width)) // square
    return np.where(((rows + cols) % 2 == 0)[..., None], 0.8, 0.6) * np.ones(3)


def _upscale(array: np.ndarray) -> np.ndarray:
    return cv2.resize(array, None, fx=SCALE, fy=SCALE, interpolation=cv2.INTER_NEAREST)


def _label(width: int, text: str) -> np.ndarray:
    band = np.ones((LABEL_HEIGHT, width, 3))
    cv2.putText(band, text, (4, LABEL_HEIGHT - 5), cv2.FONT_HERSHEY_SIMPLEX, 0.45, (0, 0, 0), 1, cv2.LINE_AA)
    return band


def panel_row(image: np.ndarray, alpha: np.ndarray, pred: np.ndarray, label: str) -> np.ndarray:
    """One labelled row of four upscaled tiles, float RGB in [0, 1]."""
    image, alpha, pred = _upscale(image), _upscale(alpha)[..., None], _upscale(pred)[..., None]
    cutout = image * pred + checkerboard(*image.shape[:2]) * (1 - pred)
    tiles = np.concatenate([image, np.repeat(alpha, 3, -1), np.repeat(pred, 3, -1), cutout], axis=1)
    return np.concatenate([_label(tiles.shape[1], label), tiles], axis=0)


def ranked(scores: np.ndarray, count: int, higher_is_better: bool) -> tuple[list[int], list[int]]:
    """Indices of the `count` best and `count` worst scores (worst first among the worst), disjoint."""
    order = np.argsort(-scores if higher_is_better else scores, kind="stable")
    best = [int(i) for i in order[:count]]
    worst = [int(i) for i in order[::-1][: min(count, len(order) - len(best))]]
    return best, worst


def write_panel(path: Path, images: np.ndarray, alphas: np.ndarray, preds: np.ndarray, stems: list[str],
                scores: np.ndarray, metric: str, higher_is_better: bool, count: int = 4) -> Path:
    """Write the panel of the `count` best and worst images by `scores` (one per image) as a PNG."""
    best, worst = ranked(scores, count, higher_is_better)
    rows = [panel_row(images[i], alphas[i], preds[i], f"{kind} {r + 1}: {stems[i]}  {metric} {scores[i]:.3f}")
            for kind, indices in (("best", best), ("worst", worst)) for r, i in enumerate(indices)]
    tile_width = rows[0].shape[1] // len(COLUMNS)
    header = np.concatenate([_label(tile_width, title) for title in COLUMNS], axis=1)
    picture = np.concatenate([header, *rows], axis=0)
    path.parent.mkdir(parents=True, exist_ok=True)
    bgr = cv2.cvtColor((np.clip(picture, 0, 1) * 255).round().astype(np.uint8), cv2.COLOR_RGB2BGR)
    if not cv2.imwrite(str(path), bgr):
        raise OSError(f"{path}: could not write the panel PNG")
    return path
