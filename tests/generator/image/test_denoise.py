"""Denoising the render: grain on a flat surface falls, nothing spreads past the silhouette, alphas stay."""

from __future__ import annotations

import numpy as np

from generator.image.denoise import denoise


def test_grain_falls_and_the_silhouette_holds() -> None:
    rng = np.random.default_rng(0)
    render = np.zeros((48, 48, 5), np.float32)
    render[8:40, 8:40, :3] = 0.5 * rng.gamma(2.0, 0.5, size=(32, 32, 3))  # a flat grey surface, sampled noisily
    render[8:40, 8:40, 3:] = 1.0
    clean = denoise(render, 1.0)
    inner = (slice(12, 36), slice(12, 36))
    assert clean[inner][..., :3].std() < 0.5 * render[inner][..., :3].std()
    assert abs(clean[inner][..., :3].mean() - render[inner][..., :3].mean()) < 0.02  # no loss of light
    np.testing.assert_array_equal(clean[..., 3:], render[..., 3:])
    assert not clean[render[..., 3] == 0][:, :3].any()  # premultiplied colour stays inside the alpha
    assert denoise(render, 0.0) is render
