"""Photo backgrounds from a folder: recursive scan, lazy decoding with a bounded LRU cache, crop and jitter.

A photo background's params are {"kind": "photo", "path" (relative to the folder, '/'-separated), "crop": [side,
u, v], "flip", "jitter": {"brightness", "contrast", "saturation", "hue"}}. The crop is a square whose side is
`side` times the photo's shorter side, placed at fraction u (v) of the free room horizontally (vertically), so
the params hold no pixel counts and need no decoding to draw. It is resized to the output size with area
interpolation, mirrored when `flip`, then colour-jittered. `PhotoRanges` holds the ranges of those draws.

Each draw picks a photo uniformly from the whole folder, from the rng alone, so a replay in a fresh process draws
the same photo as the stream did. Decoding a photo costs milliseconds, a hundred times more than a composite, so
decoded photos (shrunk to a few times the output size) stay in a bounded LRU cache of `CACHE_SIZE`: a folder of
up to that many photos is decoded once.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from generator.image.colour import unit_to_uint8
from generator.knobs import UNIT, Knobs, knob

EXTENSIONS = (".jpg", ".jpeg", ".png")
CACHE_SIZE = 256  # decoded photos kept in memory (LRU): ~0.7 MB each at 64 px, so ~170 MB at most
MAX_SIDE_FACTOR = 6  # decoded photos are shrunk so their shorter side is at most this times the output size

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PhotoRanges(Knobs):
    """Ranges of the crop, flip and colour jitter of a photo background (uniform)."""

    crop_side: tuple[float, float] = knob((0.3, 1.0), "crop side as a fraction of the photo's shorter side")
    flip_probability: float = knob(0.5, "chance of a horizontal mirror", bounds=UNIT)
    brightness: tuple[float, float] = knob((0.7, 1.3), "gain on all channels")
    contrast: tuple[float, float] = knob((0.7, 1.3), "gain on the distance from the image mean")
    saturation: tuple[float, float] = knob((0.6, 1.4), "gain on HSV saturation")
    hue: tuple[float, float] = knob((-15.0, 15.0), "hue shift in degrees")


DEFAULT_PHOTO = PhotoRanges()


class BackgroundError(ValueError):
    """A backgrounds folder or file that cannot be used; a one-line message naming the path."""


def scan(folder: Path) -> list[str]:
    """Sorted '/'-separated paths, relative to folder, of every .jpg/.jpeg/.png under it (any case, recursive)."""
    if not folder.exists():
        raise BackgroundError(f"backgrounds folder {folder} does not exist")
    if not folder.is_dir():
        raise BackgroundError(f"backgrounds folder {folder} is not a folder")
    found = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                   if p.suffix.lower() in EXTENSIONS and p.is_file())
    if not found:
        raise BackgroundError(f"backgrounds folder {folder} holds no {'/'.join(EXTENSIONS)} images")
    return found


def decode(path: Path, size: int) -> np.ndarray | None:
    """RGB uint8 pixels of an image file shrunk to at most MAX_SIDE_FACTOR * size on its shorter side; None if
    it cannot be read."""
    try:
        data = np.fromfile(path, dtype=np.uint8)  # imdecode rather than imread: non-ASCII paths work everywhere
    except OSError:
        return None
    image = cv2.imdecode(data, cv2.IMREAD_COLOR) if data.size else None
    if image is None:
        return None
    shrink = MAX_SIDE_FACTOR * size / min(image.shape[:2])
    if shrink < 1:
        image = cv2.resize(image, None, fx=shrink, fy=shrink, interpolation=cv2.INTER_AREA)
    return cv2.cvtColor(image, cv2.COLOR_BGR2RGB)


def draw_photo_params(rng: np.random.Generator, path: str, ranges: PhotoRanges = DEFAULT_PHOTO) -> dict:
    """Crop, flip and jitter of one use of the photo at `path`."""
    return {
        "kind": "photo",
        "path": path,
        "crop": [float(rng.uniform(*ranges.crop_side)), float(rng.random()), float(rng.random())],
        "flip": bool(rng.random() < ranges.flip_probability),
        "jitter": {name: float(rng.uniform(*getattr(ranges, name)))
                   for name in ("brightness", "contrast", "saturation", "hue")},
    }


def crop_square(image: np.ndarray, crop: list[float], size: int) -> np.ndarray:
    """The square crop described by [side, u, v], resized to size x size with area interpolation."""
    height, width = image.shape[:2]
    side_fraction, u, v = crop
    side = max(1, round(side_fraction * min(height, width)))
    x0, y0 = round(u * (width - side)), round(v * (height - side))
    return cv2.resize(image[y0:y0 + side, x0:x0 + side], (size, size), interpolation=cv2.INTER_AREA)


def colour_jitter(image: np.ndarray, jitter: dict) -> np.ndarray:
    """Hue shift and saturation gain (HSV), then contrast and brightness gains, on a uint8 RGB image."""
    hsv = cv2.cvtColor(image.astype(np.float32) / 255.0, cv2.COLOR_RGB2HSV)
    hsv[..., 0] = (hsv[..., 0] + jitter["hue"]) % 360.0
    hsv[..., 1] = np.clip(hsv[..., 1] * jitter["saturation"], 0.0, 1.0)
    rgb = cv2.cvtColor(hsv, cv2.COLOR_HSV2RGB)
    rgb = (rgb - rgb.mean()) * jitter["contrast"] + rgb.mean()
    return unit_to_uint8(rgb * jitter["brightness"])


class PhotoFolder:
    """The photos under one folder, decoded on first use and kept in a bounded LRU cache."""

    def __init__(self, folder: str | Path, size: int, ranges: PhotoRanges = DEFAULT_PHOTO,
                 cache_size: int = CACHE_SIZE, paths: list[str] | None = None) -> None:
        self.folder = Path(folder)
        self.size = size
        self.ranges = ranges
        self.paths = scan(self.folder) if paths is None else paths  # `paths`: these photos only, relative
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        self._unreadable: set[str] = set()

    def load(self, path: str) -> np.ndarray | None:
        """Decoded pixels of a photo (relative path), or None (warned once) when it cannot be read."""
        if path in self._cache:
            self._cache.move_to_end(path)
            return self._cache[path]
        if path in self._unreadable:
            return None
        image = decode(self.folder / path, self.size)
        if image is None:
            self._unreadable.add(path)
            log.warning("skipping unreadable background image %s", self.folder / path)
            return None
        self._cache[path] = image
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return image

    def draw(self, rng: np.random.Generator) -> dict:
        """Params of one photo background: a readable photo drawn uniformly from the folder."""
        return draw_photo_params(rng, self._draw_new(rng), self.ranges)

    def _draw_new(self, rng: np.random.Generator) -> str:
        """A readable photo drawn uniformly from the folder; unreadable files are skipped and never drawn again."""
        while len(self._unreadable) < len(self.paths):
            usable = [p for p in self.paths if p not in self._unreadable] if self._unreadable else self.paths
            path = usable[int(rng.integers(len(usable)))]
            if self.load(path) is not None:
                return path
        raise BackgroundError(f"backgrounds folder {self.folder} holds no readable images")

    def render(self, params: dict, size: int | None = None) -> np.ndarray:
        """size x size x 3 uint8 sRGB background (default: the image size) reproduced from photo params."""
        image = self.load(params["path"])
        if image is None:
            raise BackgroundError(f"background image {self.folder / params['path']} cannot be read")
        image = crop_square(image, params["crop"], size or self.size)
        if params["flip"]:
            image = cv2.flip(image, 1)
        return colour_jitter(image, params["jitter"])
