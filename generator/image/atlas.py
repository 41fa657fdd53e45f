"""The photo texture: bands of the real panoramas tone-mapped to reflectances and tiled into one image.

Subjects, clutter and ground wear it as well as procedural patterns (`generator.scene.materials`), so a real
photograph's texture stops meaning "background": without it every photographic pixel of a frame was behind the
subject, and a model took the real subjects of real photos for background.
"""

from __future__ import annotations

import math

import numpy as np

from generator.image.colour import LUMA

BAND = (0.3, 0.7)  # rows of a panorama kept, as fractions of its height: the horizon, least distorted, most detail
KEY = 0.5  # a panorama's median luminance maps here before the roll-off
WHITE = 0.9  # the brightest reflectance (snow, paper); nothing real reflects all light
MEDIAN_REFLECTANCE = WHITE * KEY / (1.0 + KEY)  # where a panorama's median luminance lands


def reflectance(radiance: np.ndarray) -> np.ndarray:
    """Linear radiance (HxWx3) -> reflectance in [0, WHITE): scaled so its median luminance is KEY, then rolled
    off by x / (1 + x) per channel, which keeps the texture's contrast but never reaches white."""
    median = max(float(np.median(radiance @ LUMA)), 1e-6)
    x = np.maximum(radiance, 0.0) * (KEY / median)
    return (WHITE * x / (1.0 + x)).astype(np.float32)


def photo_atlas(panoramas: list[np.ndarray]) -> np.ndarray:
    """The horizon bands of `panoramas` (linear HxWx3, all the same size) as reflectances, tiled row-major into
    a near-square grid; float32 linear RGB, top row first. A 1x1 mid-grey image when there are none."""
    if not panoramas:
        return np.full((1, 1, 3), 0.18, np.float32)
    height = panoramas[0].shape[0]
    top, bottom = (round(f * height) for f in BAND)
    tiles = [reflectance(p[top:bottom]) for p in panoramas]
    columns = max(1, round(math.sqrt(len(tiles) * tiles[0].shape[0] / tiles[0].shape[1])))
    rows = math.ceil(len(tiles) / columns)
    tiles += [tiles[i % len(tiles)] for i in range(rows * columns - len(tiles))]  # fill the grid, no blank tile
    return np.concatenate([np.concatenate(tiles[r * columns:(r + 1) * columns], axis=1) for r in range(rows)])
