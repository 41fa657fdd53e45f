"""The render's grain on the backdrop: its law, its reproducibility, and that it stays off the subject."""

from __future__ import annotations

import numpy as np
import pytest

from generator.image.backgrounds import Backgrounds
from generator.image.composite import WORLD, make_pair
from generator.image.grain import REFERENCE_SAMPLES, RENDER_GRAIN, grain_gains, grain_scale
from generator.image.photometric import PhotometricRanges, draw_photometric

PLAIN = draw_photometric(np.random.default_rng(0), PhotometricRanges.off())
WHOLE = {"size": [1.0, 1.0], "x": 0.0, "y": 0.0, "flip": False}


def robust_sd(values: np.ndarray) -> float:
    return float(1.4826 * np.median(np.abs(values - np.median(values))))


def test_grain_falls_as_one_over_the_root_of_the_samples() -> None:
    assert grain_scale(0.2, REFERENCE_SAMPLES) == pytest.approx(0.2)
    assert grain_scale(0.2, 4 * REFERENCE_SAMPLES) == pytest.approx(0.1)


def test_the_render_grain_has_the_measured_law_of_a_4_sample_render() -> None:
    noise = grain_gains(3, 256, grain_scale(RENDER_GRAIN, REFERENCE_SAMPLES)) - 1.0
    # a render's relative error per pixel at 4 samples: robust sd 0.20, 5 and 95 % at -0.56 and +0.54
    assert robust_sd(noise) == pytest.approx(0.21, abs=0.02)
    assert 0.38 < np.percentile(noise, 95) < 0.6 and -0.6 < np.percentile(noise, 5) < -0.38
    assert np.percentile(noise, 95) > 2.5 * np.percentile(noise, 75)  # heavier tails than a Gaussian's 2.4
    channels = noise.reshape(-1, 3).T
    assert np.corrcoef(channels)[0, 1] > 0.5  # mostly brightness, not colour


def test_gains_are_reproducible_non_negative_and_none_when_off() -> None:
    first, again, other = grain_gains(7, 32, 0.5), grain_gains(7, 32, 0.5), grain_gains(8, 32, 0.5)
    assert first.shape == (32, 32, 3) and first.dtype == np.float32 and first.min() >= 0.0
    assert np.array_equal(first, again) and not np.array_equal(first, other)
    assert grain_gains(7, 32, 0.0) is None


def test_the_grain_lands_on_the_backdrop_and_not_on_the_opaque_subject() -> None:
    size = 64
    render = np.zeros((size, size, 4), np.float32)
    render[:, : size // 2] = [0.2, 0.2, 0.2, 1.0]  # an opaque subject on the left half
    world = np.full((size, size, 3), 0.2, np.float32)
    params = {"background": WORLD, "framing": WHOLE, "photometric": PLAIN}
    backgrounds = Backgrounds(None, size)
    clean, _ = make_pair(render, params, backgrounds, world)
    grainy, _ = make_pair(render, params, backgrounds, world, grain_gains(1, size, RENDER_GRAIN))
    assert clean.std() == 0  # flat grey everywhere
    assert grainy[:, : size // 2 - 1].std() == 0  # the exposure may move, the subject stays flat
    assert grainy[:, size // 2 + 1:].astype(float).std() > 5
