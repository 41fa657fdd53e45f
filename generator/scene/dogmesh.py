"""A real four-legged body for the animal family: the dog's skin that the `dm-control` wheel ships (MuJoCo's
skinned mesh of a dog, 24,065 vertices and 61 bones with their weights), reproportioned from dachshund to horse
(legs, body length, girth, neck, head, tail) and posed (head raised, lowered or turned, a walking stride, the tail
up or down) by its bones. Plain numpy, no bpy.

The data is found where pip put the wheel, without importing `dm_control` (its code needs MuJoCo, which we never
install). Units out: the animal family's (hips and shoulders 1.4 apart, the box about the body centred on the
origin), +x forward, +z up.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from generator.scene.skinning import DataWheel, axis_rotation, compact, turned

PACKAGE = "dm_control"
SKIN = Path("locomotion") / "walkers" / "assets" / "dog_v2" / "dog_skin.skn"
NAME_BYTES = 40  # MuJoCo's .skn: a bone's name is a zero-padded 40-byte field
# Bones by the name they start with: what moves together when a joint turns, and the regions of the skin
NECK, HEAD, TAIL = ("C_", "skull", "jaw"), ("skull", "jaw"), ("Ca_",)
TRUNK = ("torso", "L_", "pelvis", "scapula")
PAWS = ("hand", "finger", "foot", "toe")
LEGS = {"front": ("upper_arm", "lower_arm", *PAWS[:2]), "hind": ("upper_leg", "lower_leg", *PAWS[2:])}
# The trunk between the hind and the front legs' tops, along x (metres): what a longer body stretches
HIPS_X, SHOULDERS_X = -0.31, 0.12
REGIONS = ("fur", "face", "paw")
BELLY_Z = 0.32  # below it, the legs stretch
TRUNK_UNITS = 1.4  # hips to shoulders in the family's units, as the superquadric quadruped has them


WHEEL = DataWheel(PACKAGE, "dm-control", "1.0.50", SKIN, "the four-legged body mesh", "four-legged bodies",
                  "the dog skin from the dm-control wheel, reproportioned")
available, note = WHEEL.available, WHEEL.note


@dataclass(frozen=True)
class Skin:
    """The mesh in its own space (metres, +x forward, +z up, standing on z = 0): vertices, triangles, and by
    bone its joint (bind position) and its (vertex, weight) arrays."""

    vertices: np.ndarray
    triangles: np.ndarray
    joints: dict[str, np.ndarray]
    weights: dict[str, tuple[np.ndarray, np.ndarray]]


@cache
def skin() -> Skin:
    """The dog's skin, read once per process (MuJoCo's binary .skn layout)."""
    data = WHEEL.required().read_bytes()
    vertex_count, texcoord_count, face_count, bone_count = struct.unpack_from("4i", data)
    offset = 16
    vertices = np.frombuffer(data, np.float32, 3 * vertex_count, offset).reshape(-1, 3).astype(np.float64)
    offset += 12 * vertex_count + 8 * texcoord_count
    triangles = np.frombuffer(data, np.int32, 3 * face_count, offset).reshape(-1, 3).astype(np.int64)
    offset += 12 * face_count
    joints, weights = {}, {}
    for _ in range(bone_count):
        name = data[offset:offset + NAME_BYTES].split(b"\0")[0].decode()
        joints[name] = np.array(struct.unpack_from("3f", data, offset + NAME_BYTES), np.float64)
        offset += NAME_BYTES + 28  # name, bind position, bind quaternion
        (count,) = struct.unpack_from("i", data, offset)
        index = np.frombuffer(data, np.int32, count, offset + 4).astype(np.int64)
        weights[name] = (index, np.frombuffer(data, np.float32, count, offset + 4 + 4 * count).astype(np.float64))
        offset += 4 + 8 * count
    return Skin(vertices, triangles, joints, weights)


@cache
def share(prefixes: tuple[str, ...], side: str = "") -> np.ndarray:
    """Per vertex, the summed weight of the bones whose names start with `prefixes` (and end with `side`)."""
    total = np.zeros(len(skin().vertices))
    for bone, (index, weight) in skin().weights.items():
        if bone.startswith(prefixes) and bone.endswith(side):
            np.add.at(total, index, weight)
    return np.clip(total, 0.0, 1.0)


@cache
def vertex_regions() -> np.ndarray:
    """The region of each vertex: "face" where the head's bones move it most, "paw" for the feet, else "fur"."""
    regions = np.full(len(skin().vertices), REGIONS[0], dtype=object)
    regions[share(HEAD) > 0.5] = "face"
    regions[share(PAWS) > 0.5] = "paw"
    return regions.astype(str)


