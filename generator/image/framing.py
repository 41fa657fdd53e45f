"""A photographer's framing: each pair is a square crop of the larger render, so the K pairs of one render differ
in how big the subject is, where it sits and which edges it leaves by, as real photos do.

The camera centres the subject in the render (`generator.scene.camera`); the crop's side sets the subject's share of
the frame (with the camera's fill), its centre a mild offset from the subject. A share of crops sits above the
subject so that it leaves the frame at the bottom: the head-and-shoulders framing of portraits, the most common
way a real subject meets the frame's edge. Crops stay inside the render, whose pixels they area-resize.

A crop need not be square: photos come in 4:3, 3:2 and their portrait turns, and are squeezed into the model's
square input (the evaluator resizes them that way), so crops of other aspects squeezed the same way teach what a
squeezed subject looks like.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from generator.knobs import POSITIVE, UNIT, Knobs, knob
from generator.scene.draws import log_uniform


@dataclass(frozen=True)
class FramingRanges(Knobs):
    """Ranges a framing is drawn from (uniform unless stated)."""

    crop: tuple[float, float] = knob((0.5, 1.0), "crop side as a share of the render side (log-uniform); "
                                                 "smaller crops enlarge the subject", bounds=(1e-3, 1.0))
    offset: float = knob(0.12, "standard deviation of the crop centre's offset from the subject, in crop sides")
    bottom_probability: float = knob(0.3, "chance the crop sits above the subject, which then leaves the frame "
                                          "at the bottom", bounds=UNIT)
    bottom_offset: tuple[float, float] = knob((0.1, 0.35), "how far above the subject such a crop's centre sits, "
                                                           "in crop sides", bounds=POSITIVE)
    portrait_crop: tuple[float, float] = knob((0.75, 1.0), "crop side in a close-up of a person, as a share of "
                                                           "the render side (log-uniform): the camera framed the "
                                                           "head and shoulders already, and a portrait keeps the "
                                                           "face", bounds=(1e-3, 1.0))
    aspect: tuple[float, float] = knob((0.67, 1.5), "crop width over height, squeezed to a square image "
                                                    "(log-uniform)", bounds=POSITIVE)
    portrait_aspect: tuple[float, float] = knob((0.56, 1.0), "crop width over height in a close-up of a person "
                                                             "(log-uniform): portraits are taken upright, 9:16 to "
                                                             "square, and their squeeze widens the person",
                                                bounds=POSITIVE)
    flip_probability: float = knob(0.5, "chance of a horizontal mirror", bounds=UNIT)


DEFAULT_FRAMING = FramingRanges()


def draw_framing(rng: np.random.Generator, ranges: FramingRanges = DEFAULT_FRAMING, portrait: bool = False
                 ) -> dict:
    """{"size": [width, height], "x", "y"} (the crop's sides and top-left corner, shares of the render side) and
    "flip"; a `portrait` (a close-up of a person) is cropped by `portrait_crop` and `portrait_aspect`."""
    side = log_uniform(rng, ranges.portrait_crop if portrait else ranges.crop)
    aspect = log_uniform(rng, ranges.portrait_aspect if portrait else ranges.aspect)
    extent = side * np.sqrt([aspect, 1 / aspect])
    extent /= max(1.0, extent.max())  # a side past the render shrinks both: the aspect, and so the squeeze, holds
    centre = 0.5 + extent * rng.normal(0.0, ranges.offset, size=2)
    if rng.random() < ranges.bottom_probability:
        centre[1] = 0.5 - extent[1] * rng.uniform(*ranges.bottom_offset)  # image y grows downwards
    corner = np.clip(centre - extent / 2, 0.0, 1.0 - extent)
    return {"size": extent.tolist(), "x": float(corner[0]), "y": float(corner[1]),
            "flip": bool(rng.random() < ranges.flip_probability)}


def crop_box(framing: dict, render_side: int) -> tuple[int, int, int, int]:
    """(x, y, width, height) of the crop in whole render pixels, inside the render."""
    width, height = (min(render_side, max(1, round(share * render_side))) for share in framing["size"])
    x = min(render_side - width, round(framing["x"] * render_side))
    y = min(render_side - height, round(framing["y"] * render_side))
    return x, y, width, height


def crop(image: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    """The `box` of an image (a view, not a copy)."""
    x, y, width, height = box
    return image[y:y + height, x:x + width]
