"""Photometric noise: each step changes the image, reproducibly from params, and can be switched off."""

from __future__ import annotations

import msgpack
import numpy as np

from generator.photometric import PhotometricRanges, apply_photometric, draw_photometric

NONE = {"blur_sigma": None, "noise": None, "jpeg_quality": None}


def _image() -> np.ndarray:
    y, x = np.mgrid[0:64, 0:64]
    image = np.dstack([(x * 4) % 256, (y * 4) % 256, ((x // 8 + y // 8) % 2) * 200 + 20])
    return image.astype(np.uint8)


def test_no_steps_leave_the_image_alone() -> None:
    image = _image()
    assert np.array_equal(apply_photometric(image, NONE), image)
    assert draw_photometric(np.random.default_rng(0), PhotometricRanges.off()) == NONE


def test_blur_smooths() -> None:
    image = _image()
    blurred = apply_photometric(image, {**NONE, "blur_sigma": 1.0})
    assert np.abs(np.diff(blurred.astype(int), axis=1)).mean() < np.abs(np.diff(image.astype(int), axis=1)).mean()


def test_noise_is_reproducible_from_its_seed() -> None:
    image = _image()
    noisy = [apply_photometric(image, {**NONE, "noise": {"sigma": 5.0, "seed": seed}}) for seed in (1, 1, 2)]
    assert np.array_equal(noisy[0], noisy[1])
    assert not np.array_equal(noisy[0], noisy[2])
    assert 3 < np.std(noisy[0].astype(float) - image) < 7


def test_lower_jpeg_quality_loses_more() -> None:
    image = _image()
    errors = [np.abs(apply_photometric(image, {**NONE, "jpeg_quality": q}).astype(int) - image).mean()
              for q in (95, 30)]
    assert 0 < errors[0] < errors[1]


def test_all_steps_keep_shape_and_type() -> None:
    params = draw_photometric(np.random.default_rng(3), PhotometricRanges(1.0, (0.5, 0.5), 1.0, (2, 2), 1.0, (50, 50)))
    assert params["blur_sigma"] == 0.5 and params["noise"]["sigma"] == 2 and params["jpeg_quality"] == 50
    out = apply_photometric(_image(), params)
    assert out.shape == (64, 64, 3) and out.dtype == np.uint8
    assert np.array_equal(out, apply_photometric(_image(), params))


def test_draws_follow_the_probabilities_and_are_plain() -> None:
    rng = np.random.default_rng(4)
    draws = [draw_photometric(rng) for _ in range(300)]
    for key in NONE:
        assert 0 < sum(d[key] is not None for d in draws) < 300
    assert all(msgpack.unpackb(msgpack.packb(d)) == d for d in draws)
