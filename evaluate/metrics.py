"""Mask and matte errors of one prediction against its ground truth (numpy/opencv only).

Alphas are float arrays in [0, 1], compared over the whole image at the model's resolution (no trimap:
every pixel counts, where alphamatting.com counts only the trimap's unknown region). Scaling, as reported:

- ``iou``, ``dice``: both alphas thresholded at 0.5; two empty masks agree perfectly (1.0).
- ``sad``: sum of absolute differences, in thousands (the benchmark's SAD / 1000).
- ``mse``: mean squared difference, times 1000.
- ``grad``: Rhemann et al. 2009 gradient error, in thousands: sum of squared differences of gradient
  magnitudes, gradients from Gaussian first-derivative filters with sigma 1.4 (the MATLAB reference code).
- ``conn``: Rhemann et al. 2009 connectivity error, in thousands: threshold steps 0.1, largest 4-connected
  component of pixels where both alphas reach the threshold, phi with theta 0.15.
"""

from __future__ import annotations

import itertools
import math

import cv2
import numpy as np

NAMES = ("iou", "dice", "sad", "mse", "grad", "conn")
# Scored again at the photo's own aspect: only the figures that do not grow with the pixel count (SAD, gradient
# and connectivity errors are sums over pixels), so they compare with the square ones.
ASPECT_NAMES = ("iou", "dice", "mse")
ASPECT_SUFFIX = "_aspect"
# What `evaluate.cutout` delivers, scored at the photo's own size (`evaluate.evaluation`): the mask, and the matte's
# errors, which as sums over pixels compare only with other figures at full size.
CUTOUT_NAMES = ("iou", "sad", "grad")
CUTOUT_SUFFIX = "_cutout"
COLUMNS = (*NAMES, *(name + ASPECT_SUFFIX for name in ASPECT_NAMES),
           *(name + CUTOUT_SUFFIX for name in CUTOUT_NAMES))  # every figure reported per image and set
HIGHER_IS_BETTER = {"iou": True, "dice": True, "sad": False, "mse": False, "grad": False, "conn": False}
THRESHOLD = 0.5
GRAD_SIGMA = 1.4
CONN_STEP = 0.1
CONN_THETA = 0.15


def _masks(pred: np.ndarray, true: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return pred >= THRESHOLD, true >= THRESHOLD


def iou(pred: np.ndarray, true: np.ndarray) -> float:
    """Intersection over union of the masks at 0.5."""
    p, t = _masks(pred, true)
    union = np.count_nonzero(p | t)
    return 1.0 if union == 0 else np.count_nonzero(p & t) / union


def dice(pred: np.ndarray, true: np.ndarray) -> float:
    """Dice coefficient (F1) of the masks at 0.5."""
    p, t = _masks(pred, true)
    total = np.count_nonzero(p) + np.count_nonzero(t)
    return 1.0 if total == 0 else 2 * np.count_nonzero(p & t) / total


def sad(pred: np.ndarray, true: np.ndarray) -> float:
    """Sum of absolute differences / 1000."""
    return float(np.abs(pred.astype(np.float64) - true).sum()) / 1000


def mse(pred: np.ndarray, true: np.ndarray) -> float:
    """Mean squared difference x 1000."""
    return float(np.mean((pred.astype(np.float64) - true) ** 2)) * 1000


def _gauss_derivative_kernel(sigma: float) -> np.ndarray:
    """The reference code's x-derivative kernel: Gaussian along rows times its derivative along columns."""
    epsilon = 1e-2
    half = math.ceil(sigma * math.sqrt(-2 * math.log(math.sqrt(2 * math.pi) * sigma * epsilon)))
    offsets = np.arange(-half, half + 1, dtype=np.float64)
    gauss = np.exp(-(offsets**2) / (2 * sigma**2)) / (sigma * math.sqrt(2 * math.pi))
    kernel = np.outer(gauss, -offsets * gauss / sigma**2)
    return kernel / np.sqrt(np.sum(kernel**2))


def gradient_magnitude(alpha: np.ndarray, sigma: float = GRAD_SIGMA) -> np.ndarray:
    """|grad alpha| by Gaussian-derivative convolution with replicated borders (MATLAB imfilter 'conv')."""
    kx = _gauss_derivative_kernel(sigma)
    a = alpha.astype(np.float64)
    # filter2D correlates; flipping the kernel makes it the convolution the reference code uses
    gx = cv2.filter2D(a, -1, kx[::-1, ::-1], borderType=cv2.BORDER_REPLICATE)
    gy = cv2.filter2D(a, -1, kx.T[::-1, ::-1], borderType=cv2.BORDER_REPLICATE)
    return np.sqrt(gx**2 + gy**2)


def grad(pred: np.ndarray, true: np.ndarray) -> float:
    """Gradient error / 1000."""
    return float(np.sum((gradient_magnitude(pred) - gradient_magnitude(true)) ** 2)) / 1000


def _largest_component(mask: np.ndarray) -> np.ndarray:
    """The largest 4-connected component of a boolean mask (all False when the mask is empty)."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=4)
    if count <= 1:
        return np.zeros_like(mask)
    biggest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    return labels == biggest


def connectivity_levels(pred: np.ndarray, true: np.ndarray, step: float = CONN_STEP) -> np.ndarray:
    """Per pixel, the last threshold at which it was in the largest common component (l in the paper)."""
    level = np.full(pred.shape, -1.0)
    thresholds = np.linspace(0, 1, round(1 / step) + 1)
    for previous, threshold in itertools.pairwise(thresholds):
        omega = _largest_component((pred >= threshold) & (true >= threshold))
        level[(level == -1) & ~omega] = previous
    level[level == -1] = 1.0
    return level


def conn(pred: np.ndarray, true: np.ndarray) -> float:
    """Connectivity error / 1000."""
    level = connectivity_levels(pred, true)
    pred_d = pred.astype(np.float64) - level
    true_d = true.astype(np.float64) - level
    pred_phi = 1 - pred_d * (pred_d >= CONN_THETA)
    true_phi = 1 - true_d * (true_d >= CONN_THETA)
    return float(np.sum(np.abs(pred_phi - true_phi))) / 1000


FUNCTIONS = {"iou": iou, "dice": dice, "sad": sad, "mse": mse, "grad": grad, "conn": conn}


def all_metrics(pred: np.ndarray, true: np.ndarray) -> dict[str, float]:
    """Every metric in NAMES for one image."""
    return {name: float(FUNCTIONS[name](pred, true)) for name in NAMES}


def mean_metrics(preds: np.ndarray, trues: np.ndarray) -> dict[str, float]:
    """{"n", metric: mean} over a set: predictions (N, S, S), or one (S, S) used for every image, against
    ground truths (N, S, S)."""
    rows = [all_metrics(pred, true) for pred, true in zip(np.broadcast_to(preds, trues.shape), trues, strict=True)]
    return {"n": len(rows), **{name: float(np.mean([row[name] for row in rows])) for name in NAMES}}


def aspect_metrics(pred: np.ndarray, true: np.ndarray) -> dict[str, float]:
    """The ASPECT_NAMES metrics of one image scored at its own aspect, named `<metric>_aspect`."""
    return {name + ASPECT_SUFFIX: float(FUNCTIONS[name](pred, true)) for name in ASPECT_NAMES}


def cutout_metrics(pred: np.ndarray, true: np.ndarray) -> dict[str, float]:
    """The CUTOUT_NAMES metrics of one full-size matte, named `<metric>_cutout`."""
    return {name + CUTOUT_SUFFIX: float(FUNCTIONS[name](pred, true)) for name in CUTOUT_NAMES}
