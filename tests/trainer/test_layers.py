"""The UNet's faster layers compute what Keras' own compute: outputs, gradients and moving statistics."""

from __future__ import annotations

import keras
import numpy as np
import pytest
import tensorflow as tf

from trainer import layers, precision


def _outputs_and_gradients(layer: keras.layers.Layer, x: np.ndarray, training: bool) -> tuple[np.ndarray, list]:
    inputs = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(inputs)
        y = layer(inputs, training=training)
        loss = tf.reduce_sum(tf.cast(y, tf.float32) * tf.linspace(-1.0, 1.0, y.shape[-1]))
    grads = tape.gradient(loss, [inputs, *layer.trainable_weights])
    return np.asarray(y, np.float32), [np.asarray(g, np.float32) for g in grads]


@pytest.mark.parametrize("rate", [1, 2, 4])
def test_conv2d_matches_keras_dilated_or_not(rate: int) -> None:
    x = np.random.default_rng(0).normal(size=(2, 8, 8, 5)).astype(np.float32)
    ours = layers.Conv2D(6, 3, padding="same", dilation_rate=rate)
    theirs = keras.layers.Conv2D(6, 3, padding="same", dilation_rate=rate)
    ours.build(x.shape), theirs.build(x.shape)
    theirs.set_weights(ours.get_weights())
    (y, grads), (y_keras, grads_keras) = (_outputs_and_gradients(layer, x, True) for layer in (ours, theirs))
    np.testing.assert_allclose(y, y_keras, rtol=1e-4, atol=1e-4)
    for grad, grad_keras in zip(grads, grads_keras, strict=True):
        np.testing.assert_allclose(grad, grad_keras, rtol=1e-3, atol=1e-3)


@pytest.mark.parametrize("policy", ["float32", "bfloat16"])
def test_batch_normalization_matches_keras_in_training_and_inference(policy: str) -> None:
    rng = np.random.default_rng(1)
    x = (rng.normal(size=(4, 6, 6, 3)) * [1.0, 3.0, 0.2] + [0.5, -2.0, 4.0]).astype(np.float32)
    with precision.global_policy(policy):
        ours, theirs = layers.BatchNormalization(momentum=0.9), keras.layers.BatchNormalization(momentum=0.9)
    ours.build(x.shape), theirs.build(x.shape)
    ours.set_weights([rng.normal(size=3).astype(np.float32) + 1.0, rng.normal(size=3).astype(np.float32),
                      np.zeros(3, np.float32), np.ones(3, np.float32)])
    theirs.set_weights(ours.get_weights())
    tolerance = {"rtol": 2e-2, "atol": 2e-2} if policy == "bfloat16" else {"rtol": 1e-4, "atol": 1e-4}
    for training in (True, True, False):  # two steps move the moving statistics, then inference uses them
        (y, grads), (y_keras, grads_keras) = (_outputs_and_gradients(layer, x, training) for layer in (ours, theirs))
        np.testing.assert_allclose(y, y_keras, **tolerance)
        for grad, grad_keras in zip(grads, grads_keras, strict=True):
            np.testing.assert_allclose(grad, grad_keras, **tolerance)
    for moving, moving_keras in zip(ours.get_weights()[2:], theirs.get_weights()[2:], strict=True):
        np.testing.assert_allclose(moving, moving_keras, rtol=1e-4, atol=1e-5)
    assert not np.allclose(ours.get_weights()[2], 0.0)  # the training calls did move them


def test_they_save_and_load_under_their_own_names(tmp_path) -> None:
    inputs = keras.Input((8, 8, 3))
    outputs = layers.BatchNormalization()(layers.Conv2D(4, 3, padding="same", dilation_rate=2)(inputs))
    model = keras.Model(inputs, outputs)
    model.save(tmp_path / "m.keras")
    again = keras.models.load_model(tmp_path / "m.keras", compile=False)
    assert [type(layer) for layer in again.layers[1:]] == [layers.Conv2D, layers.BatchNormalization]
    x = np.random.default_rng(2).random((2, 8, 8, 3), dtype=np.float32)
    np.testing.assert_allclose(again.predict_on_batch(x), model.predict_on_batch(x), rtol=1e-5, atol=1e-5)
