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
        """Replace the geometry in place and orient the object.

        Positions, corners, material indices and flat shading are written to the mesh's attributes directly:
        `vertices`/`loops`/`polygons.foreach_set` on the same data cost ~3 ms more per frame. `clear_geometry`
        drops every attribute, and a mesh without "sharp_face" is shaded smooth."""
        mesh = self.mesh
        faces = len(geometry.faces)
        mesh.clear_geometry()
        mesh.vertices.add(len(geometry.vertices))
        mesh.loops.add(geometry.faces.size)
        mesh.polygons.add(faces)
        attributes = mesh.attributes
        attributes["position"].data.foreach_set("vector", geometry.vertices.ravel())
        attributes[".corner_vert"].data.foreach_set("value", geometry.faces.ravel())
        mesh.polygons.foreach_set("loop_start", np.arange(0, geometry.faces.size, 4, dtype=np.int32))
        attributes.new("material_index", "INT", "FACE").data.foreach_set("value", geometry.materials)
        if not smooth:
            attributes.new("sharp_face", "BOOLEAN", "FACE").data.foreach_set("value", np.ones(faces, bool))
        mesh.update()
        self.object.rotation_euler = rotation
