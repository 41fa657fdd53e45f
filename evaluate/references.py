"""Predictors that use no model, so a trained one has something to beat: the best centred ellipse over a grid
of sizes (chosen on the set itself, so it is an upper bound for any fixed ellipse) and all-foreground."""

from __future__ import annotations

import cv2
import numpy as np

from evaluate.datasets import Dataset
from evaluate.metrics import mean_metrics

ELLIPSE_FRACTIONS = np.round(np.arange(0.15, 0.71, 0.05), 2)  # semi-axes as a share of the image side


def centred_ellipse(size: int, half_width: float, half_height: float) -> np.ndarray:
    """A size x size float alpha of a centred ellipse with anti-aliased edges; semi-axes as fractions of size."""
    shift = 4  # OpenCV draws at 1/16 px precision with this many fractional bits
    scale = 1 << shift
    canvas = np.zeros((size, size), np.uint8)
    centre = (round((size - 1) / 2 * scale), round((size - 1) / 2 * scale))
    axes = (round(half_width * size * scale), round(half_height * size * scale))
    cv2.ellipse(canvas, centre, axes, 0, 0, 360, 255, -1, cv2.LINE_AA, shift)
    return canvas.astype(np.float32) / 255


def best_ellipse(dataset: Dataset) -> tuple[dict[str, float], tuple[float, float]]:
    """Metrics of the centred ellipse with the best mean IoU on the set, and its semi-axes (fractions)."""
    size = dataset.alphas.shape[1]
    best, axes = None, (0.0, 0.0)
    for half_width in ELLIPSE_FRACTIONS:
        for half_height in ELLIPSE_FRACTIONS:
            metrics = mean_metrics(centred_ellipse(size, half_width, half_height), dataset.alphas)
            if best is None or metrics["iou"] > best["iou"]:
                best, axes = metrics, (float(half_width), float(half_height))
    return best, axes


def all_foreground(dataset: Dataset) -> dict[str, float]:
    """Metrics of predicting alpha 1 everywhere."""
    return mean_metrics(np.ones(dataset.alphas.shape[1:], np.float32), dataset.alphas)
