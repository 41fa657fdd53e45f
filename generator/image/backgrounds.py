"""Backgrounds behind the render: built-in procedural ones, optionally mixed with photos from a folder.

Without a folder every background is procedural (`generator.image.procedural`). With `--backgrounds DIR`, each
background is a photo from it (`generator.image.photos`) with probability `PHOTO_PROBABILITY` and procedural
otherwise: photos bring real-world statistics, the procedural share keeps the variety of a small folder up.
Without a folder, the photos of installed optional packs (`generator.image.packs`) take its place.
"""

from __future__ import annotations

import numpy as np

from generator.image import procedural
from generator.image.photos import DEFAULT_PHOTO, BackgroundError, PhotoFolder, PhotoRanges
from generator.image.procedural import DEFAULT_PROCEDURAL, FOLIAGE, ProceduralRanges

PHOTO_PROBABILITY = 0.8  # share of photo backgrounds when a folder is given

__all__ = ["PHOTO_PROBABILITY", "BackgroundError", "Backgrounds"]


class Backgrounds:
    """Draws background params and renders them, size x size uint8 sRGB, reproducibly from the params."""

    def __init__(self, folder: str | None, size: int, photo_probability: float = PHOTO_PROBABILITY,
                 procedural_ranges: ProceduralRanges = DEFAULT_PROCEDURAL,
                 photo_ranges: PhotoRanges = DEFAULT_PHOTO, paths: list[str] | None = None) -> None:
        """`paths`: only these photos under `folder` (relative), as for the optional packs; none: no photos."""
        self.size = size
        use = folder is not None and paths != []
        self.photo_probability = photo_probability if use else 0.0
        self.procedural_ranges = procedural_ranges
        self.photos = PhotoFolder(folder, size, photo_ranges, paths=paths) if use else None

    def draw(self, rng: np.random.Generator, greenery: bool = False) -> dict:
        """Params of one background (msgpack-able): {"kind": "photo"|"procedural", ...}; in `greenery`, the
        procedural foliage (where its family is drawn at all)."""
        if greenery and FOLIAGE in self.procedural_ranges.families:
            return procedural.draw(rng, self.procedural_ranges, FOLIAGE)
        if self.photos is not None and rng.random() < self.photo_probability:
            return self.photos.draw(rng)
        return procedural.draw(rng, self.procedural_ranges)

    def render(self, params: dict, size: int | None = None) -> np.ndarray:
        """size x size x 3 uint8 sRGB background (default: the image size), exactly reproducible from params."""
        size = size or self.size
        if params.get("kind") == "procedural":
            return procedural.render(params, size)
        if params.get("kind") != "photo":
            raise BackgroundError(f"unknown background kind {params.get('kind')!r}")
        if self.photos is None:
            raise BackgroundError(f"background photo {params.get('path')!r} needs --backgrounds DIR, or the "
                                  "optional photo pack that holds it (generator.image.packs)")
        return self.photos.render(params, size)
