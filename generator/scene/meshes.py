"""Geometry of a procedural shape description (`generator.scene.shapes`), in numpy: quads on parametric grids.

The result is normalised to a bounding sphere of radius 1 about the origin, which the camera relies on.
Face material index 0 is the body, 1 the strands. Each part and the strands name a region; where the shape's
palette has a colour for a region, its faces carry that colour as a tint (`generator.blender.material`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from generator.scene import bodymesh, dogmesh
from generator.scene.skinning import vertex_normals

HUMAN = "human"  # a part's kind when it is a piece of the body mesh (generator.scene.bodymesh)
DOG = "dog"  # a part's kind when it is a piece of the dog skin (generator.scene.dogmesh)
FINE = (16, 32)  # rings and segments of a part's grid: a 32-gon strays < 0.2 px from a circle 64 px across
COARSE = (8, 16)  # of a thin or small part (a limb, an ear): a 16-gon is as round at the size such parts are seen
STRAND_SIDES = 3
# A part of a real body mesh: the module that builds the body's pieces, and the key of the part holding the body
BODY_MESHES = {HUMAN: (bodymesh.pieces, "body"), DOG: (dogmesh.pieces, "animal")}


@dataclass(frozen=True)
class Geometry:
    """Vertices (N, 3) float32, quad faces (M, 4) int32, material index per face (M,) int32, tint per face
    (M, 4) float32: a linear RGB colour and how much it replaces the drawn material's (0 or 1)."""

    vertices: np.ndarray
    faces: np.ndarray
    materials: np.ndarray
    tints: np.ndarray


def signed_power(x: np.ndarray, exponent: float) -> np.ndarray:
    """sign(x) |x|^e: the superquadric 'roundness' map."""
    return np.sign(x) * np.abs(x) ** exponent


def rotation_matrix(euler: list[float]) -> np.ndarray:
    """3x3 rotation of Blender's XYZ Euler order (X applied first)."""
    (cx, cy, cz), (sx, sy, sz) = np.cos(euler), np.sin(euler)
    rx = np.array([[1, 0, 0], [0, cx, -sx], [0, sx, cx]])
    ry = np.array([[cy, 0, sy], [0, 1, 0], [-sy, 0, cy]])
    rz = np.array([[cz, -sz, 0], [sz, cz, 0], [0, 0, 1]])
    return rz @ ry @ rx


def grid_faces(rows: int, cols: int, wrap_rows: bool) -> np.ndarray:
    """Quads of a rows x cols vertex grid, wrapping the columns (and the rows if asked)."""
    r = np.arange(rows if wrap_rows else rows - 1)
    c = np.arange(cols)
    r, c = np.meshgrid(r, c, indexing="ij")
    r1, c1 = (r + 1) % rows, (c + 1) % cols
    return np.stack([r * cols + c, r * cols + c1, r1 * cols + c1, r1 * cols + c], axis=-1).reshape(-1, 4)


def part_grid(part: dict) -> tuple[np.ndarray, np.ndarray]:
    """Vertices and faces of one superellipsoid / supertoroid on its `grid` of rings and segments, or a piece of
    one of the real body meshes, in part space (before scale and rotation)."""
    if part["kind"] in BODY_MESHES:
        return body_piece(part)
    torus = part["kind"] == "supertoroid"
    rings, segments = part["grid"]
    u = (np.linspace(-np.pi, np.pi, rings, endpoint=False) if torus
         else np.linspace(-np.pi / 2, np.pi / 2, rings))
    v = np.linspace(-np.pi, np.pi, segments, endpoint=False)
    u, v = np.meshgrid(u, v, indexing="ij")
    radial = signed_power(np.cos(u), part["e1"])
    if torus:
        radial = (1.0 + part["hole"] * radial) / (1.0 + part["hole"])
        height = part["hole"] * signed_power(np.sin(u), part["e1"]) / (1.0 + part["hole"])
    else:
        height = signed_power(np.sin(u), part["e1"])
    points = np.stack([radial * signed_power(np.cos(v), part["e2"]), radial * signed_power(np.sin(v), part["e2"]),
                       height], axis=-1).reshape(-1, 3)
    return points, grid_faces(rings, segments, wrap_rows=torus)


