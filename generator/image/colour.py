"""sRGB <-> linear-light conversions (IEC 61966-2-1 piecewise curves) and 8-bit quantisation.

Blender renders scene-linear light; photos and the images we send are sRGB-encoded. Blending happens in linear
light, so every 8-bit sRGB value passes through `srgb8_to_linear` on the way in and `linear_to_srgb8` on the way
out.
"""

from __future__ import annotations

import cv2
import numpy as np

_LINEAR_CUTOFF = 0.0031308  # linear value where the OETF switches from the straight segment to the power curve
_ENCODED_CUTOFF = 0.04045  # the same point on the encoded side


def srgb_to_linear(encoded: np.ndarray | float) -> np.ndarray:
    """sRGB EOTF: encoded values in [0, 1] -> linear light in [0, 1] (float32)."""
    v = np.asarray(encoded, dtype=np.float32)
    return np.where(v <= _ENCODED_CUTOFF, v / 12.92, ((v + 0.055) / 1.055) ** 2.4).astype(np.float32)


def linear_to_srgb(linear: np.ndarray | float) -> np.ndarray:
    """sRGB OETF: linear light -> encoded values, clipped to [0, 1] first (float32)."""
    v = np.clip(np.asarray(linear, dtype=np.float32), 0.0, 1.0)
    return np.where(v <= _LINEAR_CUTOFF, v * 12.92, 1.055 * v ** (1 / 2.4) - 0.055).astype(np.float32)


LUMA = np.array([0.2126, 0.7152, 0.0722], np.float32)  # Rec. 709 luminance weights of linear RGB
_SRGB8_TO_LINEAR = srgb_to_linear(np.arange(256, dtype=np.float32) / 255.0)


def srgb8_to_linear(image: np.ndarray) -> np.ndarray:
    """uint8 sRGB -> float32 linear light, by table lookup (256 entries; cv2.LUT is ~6x faster than numpy)."""
    if image.dtype != np.uint8:
        raise TypeError(f"srgb8_to_linear expects uint8, got {image.dtype}")
    return cv2.LUT(image, _SRGB8_TO_LINEAR).reshape(image.shape)  # cv2 returns 1-D input as a column


def linear_to_srgb8(linear: np.ndarray) -> np.ndarray:
    """float linear light -> uint8 sRGB: clip to [0, 1], OETF, scale to 255, round half to even."""
    return np.rint(linear_to_srgb(linear) * 255.0).astype(np.uint8)


def unit_to_uint8(values: np.ndarray) -> np.ndarray:
    """Values in [0, 1] with no curve applied (alpha, or colours already encoded) -> uint8, clipped, rounded."""
    return np.rint(np.clip(values, 0.0, 1.0) * 255.0).astype(np.uint8)
