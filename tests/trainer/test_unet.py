"""The seed UNet: exact size at the seed's width, shapes, and a checkpoint that loads without custom objects."""

from __future__ import annotations

import keras
import numpy as np
import pytest
import tensorflow as tf

from trainer.inference import float32_model
from trainer.unet import build_unet, is_dilated


def test_width_128_matches_the_seed_parameter_count() -> None:
    model = build_unet(128)
    trainable = sum(int(np.prod(w.shape)) for w in model.trainable_weights)
    assert model.count_params() == 34_246_017
    assert trainable == 34_232_961


def test_small_model_maps_images_to_one_sigmoid_channel_and_reloads(tmp_path) -> None:
    model = build_unet(4)
    images = np.random.default_rng(0).random((2, 64, 64, 3), dtype=np.float32)
    alpha = model.predict_on_batch(images)
    assert model.input_shape == (None, 64, 64, 3) and alpha.shape == (2, 64, 64, 1)
    assert alpha.min() > 0 and alpha.max() < 1
    model.save(tmp_path / "m.keras")
    again = keras.models.load_model(tmp_path / "m.keras", compile=False)
    np.testing.assert_allclose(again.predict_on_batch(images), alpha, atol=1e-6)


@pytest.mark.parametrize(("width", "size"), [(0, 64), (4, 60)])
def test_bad_shapes_are_refused(width: int, size: int) -> None:
    with pytest.raises(ValueError, match="width"):
        build_unet(width, size)


def test_image_context_adds_one_1x1_convolution_and_works_at_any_aspect(tmp_path) -> None:
    plain, context = build_unet(4), build_unet(4, context=True)
    centre = 4 * 8
    assert context.count_params() - plain.count_params() == centre * centre + centre
    context.save(tmp_path / "m.keras")
    again = float32_model(keras.models.load_model(tmp_path / "m.keras", compile=False), 64, 88)
    images = np.random.default_rng(0).random((2, 64, 88, 3), dtype=np.float32)
    assert again.predict_on_batch(images).shape == (2, 64, 88, 1)


def _receptive_field(model: keras.Model, size: int) -> int:
    """Height of the box of input pixels the centre output pixel depends on: where its gradient is not zero.

    Zero there is structural (a sum of products with zero), not two computations that happen to agree, so the
    figure does not depend on how a CPU's kernels order their sums.
    """
    images = tf.constant(np.random.default_rng(1).random((1, size, size, 3), dtype=np.float32))
    with tf.GradientTape() as tape:
        tape.watch(images)
        centre = model(images, training=False)[0, size // 2, size // 2, 0]
    rows = np.nonzero(np.asarray(tape.gradient(centre, images))[0].any(axis=(1, 2)))[0]
    return int(rows.max() - rows.min() + 1)


def test_a_dilated_centre_widens_the_receptive_field_beyond_a_64_px_image_with_the_same_parameters(tmp_path) -> None:
    keras.utils.set_random_seed(0)
    plain, dilated = build_unet(4, 192), build_unet(4, 192, dilated=True)
    assert dilated.count_params() == plain.count_params()
    assert _receptive_field(plain, 192) <= 110 and _receptive_field(dilated, 192) >= 160
    dilated.save(tmp_path / "m.keras")
    assert is_dilated(keras.models.load_model(tmp_path / "m.keras", compile=False)) and not is_dilated(plain)
