"""The learning-rate schedule: its shape, and a checkpoint that resumes it where it stopped."""

from __future__ import annotations

from pathlib import Path

import keras
import numpy as np
import pytest

from trainer.optimization import WARMUP_RSQRT, compile_model, learning_rate
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
