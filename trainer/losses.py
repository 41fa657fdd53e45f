"""Loss and metrics on soft alpha targets in [0, 1]: BCE + (1 - Dice) as in the seed, Dice, IoU, MAE.

Registered as Keras serializables so a full `load_model` (optimizer included) restores a run.
"""

from __future__ import annotations

import keras
from keras import ops

DICE_SMOOTH = 1.0  # the seed's
IOU_THRESHOLD = 0.5
PACKAGE = "trainer"


@keras.saving.register_keras_serializable(package=PACKAGE)
def dice(y_true, y_pred):
    """Soft Dice coefficient of each image, smoothed so empty masks score 1."""
    axes = (1, 2, 3)
    overlap = ops.sum(y_true * y_pred, axis=axes)
    total = ops.sum(y_true, axis=axes) + ops.sum(y_pred, axis=axes)
    return (2.0 * overlap + DICE_SMOOTH) / (total + DICE_SMOOTH)


@keras.saving.register_keras_serializable(package=PACKAGE)
def bce_dice_loss(y_true, y_pred):
    """Binary cross-entropy plus (1 - Dice), per image."""
    bce = ops.mean(keras.losses.binary_crossentropy(y_true, y_pred), axis=(1, 2))
    return bce + 1.0 - dice(y_true, y_pred)


@keras.saving.register_keras_serializable(package=PACKAGE)
def iou(y_true, y_pred):
    """Intersection over union of both masks cut at 0.5; two empty masks score 1."""
    true = ops.cast(y_true >= IOU_THRESHOLD, "float32")
    pred = ops.cast(y_pred >= IOU_THRESHOLD, "float32")
    axes = (1, 2, 3)
    inter = ops.sum(true * pred, axis=axes)
    union = ops.sum(ops.maximum(true, pred), axis=axes)
    return ops.where(union > 0, inter / ops.maximum(union, 1.0), 1.0)


@keras.saving.register_keras_serializable(package=PACKAGE)
def alpha_mae(y_true, y_pred):
    """Mean absolute alpha error per image."""
    return ops.mean(ops.abs(y_true - y_pred), axis=(1, 2, 3))


METRICS = [dice, iou, alpha_mae]


def compile_model(model: keras.Model, lr: float) -> None:
    """RMSprop with the seed's loss and the project's metrics."""
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=lr), loss=bce_dice_loss, metrics=METRICS)
