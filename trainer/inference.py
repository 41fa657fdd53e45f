"""A checkpoint's model rebuilt for use on photos: float32 whatever precision it trained in, any input size; and
its alpha of photos, averaged with its alpha of their mirror images.

The checkpoint's own layers are cloned (not `build_unet` again), so a checkpoint keeps working after the
architecture in `unet.py` moves on.
"""

from __future__ import annotations

import keras
import numpy as np

FLOAT32 = "float32"


def _float32_layer(layer: keras.layers.Layer) -> keras.layers.Layer:
    """A fresh copy of `layer` computing in float32 (a mixed policy's layers compute in bfloat16 or float16)."""
    return layer.__class__.from_config({**layer.get_config(), "dtype": FLOAT32})


def float32_model(model: keras.Model, height: int | None = None, width: int | None = None) -> keras.Model:
    """`model` with input (batch, height, width, channels) (None: any size) and float32 weights and arithmetic.

    A fully convolutional model's weights do not depend on its input size, so they are copied as they are, cast to
    float32 (a mixed policy keeps them in float32 already; a pure low-precision one would not).
    """
    channels = model.input_shape[-1]
    inputs = keras.Input((height, width, channels), name=model.inputs[0].name, dtype=FLOAT32)
    twin = keras.models.clone_model(model, input_tensors=inputs, clone_function=_float32_layer)
    twin.set_weights([np.asarray(weight, np.float32) for weight in model.get_weights()])
    return twin


def mirrored_alpha(model: keras.Model, images: np.ndarray) -> np.ndarray:
    """Alpha (N, H, W) of RGB images (N, H, W, 3): the mean of the model's alpha and its alpha of the images
    mirrored left to right, mirrored back.

    The stream mirrors nothing, so the two differ; their mean is steadier: on ecssd-dev it was above the plain
    alpha's IoU at all 20 checkpoints of four 30-minute runs, by 0.001 to 0.017, on portraits-dev within 0.004
    either way (docs/experiments.md, *Weight averaging and mirrored predictions*).
    """
    alpha = np.asarray(model(images, training=False), np.float32)[..., 0]
    mirrored = np.asarray(model(images[:, :, ::-1], training=False), np.float32)[..., 0]
    return (alpha + mirrored[:, :, ::-1]) / 2
