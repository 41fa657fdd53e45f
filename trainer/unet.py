"""The seed UNet (see NOTES.md) with its base width as a parameter."""

from __future__ import annotations

import keras
from keras import layers

LEVELS = 3  # encoder/decoder depth: widths w, 2w, 4w, centre 8w
ENCODER_CONVS = 2
DECODER_CONVS = 3


def _conv_block(x: keras.KerasTensor, filters: int, count: int, name: str) -> keras.KerasTensor:
    """`count` x (Conv 3x3 same, with bias + BatchNorm + ReLU)."""
    for i in range(count):
        x = layers.Conv2D(filters, 3, padding="same", name=f"{name}_conv{i}")(x)
        x = layers.BatchNormalization(name=f"{name}_bn{i}")(x)
        x = layers.Activation("relu", name=f"{name}_relu{i}")(x)
    return x


def build_unet(width: int, size: int = 64) -> keras.Model:
    """Uncompiled seed UNet: input (size, size, 3) in [0, 1], output (size, size, 1) sigmoid alpha.

    `width` is the first level's filter count (the seed used 128: 34,246,017 parameters). Layers compute in the
    global dtype policy (see `precision.py`), except the sigmoid output: float32 always, and so is the loss.
    """
    if width < 1 or size % (2**LEVELS):
        raise ValueError(f"need width >= 1 and size divisible by {2**LEVELS}, got width={width} size={size}")
    inputs = keras.Input((size, size, 3), name="image")
    x = inputs
    skips = []
    for level in range(LEVELS):
        x = _conv_block(x, width * 2**level, ENCODER_CONVS, f"down{level}")
        skips.append(x)
        x = layers.MaxPooling2D(2, name=f"down{level}_pool")(x)
    x = _conv_block(x, width * 2**LEVELS, ENCODER_CONVS, "centre")
    for level in reversed(range(LEVELS)):
        x = layers.UpSampling2D(2, name=f"up{level}_upsample")(x)
        x = layers.Concatenate(name=f"up{level}_concat")([skips[level], x])
        x = _conv_block(x, width * 2**level, DECODER_CONVS, f"up{level}")
    outputs = layers.Conv2D(1, 1, activation="sigmoid", dtype="float32", name="alpha")(x)
    return keras.Model(inputs, outputs, name=f"unet_w{width}")
