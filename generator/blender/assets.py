"""Real models from `--assets PATH` (a file or a folder, searched recursively), loaded once at start-up.

Each file becomes one asset: its visible mesh objects (objects hidden from render stay hidden) under two
empties, one that normalises it to a unit bounding sphere at the origin and one that turns, moves and scales it per
frame (as the subject, or as a distractor beside a target). Its own materials are prepared for the stream
(`generator.blender.look`: vertex colours shown, the coverage pass, the look jitter). Image textures that cannot
be found are reported once, in one line, and unlinked from their shaders so they never render as Blender's magenta
"missing texture" colour. A target's look-alikes (`Twin`) are linked copies of its meshes with a drawn material.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from pathlib import Path

import bpy
import numpy as np
from bpy_extras.object_utils import world_to_camera_view
from mathutils import Matrix, Vector

from generator.assetfiles import AssetError, find_assets
from generator.blender.look import prepare, set_look, vertex_colour_material
from generator.blender.material import FOREGROUND_INDEX
from generator.blender.props import assign
from generator.blender.quiet import quiet

LOAD_REPORT_S = 10.0  # seconds between progress lines while many models load
MAX_POINTS = 4096  # vertices kept per asset to find its lowest point in a pose (its contact with the support)


def _render_collections(layer: bpy.types.LayerCollection) -> Iterator[bpy.types.Collection]:
    """Collections of a view layer that render: not excluded, not hidden from render, nor any parent."""
    if layer.exclude or layer.collection.hide_render:
        return
    yield layer.collection
    for child in layer.children:
        yield from _render_collections(child)


def _in_view(scene: bpy.types.Scene, obj: bpy.types.Object) -> bool:
    """Whether any corner of the object's bounding box lies in front of the scene camera and inside its frame."""
    if scene.camera is None:
        return True
    for corner in obj.bound_box:
        x, y, z = world_to_camera_view(scene, scene.camera, obj.matrix_world @ Vector(corner))
        if z > 0 and 0 <= x <= 1 and 0 <= y <= 1:
            return True
    return False


def _import_blend(path: Path) -> tuple[list[bpy.types.Object], list[bpy.types.Object]]:
    """All objects of the file's first scene, and the meshes that scene renders in its own camera's view."""
    with bpy.data.libraries.load(str(path), link=False) as (source, target):
        target.scenes = list(source.scenes[:1])
    if not target.scenes:
        return [], []
    scene = target.scenes[0]
    collections = set(_render_collections(scene.view_layers[0].layer_collection))
    objects = list(scene.objects)
    bpy.context.view_layer.update()
    scene.view_layers[0].update()
    meshes = [obj for obj in objects if obj.type == "MESH" and not obj.hide_render
              and collections.intersection(obj.users_collection) and _in_view(scene, obj)]
    for collection in scene.collection.children_recursive:
        for obj in list(collection.objects):
            collection.objects.unlink(obj)
    for obj in list(scene.collection.objects):
        scene.collection.objects.unlink(obj)
    bpy.data.scenes.remove(scene)
    return objects, meshes


def _import_with_operator(path: Path) -> tuple[list[bpy.types.Object], list[bpy.types.Object]]:
    """Run the importer for the file's type: (objects it created, the visible meshes among them)."""
    importers = {".obj": bpy.ops.wm.obj_import, ".glb": bpy.ops.import_scene.gltf,
                 ".gltf": bpy.ops.import_scene.gltf, ".fbx": bpy.ops.import_scene.fbx,
                 ".ply": bpy.ops.wm.ply_import, ".stl": bpy.ops.wm.stl_import}
    before = set(bpy.data.objects)
    with quiet(1, 2):  # importers log timings and errors themselves; ours is the one line that names the file
        importers[path.suffix.lower()](filepath=str(path))
    created = [obj for obj in bpy.data.objects if obj not in before]
    for obj in created:  # importers link into the active collection; the asset links them itself
        for collection in list(obj.users_collection):
            collection.objects.unlink(obj)
    return created, [obj for obj in created if obj.type == "MESH" and not obj.hide_render]


def unlink_missing_textures() -> list[str]:
    """Cut shader links from image textures whose file is missing; return the missing file paths."""
    missing = {image for image in bpy.data.images if image.source == "FILE" and not image.packed_file
               and not Path(bpy.path.abspath(image.filepath, library=image.library)).is_file()}
    for material in bpy.data.materials:
        if material.node_tree is None:
            continue
        for node in material.node_tree.nodes:
            if node.type == "TEX_IMAGE" and node.image in missing:
                for output in node.outputs:
                    for link in list(output.links):
                        material.node_tree.links.remove(link)
    return sorted(image.filepath for image in missing)


