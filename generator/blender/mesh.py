"""The procedural object: one mesh data-block whose geometry is replaced each frame (never a new one)."""

from __future__ import annotations

import bpy
import numpy as np

from generator.blender.material import FOREGROUND_INDEX, TINT
from generator.scene.meshes import Geometry


class ProceduralObject:
    """One mesh object whose slots hold the `bodies` (one per texture kind) and, last, the strand material;
    `foreground` objects (the subject, companions) count in the subject's coverage pass."""

    def __init__(self, scene: bpy.types.Scene, bodies: list[bpy.types.Material], strand: bpy.types.Material,
                 foreground: bool = False) -> None:
        self.mesh = bpy.data.meshes.new("procedural")
        for material in [*bodies, strand]:
            self.mesh.materials.append(material)
        self.strand_slot = len(bodies)
        self.object = bpy.data.objects.new("procedural", self.mesh)
        self.object.pass_index = FOREGROUND_INDEX if foreground else 0
        scene.collection.objects.link(self.object)

    def apply(self, geometry: Geometry, smooth: bool, rotation: list[float], body_slot: int) -> None:
        """Replace the geometry in place, shade its body with the material in `body_slot`, tint its faces with the
        family colours, orient the object.

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
        slots = np.where(geometry.materials == 0, body_slot, self.strand_slot).astype(np.int32)
        attributes.new("material_index", "INT", "FACE").data.foreach_set("value", slots)
        attributes.new(TINT, "FLOAT_COLOR", "FACE").data.foreach_set("color", geometry.tints.ravel())
        if not smooth:
            attributes.new("sharp_face", "BOOLEAN", "FACE").data.foreach_set("value", np.ones(faces, bool))
        mesh.update()
        self.object.rotation_euler = rotation
