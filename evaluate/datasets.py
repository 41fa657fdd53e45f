"""Evaluation sets: a folder of photos with their mattes, read and resized twice: squashed to the model's square
input, and at the photo's own aspect with the short side at the model's size (the UNet is fully convolutional);
and kept at their own size (at most FULL_SIDE px a side), where what `evaluate.cutout` delivers is scored."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")
ALPHA_SUFFIX = ".png"
SIDE_MULTIPLE = 8  # the UNet halves its input three times
FULL_SIDE = 1024  # photos are kept at their own size up to this long side (a 12-megapixel set would fill memory)


class DatasetError(Exception):
    """A data folder that cannot give a single usable image."""


@dataclass(frozen=True)
class Dataset:
    """N images (N, S, S, 3) float32 RGB in [0, 1] and alphas (N, S, S) float32 in [0, 1], named by stem; each at
    its own aspect (`aspect_images` (H, W, 3), `aspect_alphas` (H, W), see `aspect_shape`); and each at its own size
    (`photos` (H, W, 3) uint8 BGR as `evaluate.cutout` reads them, `photo_alphas` (H, W) float32)."""

    name: str
    stems: list[str]
    images: np.ndarray
    alphas: np.ndarray
    aspect_images: list[np.ndarray]
    aspect_alphas: list[np.ndarray]
    photos: list[np.ndarray]
    photo_alphas: list[np.ndarray]
    skipped: int = 0

    def __len__(self) -> int:
        return len(self.stems)


def aspect_shape(height: int, width: int, short: int) -> tuple[int, int]:
    """(height, width) with the short side at `short` and the aspect kept as near as sides that are multiples of
    SIDE_MULTIPLE allow."""
    scale = short / min(height, width)
    return tuple(max(SIDE_MULTIPLE, round(side * scale / SIDE_MULTIPLE) * SIDE_MULTIPLE)
                 for side in (height, width))


def full_shape(height: int, width: int) -> tuple[int, int]:
    """(height, width) of a photo as kept at its own size: itself, or shrunk to FULL_SIDE on its long side."""
    scale = min(1.0, FULL_SIDE / max(height, width))
    return max(1, round(height * scale)), max(1, round(width * scale))


def _resize(array: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    if array.shape[:2] == shape:
        return array
    return cv2.resize(array, shape[::-1], interpolation=cv2.INTER_AREA)


def _read(path: Path, flags: int) -> np.ndarray | None:
    """cv2.imread that logs one line instead of returning None silently."""
    image = cv2.imread(str(path), flags)
    if image is None:
        log.warning("skipped %s: unreadable image file", path)
    return image


def check_folder(folder: str | Path) -> list[Path]:
    """The image files of a data folder; errors when it is missing or not laid out as images/ + alphas/."""
    folder = Path(folder)
    if not folder.is_dir():
        raise DatasetError(f"{folder}: no such data folder")
    images_dir, alphas_dir = folder / "images", folder / "alphas"
    for sub in (images_dir, alphas_dir):
        if not sub.is_dir():
            raise DatasetError(f"{folder}: not a data folder, {sub.name}/ is missing (need images/, alphas/)")
    images = sorted(p for p in images_dir.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
    if not images:
        raise DatasetError(f"{images_dir}: no images ({'/'.join(IMAGE_SUFFIXES)})")
    return images


def _find_pairs(folder: Path) -> tuple[list[tuple[Path, Path]], int]:
    """(image, alpha) paths by stem, and how many images had no alpha; errors on a malformed folder."""
    alphas_dir = folder / "alphas"
    images = check_folder(folder)
    pairs, missing = [], 0
    for image in images:
        alpha = alphas_dir / (image.stem + ALPHA_SUFFIX)
        if alpha.is_file():
            pairs.append((image, alpha))
        else:
            log.warning("skipped %s: no alpha %s", image, alpha)
            missing += 1
    return pairs, missing


def load_folder(folder: str | Path, size: int) -> Dataset:
    """Read DIR/images/<stem>.{png,jpg,jpeg} with DIR/alphas/<stem>.png, area-resized to size x size.

    Bad files are skipped with one line each and counted; fails only when nothing usable is left.
    """
    folder = Path(folder)
    pairs, skipped = _find_pairs(folder)
    stems, images, alphas, aspect_images, aspect_alphas, photos, photo_alphas = [], [], [], [], [], [], []
    for image_path, alpha_path in pairs:
        image = _read(image_path, cv2.IMREAD_COLOR)
        alpha = _read(alpha_path, cv2.IMREAD_GRAYSCALE)
        if image is None or alpha is None:
            skipped += 1
            continue
        if image.shape[:2] != alpha.shape[:2]:
            log.warning("skipped %s: image is %dx%d but its alpha is %dx%d", image_path,
                        image.shape[1], image.shape[0], alpha.shape[1], alpha.shape[0])
            skipped += 1
            continue
        stems.append(image_path.stem)
        full = full_shape(*image.shape[:2])
        photos.append(_resize(image, full))
        photo_alphas.append(_as_float(_resize(alpha, full)))
        image = cv2.cvtColor(image, cv2.COLOR_BGR2RGB)
        images.append(_resize(image, (size, size)))
        alphas.append(_resize(alpha, (size, size)))
        shape = aspect_shape(*image.shape[:2], size)
        aspect_images.append(_as_float(_resize(image, shape)))
        aspect_alphas.append(_as_float(_resize(alpha, shape)))
    if not stems:
        raise DatasetError(f"{folder}: no usable image ({skipped} skipped)")
    if skipped:
        log.warning("%s: %d usable, %d skipped", folder, len(stems), skipped)
    return Dataset(folder.name, stems, _as_float(np.stack(images)), _as_float(np.stack(alphas)), aspect_images,
                   aspect_alphas, photos, photo_alphas, skipped)


def _as_float(array: np.ndarray) -> np.ndarray:
    return array.astype(np.float32) / 255


def from_uint8(name: str, stems: list[str], images: np.ndarray, alphas: np.ndarray) -> Dataset:
    """A Dataset of square uint8 RGB images (N, S, S, 3) and alphas (N, S, S): their aspect and their own size are
    the square."""
    photos = [cv2.cvtColor(image, cv2.COLOR_RGB2BGR) for image in images]
    images, alphas = _as_float(images), _as_float(alphas)
    return Dataset(name, stems, images, alphas, list(images), list(alphas), photos, list(alphas))