class Asset:
    """One loaded model file, normalised to a unit bounding sphere (by `fit`, once the depsgraph has placed it),
    shown or hidden as a whole. Hidden, its collection is excluded from the view layer, so the depsgraph of a
    frame (and of every import after it) holds the assets shown, not all of them."""

    def __init__(self, scene: bpy.types.Scene, path: Path, flag: str = "--assets") -> None:
        self.path = str(path)
        try:
            load = _import_blend if path.suffix.lower() == ".blend" else _import_with_operator
            self._objects, self.meshes = load(path)
        except (RuntimeError, OSError) as error:
            raise AssetError(f"{flag} {path}: cannot load ({str(error).strip().splitlines()[-1]})") from None
        if not self.meshes:
            raise AssetError(f"{flag} {path}: no visible mesh objects")
        self.collection = bpy.data.collections.new(path.stem)
        self.scene = scene
        scene.collection.children.link(self.collection)
        self.show(False)
        for obj in self._objects:
            self.collection.objects.link(obj)
            if obj in self.meshes and not obj.material_slots:
                # its vertex colours where it has them (a PLY scan), else a slot for --materials randomize to fill
                obj.data.materials.append(vertex_colour_material(obj.data))
            if obj not in self.meshes:
                obj.hide_render = True  # the file's cameras, lights and unrendered meshes stay out of our frames
        materials = [slot.material for obj in self.meshes for slot in obj.material_slots]
        # its own materials give the subject's coverage in the scene's render, unless a slot is empty (Blender's
        # default surface has no coverage pass) or a material has no nodes: then a holdout render gives it
        self.coverage_pass = all(material is not None and prepare(material) for material in dict.fromkeys(materials))
        set_look(self.meshes, None)
        self.turn = bpy.data.objects.new(f"{path.stem}-turn", None)
        self.normalise = bpy.data.objects.new(f"{path.stem}-normalise", None)
        self.collection.objects.link(self.turn)
        self.collection.objects.link(self.normalise)
        self.normalise.parent = self.turn
        self.turn.rotation_mode = "XYZ"
        self.points = np.zeros((1, 3))  # vertices in the unit sphere (after `fit`)
        self.placed: dict[bpy.types.Object, Matrix] = {}  # each mesh's matrix in the unit sphere (after `fit`)

    def fit(self) -> None:
        """Scale and move the model into the unit sphere at the origin and hide it; needs it shown and its world
        matrices evaluated (one view-layer update for all assets)."""
        centre, radius = self._bounds()
        unit = Matrix.Translation(-centre / radius) @ Matrix.Scale(1.0 / radius, 4)
        self.placed = {obj: unit @ obj.matrix_world for obj in self.meshes}
        self.points = self._vertices(self.placed)
        for obj in self._objects:
            if obj.parent is None:
                obj.parent = self.normalise
        self.normalise.scale = (1.0 / radius,) * 3
        self.normalise.location = -centre / radius
        self.show(False)

    @staticmethod
    def _vertices(placed: dict[bpy.types.Object, Matrix]) -> np.ndarray:
        """Up to MAX_POINTS of the meshes' vertices, as placed (N x 3)."""
        chunks = []
        for obj, matrix in placed.items():
            coordinates = np.empty(len(obj.data.vertices) * 3, np.float32)
            obj.data.vertices.foreach_get("co", coordinates)
            points = coordinates.reshape(-1, 3).astype(np.float64)
            chunks.append(points @ np.array(matrix)[:3, :3].T + np.array(matrix)[:3, 3])
        points = np.concatenate(chunks) if chunks else np.zeros((1, 3))
        return points[::max(1, len(points) // MAX_POINTS)]

    def _bounds(self) -> tuple[Vector, float]:
        """Centre of the world bounding box of the visible meshes and the farthest corner's distance."""
        corners = [obj.matrix_world @ Vector(corner) for obj in self.meshes for corner in obj.bound_box]
        low = Vector(tuple(min(c[i] for c in corners) for i in range(3)))
        high = Vector(tuple(max(c[i] for c in corners) for i in range(3)))
        centre = (low + high) / 2
        return centre, max(max((c - centre).length for c in corners), 1e-6)

    def show(self, visible: bool) -> None:
        """Render this asset's visible meshes, or hide them all."""
        # looked up each time: Blender rebuilds a view layer's tree of layer collections as collections come
        layer = self.scene.view_layers[0].layer_collection.children[self.collection.name]
        assign(layer, "exclude", not visible)

    def apply(self, rotation: list[float], material: bpy.types.Material | None, *, location: list[float] = (0, 0, 0),
              scale: float = 1.0, foreground: bool = True, look: dict | None = None) -> None:
        """Turn the asset by `rotation`, scale it and move it to `location`; `material` replaces all its materials
        (None keeps them, with `look`'s jitter: `generator.blender.look`); `foreground`: part of the subject's
        coverage, not a distractor."""
        self.turn.rotation_euler = rotation
        self.turn.location = location
        self.turn.scale = (scale,) * 3
        for obj in self.meshes:
            assign(obj, "pass_index", FOREGROUND_INDEX if foreground else 0)
            for slot in obj.material_slots:  # an object-linked slot overrides the mesh's own material
                assign(slot, "link", "DATA" if material is None else "OBJECT")
                if material is not None:
                    assign(slot, "material", material)
        set_look(self.meshes, look)


class Twin:
    """A look-alike of a loaded asset: linked copies of its meshes (the same geometry, no second load), each
    wearing a drawn material, posed like any distractor and never part of the subject's coverage."""

    def __init__(self, scene: bpy.types.Scene, asset: Asset, index: int) -> None:
        self.collection = bpy.data.collections.new(f"{asset.collection.name}-twin{index}")
        scene.collection.children.link(self.collection)
        self.turn = bpy.data.objects.new(f"{asset.collection.name}-twin{index}-turn", None)
        self.turn.rotation_mode = "XYZ"
        self.collection.objects.link(self.turn)
        self.meshes = []
        for obj, matrix in asset.placed.items():
            copy = obj.copy()  # shares the mesh data
            copy.parent, copy.matrix_parent_inverse, copy.matrix_basis = self.turn, Matrix(), matrix
            copy.pass_index = 0
            for slot in copy.material_slots:
                slot.link = "OBJECT"
            self.collection.objects.link(copy)
            self.meshes.append(copy)
        self.points = asset.points
        self.turn.scale = (0.0, 0.0, 0.0)  # unused: shrunk to nothing rather than hidden (generator.blender.clutter)

    def apply(self, material: bpy.types.Material | None, rotation: list[float] = (0, 0, 0),
              scale: list[float] = (0, 0, 0), location: list[float] = (0, 0, 0)) -> None:
        """Pose the look-alike wearing `material`; the default shrinks it to nothing."""
        self.turn.rotation_euler = rotation
        self.turn.scale = scale
        self.turn.location = location
        if material is not None:
            for obj in self.meshes:
                for slot in obj.material_slots:
                    assign(slot, "material", material)


def load_assets(scene: bpy.types.Scene, paths: list[str], flag: str = "--assets") -> dict[str, Asset]:
    """Load every model under `paths` (given with `flag`). In a folder, a file that fails to load is skipped with
    one warning (a folder where none loads is an error); a named file must load. Missing textures are reported
    once; a load of many files reports its progress every LOAD_REPORT_S seconds."""
    listed = {path: find_assets(path, flag) for path in paths}
    total, start, reported = sum(len(files) for files in listed.values()), time.monotonic(), time.monotonic()
    assets = {}
    for path, files in listed.items():
        for file in files:
            try:
                assets[str(file)] = Asset(scene, file, flag)  # fitted below, after one update for all
            except AssetError as error:
                if len(files) == 1 and Path(path).is_file():
                    raise
                print(f"generator: skipping {error}", file=sys.stderr)
            if time.monotonic() - reported >= LOAD_REPORT_S:
                reported, done, elapsed = time.monotonic(), len(assets), time.monotonic() - start
                print(f"generator: loaded {done}/{total} models in {elapsed:.0f} s, about "
                      f"{elapsed / max(done, 1) * (total - done):.0f} s to go", file=sys.stderr, flush=True)
        if not any(key.startswith(str(Path(path))) for key in assets):
            raise AssetError(f"{flag} {path}: none of its {len(files)} model file(s) could be loaded")
    for asset in assets.values():
        asset.show(True)
    bpy.context.view_layer.update()
    for asset in assets.values():
        asset.fit()
    missing = unlink_missing_textures()
    if missing:
        print(f"generator: {len(missing)} image texture(s) missing, shaded without them: "
              f"{', '.join(missing[:5])}{' ...' if len(missing) > 5 else ''}", file=sys.stderr)
    return assets
