"""More of the same beside the subject: a second horse in the field, two children on a step, a row of boats. Real
photos often show a few subjects of one kind side by side, and all of them are the foreground; in the stream every
other object was clutter, so a second animal like the first one taught "this is background".

A companion is drawn from the subject's own family and kind (a full-length person beside a full-length person),
with its own colours and material, stands beside the subject at about its depth and is part of the alpha. The
camera steps back and aims at the group, so that the group fills the frame as the subject alone would have. A
companion's height is set when it is applied, so that it stands where the subject stands. No bpy.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from generator.knobs import UNIT, Knobs, knob
from generator.scene.camera import look_matrix
from generator.scene.draws import int_in
from generator.scene.materials import MaterialRanges, draw_material
from generator.scene.shapes import SUBJECTS, ShapeRanges, draw_shape

MAX_COMPANIONS = 2  # the Blender scene keeps a pool of this many companions


@dataclass(frozen=True)
class CompanionRanges(Knobs):
    """How often the subject has company of its own kind, how much, how far and how big (uniform)."""

    # off: at 0.2, 30 minutes (seed 3) scored lower on both real sets at every checkpoint (docs/experiments.md,
    # *Companions*)
    probability: float = knob(0.0, "chance a frame's subject has companions of its own family and kind (part of "
                                   "the foreground, as a herd or a group is in a photo)", bounds=UNIT)
    count: tuple[int, int] = knob((1, 2), "companions in such a frame, inclusive", bounds=(1, MAX_COMPANIONS))
    spacing: tuple[float, float] = knob((0.6, 1.3), "distance between the subject's centre and a companion's, "
                                                    "in the sum of their radii (below 1 they overlap)",
                                        bounds=(0.0, 10.0))
    depth: tuple[float, float] = knob((-0.5, 1.5), "a companion's depth behind the subject, in subject radii "
                                                   "(negative: nearer the camera)")
    scale: tuple[float, float] = knob((0.55, 1.0), "a companion's size relative to the subject's",
                                      bounds=(0.01, 10.0))


def horizontal(vector: np.ndarray) -> np.ndarray:
    """`vector` flattened onto the ground and made unit length (x when it is vertical)."""
    flat = np.array([vector[0], vector[1], 0.0])
    norm = np.linalg.norm(flat)
    return flat / norm if norm > 1e-9 else np.array([1.0, 0.0, 0.0])


def same_kind(shapes: ShapeRanges, subject: dict) -> ShapeRanges:
    """The shape ranges restricted to the subject's family and, for a person, animal, plant or thing, its kind."""
    family, kind = subject["family"], subject.get("kind")
    restricted = replace(shapes, families=(family,))
    if family == "person":
        return replace(restricted, person_framings=(kind,))
    if family in SUBJECTS:
        return replace(restricted, **{f"{family}_kinds": (kind,)})
    return restricted


def draw_companions(rng: np.random.Generator, ranges: CompanionRanges, subject: dict, camera: dict,
                    shapes: ShapeRanges, materials: MaterialRanges) -> list[dict]:
    """[{"shape", "material", "location", "radius"}], empty for most frames and for loaded assets. The location's
    height is the subject's centre; the Blender layer lowers or raises each companion to the subject's ground."""
    # no draw at all when off, so that the stream is the same as before companions
    if subject["kind"] != "procedural" or ranges.probability == 0.0 or rng.random() >= ranges.probability:
        return []
    axes = look_matrix(camera)
    right, away = horizontal(axes[:, 0]), horizontal(-axes[:, 2])
    kind = same_kind(shapes, subject["shape"])
    first_side = 1.0 if rng.random() < 0.5 else -1.0
    companions = []
    for index in range(int_in(rng, ranges.count)):
        radius = rng.uniform(*ranges.scale)
        side = first_side if index % 2 == 0 else -first_side  # a second companion stands on the other side
        offset = side * rng.uniform(*ranges.spacing) * (1.0 + radius) * right + rng.uniform(*ranges.depth) * away
        companions.append({"shape": draw_shape(rng, kind), "material": draw_material(rng, materials),
                           "location": offset.tolist(), "radius": float(radius)})
    return companions


def frame_group(camera: dict, companions: list[dict]) -> dict:
    """The camera moved sideways to aim at the middle of the subject (radius 1, at the origin) and its companions,
    and back by as much as the group is wider than the subject."""
    if not companions:
        return camera
    offsets = np.array([[0.0, 0.0, 0.0]] + [c["location"] for c in companions])
    radii = np.array([1.0] + [c["radius"] for c in companions])
    middle = (offsets.min(axis=0) + offsets.max(axis=0)) / 2
    middle[2] = 0.0
    extent = max(1.0, float((np.linalg.norm(offsets - middle, axis=1) + radii).max()))
    target = np.asarray(camera["target"], np.float64) + middle
    back = np.asarray(camera["location"], np.float64) - np.asarray(camera["target"], np.float64)
    return {**camera, "location": (target + extent * back).tolist(), "target": target.tolist()}
