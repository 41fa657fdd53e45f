"""Training augmentations as batched tf ops: the seed's hue/value shift, a horizontal flip and a small rotation.

Placement (move, scale) is the generator's: it frames every pair itself, so repeating it here would only
shift the training distribution away from the photos'. The rotation is warped with a reflected border, applied
to image and alpha alike: the seed's black (zero) border put wedges into most images that no photo has.
"""

from __future__ import annotations

import math

import tensorflow as tf

HUE_SHIFT = 50 / 180  # the seed's OpenCV units: +-50 on a 0-180 hue circle
VALUE_SHIFT = 15 / 255  # +-15 on a 0-255 value scale
ROTATE_DEGREES = 10.0  # the seed's 20 reflects a fifth of a corner; photos are mostly upright
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


def flip_rotate_transforms(batch: tf.Tensor, height: int, width: int) -> tf.Tensor:
    """Random output->input maps about the centre c, [batch, 8] as ImageProjectiveTransformV3 wants.

    Forward: p_out = c + R F (p_in - c); the op needs the inverse, p_in = c + A (p_out - c) with A = F R^T.
    """
    angle = _uniform(batch, math.radians(ROTATE_DEGREES))
    flip = tf.where(tf.random.uniform([batch]) < FLIP_P, -1.0, 1.0)
    cos, sin = tf.cos(angle), tf.sin(angle)
    a00, a01, a10, a11 = flip * cos, flip * sin, -sin, cos
    cx, cy = (width - 1) / 2, (height - 1) / 2
    b0 = cx - a00 * cx - a01 * cy
    b1 = cy - a10 * cx - a11 * cy
    zeros = tf.zeros_like(angle)
    return tf.stack([a00, a01, b0, a10, a11, b1, zeros, zeros], axis=1)


def warp(images: tf.Tensor, transforms: tf.Tensor) -> tf.Tensor:
    """Bilinear projective warp of a float batch; what falls outside is filled by reflecting the image."""
    return tf.raw_ops.ImageProjectiveTransformV3(
        images=images, transforms=transforms, output_shape=tf.shape(images)[1:3],
        fill_value=0.0, interpolation="BILINEAR", fill_mode="REFLECT")


def augment_batch(images: tf.Tensor, alphas: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
    """Colour shift on images, then the same flip and rotation on images and alphas (float, [0, 1])."""
    transforms = flip_rotate_transforms(tf.shape(images)[0], images.shape[1], images.shape[2])
    both = warp(tf.concat([shift_colour(images), alphas], axis=-1), transforms)
    return both[..., :3], both[..., 3:]
