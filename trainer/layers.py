"""Keras' Conv2D and BatchNormalization, computed with the TensorFlow kernels that are fast on a CPU.

They compute what their Keras parents compute (tests/trainer/test_layers.py compares them) and save as their own
class names, registered here: `trainer.checkpoints.load_model` imports this module. Measured on the training step
of the default UNet (batch 32, float32, two cores of an AMD EPYC with oneDNN capped to AVX2): both together raise it
by a quarter (docs/experiments.md, *A faster training step*).
- A dilated Conv2D in Keras goes through `tf.nn.convolution`, which runs a dilated convolution as space-to-batch,
  a convolution of many tiny images and batch-to-space: at the UNet's 8x8 centre with rate 4, twice the time of
  `tf.nn.conv2d` with its `dilations` argument, which oneDNN computes directly.
- Keras' BatchNormalization computes the batch moments and the normalisation as separate element-wise ops, each a
  pass over the activations and another in the gradient; TensorFlow's fused kernel does each in one.
"""

from __future__ import annotations

import keras
import tensorflow as tf
from keras import layers

PACKAGE = "trainer"


@keras.saving.register_keras_serializable(package=PACKAGE)
class Conv2D(layers.Conv2D):
    """Keras' Conv2D; dilated, it calls TensorFlow's convolution with its dilations instead of space-to-batch."""

    def convolution_op(self, inputs, kernel):
        if self.dilation_rate == (1, 1) or self.groups != 1 or self.data_format != "channels_last":
            return super().convolution_op(inputs, kernel)
        return tf.nn.conv2d(inputs, kernel, strides=[1, *self.strides, 1], padding=self.padding.upper(),
                            dilations=[1, *self.dilation_rate, 1])


def across_replicas(value: tf.Tensor) -> tf.Tensor:
    """The mean of `value` over the replicas of a multi-replica step; `value` itself on one device."""
    context = tf.distribute.get_replica_context()
    if context is None or context.num_replicas_in_sync == 1:
        return value
    return context.all_reduce(tf.distribute.ReduceOp.MEAN, value)


@keras.saving.register_keras_serializable(package=PACKAGE)
class BatchNormalization(layers.BatchNormalization):
    """Keras' BatchNormalization over the last axis; in training, TensorFlow's fused kernel computes the batch
    moments and the normalisation, and the moving statistics follow Keras' rule with the batch's population
    variance, as Keras' own layer does. With several replicas (`trainer.distribution`) each normalises by its own
    share of the batch, and the moving statistics follow the replicas' mean, so that every replica keeps the same
    (Keras' own layer lets each replica's drift apart)."""

    def call(self, inputs, training=None, mask=None):
        fused = len(inputs.shape) == 4 and self.axis in (-1, 3) and mask is None and not self.renorm
        if not (training and self.trainable and fused):
            return super().call(inputs, training=training, mask=mask)
        # in float32 whatever the policy computes in, as Keras' layer does (low precision overflows here)
        x = tf.cast(inputs, tf.float32)
        ones, zeros = tf.ones_like(self.moving_mean), tf.zeros_like(self.moving_mean)
        y, mean, sample_variance = tf.compat.v1.nn.fused_batch_norm(
            x, self.gamma if self.scale else ones, self.beta if self.center else zeros, epsilon=self.epsilon,
            data_format="NHWC", is_training=True)
        count = tf.cast(tf.reduce_prod(tf.shape(x)[:-1]), tf.float32)
        variance = sample_variance * (count - 1.0) / count  # the kernel returns Bessel's estimate
        mean, variance = across_replicas(mean), across_replicas(variance)
        self.moving_mean.assign(self.moving_mean * self.momentum + mean * (1.0 - self.momentum))
        self.moving_variance.assign(self.moving_variance * self.momentum + variance * (1.0 - self.momentum))
        return tf.cast(y, self.compute_dtype)