@lru_cache(maxsize=2)
def body_pieces(kind: str, key: str) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """The pieces of a real body of `kind` given as JSON: the parts of one shape ask for the same body one after
    another."""
    return BODY_MESHES[kind][0](json.loads(key))


def body_piece(part: dict) -> tuple[np.ndarray, np.ndarray]:
    """Vertices and quads of a part of a real body mesh: its `piece` of its body, empty where none is left (a
    person cut at the waist has no shoes)."""
    key = BODY_MESHES[part["kind"]][1]
    found = body_pieces(part["kind"], json.dumps(part[key], sort_keys=True))
    return found.get(part["piece"], (np.zeros((0, 3)), np.zeros((0, 4), np.int64)))


def place_part(points: np.ndarray, part: dict) -> np.ndarray:
    """Scale, rotate and move part-space points into object space."""
    return (points * part["scale"]) @ rotation_matrix(part["rotation"]).T + part["location"]


def noise_field(points: np.ndarray, deform: dict) -> np.ndarray:
    """Smooth pseudo-random scalar field: a few random plane waves, reproducible from the noise seed."""
    rng = np.random.default_rng(deform["noise_seed"])
    directions = rng.normal(size=(6, 3))
    directions *= deform["noise_scale"] / np.linalg.norm(directions, axis=1, keepdims=True)
    phases = rng.uniform(0, 2 * np.pi, size=6)
    weights = rng.uniform(0.5, 1.0, size=6) / 6 ** 0.5
    return np.sin(points @ directions.T + phases) @ weights


def deform(points: np.ndarray, params: dict) -> np.ndarray:
    """Noise displacement (radial), then taper and twist about z, then bend around the x axis."""
    radial = points / np.maximum(np.linalg.norm(points, axis=1, keepdims=True), 1e-6)
    points = points + params["noise"] * noise_field(points, params)[:, None] * radial
    x, y, z = points.T
    width = np.clip(1.0 + params["taper"] * z, 0.2, None)
    angle = params["twist"] * z
    x, y = width * (x * np.cos(angle) - y * np.sin(angle)), width * (x * np.sin(angle) + y * np.cos(angle))
    if params["bend"]:
        radius = 1.0 / params["bend"]  # bend z around a centre `radius` away along y
        theta = z / radius
        y, z = radius - (radius - y) * np.cos(theta), (radius - y) * np.sin(theta)
    return np.stack([x, y, z], axis=1)


def strand_radius(params: dict, t: np.ndarray) -> np.ndarray:
    """Radius along a strand at `t` in [0, 1]: a hair tapers to a tip, a leaf swells from stalk to tip."""
    if params["profile"] == "leaf":
        return params["thickness"] * (0.08 + np.sin(np.pi * t) ** 0.7)
    return params["thickness"] * (1.0 - 0.9 * t)


