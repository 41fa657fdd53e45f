"""Renders frame descriptions in one live scene and reads the pixels back as numpy arrays.

Reading pixels: in background bpy 5.0 the compositor's Viewer node produces no image and the Render Result's
pixels are not readable, so each render is written as an uncompressed float multilayer EXR to a memory-backed
tmpfs (/dev/shm) and read back with OpenEXR (under 1 ms; OpenCV reads no multilayer EXR, and an Image
data-block's `reload` + `pixels` take 1.4 ms for one pass): no PNG, no disk, no data-block. Blender writes float
EXR pixels linear and premultiplied, which is what `generator.image.composite` expects. Beside the combined pass
the file holds the subject's coverage (the AOV of `generator.blender.material`).
"""

from __future__ import annotations

import atexit
import os
import tempfile
from pathlib import Path

import bpy
import numpy as np
import OpenEXR

from generator.blender.assets import Asset, Twin, load_assets
from generator.blender.clutter import Clutter
from generator.blender.material import COVERAGE_AOV, Materials
from generator.blender.mesh import ProceduralObject
from generator.blender.props import assign
from generator.blender.quiet import quiet
from generator.blender.scene import Stage, new_scene
from generator.blender.taskpool import DEFAULT_THREADS
from generator.devices import DEFAULT_DEVICE
from generator.image.atlas import photo_atlas
from generator.scene.clutter import MAX_CLUTTER
from generator.scene.frame import RANDOMIZE
from generator.scene.meshes import Geometry, build, rotation_matrix
from generator.scene.target import MAX_DISTRACTORS, MAX_TWINS
from generator.scene.world import load_panorama, panorama_paths


def scratch_path() -> Path:
    """A per-process EXR path in RAM when /dev/shm exists, else in the temp folder."""
    folder = Path("/dev/shm") if Path("/dev/shm").is_dir() else Path(tempfile.gettempdir())
    return folder / f"generator-{os.getpid()}.exr"


