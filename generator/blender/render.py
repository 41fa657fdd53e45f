"""Renders frame descriptions in one live scene and reads the pixels back as a numpy array.

Reading pixels: in background bpy 5.0 the compositor's Viewer node produces no image and the Render Result's
pixels are not readable, so each render is written as an uncompressed float EXR to a memory-backed tmpfs
(/dev/shm) and read back through one reused Image data-block (`reload` + `pixels.foreach_get`): no PNG, no
disk, no per-frame data-block. Blender keeps float EXR pixels linear and premultiplied, which is what
`generator.composite` expects.
"""

from __future__ import annotations

import atexit
import os
import tempfile
from pathlib import Path

import bpy
import numpy as np

from generator.blender.assets import Asset, load_assets
from generator.blender.material import Materials
from generator.blender.mesh import ProceduralObject
from generator.blender.quiet import quiet
from generator.blender.scene import Stage, new_scene
from generator.blender.taskpool import DEFAULT_THREADS
from generator.frame import RANDOMIZE
from generator.meshes import build


def scratch_path() -> Path:
    """A per-process EXR path in RAM when /dev/shm exists, else in the temp folder."""
    folder = Path("/dev/shm") if Path("/dev/shm").is_dir() else Path(tempfile.gettempdir())
    return folder / f"generator-{os.getpid()}.exr"


class Renderer:
    """One scene kept alive across frames: `render(frame)` -> float32 HxWx4 linear premultiplied, top row first."""

    def __init__(self, threads: int = DEFAULT_THREADS, assets: list[str] = ()) -> None:
        with quiet(1, 2):  # Cycles warns about every GPU library it does not find, on every start
            self.scene = new_scene(threads)
        self.stage = Stage(self.scene)
        self.materials = Materials()
        self.procedural = ProceduralObject(self.scene, self.materials.body, self.materials.strand)
        self.assets: dict[str, Asset] = load_assets(self.scene, list(assets))
        self.path = scratch_path()
        settings = self.scene.render.image_settings
        settings.file_format = "OPEN_EXR"
        settings.color_depth = "32"
        settings.exr_codec = "NONE"
        settings.color_mode = "RGBA"
        self.scene.render.filepath = str(self.path)
        atexit.register(self.close)  # also on errors and signals, which end through sys.exit
        self.image: bpy.types.Image | None = None
        self.buffer = np.empty(0, np.float32)

    @property
    def asset_paths(self) -> list[str]:
        """Paths of the loaded assets, in load order."""
        return list(self.assets)

    def apply(self, frame: dict) -> None:
        """Pose the scene for a frame description."""
        render = self.scene.render
        render.resolution_x = render.resolution_y = frame["size"]
        self.scene.cycles.samples = frame["samples"]
        self.scene.cycles.seed = frame["render_seed"]
        self.stage.apply_camera(frame["camera"])
        self.stage.apply_lighting(frame["lighting"])
        self.materials.apply(frame["material"])
        obj = frame["object"]
        for asset in self.assets.values():
            asset.show(False)
        self.procedural.object.hide_render = obj["kind"] != "procedural"
        if obj["kind"] == "procedural":
            shape = obj["shape"]
            self.procedural.apply(build(shape), shape["smooth"], shape["rotation"])
        else:
            asset = self.assets.get(obj["path"])
            if asset is None:
                raise KeyError(f"asset {obj['path']!r} is not loaded (pass it with --assets)")
            asset.apply(obj["rotation"], self.materials.body if frame["materials"] == RANDOMIZE else None)

    def render(self, frame: dict) -> np.ndarray:
        """Render a frame description; float32 HxWx4, scene-linear, premultiplied alpha, top row first."""
        self.apply(frame)
        with quiet():
            bpy.ops.render.render(write_still=True)
        if self.image is None:
            self.image = bpy.data.images.load(str(self.path))
        else:
            self.image.reload()
        width, height = self.image.size
        if self.buffer.size != width * height * 4:
            self.buffer = np.empty(width * height * 4, np.float32)
        self.image.pixels.foreach_get(self.buffer)
        return self.buffer.reshape(height, width, 4)[::-1].copy()

    def close(self) -> None:
        """Remove the scratch file."""
        self.path.unlink(missing_ok=True)
