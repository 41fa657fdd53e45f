"""A checkpoint's model rebuilt for photos: float32 whatever it trained in, any input size, the same function; its
alpha averaged with the mirror image's."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from tests.trainer.models import lively_unet
from trainer.inference import float32_model, mirrored_alpha
from trainer.unet import build_unet


@pytest.fixture
def mixed_bfloat16_unet() -> keras.Model:
    """A UNet built under the mixed bfloat16 policy, as a run on a bfloat16 CPU trains it."""
    return lively_unet(policy="mixed_bfloat16")


def test_a_mixed_precision_model_becomes_float32_with_the_same_weights(mixed_bfloat16_unet: keras.Model) -> None:
    assert {layer.dtype_policy.name for layer in mixed_bfloat16_unet.layers} >= {"mixed_bfloat16"}
    model = float32_model(mixed_bfloat16_unet)
    assert {layer.dtype_policy.name for layer in model.layers} == {"float32"}
    assert {w.dtype for w in model.weights} == {"float32"}
    reference = build_unet(4)  # float32, the default policy
    reference.set_weights(mixed_bfloat16_unet.get_weights())
    images = np.random.default_rng(1).random((2, 64, 64, 3), dtype=np.float32)
    alpha = np.asarray(model(images, training=False))
    assert alpha.dtype == np.float32
    np.testing.assert_allclose(alpha, np.asarray(reference(images, training=False)), atol=1e-6)
    low = np.asarray(mixed_bfloat16_unet(images, training=False), np.float32)
    assert np.abs(low - alpha).max() > 1e-4  # the check above compares float32 arithmetic, not bfloat16's


def test_the_input_takes_any_sides_divisible_by_eight_or_a_fixed_size() -> None:
    trained = lively_unet(seed=1)
    free = float32_model(trained)
    assert free.input_shape == (None, None, None, 3)
    images = np.random.default_rng(2).random((1, 48, 80, 3), dtype=np.float32)
    assert free(images, training=False).shape == (1, 48, 80, 1)
    fixed = float32_model(trained, 48, 80)
    assert fixed.input_shape == (None, 48, 80, 3)
    np.testing.assert_allclose(np.asarray(fixed(images)), np.asarray(free(images)), atol=1e-6)
    square = images[:, :48, :48]
    np.testing.assert_allclose(np.asarray(float32_model(trained, 48, 48)(square)), np.asarray(free(square)),
                               atol=1e-6)


def test_the_mirrored_alpha_mirrors_with_the_photo_where_the_model_alone_does_not() -> None:
    model = float32_model(lively_unet(seed=3))
    images = np.random.default_rng(4).random((2, 48, 80, 3), dtype=np.float32)
    mirror = images[:, :, ::-1]
    plain = np.asarray(model(images, training=False))[..., 0]
    assert np.abs(np.asarray(model(mirror, training=False))[..., 0][:, :, ::-1] - plain).max() > 1e-3
    alpha = mirrored_alpha(model, images)
    assert alpha.shape == (2, 48, 80) and alpha.dtype == np.float32
    np.testing.assert_allclose(mirrored_alpha(model, mirror)[:, :, ::-1], alpha, atol=1e-6)
    assert np.abs(alpha - plain).max() > 1e-4
