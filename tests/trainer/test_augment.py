"""The augmentations: ranges kept, image and alpha warped by the same transform, and no border that no photo has."""

from __future__ import annotations

import numpy as np
import tensorflow as tf

from trainer.augment import VALUE_SHIFT, augment_batch, shift_colour


def discs(count: int) -> np.ndarray:
    """Off-centre white discs on black, one per image, as float alpha HxWx1."""
    yy, xx = np.mgrid[0:64, 0:64]
    return np.stack([(np.hypot(yy - 20 - i, xx - 24 - 2 * i) < 10 + i) for i in range(count)])[..., None] * 1.0


def test_geometry_is_shared_by_image_and_alpha_and_actually_moves_things() -> None:
    tf.random.set_seed(3)
    alpha = discs(16).astype(np.float32)
    image = np.repeat(alpha, 3, axis=-1)  # grey: the hue shift has no effect, the value shift is small
    out_image, out_alpha = (np.asarray(t) for t in augment_batch(tf.constant(image), tf.constant(alpha)))
    assert out_image.shape == image.shape and out_alpha.shape == alpha.shape
    assert out_image.min() >= 0 and out_image.max() <= 1 and out_alpha.min() >= 0 and out_alpha.max() <= 1
    agree = (out_image.mean(-1) > 0.5) == (out_alpha[..., 0] > 0.5)
    assert agree.mean() > 0.995
    moved = np.abs(out_alpha - alpha).reshape(16, -1).max(axis=1)
    assert (moved > 0.5).mean() > 0.5  # most images got a visible flip or rotation


def test_a_warped_white_image_has_no_black_border() -> None:
    """The seed filled what the rotation uncovers with zeros: black wedges in most training images."""
    tf.random.set_seed(5)
    white = np.ones((64, 64, 64, 3), np.float32)
    opaque = np.ones((64, 64, 64, 1), np.float32)
    out_image, out_alpha = (np.asarray(t) for t in augment_batch(tf.constant(white), tf.constant(opaque)))
    assert out_image.min() >= 1 - VALUE_SHIFT - 1e-5  # only the value shift darkens it, never to zero
    np.testing.assert_allclose(out_alpha, 1.0, atol=1e-6)


def test_colour_shift_changes_hue_and_bounds_value() -> None:
    tf.random.set_seed(4)
    red = np.zeros((32, 8, 8, 3), np.float32)
    red[..., 0] = 0.5
    shifted = np.asarray(shift_colour(tf.constant(red)))
    value = shifted.max(axis=-1)
    assert np.abs(value - 0.5).max() <= VALUE_SHIFT + 1e-5
    assert (shifted[..., 1:].max(axis=(1, 2, 3)) > 0.05).mean() > 0.5  # the hue moved off pure red