def strand_geometry(roots: np.ndarray, normals: np.ndarray, params: dict) -> tuple[np.ndarray, np.ndarray]:
    """Thin tapering tubes of `segments` pieces growing from `roots` along jittered `normals`, drooping toward -z;
    a `flat` below 1 squashes their cross-section into a blade."""
    rng = np.random.default_rng(params["seed"])
    count = len(roots)
    direction = normals + params["spread"] * rng.normal(size=(count, 3))
    direction /= np.linalg.norm(direction, axis=1, keepdims=True)
    segments = params["segments"]
    t = np.linspace(0.0, 1.0, segments + 1)[None, :, None]
    length = params["length"] * rng.uniform(0.6, 1.0, size=(count, 1, 1))
    droop = np.array([0.0, 0.0, -params["droop"]])
    centres = roots[:, None] + length * (t * direction[:, None] + t**2 * droop)
    # a frame perpendicular to each strand's direction for the tube's cross-section
    side = np.cross(direction, rng.normal(size=(count, 3)))
    side /= np.linalg.norm(side, axis=1, keepdims=True)
    other = params["flat"] * np.cross(direction, side)
    angles = np.linspace(0, 2 * np.pi, STRAND_SIDES, endpoint=False)
    ring = np.cos(angles)[:, None, None] * side[None] + np.sin(angles)[:, None, None] * other[None]  # (S, n, 3)
    radius = strand_radius(params, t)  # (1, k, 1)
    tubes = centres[:, :, None] + radius[..., None] * ring.transpose(1, 0, 2)[:, None]  # (n, k, S, 3)
    per_strand = grid_faces(segments + 1, STRAND_SIDES, wrap_rows=False)
    stride = (segments + 1) * STRAND_SIDES
    faces = (per_strand[None] + stride * np.arange(count)[:, None, None]).reshape(-1, 4)
    return tubes.reshape(-1, 3), faces


def strand_roots(normals: np.ndarray, rooted: np.ndarray, params: dict) -> np.ndarray:
    """Indices of the vertices strands grow from: `rooted` ones (on the parts of the regions `on`) whose normal
    lies within the `cone` (minimum cosine) about `axis`; none when no vertex qualifies."""
    axis = np.asarray(params["axis"], float) / np.linalg.norm(params["axis"])
    eligible = np.flatnonzero(rooted & (normals @ axis >= params["cone"]))
    if not len(eligible):
        return eligible
    return np.random.default_rng(params["seed"]).choice(eligible, size=params["count"])


def tint(palette: dict, region: str) -> list[float]:
    """The region's palette colour with weight 1, or zeros (no tint) when the palette has none."""
    color = palette.get(region)
    return [*color, 1.0] if color is not None else [0.0, 0.0, 0.0, 0.0]


def parts_geometry(shape: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The shape's parts, deformed: vertices, faces, the tint of each face and the part of each vertex."""
    parts = shape["parts"]
    grids = [part_grid(part) for part in parts]
    placed = [place_part(points, part) for (points, _), part in zip(grids, parts, strict=True)]
    vertices = deform(np.concatenate(placed), shape["deform"])
    starts = np.cumsum([0] + [len(points) for points, _ in grids[:-1]])
    faces = np.concatenate([quads + start for (_, quads), start in zip(grids, starts, strict=True)])
    face_parts = np.repeat(np.arange(len(parts)), [len(quads) for _, quads in grids])
    tints = np.array([tint(shape["palette"], part["region"]) for part in parts])[face_parts]
    return vertices, faces, tints, np.repeat(np.arange(len(parts)), [len(points) for points, _ in grids])


def build(shape: dict) -> Geometry:
    """Geometry of a shape description, normalised to a unit bounding sphere at the origin."""
    body, faces, tints, vertex_parts = parts_geometry(shape)
    materials = np.zeros(len(faces), np.int32)
    params = shape["strands"]
    if params is not None:
        rooted = np.array([part["region"] in params["on"] for part in shape["parts"]])[vertex_parts]
        normals = vertex_normals(body, faces)
        picks = strand_roots(normals, rooted, params)
        strands, strand_faces = strand_geometry(body[picks], normals[picks], params)
        faces = np.concatenate([faces, strand_faces + len(body)])
        materials = np.concatenate([materials, np.ones(len(strand_faces), np.int32)])
        tints = np.concatenate([tints, np.tile(tint(shape["palette"], params["region"]), (len(strand_faces), 1))])
        body = np.concatenate([body, strands])
    centre = (body.min(axis=0) + body.max(axis=0)) / 2
    body = body - centre
    body /= np.linalg.norm(body, axis=1).max()
    return Geometry(body.astype(np.float32), faces.astype(np.int32), materials, tints.astype(np.float32))
