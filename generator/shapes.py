"""The object's random draw for the built-in procedural library (no files needed).

Families: "solid" (one superquadric: sphere, box, cylinder, pillow, star-like, or a supertoroid), "union"
(2-4 such parts, some of them thin sticks or plates), "furry" (a solid with thin hair-like strands whose
coverage is fractional beyond the silhouette). Every shape is then deformed (noise displacement, twist,
bend, taper), shaded smooth or flat (hard surface), and turned to a random orientation. The geometry itself
is built from this description by `generator.meshes`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from generator.draws import int_in, log_uniform
from generator.knobs import POSITIVE, UNIT, Knobs, knob

FAMILIES = ("solid", "union", "furry")


@dataclass(frozen=True)
class ShapeRanges(Knobs):
    """Ranges a procedural shape is drawn from (uniform unless stated)."""

    families: tuple[str, ...] = knob(FAMILIES, "shape families to choose from (solid,union,furry)", choices=FAMILIES)
    exponent: tuple[float, float] = knob((0.1, 3.0), "superquadric exponents: <1 boxy, 1 round, >2 star-like "
                                                  "(log-uniform)", bounds=POSITIVE)
    torus_probability: float = knob(0.2, "chance a part is a supertoroid instead of a superellipsoid", bounds=UNIT)
    aspect: tuple[float, float] = knob((0.35, 1.0), "per-axis scale of a part before normalisation")
    parts: tuple[int, int] = knob((2, 4), "number of parts of a union, inclusive")
    thin_probability: float = knob(0.3, "chance a union part is a thin stick or plate", bounds=UNIT)
    noise: tuple[float, float] = knob((0.0, 0.15), "noise displacement amplitude, object radii")
    noise_scale: tuple[float, float] = knob((1.0, 8.0), "noise displacement frequency, waves per radius")
    twist: tuple[float, float] = knob((-2.0, 2.0), "twist about the vertical axis, radians per radius")
    bend: tuple[float, float] = knob((-1.0, 1.0), "bend around a horizontal axis, radians per radius")
    taper: tuple[float, float] = knob((-0.5, 0.5), "relative width change per radius of height")
    smooth_probability: float = knob(0.6, "chance of smooth shading (else flat, hard surface)", bounds=UNIT)
    strands: tuple[int, int] = knob((40, 400), "number of strands of a furry shape, inclusive")
    strand_length: tuple[float, float] = knob((0.15, 0.8), "strand length, object radii")
    strand_thickness: tuple[float, float] = knob((0.002, 0.02), "strand radius at the root, object radii")


def draw_part(rng: np.random.Generator, ranges: ShapeRanges, offset: float = 0.0, thin: bool = False) -> dict:
    """One superquadric part: kind, exponents, per-axis scale, location and rotation (radians)."""
    kind = "supertoroid" if rng.random() < ranges.torus_probability else "superellipsoid"
    scale = rng.uniform(*ranges.aspect, size=3)
    if thin:  # a stick (two thin axes) or a plate (one)
        scale[rng.permutation(3)[: int(rng.integers(1, 3))]] *= rng.uniform(0.03, 0.12)
    # log-uniform exponents, so boxy and round shapes are equally common
    return {"kind": kind, "e1": log_uniform(rng, ranges.exponent), "e2": log_uniform(rng, ranges.exponent),
            "hole": rng.uniform(0.15, 0.6), "scale": scale.tolist(),
            "location": rng.uniform(-offset, offset, size=3).tolist(),
            "rotation": rng.uniform(-math.pi, math.pi, size=3).tolist()}


def draw_deform(rng: np.random.Generator, ranges: ShapeRanges) -> dict:
    """Global deformations, each applied with probability 1/2 so plain shapes stay common."""
    def maybe(bounds: tuple[float, float]) -> float:
        return rng.uniform(*bounds) if rng.random() < 0.5 else 0.0

    return {"noise": maybe(ranges.noise), "noise_scale": rng.uniform(*ranges.noise_scale),
            "noise_seed": int(rng.integers(2**31)), "twist": maybe(ranges.twist), "bend": maybe(ranges.bend),
            "taper": maybe(ranges.taper)}


def draw_strands(rng: np.random.Generator, ranges: ShapeRanges) -> dict:
    """Hair-like strands: how many, how long, how thick, how much they droop, and their seed."""
    return {"count": int_in(rng, ranges.strands),
            "length": rng.uniform(*ranges.strand_length), "thickness": rng.uniform(*ranges.strand_thickness),
            "droop": rng.uniform(0.0, 1.0), "spread": rng.uniform(0.1, 0.6), "seed": int(rng.integers(2**31))}


def draw_shape(rng: np.random.Generator, ranges: ShapeRanges) -> dict:
    """Shape description: {"family", "parts", "deform", "strands", "smooth", "rotation"}."""
    family = str(rng.choice(ranges.families))
    if family == "union":
        count = int_in(rng, ranges.parts)
        parts = [draw_part(rng, ranges, offset=0.6, thin=rng.random() < ranges.thin_probability)
                 for _ in range(count)]
    else:
        parts = [draw_part(rng, ranges)]
    return {"family": family, "parts": parts, "deform": draw_deform(rng, ranges),
            "strands": draw_strands(rng, ranges) if family == "furry" else None,
            "smooth": bool(rng.random() < ranges.smooth_probability),
            "rotation": rng.uniform(-math.pi, math.pi, size=3).tolist()}
