"""The camera over the whole image: each step changes image (and, for optics, alpha) reproducibly from params,
exposure aims at its brightness, and all of it can be switched off."""

from __future__ import annotations

import msgpack
import numpy as np
import pytest

from generator.image.colour import LUMA, linear_to_srgb8, srgb8_to_linear
from generator.image.photometric import (
    PhotometricRanges,
    defocus,
    develop,
    draw_photometric,
    log_average,
    motion_kernel,
)

PLAIN = draw_photometric(np.random.default_rng(0), PhotometricRanges.off())
STEPS = ("defocus_sigma", "vignette", "blur_sigma", "motion", "noise", "jpeg_quality")


def _image() -> np.ndarray:
    y, x = np.mgrid[0:64, 0:64]
    image = np.dstack([(x * 4) % 256, (y * 4) % 256, ((x // 8 + y // 8) % 2) * 200 + 20])
    return srgb8_to_linear(image.astype(np.uint8))


def _alpha() -> np.ndarray:
    y, x = np.mgrid[0:64, 0:64]
    return (np.hypot(x - 32, y - 32) < 15).astype(np.float32)


def test_off_only_exposes_and_encodes() -> None:
    assert all(PLAIN[step] is None for step in STEPS) and PLAIN["white_balance"] == [1.0, 1.0, 1.0]
    assert not PLAIN["monochrome"] and not PLAIN["defocus_scene"]
    image, alpha = develop(_image(), _alpha(), PLAIN)
    gain = 0.18 / log_average(_image())
    assert np.array_equal(image, linear_to_srgb8(_image() * gain))
    assert np.array_equal(alpha, _alpha())


def test_exposure_reaches_its_brightness_whatever_a_light_in_the_frame() -> None:
    for key in (0.05, 0.3):
        image, _ = develop(_image() * 0.01, _alpha(), {**PLAIN, "exposure": key})
        assert log_average(srgb8_to_linear(image)) == pytest.approx(key, rel=0.05)
    with_sun = _image().copy()
    with_sun[:4, :4] = 1000.0  # a sun: the arithmetic mean would darken the rest of the frame 20-fold
    image, _ = develop(with_sun, _alpha(), PLAIN)
    plain, _ = develop(_image(), _alpha(), PLAIN)
    assert np.abs(image[8:].astype(int) - plain[8:]).mean() < 8


def test_a_target_frame_is_exposed_for_the_light_on_it_not_for_the_crop() -> None:
    # a dark thing (reflectance 0.04) lit by 0.8, filling the crop; metered on the crop it would come out mid-grey
    dark = np.full((64, 64, 3), 0.04 * 0.8, np.float32)
    for key in (0.5, 2.0):
        image, _ = develop(dark, _alpha(), {**PLAIN, "incident": 0.8, "key": key})
        assert srgb8_to_linear(image).mean() == pytest.approx(0.04 * key, rel=0.05)
    metered, _ = develop(dark, _alpha(), PLAIN)
    assert srgb8_to_linear(metered).mean() == pytest.approx(0.18, rel=0.05)
    # and the same scene at another light level comes out the same: the meter reads the light, not the picture
    brighter, _ = develop(dark * 4, _alpha(), {**PLAIN, "incident": 3.2, "key": 1.0})
    same, _ = develop(dark, _alpha(), {**PLAIN, "incident": 0.8, "key": 1.0})
    assert np.abs(brighter.astype(int) - same).max() <= 1


def test_only_a_target_frame_draws_a_key_for_its_incident_light() -> None:
    ranges = PhotometricRanges(key=(0.5, 2.0))
    plain = draw_photometric(np.random.default_rng(6), ranges)
    lit = draw_photometric(np.random.default_rng(6), ranges, incident=0.3)
    assert "key" not in plain and "incident" not in plain
    assert {k: v for k, v in lit.items() if k not in ("key", "incident")} == plain  # the rest drawn alike
    assert lit["incident"] == 0.3 and 0.5 <= lit["key"] <= 2.0


def test_white_balance_tints() -> None:
    image, _ = develop(_image(), _alpha(), {**PLAIN, "white_balance": [1.3, 1.0, 0.7]})
    plain, _ = develop(_image(), _alpha(), PLAIN)
    assert image[..., 0].mean() > plain[..., 0].mean() and image[..., 2].mean() < plain[..., 2].mean()


def test_optics_blur_image_and_alpha_alike() -> None:
    for params in ({**PLAIN, "blur_sigma": 1.0}, {**PLAIN, "motion": {"length": 3.0, "angle": 0.0}}):
        image, alpha = develop(_image(), _alpha(), params)
        plain, _ = develop(_image(), _alpha(), PLAIN)
        assert np.abs(np.diff(image.astype(int), axis=1)).mean() < np.abs(np.diff(plain.astype(int), axis=1)).mean()
        soft = np.count_nonzero((alpha > 0.05) & (alpha < 0.95))
        assert soft > 2 * np.count_nonzero((_alpha() > 0.05) & (_alpha() < 0.95))
        assert alpha.sum() == pytest.approx(_alpha().sum(), rel=0.02)  # blurring moves coverage, keeps it


def test_motion_kernel_is_a_normalised_line() -> None:
    kernel = motion_kernel(4.0, 0.0)
    assert kernel.sum() == pytest.approx(1.0)
    assert kernel[kernel.shape[0] // 2].sum() > 0.9  # horizontal: all in the middle row


def test_vignetting_darkens_the_corners() -> None:
    flat = np.full((64, 64, 3), 0.2, np.float32)
    image, _ = develop(flat, _alpha(), {**PLAIN, "vignette": 0.5})
    assert image[0, 0].mean() < image[32, 32].mean()


def test_noise_is_reproducible_from_its_seed_and_grows_with_signal() -> None:
    flat = np.concatenate([np.full((64, 32, 3), 0.02, np.float32), np.full((64, 32, 3), 0.5, np.float32)], axis=1)
    noisy = [develop(flat, _alpha(), {**PLAIN, "exposure": 0.05, "noise": {"read": 0.0, "shot": 0.01, "seed": s}})[0]
             for s in (1, 1, 2)]
    assert np.array_equal(noisy[0], noisy[1]) and not np.array_equal(noisy[0], noisy[2])
    linear = srgb8_to_linear(noisy[0])
    assert linear[:, 32:].std() > 2 * linear[:, :32].std()


def test_defocus_blurs_only_when_drawn() -> None:
    assert defocus(_image(), PLAIN) is not None and np.array_equal(defocus(_image(), PLAIN), _image())
    blurred = defocus(_image(), {**PLAIN, "defocus_sigma": 2.0})
    assert np.abs(np.diff(blurred, axis=1)).mean() < np.abs(np.diff(_image(), axis=1)).mean()


def test_lower_jpeg_quality_loses_more() -> None:
    plain, _ = develop(_image(), _alpha(), PLAIN)
    errors = [np.abs(develop(_image(), _alpha(), {**PLAIN, "jpeg_quality": q})[0].astype(int) - plain).mean()
              for q in (95, 30)]
    assert 0 < errors[0] < errors[1]


def test_a_black_and_white_photo_keeps_its_luminance_and_loses_its_colour() -> None:
    noisy = {**PLAIN, "noise": {"read": 0.01, "shot": 0.0, "seed": 5}}
    grey, alpha = develop(_image(), _alpha(), {**noisy, "monochrome": True})
    colour, _ = develop(_image(), _alpha(), noisy)
    assert np.array_equal(grey[..., 0], grey[..., 1]) and np.array_equal(grey[..., 1], grey[..., 2])
    assert np.array_equal(alpha, _alpha())
    luminance = srgb8_to_linear(colour) @ LUMA
    assert np.abs(srgb8_to_linear(grey)[..., 0] - luminance).mean() < 0.01


def test_draws_follow_the_probabilities_and_are_plain() -> None:
    rng = np.random.default_rng(4)
    draws = [draw_photometric(rng) for _ in range(300)]
    for key in STEPS:
        assert 0 < sum(d[key] is not None for d in draws) < 300
    assert 0 < sum(d["monochrome"] for d in draws) < 300
    # the rest of the scene is out of focus exactly when the background is
    assert all(d["defocus_scene"] == (d["defocus_sigma"] is not None) for d in draws)
    assert not any(d["defocus_scene"] for d in (draw_photometric(rng, PhotometricRanges(defocus_scene_probability=0.0))
                                                for _ in range(50)))
    assert all(msgpack.unpackb(msgpack.packb(d)) == d for d in draws)
    params = draws[0]
    assert all(np.array_equal(a, b) for a, b in zip(develop(_image(), _alpha(), params),
                                                    develop(_image(), _alpha(), params), strict=True))