class Renderer:
    """One scene kept alive across frames: `render(frame)` -> float32 HxWx4 linear premultiplied, top row first."""

    def __init__(self, threads: int = DEFAULT_THREADS, assets: list[str] = (), device: str = DEFAULT_DEVICE,
                 targets: list[str] = ()) -> None:
        with quiet(1, 2):  # Cycles warns about every GPU library it does not find, on every start
            self.scene = new_scene(threads, device)
        self.stage = Stage(self.scene)
        self.materials = Materials(photo_atlas([load_panorama(name) for name in panorama_paths()]))
        self.procedural = ProceduralObject(self.scene, self.materials.bodies, self.materials.strand, foreground=True)
        self.clutter = Clutter(self.scene, self.materials, MAX_DISTRACTORS if targets else MAX_CLUTTER)
        self._subject_points: np.ndarray | None = None
        self.targets: dict[str, Asset] = load_assets(self.scene, list(targets), "--target")
        self.assets: dict[str, Asset] = load_assets(self.scene, list(assets))
        self.models = {**self.assets, **self.targets}
        self.twins = {path: [Twin(self.scene, target, index) for index in range(MAX_TWINS)]
                      for path, target in self.targets.items()}
        self._shown: set[str] = set()  # the paths of the models in view
        self.path = scratch_path()
        view_layer = self.scene.view_layers[0]
        coverage = view_layer.aovs.add()
        coverage.name, coverage.type = COVERAGE_AOV, "VALUE"
        self.channels = (f"{view_layer.name}.Combined", f"{view_layer.name}.{COVERAGE_AOV}.X")
        settings = self.scene.render.image_settings
        settings.media_type = "MULTI_LAYER_IMAGE"
        settings.file_format = "OPEN_EXR_MULTILAYER"
        settings.color_depth = "32"
        settings.exr_codec = "NONE"
        settings.color_mode = "RGBA"
        self.scene.render.filepath = str(self.path)
        atexit.register(self.close)  # also on errors and signals, which end through sys.exit

    @property
    def asset_paths(self) -> list[str]:
        """Paths of the loaded --assets models, in load order."""
        return list(self.assets)

    @property
    def target_paths(self) -> list[str]:
        """Paths of the loaded --target models, in load order."""
        return list(self.targets)

    def model(self, path: str) -> Asset:
        """The loaded model at `path`; KeyError naming the flags when a description names one not loaded."""
        if path not in self.models:
            raise KeyError(f"asset {path!r} is not loaded (pass it with --assets or --target)")
        return self.models[path]

    def apply(self, frame: dict, geometry: Geometry | None = None, clutter: list[Geometry] | None = None,
              companions: list[Geometry] | None = None) -> None:
        """Pose the scene for a frame description; `geometry` is its procedural shape, `clutter` and `companions`
        the shapes of its clutter and companions, when built already."""
        render = self.scene.render
        # written every frame, unlike the properties set with `assign`: the render region is re-read only when the
        # resolution is written, and skipping the unchanged write left stale regions (tests/.../test_scene.py)
        render.resolution_x = render.resolution_y = frame["render_size"]
        self.scene.cycles.samples = frame["samples"]
        assign(self.scene.cycles, "use_denoising", frame.get("oidn", False))  # frames from before it have none
        self.scene.cycles.seed = frame["render_seed"]
        self.stage.apply_camera(frame["camera"])
        self.stage.apply_lighting(frame["lighting"])
        self.stage.apply_world(frame["world"], frame["lighting"]["ambient"])
        obj = frame["object"]
        self._show_models(frame)
        assign(self.procedural.object, "hide_render", obj["kind"] != "procedural")
        if obj["kind"] == "procedural":
            self._apply_procedural(frame, build(obj["shape"]) if geometry is None else geometry)
            bottom = float(self._subject_points[:, 2].min())
        else:
            bottom = self._apply_asset(frame)
        # frames from before companions have none
        self.clutter.apply(frame["clutter"], clutter, bottom, frame.get("companions", []), companions)
        self._apply_distractors(frame, bottom)
        self.stage.frame_region(None if Clutter.present(frame["clutter"]) else self._foreground_points(),
                                frame["render_size"])

    def _show_models(self, frame: dict) -> None:
        """Show the models the frame has in view (its subject unless absent, its --assets distractors), hide the
        rest; only those whose visibility changes are touched."""
        obj = frame["object"]
        wanted = {item["path"] for item in frame["clutter"].get("assets", [])}
        if obj["kind"] == "asset" and not obj.get("absent", False):
            wanted.add(obj["path"])
        for path in wanted:
            self.model(path)  # an unknown path fails before anything changes
        for path in self._shown ^ wanted:
            self.models[path].show(path in wanted)
        self._shown = wanted

    def _foreground_points(self) -> np.ndarray | None:
        """World-space vertices of the subject and its companions; None for an asset (its whole frame renders)."""
        if self._subject_points is None:
            return None
        return np.concatenate([self._subject_points, self.clutter.companion_points])

    def _apply_procedural(self, frame: dict, geometry: Geometry) -> None:
        """Shape, materials and render region of a procedural object."""
        shape, material = frame["object"]["shape"], frame["material"]
        self.procedural.apply(geometry, shape["smooth"], shape["rotation"], self.materials.slot(material["texture"]))
        self.materials.set(material, [self.procedural.object])
        self._subject_points = geometry.vertices @ rotation_matrix(shape["rotation"]).T

    def _apply_asset(self, frame: dict) -> float:
        """Orientation, materials (or a target's look) of a loaded asset; returns its lowest point, where its
        support is, also when it is absent. Its whole frame renders."""
        obj, material = frame["object"], frame["material"]
        asset = self.model(obj["path"])
        randomize = frame["materials"] == RANDOMIZE
        asset.apply(obj["rotation"], self.materials.bodies[self.materials.slot(material["texture"])]
                    if randomize else None, look=obj.get("look"))
        if randomize:
            self.materials.set(material, asset.meshes)
        self._subject_points = None
        return float((asset.points @ rotation_matrix(obj["rotation"]).T)[:, 2].min())

    def _apply_distractors(self, frame: dict, bottom: float) -> None:
        """A target frame's --assets distractors (their own materials) and look-alikes (drawn ones), each standing
        on the support at `bottom`; look-alikes not in the frame shrink to nothing."""
        clutter = frame["clutter"]
        for item in clutter.get("assets", []):
            model = self.models[item["path"]]
            location = standing(item["location"], model.points * item["radius"], item["rotation"], bottom)
            model.apply(item["rotation"], None, location=location, scale=item["radius"], foreground=False)
        twins = clutter.get("twins", [])
        pool = self.twins.get(frame["object"].get("path"), [])
        if len(twins) > len(pool):
            raise ValueError(f"a frame's look-alikes need its subject to be a --target, with at most {MAX_TWINS}")
        for index, twin in enumerate(pool):
            if index >= len(twins):
                twin.apply(None)
                continue
            item = twins[index]
            body = self.materials.bodies[self.materials.slot(item["material"]["texture"])]
            location = standing(item["location"], twin.points * item["scale"], item["rotation"], bottom)
            twin.apply(body, item["rotation"], item["scale"], location)
            self.materials.set(item["material"], twin.meshes)

    def render(self, frame: dict, geometry: Geometry | None = None, clutter: list[Geometry] | None = None,
               companions: list[Geometry] | None = None) -> np.ndarray:
        """Render a frame description (with its shapes when built already); float32 HxWx5, top row first: the
        whole scene scene-linear with premultiplied alpha, then the visible coverage of the subject and its
        companions. With clutter, that coverage is the render's coverage pass, or where the pass is not exact
        (`coverage_pass_exact`) a second render with the rest as holdout, the region of the subject and companions
        only and the same seed."""
        self.apply(frame, geometry, clutter, companions)
        scene, coverage = self.shoot()
        if not Clutter.present(frame["clutter"]):
            return np.dstack([scene, scene[..., 3]])
        if not self.coverage_pass_exact(frame):
            coverage = self.held_out_coverage(frame)
        return np.dstack([scene, coverage])

    def held_out_coverage(self, frame: dict) -> np.ndarray:
        """The visible coverage of the subject and companions of the frame as posed, HxW: a render with everything
        else as holdout, of their region only, undenoised."""
        self._holdout(frame, True)
        assign(self.scene.cycles, "use_denoising", False)  # only this pass's alpha is used: nothing to denoise
        try:
            self.stage.frame_region(self._foreground_points(), frame["render_size"])
            return self.shoot()[0][..., 3]
        finally:
            self._holdout(frame, False)
            assign(self.scene.cycles, "use_denoising", frame.get("oidn", False))

    def _holdout(self, frame: dict, enabled: bool) -> None:
        """The clutter, the distractor models and the look-alikes as holdout, or visible again."""
        self.clutter.holdout(enabled)
        distractors = [self.models[item["path"]] for item in frame["clutter"].get("assets", [])]
        for obj in [mesh for model in distractors + self.twins.get(frame["object"].get("path"), [])
                    for mesh in model.meshes]:
            assign(obj, "is_holdout", enabled)

    def coverage_pass_exact(self, frame: dict) -> bool:
        """Whether the coverage pass is the subject's alpha: all its materials write the pass (a procedural
        subject's and drawn ones do, a loaded model's own do where `generator.blender.look` could prepare them),
        and all are opaque (the pass counts a translucent surface as a solid one, where a holdout weighs it by its
        opacity)."""
        subject = frame["object"]
        materials = [item["material"] for item in frame.get("companions", [])]
        kept = subject["kind"] == "asset" and frame["materials"] != RANDOMIZE
        if kept and not subject.get("absent", False) and not self.model(subject["path"]).coverage_pass:
            return False
        if not kept:
            materials.append(frame["material"])
        return all(m["alpha"] >= 1.0 for m in materials)

    def shoot(self) -> tuple[np.ndarray, np.ndarray]:
        """Render the scene as it is posed: float32 HxWx4 scene-linear with premultiplied alpha, and the coverage
        pass HxW, top row first."""
        with quiet():
            bpy.ops.render.render(write_still=True)
        try:
            parts = OpenEXR.File(str(self.path), num_threads=1).parts
        except RuntimeError as error:
            raise RuntimeError(f"Blender wrote no readable render to {self.path}: {error}") from error
        finally:
            self.path.unlink(missing_ok=True)  # lives only from write to read, so even a SIGKILL leaves nothing
        passes = {name: channel.pixels for part in parts for name, channel in part.channels.items()}
        combined, coverage = self.channels
        rgba = passes[combined]
        rgba[rgba[..., 3] <= 0.0, :3] = 0.0  # the denoiser leaves a faint colour on uncovered pixels
        return rgba, passes[coverage]

    def close(self) -> None:
        """Remove the scratch file."""
        self.path.unlink(missing_ok=True)


def standing(location: list[float], points: np.ndarray, rotation: list[float], bottom: float) -> list[float]:
    """`location` with its height moved so that `points` (an object's vertices, scaled, before its rotation) turned
    by `rotation` rest at `bottom`."""
    lowest = float((points @ rotation_matrix(rotation).T)[:, 2].min())
    return [location[0], location[1], bottom - lowest]
