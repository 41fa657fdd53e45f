"""The synthetic set: rendered by a real `python -m generator` subprocess into a loopback socket."""

from __future__ import annotations

import numpy as np

from evaluate.synthetic import NAME, render_pairs, render_set


def test_same_seed_renders_the_same_set_whatever_the_training_generators_are_told(monkeypatch) -> None:
    rendered = render_pairs(5, seed=3, size=64)
    # one pair per render: five scenes, not five composites of one or two
    assert sorted(seq for seq, _ in rendered) == [0, 1, 2, 3, 4]
    # .env settings meant for the training generators (here: keys for a remote trainer, fewer samples)
    monkeypatch.setenv("GENERATOR_CURVE_KEYS", "/no/such/keys")
    monkeypatch.setenv("GENERATOR_SAMPLES", "1")
    monkeypatch.setenv("GENERATOR_COMPOSITES_PER_RENDER", "6")
    again = render_set(5, seed=3, size=64)
    assert again.name == NAME and again.stems == [f"seed3-{seq:04d}" for seq in range(5)]
    assert again.images.shape == (5, 64, 64, 3) and again.alphas.shape == (5, 64, 64)
    assert 0 < again.alphas.mean() < 1  # something in front of a background
    np.testing.assert_array_equal(again.images, np.stack([pair.image for _, pair in rendered]) / np.float32(255))
    np.testing.assert_array_equal(again.alphas, np.stack([pair.alpha for _, pair in rendered]) / np.float32(255))
