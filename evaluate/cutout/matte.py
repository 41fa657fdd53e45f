"""One photo's matte: the model runs on a small copy squeezed to the square it trained on (or at the photo's own
aspect, `fit`), and its matte is brought up to the photo's own size and aspect by a guided filter that follows the
photo's edges (OpenCV's ximgproc, He et al. 2010).

Only the model input and one band of rows at a time are ever held in float32, so a photo costs about 8 bytes a
pixel (the photo, its alpha, its cut-out) and a fixed ~100 MB for the filter's band: 12 megapixels, about 180 MB.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import cv2
import numpy as np

from evaluate.datasets import aspect_shape
from trainer.config import IMAGE_SIZE

if TYPE_CHECKING:
    import keras

DEFAULT_SHORT_SIDE = IMAGE_SIZE  # the training pairs' size: the model has seen objects at this scale
SQUEEZE, ASPECT = "squeeze", "aspect"
FITS = (SQUEEZE, ASPECT)
# The stream squeezes its crops of every aspect to the square, so the model knows squeezed photos best: at full size
# after the filter, squeezed scored 0.653 / 0.792 IoU on ecssd-dev / portraits-dev against 0.633 / 0.763 at the
# photo's aspect, with a lower SAD (benchmarks/cutout_fit_bench.py; docs/experiments.md, *What cutout shows the
# model*)
DEFAULT_FIT = SQUEEZE
MULTIPLE = 8  # the UNet's sides divide by 2**trainer.unet.LEVELS (not imported: it loads Keras, slow for --help)
# Guided filter window radius (in model pixels) and regularisation (the guide is in [0, 1]). Measured on 1200x900
# composites of scikit-image's sample photos with a known matte, the model's matte simulated by area-downsizing it:
# against plain bilinear upscaling, the gradient error falls by a third (28.6 -> 19.2) for 9% more absolute error
# (11.1 -> 12.1 per mille); wider windows or a smaller eps copy the photo's texture into the matte.
RADIUS_PER_MODEL_PIXEL = 0.5
EPS = 1e-2
BAND_PIXELS = 1 << 20  # rows filtered at once: about a million pixels, ~100 MB of float32 work in the filter


def model_shape(height: int, width: int, short_side: int = DEFAULT_SHORT_SIDE,
                fit: str = DEFAULT_FIT) -> tuple[int, int]:
    """(height, width) of the model input: `short_side` square ("squeeze"), or the photo's aspect with that short
    side ("aspect"), sides multiples of 8."""
    if fit == SQUEEZE:
        return short_side, short_side
    return aspect_shape(height, width, short_side)


def predict_small(model: keras.Model, photo: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """The model's matte (h, w) float32 in [0, 1] of the BGR photo area-resized to `shape` (h, w), averaged with
    its matte of the mirror image."""
    from trainer.inference import mirrored_alpha  # loads Keras: not at import, which --help does

    height, width = shape
    small = cv2.resize(photo, (width, height), interpolation=cv2.INTER_AREA)
    rgb = cv2.cvtColor(small, cv2.COLOR_BGR2RGB).astype(np.float32) / 255
    # direct calls inside: predict() would trace a new graph for every photo shape
    return mirrored_alpha(model, rgb[None])[0]


def guide_radius(photo_shape: tuple[int, ...], matte_shape: tuple[int, ...]) -> int:
    """Window radius in photo pixels: RADIUS_PER_MODEL_PIXEL model pixels, at least 1."""
    scale = max(photo_shape[0] / matte_shape[0], photo_shape[1] / matte_shape[1])
    return max(1, round(RADIUS_PER_MODEL_PIXEL * scale))


def _upscale_rows(matte: np.ndarray, size: tuple[int, int], top: int, bottom: int) -> np.ndarray:
    """Rows [top, bottom) of `matte` bilinearly resized to `size` (H, W), as cv2.resize would give them."""
    height, width = size
    sx, sy = matte.shape[1] / width, matte.shape[0] / height
    # destination pixel centres onto source coordinates, the mapping cv2.resize uses, shifted down by `top`
    to_source = np.array([[sx, 0, 0.5 * sx - 0.5], [0, sy, (top + 0.5) * sy - 0.5]])
    return cv2.warpAffine(matte, to_source, (width, bottom - top), flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                          borderMode=cv2.BORDER_REPLICATE)


def refine(matte: np.ndarray, photo: np.ndarray, eps: float = EPS, band_pixels: int = BAND_PIXELS) -> np.ndarray:
    """The small float matte brought to the BGR photo's size along its edges, as 8-bit alpha (H, W).

    Filtered in bands of rows, each with a margin of two radii: the filter's output at a pixel depends on
    pixels no further away than that, so the bands join without seams.
    """
    height, width = photo.shape[:2]
    radius = guide_radius(photo.shape, matte.shape)
    margin = 2 * radius + 1
    rows = max(1, band_pixels // width)
    alpha = np.empty((height, width), np.uint8)
    for top in range(0, height, rows):
        bottom = min(height, top + rows)
        above, below = max(0, top - margin), min(height, bottom + margin)
        guide = photo[above:below].astype(np.float32) / 255
        source = _upscale_rows(matte, (height, width), above, below)
        filtered = cv2.ximgproc.guidedFilter(guide, source, radius, eps)
        alpha[top:bottom] = np.rint(np.clip(filtered[top - above:bottom - above], 0, 1) * 255)
    return alpha


def matte_of(model: keras.Model, photo: np.ndarray, short_side: int = DEFAULT_SHORT_SIDE,
             fit: str = DEFAULT_FIT) -> np.ndarray:
    """The 8-bit alpha (H, W) of a BGR photo: the model on a copy with this short side (squeezed or at the photo's
    aspect, `fit`), refined to full size."""
    small = predict_small(model, photo, model_shape(*photo.shape[:2], short_side, fit))
    return refine(small, photo)
