"""The synthetic set: rendered by a real `python -m generator` subprocess into a loopback socket."""

from __future__ import annotations

import numpy as np

from evaluate.synthetic import NAME, render_set


def test_same_seed_renders_the_same_set_whatever_the_training_generators_are_told(monkeypatch) -> None:
    first = render_set(5, seed=3, size=64)
    assert first.name == NAME and len(first) == 5
    assert first.images.shape == (5, 64, 64, 3) and first.alphas.shape == (5, 64, 64)
    assert 0 < first.alphas.mean() < 1  # something in front of a background
    # .env settings meant for the training generators (here: keys for a remote trainer, fewer samples)
    monkeypatch.setenv("GENERATOR_CURVE_KEYS", "/no/such/keys")
    monkeypatch.setenv("GENERATOR_SAMPLES", "1")
    again = render_set(5, seed=3, size=64)
    np.testing.assert_array_equal(first.images, again.images)
    np.testing.assert_array_equal(first.alphas, again.alphas)
