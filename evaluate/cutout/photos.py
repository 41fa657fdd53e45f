"""The photos a command line names: files as given, the image files directly inside folders; each read upright."""

from __future__ import annotations

import logging
from pathlib import Path

import cv2
import numpy as np

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".bmp", ".tif", ".tiff")


class PhotoError(Exception):
    """A path that gives no photo at all: missing, or a folder without image files."""


def _folder_photos(folder: Path) -> list[Path]:
    """The image files directly in `folder`, sorted; one line about other files, which are left alone."""
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    photos = [p for p in files if p.suffix.lower() in IMAGE_SUFFIXES]
    if not photos:
        raise PhotoError(f"{folder}: no photos in this folder ({'/'.join(IMAGE_SUFFIXES)})")
    if len(photos) < len(files):
        log.info("%s: %d other file(s) left alone (not %s)", folder, len(files) - len(photos), "/".join(IMAGE_SUFFIXES))
    return photos


def find_photos(paths: list[str | Path]) -> list[Path]:
    """Every file given (whatever its name: a bad one is skipped when read), then the photos of every folder."""
    found = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(_folder_photos(path))
        elif path.is_file():
            found.append(path)
        else:
            raise PhotoError(f"{path}: no such photo or folder")
    return found


def read_photo(path: Path) -> np.ndarray | None:
    """The photo as 8-bit BGR (H, W, 3), turned upright by its EXIF orientation; None, with a warning, if unreadable.

    The bytes are read by Python so that a file that cannot be opened is one warning with the reason, rather than
    OpenCV's own line. IMREAD_COLOR (without IMREAD_IGNORE_ORIENTATION) applies the EXIF orientation, drops an
    alpha channel and brings grey or 16-bit photos to 8-bit colour.
    """
    try:
        data = np.fromfile(path, np.uint8)
    except OSError as error:
        log.warning("skipped %s: %s", path, error.strerror or error)
        return None
    photo = cv2.imdecode(data, cv2.IMREAD_COLOR) if data.size else None
    if photo is None:
        log.warning("skipped %s: not an image that OpenCV can read", path)
    return photo
