"""The learning-rate schedule: its shape, and a checkpoint that resumes it where it stopped; the weight average."""

from __future__ import annotations

from pathlib import Path

import keras
import numpy as np
import pytest

from trainer.optimization import WARMUP_RSQRT, averaged_weights, compile_model, learning_rate, uses_ema
from trainer.unet import build_unet


def test_warmup_then_inverse_square_root_down_to_a_floor() -> None:
    schedule = learning_rate(1e-3, WARMUP_RSQRT, warmup_steps=10, floor=0.1)
    at = {step: float(schedule(step)) for step in (0, 4, 9, 39, 999, 10**6)}
    assert at[0] == pytest.approx(1e-4) and at[4] == pytest.approx(5e-4) and at[9] == pytest.approx(1e-3)
    assert at[39] == pytest.approx(1e-3 * np.sqrt(10 / 40)) and at[999] == pytest.approx(1e-4)
    assert at[10**6] == pytest.approx(1e-4)  # the run is endless: never below the floor
    assert learning_rate(1e-3, "constant", 10, 0.1) == 1e-3


def test_a_scheduled_run_resumes_its_schedule(tmp_path: Path) -> None:
    model = build_unet(2)
    compile_model(model, lr=learning_rate(1e-3, WARMUP_RSQRT, 10, 0.1), optimizer="adam", loss="bce_l1")
    images = np.random.default_rng(0).random((6, 64, 64, 3), dtype=np.float32)
    model.fit(images, images[..., :1], batch_size=2, epochs=1, verbose=0)
    model.save(tmp_path / "run.keras")
    resumed = keras.models.load_model(tmp_path / "run.keras")
    assert int(resumed.optimizer.iterations.numpy()) == 3
    assert float(resumed.optimizer.learning_rate.numpy()) == pytest.approx(4e-4)  # step 3 of the warm-up


def test_a_checkpoint_holds_the_moving_average_and_training_keeps_its_own_weights(tmp_path: Path) -> None:
    model = build_unet(2)
    compile_model(model, lr=1e-2, optimizer="adam", loss="bce_l1", ema=0.9)
    images = np.random.default_rng(0).random((8, 64, 64, 3), dtype=np.float32)
    for _ in range(6):  # not fit(), which ends by overwriting the weights with their average
        model.train_on_batch(images, images[..., :1])
    trained = [np.array(v) for v in model.trainable_variables]
    with averaged_weights(model):
        model.save(tmp_path / "run.keras")
    assert all(np.array_equal(np.array(v), w) for v, w in zip(model.trainable_variables, trained, strict=True))
    saved = keras.models.load_model(tmp_path / "run.keras")
    averages = model.optimizer._model_variables_moving_average  # no public reader
    assert any(not np.allclose(w, np.array(a)) for w, a in zip(trained, averages, strict=True))
    for weight, average in zip(saved.trainable_variables, averages, strict=True):
        np.testing.assert_allclose(np.array(weight), np.array(average))
    assert uses_ema(saved) and not uses_ema(build_unet(2))
