"""Building blocks shared by the subject families: superquadric parts placed by centre, by their two ends
(limbs) or as boxes, joint geometry (directions and hinges), strand groups, and the upright orientation and
mild deformation every subject gets."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from generator.scene.draws import direction
from generator.scene.meshes import COARSE, FINE

if TYPE_CHECKING:
    from generator.scene.shapes import ShapeRanges

Vector = Sequence[float] | np.ndarray


def part(centre: Vector, radii: Vector, *, region: str, e1: float = 1.0, e2: float = 1.0,
         rotation: Vector = (0.0, 0.0, 0.0), kind: str = "superellipsoid", hole: float = 0.3,
         grid: tuple[int, int] = FINE) -> dict:
    """A superquadric part of `radii` about `centre`, turned by XYZ Euler `rotation` (radians); a small one
    takes the COARSE `grid`."""
    return {"kind": kind, "e1": float(e1), "e2": float(e2), "hole": float(hole),
            "scale": [float(r) for r in radii], "location": [float(c) for c in centre],
            "rotation": [float(a) for a in rotation], "region": region, "grid": list(grid)}


def aim(axis: Vector) -> list[float]:
    """XYZ Euler rotation that turns +z towards `axis`."""
    x, y, z = np.asarray(axis, float) / np.linalg.norm(axis)
    return [0.0, math.acos(max(-1.0, min(1.0, z))), math.atan2(y, x)]


def aim_x(axis: Vector) -> list[float]:
    """XYZ Euler rotation that turns +x towards `axis` (no roll): a head or body facing that way."""
    x, y, z = np.asarray(axis, float)
    return [0.0, -math.atan2(z, math.hypot(x, y)), math.atan2(y, x)]


def euler(matrix: np.ndarray) -> list[float]:
    """The XYZ Euler angles of a rotation matrix (the inverse of `generator.scene.meshes.rotation_matrix`)."""
    return [math.atan2(matrix[2, 1], matrix[2, 2]), -math.asin(max(-1.0, min(1.0, matrix[2, 0]))),
            math.atan2(matrix[1, 0], matrix[0, 0])]


def limb(start: Vector, end: Vector, radius: float, *, region: str, e1: float = 0.6, e2: float = 1.0,
         squash: float = 1.0) -> dict:
    """A rounded rod from `start` to `end` (its cross-section `radius` by `squash` * radius), reaching half a
    radius past both ends so that joints close; thin, so on the COARSE grid."""
    start, end = np.asarray(start, float), np.asarray(end, float)
    length = float(np.linalg.norm(end - start))
    return part((start + end) / 2, (radius, radius * squash, length / 2 + radius / 2), region=region, e1=e1,
                e2=e2, rotation=aim(end - start), grid=COARSE)


def box(centre: Vector, half: Vector, *, region: str, roundness: float = 0.15,
        rotation: Vector = (0.0, 0.0, 0.0), grid: tuple[int, int] = FINE) -> dict:
    """A box of half-sizes `half` whose edges are rounded by `roundness` (a superquadric exponent)."""
    return part(centre, half, region=region, e1=roundness, e2=roundness, rotation=rotation, grid=grid)


def toward(azimuth: float, elevation: float) -> np.ndarray:
    """Unit vector at `azimuth` around +z from +x and `elevation` above the horizon, in degrees."""
    return direction(math.radians(azimuth), math.radians(elevation))


def bend(axis: Vector, target: Vector, degrees: float) -> np.ndarray:
    """`axis` (unit) turned by `degrees` towards `target` in the plane of the two (unchanged if parallel)."""
    axis, target = np.asarray(axis, float), np.asarray(target, float)
    normal = target - (target @ axis) * axis
    if np.linalg.norm(normal) < 1e-9:
        return axis
    angle = math.radians(degrees)
    return math.cos(angle) * axis + math.sin(angle) * normal / np.linalg.norm(normal)


def choose(rng: np.random.Generator, table: dict[str, tuple]) -> tuple[str, tuple[float, ...]]:
    """A row of a {name: (weight, *ranges)} table by weight: its name and each of its ranges drawn uniformly."""
    names = list(table)
    weights = np.array([table[name][0] for name in names])
    name = names[int(rng.choice(len(names), p=weights / weights.sum()))]
    return name, tuple(float(rng.uniform(*bounds)) for bounds in table[name][1:])


def strand_group(rng: np.random.Generator, *, on: list[str], region: str, count: int, length: float, thickness: float,
            droop: float, spread: float, segments: int, axis: Vector = (0.0, 0.0, 1.0), cone: float = -1.0,
            profile: str = "hair", flat: float = 1.0) -> dict:
    """A strand group rooted on the parts of regions `on` where their normal lies within `cone` (a minimum
    cosine) of `axis`, each strand `segments` pieces (fewer for short straight ones: they cost vertices); "hair"
    tapers, "leaf" swells, `flat` < 1 makes blades (`generator.scene.meshes`)."""
    return {"count": int(count), "length": float(length), "thickness": float(thickness), "droop": float(droop),
            "spread": float(spread), "seed": int(rng.integers(2**31)), "segments": int(segments), "on": list(on),
            "axis": [float(a) for a in axis], "cone": float(cone), "profile": profile, "flat": float(flat),
            "region": region}


def upright(rng: np.random.Generator, ranges: ShapeRanges) -> list[float]:
    """A small tilt about x and y, then any yaw about the vertical (XYZ Euler, radians)."""
    tilt_x, tilt_y = (math.radians(rng.uniform(*ranges.tilt)) for _ in range(2))
    return [tilt_x, tilt_y, rng.uniform(-math.pi, math.pi)]


def mild(rng: np.random.Generator, size: float) -> dict:
    """A deformation that keeps a subject recognisable: a little noise (up to 1% of `size`), no twist, bend or
    taper."""
    return {"noise": rng.uniform(0.0, 0.01) * size, "noise_scale": rng.uniform(1.0, 4.0) / size,
            "noise_seed": int(rng.integers(2**31)), "twist": 0.0, "bend": 0.0, "taper": 0.0}


def extent(parts: list[dict]) -> float:
    """Rough size of a subject: the farthest any part reaches from the origin."""
    return max(float(np.linalg.norm(p["location"]) + max(p["scale"])) for p in parts)


def subject(rng: np.random.Generator, ranges: ShapeRanges, family: str, kind: str, parts: list[dict], *,
            strands: dict | None = None, palette: dict | None = None, smooth: bool = True) -> dict:
    """The shape description of a subject: upright, mildly deformed for its size."""
    return {"family": family, "kind": kind, "parts": parts, "deform": mild(rng, extent(parts)), "strands": strands,
            "smooth": smooth, "rotation": upright(rng, ranges), "palette": palette or {}}
