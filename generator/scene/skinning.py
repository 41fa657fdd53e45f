"""What the real body meshes share (`generator.scene.bodymesh`, `generator.scene.dogmesh`): finding a data wheel's
files without importing its code, turning points about a joint as much as a bone's weight moves them (linear
blend skinning with one bone), a mesh's vertex normals, and keeping only the vertices a piece's faces use. Plain
numpy, no bpy."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class DataWheel:
    """A wheel installed with --no-deps for its data (`relative` inside its `module`), never imported: its code
    would pull a large dependency. `what` names the data in the error when it is missing; the stream's first
    lines say which `uses` get it (`real`), or get superquadric figures without it."""

    module: str
    distribution: str
    version: str
    relative: Path
    what: str
    uses: str
    real: str

    @property
    def install(self) -> str:
        return f".venv/bin/pip install --no-deps {self.distribution}=={self.version} (scripts/setup.sh does)"

    def path(self) -> Path | None:
        """The data inside the installed module, found without importing it; None when it is not installed."""
        spec = importlib.util.find_spec(self.module)
        if spec is None or spec.origin is None:
            return None
        found = Path(spec.origin).parent / self.relative
        return found if found.exists() else None

    def available(self) -> bool:
        return self.path() is not None

    def note(self) -> str:
        """One line for the stream's start: what the `uses` get, and how to add the real ones where missing."""
        if self.available():
            return f"{self.uses}: {self.real}, or superquadric figures"
        return f"{self.uses}: superquadric figures only; for {self.real}: {self.install}"

    def required(self) -> Path:
        """The data's path, or a one-line error naming the wheel and how to install it."""
        found = self.path()
        if found is None:
            raise FileNotFoundError(f"{self.what} needs the '{self.distribution}' wheel: {self.install}")
        return found


def axis_rotation(axis: np.ndarray, angle: float) -> np.ndarray:
    """The 3x3 rotation by `angle` radians about unit `axis` (Rodrigues)."""
    k = np.array([[0, -axis[2], axis[1]], [axis[2], 0, -axis[0]], [-axis[1], axis[0], 0]])
    return np.eye(3) + np.sin(angle) * k + (1 - np.cos(angle)) * k @ k


def rotation_between(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The 3x3 rotation turning unit direction `a` onto `b` about their common normal."""
    axis, cos = np.cross(a, b), float(np.dot(a, b))
    sin = np.linalg.norm(axis)
    if sin < 1e-9:
        return np.eye(3)
    return axis_rotation(axis / sin, np.arctan2(sin, cos))


def turned(points: np.ndarray, share: np.ndarray, pivot: np.ndarray, rotation: np.ndarray) -> np.ndarray:
    """Points turned about `pivot`, each as much as its `share` (linear blend skinning with one bone)."""
    moved = (points - pivot) @ rotation.T + pivot
    return points + share[:, None] * (moved - points)


def vertex_normals(points: np.ndarray, faces: np.ndarray) -> np.ndarray:
    """Unit normals, each the area-weighted sum of its quads' normals (a quad's: its diagonals' cross product)."""
    quads = points[faces]
    face_normals = np.repeat(np.cross(quads[:, 2] - quads[:, 0], quads[:, 3] - quads[:, 1]), 4, axis=0)
    normals = np.stack([np.bincount(faces.ravel(), face_normals[:, axis], len(points)) for axis in range(3)], axis=1)
    return normals / np.maximum(np.linalg.norm(normals, axis=1, keepdims=True), 1e-12)


def compact(points: np.ndarray, faces: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Only the vertices `faces` use, and the faces renumbered to them."""
    used, renumbered = np.unique(faces, return_inverse=True)
    return points[used], renumbered.reshape(faces.shape)
