"""Compositing: the linear-light formula on hand-computed pixels, premultiplied alpha, per-pair params."""

from __future__ import annotations

import msgpack
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.backgrounds import Backgrounds
from generator.colour import linear_to_srgb8
from generator.composite import composite, draw_pair, make_pair
from generator.photometric import PhotometricRanges

IDENTITY = {"dx": 0.0, "dy": 0.0, "scale": 1.0, "flip": False}
NO_NOISE = {"blur_sigma": None, "noise": None, "jpeg_quality": None}


def _flat_render(rgb_premultiplied: tuple[float, float, float], alpha: float, size: int = 4) -> np.ndarray:
    return np.broadcast_to(np.float32([*rgb_premultiplied, alpha]), (size, size, 4)).copy()


def _flat_background(rgb: tuple[int, int, int], size: int = 4) -> np.ndarray:
    return np.broadcast_to(np.uint8(rgb), (size, size, 3)).copy()


@pytest.fixture(scope="module")
def backgrounds() -> Backgrounds:
    return Backgrounds(None, 64)


def test_transparent_render_leaves_the_background_exactly() -> None:
    background = np.random.default_rng(0).integers(0, 256, (4, 4, 3), dtype=np.uint8)
    assert np.array_equal(composite(_flat_render((0, 0, 0), 0.0), background), background)


def test_opaque_render_hides_the_background() -> None:
    # linear 0.5 -> sRGB 1.055 * 0.5 ** (1 / 2.4) - 0.055 = 0.73536 -> 187.52 -> 188; linear 1.0 -> 255
    for background in [(0, 0, 0), (255, 255, 255), (10, 200, 30)]:
        out = composite(_flat_render((0.5, 1.0, 0.0), 1.0), _flat_background(background))
        assert out[0, 0].tolist() == [188, 255, 0]


def test_half_transparent_red_over_blue_blends_in_linear_light() -> None:
    # premultiplied red at a = 0.5 is (0.5, 0, 0); blue background is linear (0, 0, 1):
    # out = (0.5, 0, 0) + 0.5 * (0, 0, 1) = (0.5, 0, 0.5) -> sRGB (188, 0, 188) (a gamma-space mix gives 128)
    out = composite(_flat_render((0.5, 0.0, 0.0), 0.5), _flat_background((0, 0, 255)))
    assert out[0, 0].tolist() == [188, 0, 188]


def test_half_transparent_grey_over_mid_grey() -> None:
    # background 128 -> linear ((128/255 + 0.055) / 1.055) ** 2.4 = 0.215861;
    # out = 0.1 + 0.5 * 0.215861 = 0.207930 -> 1.055 * 0.207930 ** (1 / 2.4) - 0.055 = 0.49333 -> 125.8 -> 126
    out = composite(_flat_render((0.1, 0.1, 0.1), 0.5), _flat_background((128, 128, 128)))
    assert out[0, 0].tolist() == [126, 126, 126]


def test_colour_is_taken_as_premultiplied_not_straight() -> None:
    # over black, premultiplied (0.5, 0, 0) at a = 0.5 must give linear 0.5 (188); multiplying by alpha again,
    # as if the colour were straight, would give linear 0.25 (137)
    out = composite(_flat_render((0.5, 0.0, 0.0), 0.5), _flat_background((0, 0, 0)))
    assert out[0, 0, 0] == 188


@given(colour=st.tuples(*[st.floats(0, 1)] * 3), alpha=st.floats(0, 1),
       background=st.tuples(*[st.integers(0, 255)] * 3))
def test_composite_lies_between_foreground_and_background(colour: tuple, alpha: float, background: tuple) -> None:
    straight = np.float32(colour)
    out = composite(_flat_render(tuple(straight * alpha), alpha, 1), _flat_background(background, 1))[0, 0]
    foreground = linear_to_srgb8(straight)
    low, high = np.minimum(foreground, background), np.maximum(foreground, background)
    assert np.all(out.astype(int) >= low.astype(int) - 1)
    assert np.all(out.astype(int) <= high.astype(int) + 1)


def test_mismatched_sizes_are_refused() -> None:
    with pytest.raises(ValueError, match="render is 4x4 but the background is 8x8"):
        composite(_flat_render((0, 0, 0), 0.0), _flat_background((0, 0, 0), 8))


def _disc(size: int = 64) -> np.ndarray:
    y, x = np.mgrid[0:size, 0:size]
    alpha = np.clip(12.5 - np.hypot(x - 30, y - 34), 0, 1).astype(np.float32)
    return np.dstack([alpha * 0.6, alpha * 0.3, alpha * 0.1, alpha])


def test_alpha_is_the_render_alpha_whatever_the_background(backgrounds: Backgrounds) -> None:
    rng = np.random.default_rng(3)
    render = _disc()
    results = [make_pair(render, {"background": backgrounds.draw(rng), "placement": IDENTITY,
                                  "photometric": NO_NOISE}, backgrounds) for _ in range(3)]
    expected = np.rint(render[..., 3] * 255).astype(np.uint8)
    assert all(np.array_equal(alpha, expected) for _, alpha in results)
    assert np.count_nonzero((expected > 0) & (expected < 255)) > 0  # soft edge values are kept
    assert not np.array_equal(results[0][0], results[1][0])


def test_make_pair_is_the_formula_over_the_drawn_background(backgrounds: Backgrounds) -> None:
    params = {"background": backgrounds.draw(np.random.default_rng(5)), "placement": IDENTITY,
              "photometric": NO_NOISE}
    image, _ = make_pair(_disc(), params, backgrounds)
    assert np.array_equal(image, composite(_disc(), backgrounds.render(params["background"])))


def test_pair_params_are_plain_and_reproducible(backgrounds: Backgrounds) -> None:
    params = [draw_pair(np.random.default_rng(9), backgrounds) for _ in range(2)]
    assert params[0] == params[1]
    assert msgpack.unpackb(msgpack.packb(params[0])) == params[0]
    assert set(params[0]) == {"background", "placement", "photometric"}
    first, second = (make_pair(_disc(), p, backgrounds) for p in params)
    assert np.array_equal(first[0], second[0]) and np.array_equal(first[1], second[1])


def test_pairs_from_one_render_differ(backgrounds: Backgrounds) -> None:
    rng = np.random.default_rng(11)
    pairs = [make_pair(_disc(), draw_pair(rng, backgrounds, photometric=PhotometricRanges.off()), backgrounds)
             for _ in range(4)]
    for i in range(4):
        for j in range(i + 1, 4):
            assert not np.array_equal(pairs[i][0], pairs[j][0])
            assert not np.array_equal(pairs[i][1], pairs[j][1])
    image, alpha = pairs[0]
    assert image.shape == (64, 64, 3) and image.dtype == np.uint8
    assert alpha.shape == (64, 64) and alpha.dtype == np.uint8


def test_render_without_alpha_is_refused(backgrounds: Backgrounds) -> None:
    with pytest.raises(ValueError, match="HxWx4"):
        make_pair(np.zeros((64, 64, 3), np.float32), draw_pair(np.random.default_rng(0), backgrounds), backgrounds)
