"""Per-pair placement of the render: small random move, scale and horizontal flip before compositing.

Each of the K pairs made from one render gets its own placement, so they differ in where the object sits, not
only in what is behind it. The warp runs on premultiplied RGBA, so colour and alpha move together and the
interpolated edge pixels stay consistent (interpolating straight colour would bleed the transparent
surroundings into the edge). Pixels that come from outside the render are transparent; the object may be
cropped at the border, as in real photos.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from generator.knobs import UNIT, Knobs, knob


@dataclass(frozen=True)
class PlacementRanges(Knobs):
    """Ranges a placement is drawn from (uniform unless stated)."""

    move: float = knob(0.10, "shift in x and in y, each within +-move, as a fraction of the image side")
    scale: tuple[float, float] = knob((0.8, 1.2), "zoom about the image centre; > 1 enlarges the object")
    flip_probability: float = knob(0.5, "chance of a horizontal mirror", bounds=UNIT)


DEFAULT_PLACEMENT = PlacementRanges()


def draw_placement(rng: np.random.Generator, ranges: PlacementRanges = DEFAULT_PLACEMENT) -> dict:
    """Params of one placement: {"dx", "dy"} (fractions of the side), "scale", "flip"."""
    dx, dy = rng.uniform(-ranges.move, ranges.move, size=2)
    return {
        "dx": float(dx),
        "dy": float(dy),
        "scale": float(rng.uniform(*ranges.scale)),
        "flip": bool(rng.random() < ranges.flip_probability),
    }


def placement_matrix(params: dict, width: int, height: int) -> np.ndarray:
    """2x3 affine matrix (source -> destination pixel coordinates) for cv2.warpAffine."""
    scale = params["scale"]
    sx = -scale if params["flip"] else scale
    cx, cy = (width - 1) / 2.0, (height - 1) / 2.0  # pixel centres sit on integer coordinates in OpenCV
    return np.array(
        [[sx, 0.0, cx - sx * cx + params["dx"] * width],
         [0.0, scale, cy - scale * cy + params["dy"] * height]],
        dtype=np.float64,
    )


def place(rgba: np.ndarray, params: dict) -> np.ndarray:
    """Warp a premultiplied HxWx4 float32 render by a placement; outside the render is transparent (0)."""
    height, width = rgba.shape[:2]
    return cv2.warpAffine(
        rgba, placement_matrix(params, width, height), (width, height),
        flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=(0.0, 0.0, 0.0, 0.0),
    )
