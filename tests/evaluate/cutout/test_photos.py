"""Finding and reading photos: folders, bad paths, unreadable files, EXIF orientation, odd formats."""

from __future__ import annotations

import logging
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from evaluate.cutout.photos import PhotoError, find_photos, read_photo

ORIENTATION_TAG = 0x0112
ROTATE_90_CLOCKWISE = 6  # EXIF: the stored pixels must turn 90 degrees clockwise to stand upright


def test_folders_give_their_photos_sorted_and_files_are_taken_as_given(tmp_path: Path,
                                                                     caplog: pytest.LogCaptureFixture) -> None:
    folder = tmp_path / "photos"
    folder.mkdir()
    for name in ("b.PNG", "a.jpg", "c.jpeg", "notes.txt", ".hidden.jpg"):
        (folder / name).write_bytes(b"x")
    (folder / "sub").mkdir()
    (folder / "sub" / "d.png").write_bytes(b"x")
    single = tmp_path / "single.dat"
    single.write_bytes(b"x")
    with caplog.at_level(logging.INFO):
        found = find_photos([single, folder])
    assert found == [single, folder / "a.jpg", folder / "b.PNG", folder / "c.jpeg"]
    assert [r.getMessage() for r in caplog.records] == [f"{folder}: 1 other file(s) left alone (not "
                                                        f".jpg/.jpeg/.png/.webp/.bmp/.tif/.tiff)"]


@pytest.mark.parametrize(("make", "message"), [
    (lambda root: root / "nowhere.jpg", "nowhere.jpg: no such photo or folder"),
    (lambda root: root, "no photos in this folder"),
])
def test_a_missing_path_or_a_folder_without_photos_is_an_error_naming_it(tmp_path: Path, make, message: str) -> None:
    (tmp_path / "notes.txt").write_text("not a photo")
    with pytest.raises(PhotoError, match=message) as raised:
        find_photos([make(tmp_path)])
    assert str(raised.value).startswith(str(make(tmp_path)))


def test_the_exif_orientation_turns_the_photo_upright(tmp_path: Path) -> None:
    stored = np.zeros((20, 40, 3), np.uint8)
    stored[:, :10] = 255  # a white band on the left of the stored pixels: on top once turned clockwise
    image = Image.fromarray(stored)
    exif = image.getexif()
    exif[ORIENTATION_TAG] = ROTATE_90_CLOCKWISE
    path = tmp_path / "turned.jpg"
    image.save(path, exif=exif, quality=95)
    photo = read_photo(path)
    assert photo.shape == (40, 20, 3)
    assert photo[:8].mean() > 240 and photo[12:].mean() < 15


def test_grey_16_bit_and_transparent_photos_read_as_8_bit_colour(tmp_path: Path) -> None:
    ramp = np.linspace(0, 65535, 30 * 20).reshape(30, 20).astype(np.uint16)
    cv2.imwrite(str(tmp_path / "grey16.png"), ramp)
    cv2.imwrite(str(tmp_path / "rgba.png"), np.full((30, 20, 4), 200, np.uint8))
    for name in ("grey16.png", "rgba.png"):
        photo = read_photo(tmp_path / name)
        assert photo.shape == (30, 20, 3) and photo.dtype == np.uint8
    assert read_photo(tmp_path / "grey16.png")[-1, -1, 0] == 255


def test_unreadable_files_are_skipped_with_one_warning_each(tmp_path: Path,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "text.jpg").write_text("not a photo")
    (tmp_path / "empty.png").write_bytes(b"")
    (tmp_path / "folder.png").mkdir()
    with caplog.at_level(logging.WARNING):
        results = [read_photo(tmp_path / name) for name in ("text.jpg", "empty.png", "folder.png")]
    assert results == [None, None, None]
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 3
    for name, line in zip(("text.jpg", "empty.png", "folder.png"), lines, strict=True):
        assert line.startswith(f"skipped {tmp_path / name}: ")
