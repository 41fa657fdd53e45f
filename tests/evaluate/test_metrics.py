"""Metrics against hand-computed values."""

from __future__ import annotations

import math

import numpy as np
import pytest

from evaluate import metrics


def disc(side: int = 16, radius: float = 5) -> np.ndarray:
    rows, cols = np.indices((side, side))
    return ((rows - side / 2) ** 2 + (cols - side / 2) ** 2 <= radius**2).astype(np.float64)


def test_perfect_prediction_scores_best() -> None:
    alpha = disc() * 0.8
    best = {"iou": 1, "dice": 1, "sad": 0, "mse": 0, "grad": 0, "conn": 0}
    assert metrics.all_metrics(alpha, alpha) == best


def test_all_wrong_prediction() -> None:
    true = disc()
    scores = metrics.all_metrics(1 - true, true)
    assert scores["iou"] == 0 and scores["dice"] == 0
    assert scores["sad"] == pytest.approx(16 * 16 / 1000)
    assert scores["mse"] == pytest.approx(1000)


def test_known_sad_mse_iou_dice() -> None:
    true = np.zeros((4, 4))
    true[:2] = 1  # 8 foreground pixels
    pred = np.full((4, 4), 0.25)
    pred[0] = 0.75  # 4 pixels above 0.5, all inside the truth
    # |diff|: row 0 -> 0.25 x4, row 1 -> 0.75 x4, rows 2-3 -> 0.25 x8: sum 6
    assert metrics.sad(pred, true) == pytest.approx(6 / 1000)
    # diff^2: 0.0625 x12 + 0.5625 x4 = 3, mean 3/16
    assert metrics.mse(pred, true) == pytest.approx(3 / 16 * 1000)
    assert metrics.iou(pred, true) == pytest.approx(4 / 8)
    assert metrics.dice(pred, true) == pytest.approx(2 * 4 / (4 + 8))


def test_empty_masks_agree() -> None:
    empty = np.zeros((5, 5))
    assert metrics.iou(empty, empty) == 1 and metrics.dice(empty, empty) == 1
    assert metrics.iou(empty + 0.4, empty) == 1  # 0.4 is background at the 0.5 threshold


def test_gradient_kernel_matches_reference_size_and_norm() -> None:
    kernel = metrics._gauss_derivative_kernel(1.4)
    # halfsize = ceil(1.4 * sqrt(-2 ln(sqrt(2 pi) * 1.4 * 0.01))) = ceil(3.62) = 4
    assert kernel.shape == (9, 9)
    assert np.sum(kernel**2) == pytest.approx(1)
    np.testing.assert_allclose(kernel, -kernel[:, ::-1])  # odd along x, the derivative direction
    np.testing.assert_allclose(kernel, kernel[::-1, :])  # even along y


def test_gradient_of_constants_is_zero() -> None:
    assert metrics.grad(np.full((12, 12), 0.2), np.full((12, 12), 0.9)) == pytest.approx(0)


def test_gradient_of_a_ramp() -> None:
    """A ramp of slope s along x: inside, |grad| = s * sum_uv g(u) v^2 g(v) / sigma^2 / norm."""
    sigma, slope = 1.4, 0.01
    v = np.arange(-4, 5)
    g = np.exp(-(v**2) / (2 * sigma**2)) / (sigma * math.sqrt(2 * math.pi))
    kernel = np.outer(g, -v * g / sigma**2)
    expected = slope * np.sum(np.outer(g, v**2 * g / sigma**2)) / np.sqrt(np.sum(kernel**2))
    ramp = np.tile(np.arange(30) * slope, (30, 1))
    inside = (slice(5, -5), slice(5, -5))
    np.testing.assert_allclose(metrics.gradient_magnitude(ramp)[inside], expected, rtol=1e-9)
    np.testing.assert_allclose(metrics.gradient_magnitude(ramp.T)[inside], expected, rtol=1e-9)
    # doubling the prediction doubles every magnitude: the error is the sum of the truth's squared magnitudes
    truth = metrics.gradient_magnitude(ramp)
    assert metrics.grad(2 * ramp, ramp) == pytest.approx(np.sum(truth**2) / 1000)


def test_connectivity_counts_a_detached_island() -> None:
    true = np.zeros((10, 10))
    true[2:6, 2:6] = 1
    pred = true.copy()
    pred[8, 8] = pred[8, 9] = 1  # not in the truth: dropped from the common component at threshold 0.1
    # island: l = 0, pred phi = 1 - 1 = 0, true phi = 1 - 0 = 1 -> 1 per pixel; everything else agrees
    assert metrics.conn(pred, true) == pytest.approx(2 / 1000)
    pred[8, 8], pred[8, 9] = 0.5, 0.1  # d = 0.5 -> phi 0.5; d = 0.1 < theta -> phi 1
    assert metrics.conn(pred, true) == pytest.approx(0.5 / 1000)


def test_connectivity_of_a_weak_pixel_inside() -> None:
    true = np.zeros((10, 10))
    true[2:6, 2:6] = 1
    pred = true.copy()
    pred[3, 3] = 0.5  # in the component up to threshold 0.5: l = 0.5
    # pred d = 0 -> phi 1; true d = 0.5 -> phi 0.5
    np.testing.assert_allclose(metrics.connectivity_levels(pred, true)[3, 3], 0.5)
    assert metrics.conn(pred, true) == pytest.approx(0.5 / 1000)


def test_connectivity_uses_four_neighbours() -> None:
    alpha = np.zeros((6, 6))
    alpha[0:3, 0:3] = 1
    alpha[3, 3] = 1  # touches the block only diagonally
    levels = metrics.connectivity_levels(alpha, alpha)
    assert levels[1, 1] == 1 and levels[3, 3] == 0 and levels[5, 5] == 0
