"""The seed's augmentations as batched tf ops: hue/value shift, one affine (move/scale/rotate/flip).

The geometry is one projective warp per image with a black (zero) border, applied to image and alpha alike.
"""

from __future__ import annotations

import math

import tensorflow as tf

HUE_SHIFT = 50 / 180  # the seed's OpenCV units: +-50 on a 0-180 hue circle
VALUE_SHIFT = 15 / 255  # +-15 on a 0-255 value scale
MOVE = 0.0625  # of the image side
SCALE = 0.10
ROTATE_DEGREES = 20.0
FLIP_P = 0.5


def _uniform(batch: tf.Tensor, limit: float) -> tf.Tensor:
    return tf.random.uniform([batch], -limit, limit)


def shift_colour(images: tf.Tensor) -> tf.Tensor:
    """Shift hue (cyclic) and value (clipped) of float RGB images in [0, 1], one draw per image."""
    batch = tf.shape(images)[0]
    hsv = tf.image.rgb_to_hsv(images)
    hue = tf.math.floormod(hsv[..., 0] + _uniform(batch, HUE_SHIFT)[:, None, None], 1.0)
    value = tf.clip_by_value(hsv[..., 2] + _uniform(batch, VALUE_SHIFT)[:, None, None], 0.0, 1.0)
    return tf.image.hsv_to_rgb(tf.stack([hue, hsv[..., 1], value], axis=-1))


def affine_transforms(batch: tf.Tensor, height: int, width: int) -> tf.Tensor:
    """Random output->input maps, [batch, 8] as ImageProjectiveTransformV3 wants.

    Forward: p_out = c + t + s R F (p_in - c); the op needs the inverse, p_in = c + A (p_out - c - t).
    """
    angle = _uniform(batch, math.radians(ROTATE_DEGREES))
    scale = 1.0 + _uniform(batch, SCALE)
    flip = tf.where(tf.random.uniform([batch]) < FLIP_P, -1.0, 1.0)
    tx = _uniform(batch, MOVE) * width
    ty = _uniform(batch, MOVE) * height
    cos, sin = tf.cos(angle) / scale, tf.sin(angle) / scale
    a00, a01, a10, a11 = flip * cos, flip * sin, -sin, cos  # A = F R^T / s
    cx, cy = (width - 1) / 2, (height - 1) / 2
    ox, oy = cx + tx, cy + ty
    b0 = cx - a00 * ox - a01 * oy
    b1 = cy - a10 * ox - a11 * oy
    zeros = tf.zeros_like(angle)
    return tf.stack([a00, a01, b0, a10, a11, b1, zeros, zeros], axis=1)


def warp(images: tf.Tensor, transforms: tf.Tensor) -> tf.Tensor:
    """Bilinear projective warp of a float batch with a zero border."""
    return tf.raw_ops.ImageProjectiveTransformV3(
        images=images, transforms=transforms, output_shape=tf.shape(images)[1:3],
        fill_value=0.0, interpolation="BILINEAR", fill_mode="CONSTANT")


def augment_batch(images: tf.Tensor, alphas: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
    """Colour shift on images, then the same geometric warp on images and alphas (float, [0, 1])."""
    transforms = affine_transforms(tf.shape(images)[0], images.shape[1], images.shape[2])
    both = warp(tf.concat([shift_colour(images), alphas], axis=-1), transforms)
    return both[..., :3], both[..., 3:]
