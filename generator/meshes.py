"""Geometry of a procedural shape description (`generator.shapes`), in numpy: quads on parametric grids.

The result is normalised to a bounding sphere of radius 1 about the origin, which the camera relies on.
Face material index 0 is the body, 1 the strands.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

RINGS, SEGMENTS = 16, 32  # grid of a part: a 32-gon silhouette strays < 0.2 px from a circle 64 px across
STRAND_SEGMENTS, STRAND_SIDES = 6, 3


@dataclass(frozen=True)
class Geometry:
    """Vertices (N, 3) float32, quad faces (M, 4) int32, material index per face (M,) int32."""

    vertices: np.ndarray
    faces: np.ndarray
    materials: np.ndarray


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
    """Vertices and faces of one superellipsoid / supertoroid, in part space (before scale and rotation)."""
    torus = part["kind"] == "supertoroid"
    u = (np.linspace(-np.pi, np.pi, RINGS, endpoint=False) if torus
         else np.linspace(-np.pi / 2, np.pi / 2, RINGS))
    v = np.linspace(-np.pi, np.pi, SEGMENTS, endpoint=False)
    u, v = np.meshgrid(u, v, indexing="ij")
    radial = signed_power(np.cos(u), part["e1"])
    if torus:
        radial = (1.0 + part["hole"] * radial) / (1.0 + part["hole"])
        height = part["hole"] * signed_power(np.sin(u), part["e1"]) / (1.0 + part["hole"])
    else:
        height = signed_power(np.sin(u), part["e1"])
    points = np.stack([radial * signed_power(np.cos(v), part["e2"]), radial * signed_power(np.sin(v), part["e2"]),
                       height], axis=-1).reshape(-1, 3)
    return points, grid_faces(RINGS, SEGMENTS, wrap_rows=torus)


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


def strand_geometry(roots: np.ndarray, normals: np.ndarray, params: dict) -> tuple[np.ndarray, np.ndarray]:
    """Thin tapering tubes growing from `roots` along jittered `normals`, drooping toward -z."""
    rng = np.random.default_rng(params["seed"])
    count = len(roots)
    direction = normals + params["spread"] * rng.normal(size=(count, 3))
    direction /= np.linalg.norm(direction, axis=1, keepdims=True)
    t = np.linspace(0.0, 1.0, STRAND_SEGMENTS + 1)[None, :, None]
    length = params["length"] * rng.uniform(0.6, 1.0, size=(count, 1, 1))
    droop = np.array([0.0, 0.0, -params["droop"]])
    centres = roots[:, None] + length * (t * direction[:, None] + t**2 * droop)
    # a frame perpendicular to each strand's direction for the tube's cross-section
    side = np.cross(direction, rng.normal(size=(count, 3)))
    side /= np.linalg.norm(side, axis=1, keepdims=True)
    other = np.cross(direction, side)
    angles = np.linspace(0, 2 * np.pi, STRAND_SIDES, endpoint=False)
    ring = np.cos(angles)[:, None, None] * side[None] + np.sin(angles)[:, None, None] * other[None]  # (S, n, 3)
    radius = params["thickness"] * (1.0 - 0.9 * t)  # (1, k, 1)
    tubes = centres[:, :, None] + radius[..., None] * ring.transpose(1, 0, 2)[:, None]  # (n, k, S, 3)
    per_strand = grid_faces(STRAND_SEGMENTS + 1, STRAND_SIDES, wrap_rows=False)
    stride = (STRAND_SEGMENTS + 1) * STRAND_SIDES
    faces = (per_strand[None] + stride * np.arange(count)[:, None, None]).reshape(-1, 4)
    return tubes.reshape(-1, 3), faces


def build(shape: dict) -> Geometry:
    """Geometry of a shape description, normalised to a unit bounding sphere at the origin."""
    vertices, faces = [], []
    for part in shape["parts"]:
        points, quads = part_grid(part)
        faces.append(quads + sum(len(v) for v in vertices))
        vertices.append(place_part(points, part))
    body = deform(np.concatenate(vertices), shape["deform"])
    faces = np.concatenate(faces)
    materials = np.zeros(len(faces), np.int32)
    if shape["strands"] is not None:
        params = shape["strands"]
        rng = np.random.default_rng(params["seed"])
        picks = rng.choice(len(body), size=params["count"])
        normals = body[picks] - body.mean(axis=0)
        strands, strand_faces = strand_geometry(body[picks], normals, params)
        faces = np.concatenate([faces, strand_faces + len(body)])
        materials = np.concatenate([materials, np.ones(len(strand_faces), np.int32)])
        body = np.concatenate([body, strands])
    centre = (body.min(axis=0) + body.max(axis=0)) / 2
    body = body - centre
    body /= np.linalg.norm(body, axis=1).max()
    return Geometry(body.astype(np.float32), faces.astype(np.int32), materials)
