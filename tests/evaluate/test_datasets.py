"""Photo folders: reading, resizing, and one clear line for each bad input."""

from __future__ import annotations

import logging
from pathlib import Path

import cv2
import numpy as np
import pytest

from evaluate.datasets import DatasetError, aspect_shape, load_folder
from tests.evaluate.conftest import SIZE, write_pair


def test_loads_and_resizes_every_pair(data_dir: Path) -> None:
    dataset = load_folder(data_dir, SIZE)
    assert dataset.name == "tiny-set" and dataset.stems == ["a", "b", "c"] and dataset.skipped == 0
    assert dataset.images.shape == (3, SIZE, SIZE, 3) and dataset.alphas.shape == (3, SIZE, SIZE)
    assert dataset.images.dtype == np.float32 and dataset.images.min() >= 0 and dataset.images.max() <= 1
    assert set(np.unique(dataset.alphas[1])) >= {0.0, 1.0}  # the 64 px one is read as is


def test_resize_averages_areas_and_keeps_colour_order(tmp_path: Path) -> None:
    folder = tmp_path / "set"
    write_pair(folder, "x", 128)
    image = np.zeros((128, 128, 3), np.uint8)
    image[::2, ::2, 2] = 255  # red (BGR on disk) on one pixel in four: area-averaged to a quarter
    cv2.imwrite(str(folder / "images" / "x.png"), image)
    dataset = load_folder(folder, SIZE)
    np.testing.assert_allclose(dataset.images[0, ..., 0], 0.25, atol=1 / 255)
    np.testing.assert_allclose(dataset.images[0, ..., 1:], 0)


def test_bad_files_are_skipped_with_one_line_each(data_dir: Path, caplog: pytest.LogCaptureFixture) -> None:
    (data_dir / "images" / "lonely.png").write_bytes(b"")  # no alpha
    write_pair(data_dir, "broken", 64)
    (data_dir / "images" / "broken.png").write_bytes(b"not a png")
    write_pair(data_dir, "odd", 64)
    cv2.imwrite(str(data_dir / "alphas" / "odd.png"), np.zeros((32, 64), np.uint8))
    (data_dir / "images" / "notes.txt").write_text("ignored: not an image suffix")
    with caplog.at_level(logging.WARNING):
        dataset = load_folder(data_dir, SIZE)
    assert dataset.stems == ["a", "b", "c"] and dataset.skipped == 3
    text = caplog.text
    assert "lonely.png: no alpha" in text
    assert "broken.png: unreadable image file" in text
    assert "odd.png: image is 64x64 but its alpha is 64x32" in text
    assert "3 skipped" in text


@pytest.mark.parametrize(("make", "message"), [
    (lambda d: None, "no such data folder"),
    (lambda d: (d / "images").mkdir(parents=True), "alphas/ is missing"),
    (lambda d: [(d / s).mkdir(parents=True) for s in ("images", "alphas")], "no images"),
    (lambda d: write_pair(d, "x", 8) or (d / "alphas" / "x.png").write_bytes(b"junk"), "no usable image"),
])
def test_unusable_folders_raise_a_clear_error(tmp_path: Path, make, message: str) -> None:
    folder = tmp_path / "bad"
    make(folder)
    with pytest.raises(DatasetError, match=message) as error:
        load_folder(folder, SIZE)
    assert str(folder) in str(error.value) and "\n" not in str(error.value)


def test_each_image_is_also_kept_at_its_own_aspect(tmp_path: Path) -> None:
    """Squashing a 2:1 photo to a square halves its objects' width; the aspect copy keeps them round."""
    folder = tmp_path / "wide"
    write_pair(folder, "x", 8)
    image = np.zeros((150, 300, 3), np.uint8)
    alpha = np.zeros((150, 300), np.uint8)
    cv2.circle(alpha, (150, 75), 50, 255, -1)
    cv2.imwrite(str(folder / "images" / "x.png"), image)
    cv2.imwrite(str(folder / "alphas" / "x.png"), alpha)
    dataset = load_folder(folder, SIZE)
    assert dataset.images.shape == (1, SIZE, SIZE, 3)
    assert dataset.aspect_images[0].shape == (64, 128, 3) and dataset.aspect_alphas[0].shape == (64, 128)
    assert dataset.aspect_images[0].dtype == np.float32
    rows, cols = np.nonzero(dataset.aspect_alphas[0] > 0.5)
    assert abs((cols.ptp() + 1) - (rows.ptp() + 1)) <= 1  # still a circle


@pytest.mark.parametrize(("height", "width", "expected"), [
    (300, 400, (64, 88)), (400, 300, (88, 64)), (64, 64, (64, 64)), (100, 1000, (64, 640)), (480, 500, (64, 64)),
])
def test_aspect_shapes_have_the_short_side_and_multiples_of_8(height: int, width: int,
                                                              expected: tuple[int, int]) -> None:
    assert aspect_shape(height, width, SIZE) == expected


SHARED_EVAL = Path(__file__).resolve().parents[2].parent / "shared" / "eval"  # beside the repository


@pytest.mark.skipif(not (SHARED_EVAL / "ecssd-dev").is_dir(), reason=f"needs {SHARED_EVAL}/ecssd-dev")
def test_reads_the_real_set() -> None:
    dataset = load_folder(SHARED_EVAL / "ecssd-dev", SIZE)
    assert len(dataset) == 300 and dataset.skipped == 0
    assert 0.05 < dataset.alphas.mean() < 0.8
    assert all(min(image.shape[:2]) == SIZE for image in dataset.aspect_images)
    assert sum(image.shape[0] != image.shape[1] for image in dataset.aspect_images) > 250  # photos are not square
