"""Framing draws: crops inside the render, subjects enlarged by small crops, left at the bottom by some."""

from __future__ import annotations

import msgpack
import numpy as np
import pytest

from generator.image.framing import FramingRanges, crop, crop_box, draw_framing


def test_crops_stay_inside_the_render_and_are_plain() -> None:
    rng = np.random.default_rng(0)
    for _ in range(500):
        framing = draw_framing(rng)
        assert msgpack.unpackb(msgpack.packb(framing)) == framing
        x, y, width, height = crop_box(framing, 96)
        assert x >= 0 and x + width <= 96 and y >= 0 and y + height <= 96
        assert crop(np.zeros((96, 96)), (x, y, width, height)).shape == (height, width)


def test_aspects_and_sides_follow_their_ranges() -> None:
    rng = np.random.default_rng(1)
    draws = [draw_framing(rng, FramingRanges(crop=(0.5, 0.8), aspect=(0.67, 1.5))) for _ in range(500)]
    aspects = np.array([d["size"][0] / d["size"][1] for d in draws])
    assert aspects.min() == pytest.approx(0.67, abs=0.05) and aspects.max() == pytest.approx(1.5, abs=0.1)
    assert (np.sqrt([d["size"][0] * d["size"][1] for d in draws]) <= 0.8 + 1e-6).all()


def test_bottom_framings_put_the_subject_low_in_the_crop() -> None:
    rng = np.random.default_rng(2)
    always = FramingRanges(crop=(0.5, 0.5), aspect=(1.0, 1.0), bottom_probability=1.0, offset=0.0)
    never = FramingRanges(crop=(0.5, 0.5), aspect=(1.0, 1.0), bottom_probability=0.0, offset=0.0)
    # the subject sits at the render's centre, 0.5: its height within the crop, 0 top to 1 bottom
    low = [(0.5 - d["y"]) / d["size"][1] for d in (draw_framing(rng, always) for _ in range(100))]
    centred = [(0.5 - d["y"]) / d["size"][1] for d in (draw_framing(rng, never) for _ in range(100))]
    assert min(low) > 0.55 and centred == pytest.approx([0.5] * 100)


def test_a_portrait_is_cropped_by_its_own_range_and_keeps_the_face() -> None:
    rng = np.random.default_rng(3)
    ranges = FramingRanges(crop=(0.3, 0.5), portrait_crop=(0.8, 1.0), aspect=(1.0, 1.0),
                           portrait_aspect=(1.0, 1.0))
    portraits = [draw_framing(rng, ranges, portrait=True)["size"][0] for _ in range(200)]
    others = [draw_framing(rng, ranges)["size"][0] for _ in range(200)]
    assert min(portraits) >= 0.8 - 1e-9 and max(others) <= 0.5 + 1e-9


def test_a_portrait_is_upright_and_other_crops_take_either_turn() -> None:
    rng = np.random.default_rng(4)
    ranges = FramingRanges(crop=(0.6, 0.6), portrait_crop=(0.6, 0.6), aspect=(0.67, 1.5), portrait_aspect=(0.56, 1.0))

    def aspects(portrait: bool) -> np.ndarray:
        draws = [draw_framing(rng, ranges, portrait) for _ in range(300)]
        return np.array([d["size"][0] / d["size"][1] for d in draws])

    upright, others = aspects(True), aspects(False)
    assert upright.max() <= 1.0 + 1e-9 and upright.min() == pytest.approx(0.56, abs=0.03)
    assert np.exp(np.log(upright).mean()) == pytest.approx(0.75, abs=0.03)
    assert (others > 1.0).mean() == pytest.approx(0.5, abs=0.1)


def test_a_crop_past_the_render_shrinks_and_keeps_its_aspect() -> None:
    ranges = FramingRanges(crop=(1.0, 1.0), portrait_crop=(1.0, 1.0), portrait_aspect=(0.56, 0.56))
    width, height = draw_framing(np.random.default_rng(0), ranges, portrait=True)["size"]
    assert height == pytest.approx(1.0) and width / height == pytest.approx(0.56)
