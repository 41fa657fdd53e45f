"""The render layer: the linear-light formula on hand-computed pixels, premultiplied alpha, and the subject's share
of a pixel that also shows clutter."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.image.colour import linear_to_srgb8, srgb8_to_linear
from generator.image.layers import over, subject_share


def _flat_render(rgb_premultiplied: tuple[float, float, float], alpha: float, size: int = 4) -> np.ndarray:
    return np.broadcast_to(np.float32([*rgb_premultiplied, alpha]), (size, size, 4)).copy()


def _linear(rgb: tuple[int, int, int], size: int = 4) -> np.ndarray:
    return srgb8_to_linear(np.broadcast_to(np.uint8(rgb), (size, size, 3)).copy())


def test_transparent_layer_leaves_the_background_exactly() -> None:
    background = srgb8_to_linear(np.random.default_rng(0).integers(0, 256, (4, 4, 3), dtype=np.uint8))
    assert np.array_equal(over(_flat_render((0, 0, 0), 0.0), background), background)


def test_opaque_layer_hides_the_background() -> None:
    for background in [(0, 0, 0), (255, 255, 255), (10, 200, 30)]:
        out = over(_flat_render((0.5, 1.0, 0.0), 1.0), _linear(background))
        assert np.allclose(out[0, 0], [0.5, 1.0, 0.0])


def test_half_transparent_red_over_blue_blends_in_linear_light() -> None:
    # premultiplied red at a = 0.5 is (0.5, 0, 0); blue background is linear (0, 0, 1):
    # out = (0.5, 0, 0) + 0.5 * (0, 0, 1) = (0.5, 0, 0.5) -> sRGB (188, 0, 188) (a gamma-space mix gives 128)
    out = linear_to_srgb8(over(_flat_render((0.5, 0.0, 0.0), 0.5), _linear((0, 0, 255))))
    assert out[0, 0].tolist() == [188, 0, 188]


def test_colour_is_taken_as_premultiplied_not_straight() -> None:
    # over black, premultiplied (0.5, 0, 0) at a = 0.5 must give linear 0.5; multiplying by alpha again, as if the
    # colour were straight, would give 0.25
    assert over(_flat_render((0.5, 0.0, 0.0), 0.5), _linear((0, 0, 0)))[0, 0, 0] == pytest.approx(0.5)


@given(colour=st.tuples(*[st.floats(0, 1)] * 3), alpha=st.floats(0, 1),
       background=st.tuples(*[st.integers(0, 255)] * 3))
def test_composite_lies_between_foreground_and_background(colour: tuple, alpha: float, background: tuple) -> None:
    straight = np.float32(colour)
    out = over(_flat_render(tuple(straight * alpha), alpha, 1), _linear(background, 1))[0, 0]
    low, high = np.minimum(straight, _linear(background, 1)[0, 0]), np.maximum(straight, _linear(background, 1)[0, 0])
    assert np.all(out >= low - 1e-6) and np.all(out <= high + 1e-6)


def test_mismatched_sizes_are_refused() -> None:
    with pytest.raises(ValueError, match="layer is 4x4 but the background is 8x8"):
        over(_flat_render((0, 0, 0), 0.0), _linear((0, 0, 0), 8))


def test_the_subject_share_is_its_coverage_over_all_that_was_rendered() -> None:
    # a pixel half subject, a quarter clutter (alpha 0.75); one of clutter alone; one with nothing rendered
    layer = np.float32([[[0.3, 0.3, 0.3, 0.75, 0.5], [0.2, 0.2, 0.2, 0.4, 0.0], [0.0, 0.0, 0.0, 0.0, 0.0]]])
    assert subject_share(layer)[0].tolist() == pytest.approx([2 / 3, 0.0, 0.0])


def test_a_layer_without_a_coverage_channel_is_the_subject_alone() -> None:
    layer = _flat_render((0.2, 0.1, 0.0), 0.4)
    assert np.allclose(subject_share(layer), 1.0)


def test_a_layer_over_a_premultiplied_layer_is_premultiplied_rgba() -> None:
    # a half-transparent red over a half-transparent blue: alpha 0.5 + 0.5 * 0.5, colour (0.5, 0, 0.25)
    out = over(_flat_render((0.5, 0.0, 0.0), 0.5), _flat_render((0.0, 0.0, 0.5), 0.5))
    assert out.shape == (4, 4, 4) and np.allclose(out[0, 0], [0.5, 0.0, 0.25, 0.75])
