"""Natural colours of subject regions (skin, hair, fur, leaves, bark, petals, clothes), as sRGB HSV ranges.

A subject's palette maps its regions to colours drawn from these; with the chance `palette_probability` it has
one, otherwise the frame's drawn material covers it all (a statue, a painted toy), so colour alone never gives a
family away.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from generator.scene.materials import hsv_color

if TYPE_CHECKING:
    from generator.scene.shapes import ShapeRanges

NATURAL = {  # (hue, saturation, value) ranges; hue 0.08 is orange, 0.33 green
    "skin": ((0.025, 0.095), (0.25, 0.6), (0.25, 0.95)),
    "hair": ((0.03, 0.12), (0.15, 0.75), (0.03, 0.7)),
    "lips": ((0.96, 1.0), (0.35, 0.65), (0.3, 0.75)),
    "fur": ((0.02, 0.12), (0.0, 0.8), (0.04, 0.95)),
    "beak": ((0.03, 0.15), (0.5, 1.0), (0.2, 1.0)),
    "leaf": ((0.16, 0.42), (0.35, 0.9), (0.12, 0.65)),
    "bark": ((0.04, 0.11), (0.25, 0.7), (0.1, 0.45)),
    "wood": ((0.05, 0.11), (0.3, 0.75), (0.2, 0.75)),
    "roof": ((0.0, 0.1), (0.15, 0.7), (0.12, 0.5)),
    "petal": ((0.0, 1.0), (0.4, 1.0), (0.55, 1.0)),
    "cloth": ((0.0, 1.0), (0.0, 0.6), (0.05, 0.75)),
    "dark": ((0.0, 1.0), (0.0, 0.3), (0.01, 0.12)),
    "chitin": ((0.0, 1.0), (0.2, 0.9), (0.03, 0.5)),  # insects' bodies: black, brown, green, metallic blues
    "wing": ((0.0, 1.0), (0.0, 0.2), (0.5, 0.95)),  # clear and pale wings (a butterfly's take "petal")
}


def natural(rng: np.random.Generator, name: str) -> list[float]:
    """One linear RGB colour of the NATURAL range `name`."""
    return hsv_color(rng, *NATURAL[name])


def palette(rng: np.random.Generator, ranges: ShapeRanges, regions: dict[str, str]) -> dict:
    """{region: colour} drawing each region's colour from its NATURAL range, or {} (no palette) with the
    chance 1 - `palette_probability`."""
    if rng.random() >= ranges.palette_probability:
        return {}
    return {region: natural(rng, name) for region, name in regions.items()}
