"""Compositing: framing crops, per-pair params, the subject kept sharp in a defocused scene, and the world
background cropped like the render."""

from __future__ import annotations

import msgpack
import numpy as np
import pytest

from generator.image.backgrounds import Backgrounds
from generator.image.composite import WORLD, defocus_around_subject, draw_pair, make_pair
from generator.image.layers import over
from generator.image.photometric import PhotometricRanges, blur, draw_photometric

WHOLE = {"size": [1.0, 1.0], "x": 0.0, "y": 0.0, "flip": False}
PLAIN = draw_photometric(np.random.default_rng(0), PhotometricRanges.off())  # fixed exposure, sRGB, nothing else


@pytest.fixture(scope="module")
def backgrounds() -> Backgrounds:
    return Backgrounds(None, 64)


def _disc(size: int = 96, centre: tuple[float, float] = (46, 50), radius: float = 18.0) -> np.ndarray:
    y, x = np.mgrid[0:size, 0:size]
    alpha = np.clip(radius + 0.5 - np.hypot(x - centre[0], y - centre[1]), 0, 1).astype(np.float32)
    return np.dstack([alpha * 0.6, alpha * 0.3, alpha * 0.1, alpha])


def _checkers(size: int = 64) -> np.ndarray:
    y, x = np.mgrid[0:size, 0:size]
    return np.dstack([((x // 4 + y // 4) % 2) * 0.8 + 0.1] * 3).astype(np.float32)


def test_out_of_focus_around_the_subject_blurs_clutter_not_the_subject() -> None:
    subject = _disc(size=64, centre=(40, 32), radius=12.0)
    y, x = np.mgrid[0:64, 0:64]
    clutter = ((x >= 4) & (x < 20) & (y >= 8) & (y < 40)).astype(np.float32)  # a sharp square behind it
    scene_alpha = np.maximum(subject[..., 3], clutter)
    scene = np.dstack([subject[..., :3] + (1 - subject[..., 3:4]) * clutter[..., None] * 0.9, scene_alpha,
                       subject[..., 3]])
    image = over(scene, np.zeros((64, 64, 3), np.float32))
    out = defocus_around_subject(image, scene, 2.0)
    inside = subject[..., 3] == 1.0
    assert np.array_equal(out[inside], image[inside])  # the subject stays sharp
    edge = np.abs(np.diff(out[24, :12, 0])).max()
    assert edge < 0.4 * np.abs(np.diff(image[24, :12, 0])).max()  # the clutter's edge is soft
    # the subject's colour does not bleed outwards: just outside the disc, the surround is black or clutter grey
    assert np.abs(out[32, 54:58] - image[32, 54:58]).max() < 1e-6


def test_without_clutter_the_surround_is_the_blurred_backdrop() -> None:
    render = _disc(size=64, centre=(32, 32), radius=10.0)
    backdrop = _checkers()
    out = defocus_around_subject(over(render, backdrop), render, 1.5)
    expected = over(render, blur(backdrop, 1.5))
    assert np.array_equal(out[render[..., 3] == 1.0], expected[render[..., 3] == 1.0])
    far = np.hypot(*np.mgrid[-31.5:32.5, -31.5:32.5]) > 10 + 5 * 1.5  # past the blur kernel's reach
    assert np.abs(out[far] - expected[far]).max() < 1e-4


def test_the_scene_is_defocused_only_when_drawn(backgrounds: Backgrounds) -> None:
    render = _disc(size=64)
    render = np.dstack([render, render[..., 3]])
    params = {"background": backgrounds.draw(np.random.default_rng(5)), "framing": WHOLE, "photometric": PLAIN}
    sharp, alpha = make_pair(render, params, backgrounds)
    focused = {**PLAIN, "defocus_sigma": 2.0}
    backdrop, _ = make_pair(render, {**params, "photometric": focused}, backgrounds)
    scene, scene_alpha = make_pair(render, {**params, "photometric": {**focused, "defocus_scene": True}}, backgrounds)
    assert np.array_equal(alpha, scene_alpha)
    assert not np.array_equal(sharp, backdrop) and not np.array_equal(backdrop, scene)


def test_alpha_is_the_cropped_render_alpha_whatever_the_background(backgrounds: Backgrounds) -> None:
    rng = np.random.default_rng(3)
    render = _disc(size=64)
    results = [make_pair(render, {"background": backgrounds.draw(rng), "framing": WHOLE, "photometric": PLAIN},
                         backgrounds) for _ in range(3)]
    expected = np.rint(render[..., 3] * 255).astype(np.uint8)
    assert all(np.array_equal(alpha, expected) for _, alpha in results)
    assert np.count_nonzero((expected > 0) & (expected < 255)) > 0  # soft edge values are kept
    assert not np.array_equal(results[0][0], results[1][0])


def test_a_half_crop_doubles_the_subject(backgrounds: Backgrounds) -> None:
    render = _disc(size=128, centre=(63.5, 63.5), radius=16.0)
    framing = {"size": [0.5, 0.5], "x": 0.25, "y": 0.25, "flip": False}
    _, whole = make_pair(render, {"background": backgrounds.draw(np.random.default_rng(1)), "framing": WHOLE,
                                  "photometric": PLAIN}, backgrounds)
    _, half = make_pair(render, {"background": backgrounds.draw(np.random.default_rng(1)), "framing": framing,
                                 "photometric": PLAIN}, backgrounds)
    assert np.count_nonzero(half > 127) == pytest.approx(4 * np.count_nonzero(whole > 127), rel=0.05)
    wide = {"size": [0.75, 0.5], "x": 0.125, "y": 0.25, "flip": False}  # a 3:2 crop squeezed into the square
    _, squeezed = make_pair(render, {"background": backgrounds.draw(np.random.default_rng(1)), "framing": wide,
                                     "photometric": PLAIN}, backgrounds)
    columns, rows = np.nonzero(squeezed > 127)[1], np.nonzero(squeezed > 127)[0]
    assert np.ptp(rows) == pytest.approx(1.5 * np.ptp(columns), rel=0.1)  # the disc comes out 1.5x taller


def test_the_world_background_is_cropped_with_the_render(backgrounds: Backgrounds) -> None:
    size = 128
    ramp = np.broadcast_to(np.linspace(0.0, 1.0, size, dtype=np.float32)[None, :, None], (size, size, 3)).copy()
    empty = np.zeros((size, size, 4), np.float32)
    left = {"size": [0.5, 0.5], "x": 0.0, "y": 0.25, "flip": False}
    right = {**left, "x": 0.5}
    images = [make_pair(empty, {"background": WORLD, "framing": framing, "photometric": PLAIN}, backgrounds, ramp)[0]
              for framing in (left, right)]
    # exposure evens out the means, but the left crop spans the ramp from black, the right one from half-way
    left_ratio, right_ratio = (image[:, 0].mean() / image[:, -1].mean() for image in images)
    assert left_ratio < 0.3 < 0.6 < right_ratio
    with pytest.raises(ValueError, match="panorama view"):
        make_pair(empty, {"background": WORLD, "framing": left, "photometric": PLAIN}, backgrounds)


def test_pair_params_are_plain_and_reproducible(backgrounds: Backgrounds) -> None:
    params = [draw_pair(np.random.default_rng(9), backgrounds, world=False) for _ in range(2)]
    assert params[0] == params[1]
    assert msgpack.unpackb(msgpack.packb(params[0])) == params[0]
    assert set(params[0]) == {"background", "framing", "photometric"}
    first, second = (make_pair(_disc(), p, backgrounds) for p in params)
    assert np.array_equal(first[0], second[0]) and np.array_equal(first[1], second[1])
    assert draw_pair(np.random.default_rng(9), backgrounds, world=True)["background"] == WORLD


def test_pairs_from_one_render_differ(backgrounds: Backgrounds) -> None:
    rng = np.random.default_rng(11)
    pairs = [make_pair(_disc(), draw_pair(rng, backgrounds, False, photometric=PhotometricRanges.off()), backgrounds)
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
        make_pair(np.zeros((64, 64, 3), np.float32), draw_pair(np.random.default_rng(0), backgrounds, False),
                  backgrounds)


def test_camera_effects_touch_subject_and_background_alike(backgrounds: Backgrounds) -> None:
    render = _disc(size=64, centre=(31.5, 31.5), radius=20.0)
    params = {"background": backgrounds.draw(np.random.default_rng(2)), "framing": WHOLE, "photometric": PLAIN}
    clean, alpha = make_pair(render, params, backgrounds)
    noisy, _ = make_pair(render, {**params, "photometric": {**PLAIN, "noise": {"read": 0.02, "shot": 0.0,
                                                                                "seed": 3}}}, backgrounds)
    soft, _ = make_pair(render, {**params, "photometric": {**PLAIN, "jpeg_quality": 30}}, backgrounds)
    subject, background = alpha == 255, alpha == 0
    for changed in (noisy, soft):
        difference = np.abs(changed.astype(int) - clean).sum(axis=2)
        assert difference[subject].mean() > 0.5 and difference[background].mean() > 0.5
