"""Loss and metrics against hand-computed values on soft targets."""

from __future__ import annotations

import numpy as np
import pytest

from trainer.losses import alpha_mae, bce_dice_loss, dice, iou


def batch(*values: np.ndarray) -> np.ndarray:
    return np.stack(values).astype(np.float32)[..., None]


def test_metrics_match_their_definitions() -> None:
    rng = np.random.default_rng(1)
    truth = batch(rng.random((8, 8)), np.zeros((8, 8)))
    pred = batch(rng.random((8, 8)), np.zeros((8, 8)))
    t, p = truth[0], pred[0]
    assert np.asarray(dice(truth, pred)) == pytest.approx([(2 * (t * p).sum() + 1) / (t.sum() + p.sum() + 1), 1])
    hard_t, hard_p = t >= 0.5, p >= 0.5
    assert np.asarray(iou(truth, pred)) == pytest.approx([(hard_t & hard_p).sum() / (hard_t | hard_p).sum(), 1])
    assert np.asarray(alpha_mae(truth, pred)) == pytest.approx([np.abs(t - p).mean(), 0], abs=1e-6)


def test_loss_prefers_the_right_mask_on_soft_targets() -> None:
    disc = (np.hypot(*np.mgrid[-8:8, -8:8]) < 5).astype(np.float32)
    soft = np.clip(disc * 0.9 + 0.05, 0, 1)  # soft alpha targets, not binarised
    truth = batch(soft)
    good = np.asarray(bce_dice_loss(truth, batch(np.clip(soft, 0.02, 0.98))))
    bad = np.asarray(bce_dice_loss(truth, batch(np.clip(1 - soft, 0.02, 0.98))))
    assert good.shape == (1,) and good[0] < 0.6 < 1.5 < bad[0]
