"""The procedural object: one mesh data-block whose geometry is replaced each frame (never a new one)."""

from __future__ import annotations

import bpy
import numpy as np

from generator.meshes import Geometry


class ProceduralObject:
    """One mesh object with the body (slot 0) and strand (slot 1) materials."""

    def __init__(self, scene: bpy.types.Scene, body: bpy.types.Material, strand: bpy.types.Material) -> None:
        self.mesh = bpy.data.meshes.new("procedural")
        self.mesh.materials.append(body)
        self.mesh.materials.append(strand)
        self.object = bpy.data.objects.new("procedural", self.mesh)
        scene.collection.objects.link(self.object)

    def apply(self, geometry: Geometry, smooth: bool, rotation: list[float]) -> None:
        """Replace the geometry in place and orient the object."""
        mesh = self.mesh
        mesh.clear_geometry()
        mesh.vertices.add(len(geometry.vertices))
        mesh.vertices.foreach_set("co", geometry.vertices.ravel())
        mesh.loops.add(geometry.faces.size)
        mesh.loops.foreach_set("vertex_index", geometry.faces.ravel())
        mesh.polygons.add(len(geometry.faces))
        mesh.polygons.foreach_set("loop_start", np.arange(0, geometry.faces.size, 4, dtype=np.int32))
        mesh.polygons.foreach_set("material_index", geometry.materials)
        mesh.polygons.foreach_set("use_smooth", np.full(len(geometry.faces), smooth))
        mesh.update()
        self.object.rotation_euler = rotation
