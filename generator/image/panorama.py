"""What a pinhole camera sees of an equirectangular panorama (a world at infinity), in numpy/OpenCV.

Cycles maps a world direction d = (x, y, z) to the panorama's pixel column u = 0.5 - atan2(y, x) / 2 pi and
row (top first) 1 - v with v = 0.5 + asin(z) / pi; `view` samples the same mapping through the camera of a frame
description, so a render on a transparent film composites over `view` exactly as Cycles would have drawn the
world behind it (checked against Cycles in tests/generator/blender/test_world.py).
"""

from __future__ import annotations

import cv2
import numpy as np

from generator.scene.camera import half_tan, look_matrix

SUPERSAMPLE = 2  # rays per pixel side, averaged: a wide lens sees many panorama pixels per image pixel


def rays(camera: dict, size: int, supersample: int = SUPERSAMPLE) -> np.ndarray:
    """World directions (size*ss, size*ss, 3) through the pixel grid of a square frame (top row first)."""
    n = size * supersample
    half = half_tan(camera)
    steps = (np.arange(n) + 0.5) / n * 2 - 1
    x, y = np.meshgrid(steps * half, -steps * half)
    local = np.stack([x, y, -np.ones_like(x)], axis=-1)
    return local @ look_matrix(camera).T


def view(panorama: np.ndarray, camera: dict, size: int) -> np.ndarray:
    """The size x size float32 image a frame's camera sees of a linear HxWx3 float32 panorama (top row first)."""
    d = rays(camera, size)
    height, width = panorama.shape[:2]
    azimuth = np.arctan2(d[..., 1], d[..., 0])
    elevation = np.arcsin(np.clip(d[..., 2] / np.linalg.norm(d, axis=-1), -1.0, 1.0))
    u = np.mod(0.5 - azimuth / (2 * np.pi), 1.0) * width - 0.5
    v = (0.5 - elevation / np.pi) * height - 0.5
    sampled = cv2.remap(panorama, u.astype(np.float32), v.astype(np.float32), cv2.INTER_LINEAR,
                        borderMode=cv2.BORDER_WRAP)
    return cv2.resize(sampled, (size, size), interpolation=cv2.INTER_AREA)
