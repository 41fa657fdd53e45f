"""Placement: move, scale and flip of the premultiplied render, colour and alpha together."""

from __future__ import annotations

import numpy as np

from generator.placement import PlacementRanges, draw_placement, place

IDENTITY = {"dx": 0.0, "dy": 0.0, "scale": 1.0, "flip": False}


def _render(size: int = 64, seed: int = 0) -> np.ndarray:
    """An asymmetric soft blob, premultiplied, with colour varying across it."""
    y, x = np.mgrid[0:size, 0:size].astype(np.float32)
    alpha = np.clip(10.5 - np.hypot((x - 24) / 1.5, y - 36), 0, 1)
    colour = np.random.default_rng(seed).random((size, size, 3), dtype=np.float32)
    return np.dstack([colour * alpha[..., None], alpha]).astype(np.float32)


def test_identity_leaves_the_render_exactly() -> None:
    render = _render()
    assert np.array_equal(place(render, IDENTITY), render)


def test_flip_mirrors_exactly() -> None:
    render = _render()
    assert np.array_equal(place(render, {**IDENTITY, "flip": True}), render[:, ::-1])


def test_move_shifts_and_leaves_transparent_border() -> None:
    render = _render()
    moved = place(render, {**IDENTITY, "dx": 0.125, "dy": -0.0625})  # 8 px right, 4 px up on 64 px
    assert np.array_equal(moved[:-4, 8:], render[4:, :-8])
    assert not moved[:, :8].any() and not moved[-4:].any()


def test_scale_grows_the_object_about_the_centre() -> None:
    render = _render()
    area = float(render[..., 3].sum())
    assert float(place(render, {**IDENTITY, "scale": 1.2})[..., 3].sum()) > 1.3 * area
    assert float(place(render, {**IDENTITY, "scale": 0.8})[..., 3].sum()) < 0.7 * area


def test_colour_and_alpha_move_together() -> None:
    render = _render()
    rng = np.random.default_rng(1)
    for _ in range(5):
        placed = place(render, draw_placement(rng))
        # premultiplied colour never exceeds alpha, before or after the warp, and is 0 wherever alpha is 0
        assert np.all(placed[..., :3] <= placed[..., 3:] + 1e-6)
        assert not placed[..., :3][placed[..., 3] == 0].any()


def test_draws_stay_in_their_ranges_and_vary() -> None:
    ranges = PlacementRanges(move=0.05, scale=(0.9, 1.1), flip_probability=0.5)
    rng = np.random.default_rng(2)
    draws = [draw_placement(rng, ranges) for _ in range(200)]
    assert all(abs(d["dx"]) <= 0.05 and abs(d["dy"]) <= 0.05 and 0.9 <= d["scale"] <= 1.1 for d in draws)
    assert {d["flip"] for d in draws} == {True, False}
    assert len({d["dx"] for d in draws}) == 200
    assert all(type(d["dx"]) is float and type(d["flip"]) is bool for d in draws)
