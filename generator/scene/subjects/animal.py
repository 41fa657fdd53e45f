"""The "animal" family: four-legged animals (body, legs, neck, head with snout, ears and eyes, tail; from
dachshund to giraffe proportions, standing, walking or sitting, optionally furry) and birds (body, head, beak,
wings folded or spread in flight, tail, legs).

The animal faces +x, +z is up. Units: a quadruped's body is 2 long, a bird's 1. Regions: "fur" (or "feather"
and "wing"), "beak" (beak and a bird's legs), "eye".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from generator.scene import dogmesh
from generator.scene.draws import log_uniform
from generator.scene.meshes import COARSE, DOG, rotation_matrix
from generator.scene.subjects.palette import palette
from generator.scene.subjects.parts import aim, aim_x, bend, choose, limb, part, strand_group, subject, toward

if TYPE_CHECKING:
    from generator.scene.shapes import ShapeRanges

KINDS = ("quadruped", "bird")
GAITS = {  # name: (weight, body pitch, leg swing, knee bend), degrees
    "stand": (0.5, (-3.0, 3.0), (0.0, 6.0), (0.0, 15.0)),
    "walk": (0.3, (-3.0, 3.0), (12.0, 28.0), (10.0, 40.0)),
    "sit": (0.2, (25.0, 40.0), (0.0, 5.0), (0.0, 10.0)),
}
EARS = ("pointed", "round", "floppy")


def eyes(centre: np.ndarray, forward: np.ndarray, width: float, radius: float) -> list[dict]:
    """Two small dark spheres on either side of a head at `centre` looking along `forward`."""
    side = np.cross([0.0, 0.0, 1.0], forward)
    side /= np.linalg.norm(side)
    return [part(centre + forward * 0.5 * width + s * side * 0.8 * width + [0.0, 0.0, 0.3 * width],
                 (radius, radius, radius), region="eye", grid=COARSE) for s in (-1, 1)]


def ears(rng: np.random.Generator, head: np.ndarray, size: float, width: float) -> list[dict]:
    """Two ears on top of a head at `head`: pointed cones, round discs, or flaps hanging at its sides."""
    style = str(rng.choice(EARS))
    parts = []
    for s in (-1, 1):
        if style == "floppy":
            root = np.add(head, [0.0, s * width, 0.4 * width])
            parts.append(limb(root, np.add(head, [-0.1 * size, s * 1.15 * width, -size]), 0.35 * size, region="fur",
                              squash=0.3))
        else:
            base = np.add(head, [-0.1 * width, s * 0.6 * width, 0.75 * width])
            tip = base + size * np.array([-0.1, s * 0.35, 1.0])
            parts.append(part((base + tip) / 2, (0.4 * size, 0.15 * size, 0.6 * size), region="fur",
                              e1=2.0 if style == "pointed" else 0.8, rotation=aim(tip - base), grid=COARSE))
    return parts


def leg(hip: np.ndarray, length: float, radius: float, swing: float, knee: float) -> list[dict]:
    """A leg from `hip` swung `swing` degrees forward, its lower half bent back `knee` degrees."""
    upper = toward(0.0, -90.0 + swing)
    middle = hip + 0.5 * length * upper
    lower = bend(upper, [-1.0, 0.0, 0.0], knee)
    return [limb(hip, middle, radius, region="fur"), limb(middle, middle + 0.5 * length * lower, 0.75 * radius,
                                                          region="fur")]


def head(rng: np.random.Generator, neck_base: np.ndarray, girth: float) -> list[dict]:
    """Neck (short to giraffe-long, raised or grazing), head, snout, ears and eyes of a four-legged animal."""
    neck = neck_base + log_uniform(rng, (0.25, 1.5)) * toward(0.0, rng.uniform(-30.0, 75.0))
    size = rng.uniform(0.22, 0.35)
    face = toward(0.0, -rng.uniform(10.0, 60.0))
    centre = neck + 0.4 * size * face
    snout = rng.uniform(0.3, 1.2) * size
    return [limb(neck_base, neck, rng.uniform(0.35, 0.55) * girth, region="fur"),
            part(centre, (size, 0.8 * size, 0.75 * size), region="fur", rotation=aim_x(face)),
            limb(centre + 0.5 * size * face, centre + (0.5 * size + snout) * face, 0.45 * size, region="fur", e1=0.8),
            *ears(rng, centre, rng.uniform(0.4, 0.9) * size, 0.8 * size),
            *eyes(centre, face, 0.8 * size, 0.12 * size)]


def fur(rng: np.random.Generator, ranges: ShapeRanges) -> dict | None:
    """Hanging fur strands on the "fur" region, with the chance `fur_probability`."""
    if rng.random() >= ranges.fur_probability:
        return None
    return strand_group(rng, on=["fur"], region="fur", count=rng.integers(700, 1000), length=rng.uniform(0.08, 0.18),
                        thickness=rng.uniform(0.006, 0.011), droop=rng.uniform(0.6, 1.5), spread=rng.uniform(0.2, 0.4),
                        segments=3)


def dog(rng: np.random.Generator, ranges: ShapeRanges) -> tuple[list[dict], dict | None, dict]:
    """Parts (the dog skin's regions), fur strands (or None) and palette of a four-legged animal drawn from
    dachshund to horse proportions, standing or walking, its head raised, grazing or turned."""
    walking = rng.random() < 0.4
    stride = rng.uniform(10.0, 25.0) if walking else 0.0
    animal = {"legs": log_uniform(rng, (0.55, 1.7)), "body": log_uniform(rng, (0.8, 1.4)),
              "girth": float(rng.uniform(0.85, 1.4)), "head": log_uniform(rng, (0.8, 1.4)),
              "neck": float(rng.uniform(-45.0, 25.0)), "neck_length": log_uniform(rng, (0.8, 1.8)),
              "turn": float(rng.uniform(-40.0, 40.0)),
              "tail": float(rng.uniform(-40.0, 50.0)), "tail_length": float(rng.uniform(0.15, 1.1)),
              # diagonal pairs swing together in a walk; standing legs stray a few degrees
              "swing": [[stride, -stride], [-stride, stride]] if walking
              else rng.uniform(-5.0, 5.0, size=(2, 2)).tolist()}
    parts = [{"kind": DOG, "animal": animal, "piece": name, "region": name, "scale": [1.0, 1.0, 1.0],
              "location": [0.0, 0.0, 0.0], "rotation": [0.0, 0.0, 0.0]} for name in dogmesh.REGIONS]
    colours = palette(rng, ranges, {"fur": "fur", "face": "fur", "paw": "fur"})
    if colours and rng.random() < 0.7:  # most animals are one colour; the rest have a marked face and paws
        colours.update(face=colours["fur"], paw=colours["fur"])
    return parts, fur(rng, ranges), colours


def quadruped(rng: np.random.Generator, ranges: ShapeRanges) -> tuple[list[dict], dict | None, dict]:
    """Parts, fur strands (or None) and palette of a four-legged animal: the dog skin with the chance
    `dog_probability` where its wheel is installed, else superquadric parts."""
    if rng.random() < ranges.dog_probability and dogmesh.available():
        return dog(rng, ranges)
    gait, (pitch, swing, knee) = choose(rng, GAITS)
    girth, width = rng.uniform(0.25, 0.5), rng.uniform(0.75, 1.0)
    legs, leg_radius = log_uniform(rng, (0.45, 1.5)), rng.uniform(0.25, 0.35) * girth
    turn = rotation_matrix([0.0, -np.radians(pitch), 0.0])  # a sitting animal's front rises

    def at(x: float, y: float, z: float) -> np.ndarray:
        """A point of the body frame, pitched with the body."""
        return turn @ [x, y, z]

    parts = [part((0.0, 0.0, 0.0), (1.0, width * girth, girth), region="fur", e1=rng.uniform(0.6, 1.0),
                  e2=rng.uniform(0.7, 1.0), rotation=(0.0, -np.radians(pitch), 0.0))]
    ground = at(-0.7, 0.0, -0.5 * girth)[2] - (0.35 * legs if gait == "sit" else legs)
    for x in (0.7, -0.7):
        for s in (-1, 1):
            hip = at(x, s * 0.55 * width * girth, -0.5 * girth)
            if gait == "sit" and x < 0:  # haunches folded along the ground
                parts.append(limb(hip, np.add(hip, [0.45 * legs, 0.0, ground - hip[2]]), 1.3 * leg_radius,
                                  region="fur"))
                continue
            step = swing * (s if x > 0 else -s) if gait == "walk" else swing  # diagonal pairs swing together
            parts += leg(hip, hip[2] - ground, leg_radius, step, knee)
    parts += head(rng, at(0.8, 0.0, 0.3 * girth), girth)
    tail = at(-0.95, 0.0, 0.3 * girth)
    parts.append(limb(tail, tail + rng.uniform(0.2, 1.0) * toward(180.0, rng.uniform(-70.0, 60.0)),
                      rng.uniform(0.02, 0.05), region="fur"))
    return parts, fur(rng, ranges), palette(rng, ranges, {"fur": "fur", "eye": "dark"})


def bird(rng: np.random.Generator, ranges: ShapeRanges) -> tuple[list[dict], dict | None, dict]:
    """Parts, no strands and palette of a bird, perched or flying."""
    flying = rng.random() < 0.35
    pitch = np.radians(rng.uniform(-5.0, 10.0) if flying else rng.uniform(10.0, 45.0))
    turn = rotation_matrix([0.0, -pitch, 0.0])
    girth = rng.uniform(0.22, 0.32)
    parts = [part((0.0, 0.0, 0.0), (0.5, girth, 1.05 * girth), region="feather", e1=rng.uniform(0.8, 1.0),
                  rotation=(0.0, -pitch, 0.0))]
    neck_base = turn @ [0.4, 0.0, 0.5 * girth]
    head_radius = rng.uniform(0.5, 0.75) * girth
    head = neck_base + log_uniform(rng, (0.05, 0.5)) * toward(0.0, rng.uniform(30.0, 90.0))
    face = toward(0.0, -rng.uniform(0.0, 30.0))
    beak = rng.uniform(0.4, 1.6) * head_radius
    parts += [limb(neck_base, head, 0.6 * head_radius, region="feather"),
              part(head, (head_radius, 0.9 * head_radius, head_radius), region="feather"),
              part(head + (head_radius + beak / 2) * face, (0.25 * head_radius, 0.2 * head_radius, beak / 2 + 0.1),
                   region="beak", e1=rng.uniform(1.0, 2.0), rotation=aim(face), grid=COARSE),
              *eyes(head, face, head_radius, 0.15 * head_radius),
              part(turn @ [-0.65, 0.0, 0.0], (0.3, 0.6 * girth, 0.03), region="wing",
                   rotation=(0.0, -pitch + np.radians(rng.uniform(-10.0, 30.0)), 0.0))]
    for s in (-1, 1):
        if flying:
            span, lift = rng.uniform(0.7, 1.3), np.radians(rng.uniform(-20.0, 50.0))
            root = turn @ [0.05, s * 0.5 * girth, 0.3 * girth]
            tip = root + span * np.array([-0.15, s * np.cos(lift), np.sin(lift)])
            parts.append(part((root + tip) / 2, (0.2, 0.5 * span, 0.025), region="wing", e2=rng.uniform(0.6, 1.0),
                              rotation=(s * lift, 0.0, 0.0)))
        else:
            parts.append(part(turn @ [-0.1, s * 0.9 * girth, 0.1 * girth], (0.45, 0.05, 0.7 * girth), region="wing",
                              rotation=(0.0, -pitch - 0.15, 0.0)))
            hip = turn @ [0.0, s * 0.4 * girth, -0.8 * girth]
            parts.append(limb(hip, np.add(hip, [0.05, 0.0, -log_uniform(rng, (0.15, 0.8))]), 0.02, region="beak"))
    colours = palette(rng, ranges, {"feather": "fur", "wing": "fur", "beak": "beak", "eye": "dark"})
    return parts, None, colours


def draw(rng: np.random.Generator, ranges: ShapeRanges) -> dict:
    """An animal's shape description; "kind" is "quadruped" or "bird"."""
    kind = str(rng.choice(ranges.animal_kinds))
    parts, fur, colours = (quadruped if kind == "quadruped" else bird)(rng, ranges)
    return subject(rng, ranges, "animal", kind, parts, strands=fur, palette=colours)
