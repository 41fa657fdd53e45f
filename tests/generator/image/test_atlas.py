"""The photo atlas: real panoramas as reflectances, tiled into one image."""

from __future__ import annotations

import numpy as np
import pytest

from generator.image.atlas import BAND, MEDIAN_REFLECTANCE, WHITE, photo_atlas, reflectance
from generator.image.colour import LUMA
from generator.scene.world import load_panorama, panorama_paths


def test_reflectance_keeps_order_and_never_reaches_white() -> None:
    radiance = np.random.default_rng(0).lognormal(0.0, 2.0, (32, 32, 3)).astype(np.float32)
    out = reflectance(radiance)
    assert out.min() >= 0.0 and out.max() < WHITE
    flat = radiance.reshape(-1)
    assert np.all(np.diff(out.reshape(-1)[np.argsort(flat)]) >= 0)  # brighter light, brighter surface


def test_reflectance_does_not_depend_on_the_exposure() -> None:
    radiance = np.random.default_rng(1).lognormal(0.0, 1.0, (16, 16, 3)).astype(np.float32)
    assert np.allclose(reflectance(radiance), reflectance(radiance * 50.0), atol=1e-5)
    median = np.median(radiance @ LUMA)
    assert reflectance(np.full((1, 1, 3), median, np.float32))[0, 0, 0] == pytest.approx(MEDIAN_REFLECTANCE)


def test_tiles_fill_a_near_square_grid_with_no_blank_tile() -> None:
    rng = np.random.default_rng(2)
    panoramas = [rng.uniform(0.1, 2.0, (100, 200, 3)).astype(np.float32) for _ in range(5)]
    atlas = photo_atlas(panoramas)
    band = round(BAND[1] * 100) - round(BAND[0] * 100)
    assert atlas.dtype == np.float32 and atlas.shape[2] == 3
    assert atlas.shape[0] % band == 0 and atlas.shape[1] % 200 == 0
    assert 0.5 <= atlas.shape[0] / atlas.shape[1] <= 2.0
    tiles = atlas.reshape(atlas.shape[0] // band, band, atlas.shape[1] // 200, 200, 3)
    assert tiles.std(axis=(1, 3)).min() > 0.01  # every tile holds a photo, none is empty


def test_no_panoramas_give_a_grey_pixel() -> None:
    assert photo_atlas([]).shape == (1, 1, 3)


@pytest.mark.skipif(not panorama_paths(), reason="the bpy wheel and its panoramas are not installed")
def test_the_panoramas_give_a_textured_atlas_of_plausible_reflectances() -> None:
    atlas = photo_atlas([load_panorama(name) for name in panorama_paths()])
    luma = atlas @ LUMA
    assert 0.15 < np.median(luma) < 0.45 and luma.std() > 0.05
    assert np.abs(np.diff(luma, axis=1)).mean() > 0.005  # detail, not a smooth gradient
