"""Losses and metrics against hand-computed values on soft targets; the default loss is lowest at the target."""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from trainer import config
from trainer.losses import LOSSES, alpha_mae, bce_dice_loss, dice, iou


def batch(*values: np.ndarray) -> np.ndarray:
    return np.stack(values).astype(np.float32)[..., None]


def soft_matte() -> np.ndarray:
    """A disc with a wide soft rim (alphas from 0.02 to 0.98, like hair or motion blur) on background 0."""
    radius = np.hypot(*np.mgrid[-16:16, -16:16])
    return np.clip((12 - radius) / 8 + 0.5, 0.0, 1.0) * 0.96 + 0.02


def test_metrics_match_their_definitions() -> None:
    rng = np.random.default_rng(1)
    truth = batch(rng.random((8, 8)), np.zeros((8, 8)))
    pred = batch(rng.random((8, 8)), np.zeros((8, 8)))
    t, p = truth[0], pred[0]
    assert np.asarray(dice(truth, pred)) == pytest.approx([(2 * (t * p).sum() + 1) / (t.sum() + p.sum() + 1), 1])
    hard_t, hard_p = t >= 0.5, p >= 0.5
    assert np.asarray(iou(truth, pred)) == pytest.approx([(hard_t & hard_p).sum() / (hard_t | hard_p).sum(), 1])
    assert np.asarray(alpha_mae(truth, pred)) == pytest.approx([np.abs(t - p).mean(), 0], abs=1e-6)


@pytest.mark.parametrize("name", config.LOSSES)
def test_every_loss_prefers_the_right_mask(name: str) -> None:
    disc = (np.hypot(*np.mgrid[-8:8, -8:8]) < 5).astype(np.float32)
    soft = np.clip(disc * 0.9 + 0.05, 0, 1)
    truth = batch(soft)
    good = np.asarray(LOSSES[name](truth, batch(np.clip(soft, 0.02, 0.98))))
    bad = np.asarray(LOSSES[name](truth, batch(np.clip(1 - soft, 0.02, 0.98))))
    assert good.shape == (1,) and 2 * good[0] < bad[0]


def perturbations(target: np.ndarray) -> dict[str, np.ndarray]:
    """Predictions near a soft target: what a loss that is lowest at the target must score worse."""
    return {
        "towards 0": target * 0.8,
        "towards 1": target + 0.2 * (1 - target),
        "sharper": np.clip((target - 0.5) * 1.5 + 0.5, 0.01, 0.99),
        "softer": (target - 0.5) * 0.8 + 0.5,
        "noisy": np.clip(target + np.random.default_rng(0).normal(0, 0.05, target.shape), 0.01, 0.99),
    }


def gradient_at_target(loss, target: np.ndarray) -> np.ndarray:
    prediction = tf.Variable(target)
    with tf.GradientTape() as tape:
        value = loss(target, prediction)
    return np.asarray(tape.gradient(value, prediction))


def test_the_matting_loss_is_lowest_where_the_prediction_is_the_soft_target() -> None:
    loss = LOSSES["bce_l1_dice"]
    target = batch(soft_matte())
    at_target = float(loss(target, target)[0])
    for name, prediction in perturbations(target).items():
        assert at_target < float(loss(target, prediction.astype(np.float32))[0]), name
    assert np.abs(gradient_at_target(loss, target)).max() < 1e-6  # no pixel is pulled away from its alpha


def disc_with_strands() -> np.ndarray:
    """A solid disc with a soft rim on a solid background, and a faint ring of strands (alpha 0.3) around it."""
    radius = np.hypot(*np.mgrid[-24:24, -24:24])
    matte = np.clip((12 - radius) / 3 + 0.5, 0.0, 1.0)
    matte[(radius > 17) & (radius < 19)] = 0.3
    return matte


