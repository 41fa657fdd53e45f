"""The slow average of the whole model: its warm-up, BatchNorm statistics included, and what a checkpoint holds."""

from __future__ import annotations

from pathlib import Path

import keras
import numpy as np
import pytest

from trainer import checkpoints
from trainer.averaging import SlowAverage
from trainer.callbacks import Checkpointer
from trainer.optimization import compile_model
from trainer.train import build_args
from trainer.unet import build_unet


def trained_model(ema: float = 0.0) -> tuple[keras.Model, np.ndarray]:
    """A small compiled UNet and a batch to train it on."""
    model = build_unet(2)
    compile_model(model, lr=1e-2, optimizer="adam", loss="bce_l1", ema=ema)
    images = np.random.default_rng(0).random((8, 64, 64, 3), dtype=np.float32)
    return model, images


def test_folds_average_every_weight_with_a_warm_up_and_give_the_trained_weights_back(tmp_path: Path) -> None:
    model, images = trained_model()
    average = SlowAverage(horizon_steps=1000, every_steps=50)
    average.set_model(model)
    snapshots = []
    for _ in range(3):
        model.train_on_batch(images, images[..., :1])
        snapshots.append(model.get_weights())
        average.fold()
    # fold n (from 1) has momentum min(1 - 50/1000, (1 + n) / (10 + n)): 2/11, then 3/12
    expected = [(3 / 12) * ((2 / 11) * a + (9 / 11) * b) + (9 / 12) * c for a, b, c in zip(*snapshots, strict=True)]
    moving_means = [i for i, weight in enumerate(model.weights) if "moving_mean" in weight.path]
    assert moving_means and not np.allclose(snapshots[0][moving_means[0]], snapshots[2][moving_means[0]])

    saver = Checkpointer(tmp_path, every_steps=0, every_seconds=0, keep=2, view=average.applied)
    saver.set_model(model)
    saver.save(3)
    for held, wanted in zip(keras.models.load_model(checkpoints.latest_checkpoint(tmp_path)).get_weights(), expected,
                            strict=True):
        np.testing.assert_allclose(held, wanted, rtol=1e-5, atol=1e-6)  # BatchNorm statistics too
    for after, trained in zip(model.get_weights(), snapshots[-1], strict=True):
        np.testing.assert_array_equal(after, trained)  # training goes on from its own weights


def test_before_its_first_fold_a_save_holds_the_optimizers_average() -> None:
    model, images = trained_model(ema=0.5)
    for _ in range(2):
        model.train_on_batch(images, images[..., :1])
    average = SlowAverage(horizon_steps=100, every_steps=50)
    with average.applied(model):
        held = [np.array(v) for v in model.trainable_variables]
    for weight, ema in zip(held, model.optimizer._model_variables_moving_average, strict=True):  # no public reader
        np.testing.assert_allclose(weight, np.array(ema))
    with pytest.raises(ValueError, match="horizon"):
        SlowAverage(horizon_steps=10, every_steps=50)


def test_on_by_default_and_a_horizon_shorter_than_a_fold_is_refused(capsys) -> None:
    assert build_args([]).average_steps == 1000 and build_args(["--average-steps", "0"]).average_steps == 0
    with pytest.raises(SystemExit):
        build_args(["--average-steps", "10"])
    assert "--average-steps is 0 (off) or at least 50, got 10" in capsys.readouterr().err
