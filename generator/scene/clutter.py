"""The rest of the scene: a ground the subject stands on (and casts its shadow onto) and other objects behind,
beside and in front of it, drawn from the same shape and material generators as the subject, so that "looks
rendered" stops meaning "foreground". Objects in front may hide part of the subject; the subject's alpha is its
visible coverage (a second render with the clutter as holdout, `generator.blender.render`).

Objects are placed along rays through the frame at a depth relative to the subject's, sized by the share of the
frame they span; all in plain numbers from the camera description, no bpy.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from generator.knobs import POSITIVE, UNIT, Knobs, knob
from generator.scene.camera import half_tan, look_matrix
from generator.scene.draws import int_in, log_uniform
from generator.scene.materials import MaterialRanges, draw_material
from generator.scene.shapes import ShapeRanges, draw_shape

MAX_CLUTTER = 4  # the Blender scene keeps a pool of this many clutter objects


@dataclass(frozen=True)
class ClutterRanges(Knobs):
    """How much else is in the scene, where, and how big (uniform unless stated)."""

    probability: float = knob(0.6, "chance a frame has other objects besides the subject", bounds=UNIT)
    count: tuple[int, int] = knob((1, 3), "other objects in such a frame, inclusive", bounds=(1, MAX_CLUTTER))
    front_probability: float = knob(0.3, "chance an object stands between the camera and the subject (it may "
                                          "hide part of it)", bounds=UNIT)
    portrait_front_probability: float = knob(0.0, "the same in a close-up of a person: a portrait's face is "
                                                  "seldom hidden", bounds=UNIT)
    behind: tuple[float, float] = knob((1.3, 4.0), "depth of an object behind, in subject distances "
                                                   "(log-uniform)", bounds=POSITIVE)
    front: tuple[float, float] = knob((0.35, 0.8), "depth of an object in front, in subject distances",
                                      bounds=(0.05, 0.95))
    # at most 0.4: the subject is the thing a photo is of, so what else stands in it is seldom as big
    span: tuple[float, float] = knob((0.1, 0.4), "share of the frame side an object spans (log-uniform)",
                                     bounds=POSITIVE)
    ground_probability: float = knob(0.5, "chance of a ground under the subject (when the camera looks down on "
                                           "it)", bounds=UNIT)


def ray(camera: dict, u: float, v: float) -> np.ndarray:
    """Unit world direction through frame position (u, v) in [-1, 1] (right, up)."""
    half = half_tan(camera)
    direction = look_matrix(camera) @ np.array([u * half, v * half, -1.0])
    return direction / np.linalg.norm(direction)


def draw_item(rng: np.random.Generator, ranges: ClutterRanges, camera: dict, shapes: ShapeRanges,
              materials: MaterialRanges) -> dict:
    """One object: {"shape", "material", "location", "radius"} in front of or behind the subject."""
    distance = float(np.linalg.norm(np.subtract(camera["location"], camera["target"])))
    front = rng.random() < ranges.front_probability
    # objects in front come near the middle (to overlap the subject), those behind anywhere in the frame
    u, v = rng.uniform(-0.6, 0.6, size=2) if front else rng.uniform(-1.1, 1.1, size=2)
    depth = distance * (rng.uniform(*ranges.front) if front else log_uniform(rng, ranges.behind))
    radius = log_uniform(rng, ranges.span) * depth * half_tan(camera)
    location = np.asarray(camera["location"]) + depth * ray(camera, u, v)
    # opaque: a translucent holdout leaks part of its coverage into the subject's alpha pass
    return {"shape": draw_shape(rng, shapes), "material": {**draw_material(rng, materials), "alpha": 1.0},
            "location": location.tolist(), "radius": radius}


def draw_clutter(rng: np.random.Generator, ranges: ClutterRanges, camera: dict, shapes: ShapeRanges,
                 materials: MaterialRanges) -> dict:
    """{"objects": [...], "ground": {"material"} or None}; the ground is placed under the subject when applied."""
    objects = ([draw_item(rng, ranges, camera, shapes, materials) for _ in range(int_in(rng, ranges.count))]
               if rng.random() < ranges.probability else [])
    above = camera["location"][2] - camera["target"][2] > 0.2 * math.dist(camera["location"], camera["target"])
    ground = rng.random() < ranges.ground_probability and above
    return {"objects": objects, "ground": {"material": draw_material(rng, materials)} if ground else None}
