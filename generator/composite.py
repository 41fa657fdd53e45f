"""Alpha compositing of a render over a background, and the per-pair draw (background, placement, noise).

Colour space: Blender's render is scene-linear light with PREMULTIPLIED alpha (transparent film, "Standard"
view transform). Blending happens in linear light:

    out_linear = fg_premultiplied_rgb + (1 - alpha) * srgb_to_linear(background)

then the sRGB OETF (IEC 61966-2-1), clipped to [0, 1] and rounded to uint8. The pair's alpha is the placed
render alpha clipped to [0, 1] and rounded to uint8, soft values kept; the background never touches it.
"""

from __future__ import annotations

import numpy as np

from generator.backgrounds import Backgrounds
from generator.colour import linear_to_srgb8, srgb8_to_linear, unit_to_uint8
from generator.photometric import DEFAULT_PHOTOMETRIC, PhotometricRanges, apply_photometric, draw_photometric
from generator.placement import DEFAULT_PLACEMENT, PlacementRanges, draw_placement, place


def composite(render: np.ndarray, background: np.ndarray) -> np.ndarray:
    """Premultiplied linear HxWx4 render over an HxWx3 uint8 sRGB background -> HxWx3 uint8 sRGB."""
    if render.shape[:2] != background.shape[:2]:
        raise ValueError(f"render is {render.shape[1]}x{render.shape[0]} but the background is "
                         f"{background.shape[1]}x{background.shape[0]}")
    alpha = np.clip(render[..., 3:4], 0.0, 1.0)
    return linear_to_srgb8(render[..., :3] + (1.0 - alpha) * srgb8_to_linear(background))


def draw_pair(rng: np.random.Generator, backgrounds: Backgrounds,
              placement: PlacementRanges = DEFAULT_PLACEMENT,
              photometric: PhotometricRanges = DEFAULT_PHOTOMETRIC) -> dict:
    """Per-pair params {"background", "placement", "photometric"}, plain msgpack-able types."""
    return {"background": backgrounds.draw(rng), "placement": draw_placement(rng, placement),
            "photometric": draw_photometric(rng, photometric)}


def make_pair(render: np.ndarray, params: dict, backgrounds: Backgrounds) -> tuple[np.ndarray, np.ndarray]:
    """(image HxWx3 uint8 sRGB, alpha HxW uint8) of one pair from a float32 HxWx4 linear premultiplied render."""
    if render.ndim != 3 or render.shape[2] != 4:
        raise ValueError(f"render must be HxWx4 (premultiplied RGBA), got shape {render.shape}")
    placed = place(np.ascontiguousarray(render, dtype=np.float32), params["placement"])
    image = composite(placed, backgrounds.render(params["background"]))
    return apply_photometric(image, params["photometric"]), unit_to_uint8(placed[..., 3])
