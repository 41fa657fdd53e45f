"""The seed UNet (see NOTES.md) with its base width as a parameter, and optionally a dilated centre or an image-level
context. Its convolutions and batch normalisations are Keras' own computed by faster kernels (`trainer.layers`)."""

from __future__ import annotations

import keras
from keras import layers

from trainer.layers import BatchNormalization, Conv2D

LEVELS = 3  # encoder/decoder depth: widths w, 2w, 4w, centre 8w
ENCODER_CONVS = 2
DECODER_CONVS = 3
# Rates of the centre's two convolutions when dilated: at 1/8 of the input they widen the receptive field from 108 to
# 172 px (tests/trainer/test_unet.py measures it), wider than a 64 px image, at no cost in parameters
CENTRE_DILATIONS = (2, 4)


def _conv_block(x: keras.KerasTensor, filters: int, count: int, name: str,
                dilations: tuple[int, ...] | None = None) -> keras.KerasTensor:
    """`count` x (Conv 3x3 same, with bias + BatchNorm + ReLU), the i-th dilated by dilations[i] if given."""
    for i in range(count):
        rate = dilations[i] if dilations else 1
        x = Conv2D(filters, 3, padding="same", dilation_rate=rate, name=f"{name}_conv{i}")(x)
        x = BatchNormalization(name=f"{name}_bn{i}")(x)
        x = layers.Activation("relu", name=f"{name}_relu{i}")(x)
    return x


def _image_context(x: keras.KerasTensor, filters: int) -> keras.KerasTensor:
    """x plus a 1x1-convolved average of x over the whole image, added at every position.

    The centre's 3x3 convolutions see only part of the image in practice, while whether a region is subject often
    depends on the whole frame (a shirt that fills the bottom of a portrait).
    """
    pooled = layers.GlobalAveragePooling2D(keepdims=True, name="context_pool")(x)
    pooled = layers.Conv2D(filters, 1, name="context_conv")(pooled)
    pooled = layers.Activation("relu", name="context_relu")(pooled)
    return layers.Add(name="context_add")([x, pooled])


def build_unet(width: int, size: int = 64, context: bool = False, dilated: bool = False) -> keras.Model:
    """Uncompiled seed UNet: input (size, size, 3) in [0, 1], output (size, size, 1) sigmoid alpha.

    `width` is the first level's filter count (the seed used 128: 34,246,017 parameters); `dilated` dilates the
    centre's convolutions (CENTRE_DILATIONS, same parameters); `context` adds an image-level context to the centre
    (see `_image_context`). Layers compute in the global dtype policy (see `precision.py`), except the sigmoid
    output: float32 always, and so is the loss.
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
    x = _conv_block(x, width * 2**LEVELS, ENCODER_CONVS, "centre", CENTRE_DILATIONS if dilated else None)
    if context:
        x = _image_context(x, width * 2**LEVELS)
    for level in reversed(range(LEVELS)):
        x = layers.UpSampling2D(2, name=f"up{level}_upsample")(x)
        x = layers.Concatenate(name=f"up{level}_concat")([skips[level], x])
        x = _conv_block(x, width * 2**level, DECODER_CONVS, f"up{level}")
    outputs = layers.Conv2D(1, 1, activation="sigmoid", dtype="float32", name="alpha")(x)
    return keras.Model(inputs, outputs, name=f"unet_w{width}")


def is_dilated(model: keras.Model) -> bool:
    """Whether a UNet of build_unet has a dilated centre."""
    return tuple(model.get_layer("centre_conv0").dilation_rate) != (1, 1)