def stretch(values: np.ndarray, low: float, high: float, factor: float) -> np.ndarray:
    """Values between `low` and `high` scaled by `factor` about their middle, those beyond moved with the ends."""
    middle = (low + high) / 2
    inside = middle + (np.clip(values, low, high) - middle) * factor
    return inside + values - np.clip(values, low, high)


def scaled(points: np.ndarray, bones: tuple[str, ...], pivot: np.ndarray, factor: float) -> np.ndarray:
    """Points scaled by `factor` about `pivot`, each as much as `bones` move it."""
    return points + share(bones)[:, None] * (pivot + (points - pivot) * factor - points)


def reproportioned(animal: dict) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The rest pose's vertices and joints with the drawn "head" and "tail_length" sizes, "neck_length" and
    "body" length between the legs."""
    points, joints = skin().vertices.copy(), dict(skin().joints)
    points = scaled(points, HEAD, joints["C_1"], animal["head"])
    points = scaled(points, TAIL, joints["Ca_1"], animal["tail_length"])
    neck = joints["C_1"] - joints["C_7"]
    along = (points - joints["C_7"]) @ neck / (neck @ neck)  # 0 at the neck's base, 1 at its top
    moved = share(NECK[:1]) * np.clip(along, 0.0, 1.0) + share(HEAD)
    points = points + (animal["neck_length"] - 1.0) * moved[:, None] * neck
    joints = {name: np.array([stretch(joint[0], HIPS_X, SHOULDERS_X, animal["body"]), *joint[1:]])
              for name, joint in joints.items()}
    return np.stack([stretch(points[:, 0], HIPS_X, SHOULDERS_X, animal["body"]), points[:, 1], points[:, 2]], 1), joints


def posed(points: np.ndarray, joints: dict[str, np.ndarray], animal: dict) -> np.ndarray:
    """`points` posed by `animal`'s angles (degrees): the neck pitched ("neck", up > 0) and turned ("turn") at
    its base, the tail ("tail", up > 0), each leg swung about its top ("swing": front, hind; forward > 0)."""
    side_axis, up = np.array([0.0, 1.0, 0.0]), np.array([0.0, 0.0, 1.0])
    for bones, pivot, rotation in (
            (NECK, joints["C_7"], axis_rotation(up, np.radians(animal["turn"]))
             @ axis_rotation(side_axis, -np.radians(animal["neck"]))),
            (TAIL, joints["Ca_1"], axis_rotation(side_axis, np.radians(animal["tail"])))):
        points = turned(points, share(bones), pivot, rotation)
    for bones, swings in zip(LEGS.values(), animal["swing"], strict=True):
        for side, swing in zip(("_L", "_R"), swings, strict=True):
            # about +y a positive angle turns what hangs below the joint backwards, so a forward swing is negative
            swung = axis_rotation(side_axis, -np.radians(swing))
            points = turned(points, share(bones, side), joints[bones[0] + side], swung)
    return points


def built(points: np.ndarray, animal: dict) -> np.ndarray:
    """Posed `points` with the drawn "girth" of the trunk and "legs" length below the belly: the legs stretch,
    all else rises with them (a lowered head or a hanging tail too)."""
    axis = np.array([0.0, 0.0, skin().joints["torso"][2]])
    points = points + share(TRUNK)[:, None] * (animal["girth"] - 1.0) * (points - axis) * [0.0, 1.0, 1.0]
    legs = share(LEGS["front"] + LEGS["hind"])
    rise = (animal["legs"] - 1.0) * (BELLY_Z + legs * (np.minimum(points[:, 2], BELLY_Z) - BELLY_Z))
    return points + rise[:, None] * [0.0, 0.0, 1.0]


def pieces(animal: dict) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """The posed, proportioned body in the family's units as {region: (vertices, quads)}; each triangle is a quad
    whose last corner repeats its third (the mesh builders take quads)."""
    points = built(posed(*reproportioned(animal), animal), animal)
    centre = (points.min(axis=0) + points.max(axis=0)) / 2
    points = (points - centre) * TRUNK_UNITS / ((SHOULDERS_X - HIPS_X) * animal["body"])
    triangles = skin().triangles
    regions = vertex_regions()[triangles[:, 0]]
    quads = np.concatenate([triangles, triangles[:, 2:]], axis=1)
    return {name: compact(points, quads[regions == name]) for name in REGIONS}
