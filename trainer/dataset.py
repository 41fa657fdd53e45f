"""The endless input pipeline: receiver pairs -> shuffle -> batch -> float -> (augment, off by default) -> prefetch.

No fixed dataset and no cache(): memory is bounded by the receiver queue and the shuffle buffer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np
import tensorflow as tf

from trainer.augment import augment_batch

PairSource = Callable[[], Iterator[tuple[np.ndarray, np.ndarray]]]


def to_float(images: tf.Tensor, alphas: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
    """uint8 pixels to float32 in [0, 1]; the alpha stays soft (not binarised)."""
    return tf.cast(images, tf.float32) / 255.0, tf.cast(alphas, tf.float32) / 255.0


def pair_dataset(source: PairSource, size: int) -> tf.data.Dataset:
    """uint8 (image HxWx3, alpha HxWx1) pairs from a Python generator function."""
    signature = (tf.TensorSpec((size, size, 3), tf.uint8), tf.TensorSpec((size, size, 1), tf.uint8))
    return tf.data.Dataset.from_generator(source, output_signature=signature)


def training_pipeline(pairs: tf.data.Dataset, *, batch_size: int, shuffle_buffer: int, augment: bool,
                      seed: int) -> tf.data.Dataset:
    """Shuffle, batch, convert and (optionally) augment a dataset of uint8 pairs."""
    dataset = pairs
    if shuffle_buffer > 1:
        dataset = dataset.shuffle(shuffle_buffer, seed=seed)
    dataset = dataset.batch(batch_size, drop_remainder=True).map(to_float, num_parallel_calls=tf.data.AUTOTUNE)
    if augment:
        dataset = dataset.map(augment_batch, num_parallel_calls=tf.data.AUTOTUNE)
    return dataset.prefetch(tf.data.AUTOTUNE)
