"""The model on a small copy, squeezed or at the photo's aspect, and the guided upsampling of its matte."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from evaluate.cutout import matte
from evaluate.metrics import grad


@pytest.mark.parametrize(("height", "width", "short_side", "expected"), [
    (3000, 4000, 64, (64, 88)),  # 85.3 rounds to the nearest multiple of 8
    (4000, 3000, 64, (88, 64)),
    (64, 64, 64, (64, 64)),
    (30, 20, 64, (96, 64)),  # a small photo is enlarged: the model sees objects at its training scale
    (480, 640, 128, (128, 168)),
    (10, 1000, 64, (64, 6400)),
])
def test_model_shape_keeps_the_aspect_with_sides_divisible_by_eight(height: int, width: int, short_side: int,
                                                                    expected: tuple[int, int]) -> None:
    assert matte.model_shape(height, width, short_side, matte.ASPECT) == expected
    assert matte.model_shape(height, width, short_side, matte.SQUEEZE) == (short_side, short_side)


def test_the_default_squeezes_as_the_stream_does() -> None:
    assert matte.model_shape(3000, 4000) == (64, 64)


def test_the_side_multiple_is_the_unets() -> None:
    from trainer.unet import LEVELS

    assert matte.MULTIPLE == 2**LEVELS


def test_the_model_sees_the_small_copy(float32_unet) -> None:
    photo = np.random.default_rng(0).integers(0, 256, (300, 400, 3), np.uint8)
    small = matte.predict_small(float32_unet, photo, (64, 88))
    assert small.shape == (64, 88) and small.dtype == np.float32
    assert small.min() >= 0 and small.max() <= 1


def test_upscaled_rows_are_those_of_a_whole_resize() -> None:
    small = np.random.default_rng(1).random((16, 24), dtype=np.float32)
    whole = cv2.resize(small, (150, 100), interpolation=cv2.INTER_LINEAR)
    band = matte._upscale_rows(small, (100, 150), 37, 61)
    np.testing.assert_allclose(band, whole[37:61], atol=1 / 32)  # warpAffine's 5-bit sub-pixel steps


def _disc_photo(height: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """A noisy orange disc on a noisy blue background, and its true alpha (anti-aliased)."""
    rng = np.random.default_rng(2)
    mask = np.zeros((height * 4, width * 4), np.uint8)
    cv2.circle(mask, (width * 2, height * 2), height, 255, -1, cv2.LINE_AA)
    alpha = cv2.resize(mask, (width, height), interpolation=cv2.INTER_AREA).astype(np.float32) / 255
    fg, bg = np.array([40, 140, 230], np.float32), np.array([180, 90, 30], np.float32)
    photo = fg * alpha[..., None] + bg * (1 - alpha[..., None]) + rng.normal(0, 6, (height, width, 3))
    return np.clip(photo, 0, 255).astype(np.uint8), alpha


def test_the_refined_matte_follows_the_photos_edge_better_than_plain_upscaling() -> None:
    """The matte the model would give at best (the true one, area-downsized), brought back to full size."""
    photo, alpha = _disc_photo(480, 640)
    small = cv2.resize(alpha, matte.model_shape(480, 640)[::-1], interpolation=cv2.INTER_AREA)
    plain = cv2.resize(small, (640, 480), interpolation=cv2.INTER_LINEAR)
    refined = matte.refine(small, photo).astype(np.float32) / 255
    assert refined.shape == alpha.shape
    assert grad(refined, alpha) < 0.7 * grad(plain, alpha)  # edges as sharp as the photo's (6.2 -> 3.3 here)
    # and little of the photo's noise copied in (a smaller eps would: 1.4 times the error at 1e-3)
    assert np.abs(refined - alpha).mean() < 1.1 * np.abs(plain - alpha).mean()


def test_bands_join_without_seams() -> None:
    photo, alpha = _disc_photo(240, 320)
    small = cv2.resize(alpha, (88, 64), interpolation=cv2.INTER_AREA)
    whole = matte.refine(small, photo)
    banded = matte.refine(small, photo, band_pixels=320 * 7)  # 35 bands of 7 rows
    assert np.abs(banded.astype(int) - whole).max() <= 1  # float sums in another order: at most 1/255


def test_matte_of_is_the_photos_size(float32_unet) -> None:
    photo = np.random.default_rng(3).integers(0, 256, (123, 77, 3), np.uint8)
    alpha = matte.matte_of(float32_unet, photo)
    assert alpha.shape == (123, 77) and alpha.dtype == np.uint8
