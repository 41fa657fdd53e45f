"""The "thing" family: made objects. Chairs and tables (boxes on legs), cars (a body and cabin on four
wheels), household objects (mug, bottle, lamp) and simple buildings (walls, a gable or flat roof, windows,
a door).

Units are metres; +z is up, the front faces -y. Most regions keep the frame's drawn material (painted wood,
plastic, metal); the palette darkens tyres, windows and openings and colours wood and roofs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from generator.scene.meshes import COARSE
from generator.scene.subjects.palette import palette
from generator.scene.subjects.parts import box, limb, part, subject

if TYPE_CHECKING:
    from generator.scene.shapes import ShapeRanges

KINDS = ("chair", "table", "car", "mug", "bottle", "lamp", "building")
CORNERS = ((-1, -1), (-1, 1), (1, -1), (1, 1))


def legs(top: float, half_x: float, half_y: float, splay: float, radius: float, region: str) -> list[dict]:
    """Four legs from the corners of a rectangle at height `top` to the floor, spread `splay` outwards."""
    return [limb((sx * half_x, sy * half_y, top), (sx * (half_x + splay), sy * (half_y + splay), 0.0), radius,
                 region=region, e1=0.3, e2=0.5) for sx, sy in CORNERS]


def chair(rng: np.random.Generator) -> list[dict]:
    """Seat, back (a panel or two posts and a rail), four legs, sometimes armrests."""
    width, depth, seat = rng.uniform(0.4, 0.55), rng.uniform(0.4, 0.55), rng.uniform(0.4, 0.5)
    back, lean = rng.uniform(0.3, 0.6), rng.uniform(0.0, 0.25)
    roundness = rng.uniform(0.1, 0.4)
    parts = [box((0.0, 0.0, seat), (width / 2, depth / 2, 0.025), region="seat", roundness=roundness),
             *legs(seat, 0.42 * width, 0.42 * depth, rng.uniform(0.0, 0.05), rng.uniform(0.015, 0.03), "wood")]
    rear = np.array([0.0, 0.45 * depth, seat])
    top = rear + back * np.array([0.0, np.sin(lean), np.cos(lean)])
    if rng.random() < 0.5:
        parts.append(box((rear + top) / 2, (width / 2, 0.02, back / 2), region="seat", roundness=roundness,
                         rotation=(-lean, 0.0, 0.0)))
    else:
        parts += [limb(np.add(rear, [s * 0.45 * width, 0.0, 0.0]), np.add(top, [s * 0.45 * width, 0.0, 0.0]), 0.02,
                       region="wood")
                  for s in (-1, 1)]
        parts.append(limb(np.add(top, [-0.5 * width, 0.0, -0.05]), np.add(top, [0.5 * width, 0.0, -0.05]), 0.04,
                          region="wood"))
    if rng.random() < 0.3:
        parts += [box((s * 0.5 * width, 0.0, seat + 0.22), (0.03, 0.45 * depth, 0.02), region="wood")
                  for s in (-1, 1)]
    return parts


def table(rng: np.random.Generator) -> list[dict]:
    """A rectangular or round top on four legs or a pedestal."""
    height, width, depth = rng.uniform(0.45, 0.8), rng.uniform(0.6, 1.6), rng.uniform(0.5, 1.0)
    round_top = rng.random() < 0.35
    parts = [part((0.0, 0.0, height), (width / 2, (width if round_top else depth) / 2, 0.02), region="top",
                  e1=0.2, e2=1.0 if round_top else rng.uniform(0.1, 0.3))]
    if round_top or rng.random() < 0.2:
        return [*parts, limb((0.0, 0.0, height), (0.0, 0.0, 0.05), rng.uniform(0.03, 0.06), region="wood"),
                part((0.0, 0.0, 0.02), (0.25 * width, 0.25 * width, 0.02), region="wood", e1=0.3)]
    return parts + legs(height, 0.45 * width, 0.4 * depth, 0.0, rng.uniform(0.02, 0.04), "wood")


def car(rng: np.random.Generator) -> list[dict]:
    """Body and cabin (rounded boxes, the cabin's glass dark) on four wheels half below the body."""
    length, width = rng.uniform(3.5, 4.8), rng.uniform(1.6, 1.9)
    wheel, body = rng.uniform(0.3, 0.38), rng.uniform(0.55, 0.75)
    cabin, cabin_length = rng.uniform(0.55, 0.75), rng.uniform(0.45, 0.65) * length
    roundness = rng.uniform(0.15, 0.45)
    base = wheel * 0.9
    parts = [box((0.0, 0.0, base + body / 2), (length / 2, width / 2, body / 2), region="body", roundness=roundness),
             box((rng.uniform(-0.15, 0.05) * length, 0.0, base + body + cabin / 2 - 0.15),
                 (cabin_length / 2, 0.44 * width, cabin / 2), region="glass", roundness=roundness + 0.1)]
    for sx, sy in CORNERS:
        parts.append(part((sx * 0.32 * length, sy * 0.47 * width, wheel), (wheel, wheel, 0.11), region="tyre",
                          e1=0.3, rotation=(np.pi / 2, 0.0, 0.0), grid=COARSE))
    return parts


def mug(rng: np.random.Generator) -> list[dict]:
    """A cylinder with a dark opening and a ring handle."""
    radius, height = rng.uniform(0.035, 0.05), rng.uniform(0.08, 0.12)
    return [part((0.0, 0.0, height / 2), (radius, radius, height / 2), region="body", e1=rng.uniform(0.1, 0.3)),
            part((0.0, 0.0, height), (0.85 * radius, 0.85 * radius, 0.004), region="inside", e1=0.3, grid=COARSE),
            part((radius, 0.0, height / 2), (0.35 * height, 0.35 * height, 0.35 * height), region="body",
                 kind="supertoroid", hole=rng.uniform(0.15, 0.3), e2=rng.uniform(0.6, 1.0),
                 rotation=(np.pi / 2, 0.0, 0.0))]


def bottle(rng: np.random.Generator) -> list[dict]:
    """Body, shoulders, neck, cap and a label band."""
    radius, height = rng.uniform(0.03, 0.05), rng.uniform(0.15, 0.3)
    neck, top = rng.uniform(0.3, 0.5) * radius, height + rng.uniform(1.0, 3.0) * radius
    return [part((0.0, 0.0, height / 2), (radius, radius, height / 2), region="body", e1=rng.uniform(0.1, 0.25)),
            part((0.0, 0.0, height), (radius, radius, rng.uniform(0.3, 1.0) * radius), region="body"),
            limb((0.0, 0.0, height), (0.0, 0.0, top), neck, region="body", e1=0.2),
            part((0.0, 0.0, 0.45 * height), (1.02 * radius, 1.02 * radius, 0.2 * height), region="label", e1=0.1),
            part((0.0, 0.0, top), (1.2 * neck, 1.2 * neck, 0.3 * radius), region="cap", e1=0.2, grid=COARSE)]


def lamp(rng: np.random.Generator) -> list[dict]:
    """A base, a straight or bent pole, and a drum or globe shade."""
    height = rng.uniform(0.4, 1.6)
    parts = [part((0.0, 0.0, 0.015), (0.12, 0.12, 0.015), region="base", e1=0.3, grid=COARSE)]
    top = np.array([0.0, 0.0, height])
    if rng.random() < 0.4:  # an arm reaching out from the pole
        elbow, top = top, top + rng.uniform(0.15, 0.4) * np.array([0.0, -1.0, rng.uniform(-0.5, 0.5)])
        parts.append(limb(elbow, top, 0.012, region="base"))
    parts.append(limb((0.0, 0.0, 0.0), (0.0, 0.0, height), 0.012, region="base"))
    shade = rng.uniform(0.1, 0.25)
    if rng.random() < 0.6:
        parts.append(part(top, (shade, shade, 0.7 * shade), region="shade", e1=0.15))
    else:
        parts.append(part(top, (0.7 * shade,) * 3, region="shade"))
    return parts


def building(rng: np.random.Generator) -> list[dict]:
    """Walls, a gable roof (a box turned 45 degrees, half buried) or a flat one, windows, a door, a chimney."""
    width, depth, height = rng.uniform(6.0, 14.0), rng.uniform(5.0, 10.0), rng.uniform(3.0, 12.0)
    parts = [box((0.0, 0.0, height / 2), (width / 2, depth / 2, height / 2), region="wall", roundness=0.08)]
    if rng.random() < 0.6:
        half = (depth / 2 + 0.5) / np.sqrt(2)
        parts.append(box((0.0, 0.0, height), (width / 2 + 0.4, half, half), region="roof", roundness=0.05,
                         rotation=(np.pi / 4, 0.0, 0.0)))
        parts.append(box((0.3 * width, 0.15 * depth, height + 0.6 * half), (0.4, 0.4, 1.0), region="wall",
                         roundness=0.1, grid=COARSE))
    floors = max(1, int(height // 3))
    columns = max(2, min(4, int(width // 3)))
    for row in range(min(floors, 4)):
        for column in range(columns):
            x = (column + 0.5) / columns * width - width / 2
            z = (row + 0.55) * height / floors
            if row == 0 and column == columns // 2:
                parts.append(box((x, -depth / 2, 1.0), (0.5, 0.05, 1.0), region="door", roundness=0.1, grid=COARSE))
            else:
                parts.append(box((x, -depth / 2, z), (0.45, 0.05, 0.6), region="window", roundness=0.1, grid=COARSE))
    return parts


def draw(rng: np.random.Generator, ranges: ShapeRanges) -> dict:
    """A thing's shape description; "kind" is one of KINDS."""
    kind = str(rng.choice(ranges.thing_kinds))
    maker = {"chair": chair, "table": table, "car": car, "mug": mug, "bottle": bottle, "lamp": lamp,
             "building": building}[kind]
    parts = maker(rng)
    colours = palette(rng, ranges, {"wood": "wood", "tyre": "dark", "glass": "dark", "window": "dark",
                                    "inside": "dark", "roof": "roof", "label": "petal", "door": "wood"})
    return subject(rng, ranges, "thing", kind, parts, palette=colours,
                   smooth=bool(rng.random() < ranges.smooth_probability))
