"""Losses and metrics on soft alpha targets in [0, 1].

Three losses, chosen by name (`--loss`): `bce_l1`, binary cross-entropy plus the mean absolute alpha error, both
lowest exactly where the prediction equals the target, soft (hair, blur, glass) or hard; `bce_l1_dice`, the
default, the same plus (1 - soft Dice) over the solid pixels only (alpha exactly 0 or 1), so that the whole
subject's overlap counts as one figure while soft pixels are left to BCE and L1 (an empty target has no Dice
term); and `seed`, the seed's BCE + (1 - soft Dice) over every pixel. Soft Dice is not lowest at a soft target: it
rewards pushing every pixel towards 0 or 1 (a pixel of alpha 0.3 is pulled to about 0.1), so the seed's loss
learns harder mattes. The product cuts out photos, so the default is soft-correct; at equal steps it masks real
photos within a seed's noise of the seed's loss, with lower SAD (docs/experiments.md, *Soft mattes by default*).

Everything is registered as a Keras serializable, so `load_model` restores a run (optimizer and loss included)
whichever loss it trained with, checkpoints from before `bce_l1` existed too.
"""

from __future__ import annotations

import keras
from keras import ops

DICE_SMOOTH = 1.0  # the seed's
IOU_THRESHOLD = 0.5
PACKAGE = "trainer"
IMAGE_AXES = (1, 2, 3)


@keras.saving.register_keras_serializable(package=PACKAGE)
def dice(y_true, y_pred):
    """Soft Dice coefficient of each image, smoothed so empty masks score 1."""
    overlap = ops.sum(y_true * y_pred, axis=IMAGE_AXES)
    total = ops.sum(y_true, axis=IMAGE_AXES) + ops.sum(y_pred, axis=IMAGE_AXES)
    return (2.0 * overlap + DICE_SMOOTH) / (total + DICE_SMOOTH)


@keras.saving.register_keras_serializable(package=PACKAGE)
def solid_dice(y_true, y_pred):
    """Soft Dice of each image over its solid pixels (alpha exactly 0 or 1); soft pixels do not count."""
    solid = ops.cast(ops.logical_or(ops.equal(y_true, 0.0), ops.equal(y_true, 1.0)), y_pred.dtype)
    return dice(y_true * solid, y_pred * solid)


def _bce(y_true, y_pred):
    """Binary cross-entropy per image (Keras clips the prediction away from 0 and 1)."""
    return ops.mean(keras.losses.binary_crossentropy(y_true, y_pred), axis=(1, 2))


@keras.saving.register_keras_serializable(package=PACKAGE)
def bce_dice_loss(y_true, y_pred):
    """The seed's loss: binary cross-entropy plus (1 - Dice), per image."""
    return _bce(y_true, y_pred) + 1.0 - dice(y_true, y_pred)


@keras.saving.register_keras_serializable(package=PACKAGE)
def bce_l1_loss(y_true, y_pred):
    """Binary cross-entropy plus mean absolute alpha error, per image: both are lowest at y_pred = y_true for
    every target in [0, 1]; the L1 term keeps pulling where BCE's gradient is small (confident wrong pixels are
    BCE's, slightly-off soft pixels are L1's)."""
    return _bce(y_true, y_pred) + alpha_mae(y_true, y_pred)


@keras.saving.register_keras_serializable(package=PACKAGE)
def bce_l1_dice_loss(y_true, y_pred):
    """`bce_l1_loss` plus (1 - Dice over the solid pixels): still lowest at y_pred = y_true (Dice is 1 there and
    never above), with Dice's pull on the whole region where the subject is certain.

    An empty target (your object not in view) has no Dice term: smoothed Dice there is 1 / (predicted area + 1),
    which charges the first faint pixel as much as missing a whole subject, and so taught target runs to mark
    nothing where unsure (the driller's real `wide` crops: 13 % empty masks). BCE and L1 still teach "not here"
    (docs/experiments.md, *No Dice on an empty target*)."""
    present = ops.cast(ops.max(y_true, axis=IMAGE_AXES) > 0.0, y_pred.dtype)
    return bce_l1_loss(y_true, y_pred) + present * (1.0 - solid_dice(y_true, y_pred))


@keras.saving.register_keras_serializable(package=PACKAGE)
def iou(y_true, y_pred):
    """Intersection over union of both masks cut at 0.5; two empty masks score 1."""
    true = ops.cast(y_true >= IOU_THRESHOLD, "float32")
    pred = ops.cast(y_pred >= IOU_THRESHOLD, "float32")
    inter = ops.sum(true * pred, axis=IMAGE_AXES)
    union = ops.sum(ops.maximum(true, pred), axis=IMAGE_AXES)
    return ops.where(union > 0, inter / ops.maximum(union, 1.0), 1.0)


@keras.saving.register_keras_serializable(package=PACKAGE)
def alpha_mae(y_true, y_pred):
    """Mean absolute alpha error per image."""
    return ops.mean(ops.abs(y_true - y_pred), axis=IMAGE_AXES)


LOSSES = {"bce_l1": bce_l1_loss, "bce_l1_dice": bce_l1_dice_loss, "seed": bce_dice_loss}
METRICS = [dice, iou, alpha_mae]
