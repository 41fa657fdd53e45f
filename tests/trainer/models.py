"""Small real UNets whose output depends on every weight, for tests that compare two copies of a model."""

from __future__ import annotations

import keras
import numpy as np

from trainer.unet import build_unet


def lively_unet(width: int = 4, seed: int = 0, policy: str = "float32") -> keras.Model:
    """A UNet under `policy` with random batch-norm statistics and a steep output layer.

    A fresh model's batch norms are identities and its alpha sits near 0.5 everywhere, so a copy that lost a
    layer, or a tolerance of 1e-4, would still pass against it; this one's alpha spans most of [0, 1].
    """
    rng = np.random.default_rng(seed)
    keras.utils.set_random_seed(seed)
    previous = keras.config.dtype_policy()
    keras.config.set_dtype_policy(policy)
    try:
        model = build_unet(width)
    finally:
        keras.config.set_dtype_policy(previous)
    weights = []
    for weight in model.weights:
        value, name = np.asarray(weight), weight.path.rsplit("/", 1)[-1]
        if name in ("gamma", "moving_variance"):
            value = rng.uniform(0.5, 1.5, value.shape)
        elif name in ("beta", "moving_mean", "bias"):
            value = rng.normal(0, 0.1, value.shape)
        elif weight.path == "alpha/kernel":
            value = value * 10
        weights.append(value)
    model.set_weights(weights)
    alpha = np.asarray(model(np.random.default_rng(seed).random((1, 64, 64, 3), dtype=np.float32)), np.float32)
    assert np.ptp(alpha) > 0.1, f"seed {seed} gives a flat alpha: pick another"
    return model