def harden(target: np.ndarray, shift: float, towards: float) -> np.ndarray:
    """The target with its soft pixels (0 < alpha < 1) moved `shift` towards `towards` (0 or 1)."""
    soft = (target > 0) & (target < 1)
    moved = np.where(soft, target + shift * np.sign(towards - target), target).astype(np.float32)
    assert soft.sum() > 200 and not np.array_equal(moved, target)
    return moved


@pytest.mark.parametrize("shift", [0.02, 0.05, 0.1])
@pytest.mark.parametrize("towards", [0.0, 1.0])
def test_the_default_loss_is_lowest_at_a_soft_target(shift: float, towards: float) -> None:
    """The product cuts out photos: moving the soft pixels (rim, strands) towards 0 or 1 must cost, not pay."""
    loss = LOSSES[config.LOSS]
    target = batch(disc_with_strands())
    assert float(loss(target, target)[0]) < float(loss(target, harden(target, shift, towards))[0])


def test_the_seed_loss_pulls_soft_alphas_down() -> None:
    """Why the seed's loss makes harder mattes: at the true matte, soft Dice still lowers a pixel of alpha 0.3."""
    target = batch(soft_matte())
    hair = np.abs(target - 0.3) < 0.03
    assert hair.any() and (gradient_at_target(bce_dice_loss, target)[hair] > 0).all()


def test_the_command_line_names_every_loss_and_optimizer() -> None:
    from trainer.optimization import JIT_CHOICES, OPTIMIZERS

    assert set(config.LOSSES) == set(LOSSES)
    assert set(config.OPTIMIZERS) == set(OPTIMIZERS) and set(config.XLA) == set(JIT_CHOICES)


def test_solid_dice_leaves_soft_pixels_to_bce_and_l1() -> None:
    """A matte with a solid core (1), solid background (0) and a soft rim: at the target, bce_l1_dice pulls no
    soft pixel (its Dice sees only the solid ones), while the seed's Dice over every pixel does."""
    matte = soft_matte()
    matte[matte > 0.9], matte[matte < 0.1] = 1.0, 0.0
    target = batch(matte)
    soft = (target > 0) & (target < 1)
    loss = LOSSES["bce_l1_dice"]
    assert soft.any() and np.abs(gradient_at_target(loss, target)[soft]).max() < 1e-6
    assert np.abs(gradient_at_target(bce_dice_loss, target)[soft]).max() > 1e-4
    at_target = float(loss(target, target)[0])
    for name, prediction in perturbations(target).items():
        assert at_target < float(loss(target, np.clip(prediction, 0.0, 1.0).astype(np.float32))[0]), name


def test_an_empty_target_has_no_dice_term() -> None:
    """Your object not in view: the default loss charges a faint prediction by BCE and L1 alone (smoothed Dice
    would charge the first faint pixel as much as a missed subject), and still prefers the empty one; a target
    in view keeps its Dice term, whatever else is in the batch."""
    loss = LOSSES["bce_l1_dice"]
    empty = np.zeros((16, 16), np.float32)
    faint = np.full((16, 16), 0.05, np.float32)
    truth = batch(empty, empty)
    scores = np.asarray(loss(truth, batch(np.full((16, 16), 1e-3, np.float32), faint)))
    assert scores[0] < scores[1] < 0.5
    assert scores[1] == pytest.approx(np.asarray(LOSSES["bce_l1"](truth, batch(faint, faint)))[1], rel=1e-5)
    disc = (np.hypot(*np.mgrid[-8:8, -8:8]) < 5).astype(np.float32)
    mixed = np.asarray(loss(batch(disc, empty), batch(faint, faint)))
    bce_l1 = np.asarray(LOSSES["bce_l1"](batch(disc), batch(faint)))[0]
    with_dice = bce_l1 + 1.0 - float(dice(batch(disc), batch(faint))[0])
    assert mixed[0] == pytest.approx(with_dice, rel=1e-5) and mixed[1] == pytest.approx(scores[1], rel=1e-5)
