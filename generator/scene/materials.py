"""The material's random draw: two base colours mixed by a procedural texture (noise, voronoi, stripes,
checker, or none) or a real photograph's texture (`generator.image.atlas`), roughness, metallic, and for some
objects a translucent alpha (fractional coverage inside the silhouette). Strands get a colour of their own.
Colours are drawn in sRGB HSV and stored linear, as Blender's shader inputs expect.
"""

from __future__ import annotations

import colorsys
from dataclasses import dataclass

import numpy as np

from generator.image.colour import srgb_to_linear
from generator.knobs import UNIT, Knobs, knob

TEXTURES = ("none", "noise", "voronoi", "stripes", "checker")
PHOTO = "photo"  # the photo atlas, drawn with its own chance rather than as one texture among five
KINDS = (*TEXTURES, PHOTO)  # every base-colour kind a material can have


@dataclass(frozen=True)
class MaterialRanges(Knobs):
    """Ranges a material is drawn from (uniform unless stated)."""

    textures: tuple[str, ...] = knob(TEXTURES, "base-colour textures to choose from", choices=TEXTURES)
    saturation: tuple[float, float] = knob((0.0, 1.0), "saturation of the base colours (sRGB HSV)")
    value: tuple[float, float] = knob((0.08, 1.0), "brightness of the base colours (sRGB HSV)")
    texture_scale: tuple[float, float] = knob((1.0, 25.0), "texture frequency over the object")
    photo_probability: float = knob(0.4, "chance the base colour is a real photo's texture (crops of the "
                                         "panoramas) instead of one of --material-textures", bounds=UNIT)
    roughness: tuple[float, float] = knob((0.05, 1.0), "surface roughness")
    metallic_probability: float = knob(0.2, "chance of a metallic surface", bounds=UNIT)
    translucent_probability: float = knob(0.1, "chance of a partly transparent object", bounds=UNIT)
    alpha: tuple[float, float] = knob((0.3, 0.9), "opacity of a partly transparent object")


def hsv_color(rng: np.random.Generator, hue: tuple[float, float], saturation: tuple[float, float],
              value: tuple[float, float]) -> list[float]:
    """One linear RGB colour from sRGB hue, saturation and value, each uniform in its range."""
    srgb = colorsys.hsv_to_rgb(rng.uniform(*hue), rng.uniform(*saturation), rng.uniform(*value))
    return srgb_to_linear(np.array(srgb)).tolist()


def draw_color(rng: np.random.Generator, ranges: MaterialRanges) -> list[float]:
    """One linear RGB colour of any hue, saturation and value within the ranges."""
    return hsv_color(rng, (0.0, 1.0), ranges.saturation, ranges.value)


def draw_material(rng: np.random.Generator, ranges: MaterialRanges) -> dict:
    """Material description: {"texture", "color_a", "color_b", "scale", "offset", "roughness", "metallic",
    "alpha", "strand_color"}."""
    translucent = rng.random() < ranges.translucent_probability
    photo = rng.random() < ranges.photo_probability
    return {"texture": PHOTO if photo else str(rng.choice(ranges.textures)), "color_a": draw_color(rng, ranges),
            "color_b": draw_color(rng, ranges), "scale": rng.uniform(*ranges.texture_scale),
            "offset": rng.uniform(-100, 100, size=3).tolist(), "roughness": rng.uniform(*ranges.roughness),
            "metallic": float(rng.random() < ranges.metallic_probability),
            "alpha": rng.uniform(*ranges.alpha) if translucent else 1.0,
            "strand_color": draw_color(rng, ranges)}
