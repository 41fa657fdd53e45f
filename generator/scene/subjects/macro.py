"""The "macro" family: small things photographed close, a flower head or an insect filling the frame.

Real photo sets are full of them (a daisy in grass, a bee on a thistle, a butterfly on a leaf, a dragonfly on a
stem), over the same greenery that the stream teaches to call background, so they need subjects of their own:
- `blossom`: one large flower head (5-14 petals about a centre, sometimes a second ring) on a short stem,
  facing up or towards the side, with a few leaves;
- `butterfly`: a slim body with antennae and four broad wings, open flat, raised in a V or closed above it;
- `dragonfly`: a long thin abdomen and four narrow wings held out flat;
- `beetle`: a domed shell over a short body, six legs;
- `grasshopper`: a long body, long folded wings along it, long bent hind legs.

Units: a blossom about 1 across, an insect's body 1 long along +x; +z is up. Regions: "petal", "centre", "stem",
"leaf" and "body", "wing", "leg".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from generator.scene.meshes import COARSE
from generator.scene.subjects.palette import palette
from generator.scene.subjects.parts import bend, limb, part, subject, toward
from generator.scene.subjects.plant import blossom, leaves, stem

if TYPE_CHECKING:
    from generator.scene.shapes import ShapeRanges

INSECTS = ("butterfly", "dragonfly", "beetle", "grasshopper")
KINDS = ("blossom", *INSECTS)


def flower_head(rng: np.random.Generator) -> tuple[list[dict], dict]:
    """A large flower head on a short stem, facing up or aside, a second ring of petals in a third of them."""
    parts, top, direction = stem(rng, (0.0, 0.0, -0.6), rng.uniform(0.3, 0.6), rng.uniform(0.0, 20.0),
                                 rng.uniform(0.0, 30.0), rng.uniform(0.02, 0.04))
    facing = bend(direction, toward(rng.uniform(0.0, 360.0), 0.0), rng.uniform(0.0, 70.0))
    radius = rng.uniform(0.06, 0.14)
    parts += blossom(rng, top, facing, radius)
    if rng.random() < 0.35:
        parts += blossom(rng, top + 0.3 * radius * facing, facing, 0.7 * radius)
    return parts, leaves(rng, "stem", int(rng.integers(2, 8)), rng.uniform(0.2, 0.4))


def legs(span: float, hind: float) -> list[dict]:
    """Three pairs of two-part legs from under the thorax, reaching forward, out and back; the hind pair `hind`
    times as long, its knee raised above the body when long (a grasshopper's)."""
    parts = []
    for x, reach, scale in ((0.3, 0.3, 1.0), (0.22, 0.0, 1.0), (0.14, -0.3, hind)):
        long = scale > 1.5
        raised, out = (0.35, 0.2) if long else (0.1, 0.6)  # a long hind leg folds along the body
        for s in (-1, 1):
            hip = np.array([x, s * 0.05, -0.05])
            knee = hip + scale * span * np.array([reach, s * out, raised])
            foot = knee + scale * span * np.array([0.5 * reach, s * 0.5 * out, -0.8 - raised])
            parts += [limb(hip, knee, 0.012, region="leg"), limb(knee, foot, 0.009, region="leg")]
    return parts


def insect(rng: np.random.Generator, kind: str) -> list[dict]:
    """Head, thorax, abdomen, six legs, antennae and the wings of `kind`."""
    parts = [part((0.42, 0.0, 0.02), (0.07,) * 3, region="body", grid=COARSE),
             part((0.25, 0.0, 0.0), (0.12, 0.08, 0.08), region="body")]
    for s in (-1, 1):
        tip = np.array([0.45 + rng.uniform(0.1, 0.35), s * rng.uniform(0.08, 0.25), rng.uniform(0.1, 0.35)])
        parts.append(limb((0.47, s * 0.03, 0.06), tip, 0.006, region="leg"))
    if kind == "dragonfly":
        parts.append(limb((0.15, 0.0, 0.0), (-rng.uniform(0.6, 0.9), 0.0, rng.uniform(-0.1, 0.05)),
                          rng.uniform(0.025, 0.04), region="body"))
        for x in (0.3, 0.15):
            for s in (-1, 1):
                span = rng.uniform(0.4, 0.55)
                parts.append(part((x, s * (0.05 + span), 0.06), (rng.uniform(0.05, 0.08), span, 0.006), region="wing",
                                  e2=0.6, rotation=(s * np.radians(rng.uniform(-5.0, 15.0)), 0.0, s * 0.1 * (x - 0.2))))
        return parts + legs(0.15, 1.0)
    if kind == "beetle":
        shell = rng.uniform(0.3, 0.4)
        parts.append(part((-0.05, 0.0, 0.05), (shell, rng.uniform(0.6, 0.8) * shell, 0.5 * shell), region="body",
                          e1=rng.uniform(0.6, 1.0)))
        return parts + legs(0.22, 1.0)
    if kind == "grasshopper":
        length = rng.uniform(0.45, 0.6)
        parts += [part((0.15 - length / 2, 0.0, 0.0), (length / 2, 0.08, 0.09), region="body"),
                  part((0.1 - length / 2, 0.0, 0.09), (length / 2 + 0.08, 0.07, 0.02), region="wing", e1=0.5,
                       rotation=(0.0, np.radians(rng.uniform(0.0, 8.0)), 0.0))]
        return parts + legs(0.18, rng.uniform(2.2, 3.0))
    # butterfly: open flat, raised in a V, or closed upright
    parts.append(limb((0.15, 0.0, 0.0), (-0.35, 0.0, -0.02), 0.04, region="body"))
    lift = np.radians(rng.choice([rng.uniform(-10.0, 20.0), rng.uniform(20.0, 60.0), 85.0]))
    for x, along, across in ((0.15, rng.uniform(0.3, 0.45), rng.uniform(0.45, 0.7)),
                             (-0.1, rng.uniform(0.25, 0.35), rng.uniform(0.3, 0.5))):
        for s in (-1, 1):
            middle = np.array([x, s * np.cos(lift) * across, np.sin(lift) * across + 0.04])
            parts.append(part(middle, (along, across, 0.008), region="wing", e1=rng.uniform(0.6, 1.0),
                              e2=rng.uniform(0.6, 1.0), rotation=(s * lift, 0.0, 0.0)))
    return parts + legs(0.12, 1.0)


def draw(rng: np.random.Generator, ranges: ShapeRanges) -> dict:
    """A macro subject's shape description; "kind" is one of KINDS."""
    kind = str(rng.choice(ranges.macro_kinds))
    if kind == "blossom":
        parts, group = flower_head(rng)
        colours = palette(rng, ranges, {"stem": "leaf", "leaf": "leaf", "petal": "petal", "centre": "beak"})
        return subject(rng, ranges, "macro", kind, parts, strands=group, palette=colours)
    wings = "petal" if kind == "butterfly" else "wing"
    colours = palette(rng, ranges, {"body": "chitin", "wing": wings, "leg": "dark"})
    return subject(rng, ranges, "macro", kind, insect(rng, kind), palette=colours)
