"""The "plant" family: thin parts and holes. Leafy stems, flowers (petals around a centre on a stem), potted
plants (a pot with arching leaves or a leafy stem), and small trees (a trunk with branches and a crown of leaf
clusters, broad or conical).

Leaves are blade-shaped strands (`profile` "leaf", flat) on the stems or clusters. Units: a small plant is
about 1 tall, a tree about 3; +z is up. Regions: "stem", "leaf", "foliage" (the crown's clusters), "petal",
"centre", "pot".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from generator.scene.meshes import COARSE, rotation_matrix
from generator.scene.subjects.palette import palette
from generator.scene.subjects.parts import aim, bend, euler, limb, part, strand_group, subject, toward

if TYPE_CHECKING:
    from generator.scene.shapes import ShapeRanges

KINDS = ("leafy", "flower", "potted", "tree")


def stem(rng: np.random.Generator, base: np.ndarray, length: float, lean: float, curve: float, radius: float,
         region: str = "stem", segments: int = 3) -> tuple[list[dict], np.ndarray, np.ndarray]:
    """A stem from `base` leaning `lean` degrees from vertical, curving `curve` degrees more over its
    `segments`; its parts, tip and direction at the tip."""
    azimuth = rng.uniform(0.0, 360.0)
    direction = toward(azimuth, 90.0 - lean)
    away = toward(azimuth, 0.0)
    parts, point = [], np.asarray(base, float)
    for i in range(segments):
        end = point + length / segments * direction
        parts.append(limb(point, end, radius * (1.0 - 0.3 * i / segments), region=region, e1=0.3))
        point, direction = end, bend(direction, away, curve / segments)
    return parts, point, direction


def leaves(rng: np.random.Generator, on: str, count: int, length: float, *, cone: float = -0.3,
           width: tuple[float, float] = (0.2, 0.35), droop: tuple[float, float] = (0.2, 0.9),
           spread: tuple[float, float] = (0.3, 0.7), segments: int = 4) -> dict:
    """Blade-shaped leaves on the parts of region `on`, `length` long and `width` of it wide, held out within
    `cone` of vertical and drooping; long arching ones need more `segments`."""
    return strand_group(rng, on=[on], region="leaf", count=count, length=length, thickness=rng.uniform(*width) * length,
                   droop=rng.uniform(*droop), spread=rng.uniform(*spread), segments=segments, cone=cone, profile="leaf",
                   flat=rng.uniform(0.1, 0.3))


def blossom(rng: np.random.Generator, centre: np.ndarray, facing: np.ndarray, radius: float) -> list[dict]:
    """A flower head facing `facing`: a centre disc and 5-14 petals around it, cupped upwards."""
    frame = rotation_matrix(aim(facing))
    count = int(rng.integers(5, 15))
    petal = rng.uniform(1.0, 2.5) * radius
    cup = np.radians(rng.uniform(0.0, 40.0))
    parts = [part(centre, (radius, radius, 0.45 * radius), region="centre", rotation=aim(facing), grid=COARSE)]
    for angle in np.linspace(0.0, 2 * np.pi, count, endpoint=False) + rng.uniform(0, np.pi):
        local = rotation_matrix([0.0, -cup, angle])  # petal along local +x, raised by the cup
        reach = local @ [radius + 0.45 * petal, 0.0, 0.0]
        parts.append(part(centre + frame @ reach, (0.55 * petal, min(0.9, 6.0 / count) * petal * 0.5,
                                                   0.04 * petal), region="petal", rotation=euler(frame @ local),
                          grid=COARSE))
    return parts


def leafy(rng: np.random.Generator) -> tuple[list[dict], dict]:
    """One to four leafy stems from a common root."""
    parts = []
    for _ in range(int(rng.integers(1, 5))):
        parts += stem(rng, (0.0, 0.0, 0.0), rng.uniform(0.6, 1.0), rng.uniform(0.0, 35.0), rng.uniform(-20, 40),
                      rng.uniform(0.015, 0.03))[0]
    return parts, leaves(rng, "stem", int(rng.integers(15, 60)), rng.uniform(0.12, 0.3))


def flower(rng: np.random.Generator) -> tuple[list[dict], dict]:
    """One to three flowers on stems, with a few leaves."""
    parts = []
    for _ in range(int(rng.integers(1, 4))):
        stalk, tip, direction = stem(rng, (0.0, 0.0, 0.0), rng.uniform(0.5, 1.0), rng.uniform(0.0, 30.0),
                                     rng.uniform(0.0, 60.0), rng.uniform(0.012, 0.025))
        facing = bend(direction, [0.0, 0.0, 1.0], rng.uniform(-30.0, 30.0))
        parts += stalk + blossom(rng, tip, facing, rng.uniform(0.04, 0.1))
    return parts, leaves(rng, "stem", int(rng.integers(4, 14)), rng.uniform(0.1, 0.25))


def potted(rng: np.random.Generator) -> tuple[list[dict], dict]:
    """A pot with arching leaves from its soil or with leafy stems."""
    radius, height = rng.uniform(0.15, 0.3), rng.uniform(0.15, 0.4)
    parts = [part((0.0, 0.0, -height / 2), (radius, radius, height / 2), region="pot", e1=rng.uniform(0.1, 0.4)),
             part((0.0, 0.0, 0.0), (0.9 * radius, 0.9 * radius, 0.03), region="stem", e1=0.3, grid=COARSE)]
    if rng.random() < 0.5:
        return parts, leaves(rng, "stem", int(rng.integers(15, 50)), rng.uniform(0.4, 1.0), cone=0.5,
                             width=(0.05, 0.12), droop=(0.3, 1.5), spread=(0.2, 0.5), segments=6)
    for _ in range(int(rng.integers(1, 4))):
        parts += stem(rng, (0.0, 0.0, 0.0), rng.uniform(0.4, 0.8), rng.uniform(0.0, 30.0), rng.uniform(-20, 40),
                      rng.uniform(0.015, 0.03))[0]
    return parts, leaves(rng, "stem", int(rng.integers(15, 50)), rng.uniform(0.1, 0.25))


def tree(rng: np.random.Generator) -> tuple[list[dict], dict]:
    """A trunk with branches ending in leaf clusters (a broad crown), or a conical stack of them."""
    height = rng.uniform(2.0, 3.5)
    trunk, top, _ = stem(rng, (0.0, 0.0, 0.0), height, rng.uniform(0.0, 10.0), rng.uniform(-15.0, 15.0),
                         rng.uniform(0.04, 0.1) * height, region="bark")
    parts = trunk
    if rng.random() < 0.3:  # conifer: clusters shrinking up the trunk
        levels = int(rng.integers(3, 6))
        width = rng.uniform(0.3, 0.5) * height
        for i in range(levels):
            share = i / levels
            parts.append(part((0.0, 0.0, (0.3 + 0.65 * share) * height), ((1.0 - 0.8 * share) * width,) * 2
                              + (0.25 * height / levels * 2,), region="foliage", grid=COARSE))
    else:
        crown = rng.uniform(0.25, 0.45) * height
        for _ in range(int(rng.integers(2, 6))):
            base = top * rng.uniform(0.55, 0.9)
            end = base + crown * toward(rng.uniform(0.0, 360.0), rng.uniform(10.0, 60.0))
            parts.append(limb(base, end, 0.02 * height, region="bark"))
            parts.append(part(end, (rng.uniform(0.35, 0.6) * crown,) * 3, region="foliage", grid=COARSE))
        parts.append(part(top, (rng.uniform(0.45, 0.7) * crown,) * 3, region="foliage", grid=COARSE))
    return parts, leaves(rng, "foliage", int(rng.integers(500, 800)), rng.uniform(0.07, 0.12) * height, cone=-1.0,
                         width=(0.3, 0.45), droop=(0.0, 0.5), spread=(0.6, 1.2), segments=3)


def draw(rng: np.random.Generator, ranges: ShapeRanges) -> dict:
    """A plant's shape description; "kind" is one of KINDS."""
    kind = str(rng.choice(ranges.plant_kinds))
    parts, group = {"leafy": leafy, "flower": flower, "potted": potted, "tree": tree}[kind](rng)
    colours = palette(rng, ranges, {"stem": "leaf", "leaf": "leaf", "foliage": "leaf", "bark": "bark",
                                    "petal": "petal", "centre": "beak"})
    return subject(rng, ranges, "plant", kind, parts, strands=group, palette=colours)
