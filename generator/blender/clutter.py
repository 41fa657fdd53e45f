"""The clutter of a frame in the live scene: a pool of procedural objects and a ground plane, posed per frame from
a `generator.scene.clutter` description, and the subject's companions (`generator.scene.companions`), which stand on
the subject's ground and stay visible in its alpha pass. Unused pool objects shrink to nothing rather than hide (a
visibility change rebuilds the depsgraph). `holdout` turns the clutter into holdout for the subject's own alpha pass."""

from __future__ import annotations

from collections.abc import Sequence

import bpy
import numpy as np

from generator.blender.material import Materials
from generator.blender.mesh import ProceduralObject
from generator.blender.props import assign
from generator.scene.clutter import MAX_CLUTTER
from generator.scene.companions import MAX_COMPANIONS
from generator.scene.meshes import Geometry, build, rotation_matrix

GROUND_RADIUS = 200.0  # object radii: beyond the farthest clutter, so the ground meets the panorama's horizon


class Clutter:
    """Pool objects, companions and the ground; `apply` poses them, `holdout` switches the clutter to holdout and
    back."""

    def __init__(self, scene: bpy.types.Scene, materials: Materials, pool: int = MAX_CLUTTER) -> None:
        """`pool`: how many clutter objects a frame may have (MAX_DISTRACTORS where targets are drawn)."""
        self.materials = materials
        self.pool = [ProceduralObject(scene, materials.bodies, materials.strand) for _ in range(pool)]
        self.companions = [ProceduralObject(scene, materials.bodies, materials.strand, foreground=True)
                           for _ in range(MAX_COMPANIONS)]
        mesh = bpy.data.meshes.new("ground")
        angles = np.linspace(0, 2 * np.pi, 64, endpoint=False)
        mesh.from_pydata([(GROUND_RADIUS * np.cos(a), GROUND_RADIUS * np.sin(a), 0.0) for a in angles], [],
                         [list(range(64))])
        for material in materials.bodies:
            mesh.materials.append(material)
        self.ground = bpy.data.objects.new("ground", mesh)
        scene.collection.objects.link(self.ground)
        self.objects = [item.object for item in self.pool] + [self.ground]
        self.companion_points = np.empty((0, 3))  # world-space vertices of the posed companions

    def _pose(self, pool: list[ProceduralObject], items: list[dict], geometries: list[Geometry] | None,
              stand_on: float | None = None) -> list[np.ndarray]:
        """Pose `items` on the first pool objects and shrink the rest; with `stand_on`, each item's lowest point is
        moved to that height. Returns each posed item's world-space vertices."""
        if len(items) > len(pool):
            raise ValueError(f"at most {len(pool)} objects of this kind, got {len(items)}")
        if geometries is None:
            geometries = [build(item["shape"]) for item in items]
        points = []
        for index, target in enumerate(pool):
            if index >= len(items):
                target.object.scale = (0.0, 0.0, 0.0)
                continue
            item, geometry = items[index], geometries[index]
            shape, material = item["shape"], item["material"]
            target.apply(geometry, shape["smooth"], shape["rotation"], self.materials.slot(material["texture"]))
            local = item["radius"] * geometry.vertices @ rotation_matrix(shape["rotation"]).T
            location = np.array(item["location"], np.float64)
            if stand_on is not None:
                location[2] = stand_on - local[:, 2].min()
            target.object.location = location
            target.object.scale = (item["radius"],) * 3
            self.materials.set(material, [target.object])
            points.append(local + location)
        return points

    def apply(self, clutter: dict, geometries: list[Geometry] | None, subject_bottom: float,
              companions: Sequence[dict] = (), companion_geometries: list[Geometry] | None = None) -> None:
        """Pose the frame's clutter and companions; `geometries` and `companion_geometries` are their shapes when
        built already. Clutter that is "standing" (a target frame's distractors) stands where the subject does."""
        self._pose(self.pool, clutter["objects"], geometries, subject_bottom if clutter.get("standing") else None)
        points = self._pose(self.companions, list(companions), companion_geometries, stand_on=subject_bottom)
        self.companion_points = np.concatenate(points) if points else np.empty((0, 3))
        ground = clutter["ground"]
        self.ground.scale = (1.0, 1.0, 1.0) if ground else (0.0, 0.0, 0.0)
        if ground:
            self.ground.location = (0.0, 0.0, subject_bottom)
            self.ground.active_material_index = 0
            self.ground.data.polygons[0].material_index = self.materials.slot(ground["material"]["texture"])
            self.materials.set(ground["material"], [self.ground])

    def holdout(self, enabled: bool) -> None:
        """Everything but the subject as holdout (cuts the subject's alpha where it is in front) or visible."""
        for obj in self.objects:
            assign(obj, "is_holdout", enabled)

    @staticmethod
    def present(clutter: dict) -> bool:
        """Whether a frame has any clutter, ground, distractor models or look-alikes (and so needs the subject's
        own alpha pass)."""
        return (bool(clutter["objects"]) or clutter["ground"] is not None or bool(clutter.get("assets"))
                or bool(clutter.get("twins")))
