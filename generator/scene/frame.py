"""A frame's complete random draw as one plain, msgpack-able description (camera, lighting, object, material,
render seed). It travels in `Sample.params` and re-renders the frame on replay; frame `index` of generator
seed `seed` draws from `np.random.default_rng([seed, index])`, so (seed, index) reproduces it as well.
No bpy here: `generator.blender` applies a description to a live scene.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from generator.image.denoise import DEFAULT_DENOISE
from generator.image.grain import DEFAULT_GRAIN, grain_scale
from generator.knobs import UNIT, Knobs, knob
from generator.scene.camera import CameraRanges, draw_camera, pose_portrait
from generator.scene.clutter import ClutterRanges, draw_clutter
from generator.scene.companions import CompanionRanges, draw_companions, frame_group
from generator.scene.lighting import LightingRanges, draw_lighting
from generator.scene.materials import MaterialRanges, draw_material
from generator.scene.shapes import ShapeRanges, draw_shape
from generator.scene.target import TargetRanges, draw_target, draw_target_camera, draw_target_clutter
from generator.scene.world import WorldRanges, draw_world

FORMAT = 7  # bump when a description's meaning changes, so replay can refuse old ones
DEFAULT_SIZE = 64  # image side in pixels
DEFAULT_SAMPLES = 4  # Cycles samples per pixel: ~17 ms a 64x64 render here, ~3 ms more per sample
# OpenImageDenoise over the render: as clean as a photo, texture kept, ~25 ms a render. At 12 minutes (with a clean
# backdrop instead of grain on it) ecssd-dev rose from 0.472 to 0.495 mean IoU, its MSE fell from 161 to 78, and
# the predicted foreground share came down from 0.39 to the truth's 0.21: a render's grain had meant "subject"
DEFAULT_OIDN = True
# pairs cut from one render, each its own framing and camera effects: compositing costs ~1 ms a pair against
# ~70-170 ms a render (close-ups cost the most). On 2 shared cores a render skipped is CPU for the trainer: 32 rather
# than 16 gave it a quarter more steps in 30 minutes, transferred as well over two seeds, and one generator delivers
# 1.9x the pairs (docs/experiments.md, *32 pairs a render*)
DEFAULT_COMPOSITES = 32
DEFAULT_RENDER_SCALE = 1.5  # render side over image side: framings are crops of it, area-downsampled like photos
KEEP, RANDOMIZE = "keep", "randomize"  # an asset's own materials, or random ones in their place
MATERIAL_MODES = (KEEP, RANDOMIZE)
DEFAULT_MATERIALS = RANDOMIZE  # the seed's Mario lost its textures


@dataclass(frozen=True)
class ObjectRanges(Knobs):
    """How often an asset (from --assets) is drawn instead of a procedural shape."""

    asset_probability: float = knob(0.5, "chance a frame shows a loaded asset (when --assets is given)", bounds=UNIT)
    asset_tilt: float = knob(10.0, "an asset leans up to this many degrees about each horizontal axis (uniform) "
                                   "and turns freely about the vertical: a model built upright (z up, or the "
                                   "importer's up) stands; 180 tumbles it", bounds=(0, 180))


@dataclass(frozen=True)
class FrameRanges:
    """All knob ranges of a frame."""

    camera: CameraRanges = field(default_factory=CameraRanges)
    lighting: LightingRanges = field(default_factory=LightingRanges)
    shape: ShapeRanges = field(default_factory=ShapeRanges)
    material: MaterialRanges = field(default_factory=MaterialRanges)
    object: ObjectRanges = field(default_factory=ObjectRanges)
    world: WorldRanges = field(default_factory=WorldRanges)
    clutter: ClutterRanges = field(default_factory=ClutterRanges)
    companion: CompanionRanges = field(default_factory=CompanionRanges)
    target: TargetRanges = field(default_factory=TargetRanges)


KNOB_GROUPS = {"camera": CameraRanges, "lighting": LightingRanges, "shape": ShapeRanges,
               "material": MaterialRanges, "object": ObjectRanges, "world": WorldRanges, "clutter": ClutterRanges,
               "companion": CompanionRanges, "target": TargetRanges}


def frame_rng(seed: int, index: int) -> np.random.Generator:
    """The generator frame `index` of seed `seed` draws from."""
    return np.random.default_rng([seed, index])


def draw_object(rng: np.random.Generator, ranges: FrameRanges, assets: Sequence[str]) -> dict:
    """{"kind": "asset", "path", "rotation"} or {"kind": "procedural", "shape"}."""
    if assets and rng.random() < ranges.object.asset_probability:
        tilt = math.radians(ranges.object.asset_tilt)
        return {"kind": "asset", "path": str(rng.choice(list(assets))),
                "rotation": [*rng.uniform(-tilt, tilt, size=2).tolist(), float(rng.uniform(-math.pi, math.pi))]}
    return {"kind": "procedural", "shape": draw_shape(rng, ranges.shape)}


def portrait(ranges: FrameRanges) -> FrameRanges:
    """The ranges of a close-up: a person in it is framed head and shoulders, as people are photographed close."""
    if "bust" not in ranges.shape.person_framings:
        return ranges
    return replace(ranges, shape=replace(ranges.shape, person_framings=("bust",)))


def face_camera(rng: np.random.Generator, shape: dict, camera: dict, yaw: tuple[float, float]) -> None:
    """Turn a person (who faces -y unturned) towards the camera, off by a yaw drawn from `yaw` degrees."""
    if shape.get("family") != "person":
        return
    dx, dy = np.subtract(camera["location"], camera["target"])[:2]
    # yaw t turns -y to (sin t, -cos t): facing azimuth a = atan2(dy, dx) needs t = a + pi/2
    shape["rotation"][2] = math.atan2(dy, dx) + math.pi / 2 + math.radians(rng.uniform(*yaw))


def render_size(size: int, render_scale: float) -> int:
    """Side of the render whose crops make `size` images: a multiple of 2, at least `size`."""
    return max(size, 2 * round(size * render_scale / 2))


def draw_frame(rng: np.random.Generator, ranges: FrameRanges, assets: Sequence[str] = (), *,
               targets: Sequence[str] = (), size: int = DEFAULT_SIZE, samples: int = DEFAULT_SAMPLES,
               denoise: float = DEFAULT_DENOISE, grain: float = DEFAULT_GRAIN, oidn: bool = DEFAULT_OIDN,
               materials: str = DEFAULT_MATERIALS, render_scale: float = DEFAULT_RENDER_SCALE,
               panoramas: Sequence[str] = ()) -> dict:
    """Everything needed to render one frame; `assets` are the loaded asset paths, `targets` the loaded target
    paths (then every frame is a target frame, `draw_target_frame`) and `panoramas` the panorama names to choose
    from. `size` is the side of the images cut from the render, `render_size` the render's; `denoise` the strength
    of `generator.image.denoise` on the render, `grain` that of `generator.image.grain` on the backdrop at 4 samples
    (the frame keeps it at its own samples), `oidn` whether Blender's OpenImageDenoise cleans the render."""
    render = {"format": FORMAT, "size": size, "render_size": render_size(size, render_scale), "samples": samples,
              "denoise": denoise, "grain": grain_scale(grain, samples), "oidn": oidn}
    if targets:
        return draw_target_frame(rng, ranges, targets, assets, render, list(panoramas))
    world = draw_world(rng, ranges.world, list(panoramas))
    camera = draw_camera(rng, ranges.camera)
    subject = draw_object(rng, portrait(ranges) if camera["closeup"] else ranges, assets)
    family = subject["shape"].get("family") if subject["kind"] == "procedural" else None
    posed = camera["closeup"] and family == "person"
    clutter = ranges.clutter
    if posed:
        camera = pose_portrait(rng, camera, ranges.camera)
        clutter = replace(clutter, front_probability=clutter.portrait_front_probability)
    if subject["kind"] == "procedural":
        face_camera(rng, subject["shape"], camera, ranges.shape.portrait_yaw if posed else ranges.shape.person_yaw)
    greenery = family == "macro" and rng.random() < ranges.world.greenery_probability
    if greenery:
        world = None
    frame = {**render, "render_seed": int(rng.integers(2**31)),
             "world": world, "greenery": greenery, "camera": camera,
             "lighting": draw_lighting(rng, ranges.lighting, ranges.world.lights if world else None),
             "object": subject, "material": draw_material(rng, ranges.material),
             "materials": materials,
             "clutter": draw_clutter(rng, clutter, camera, ranges.shape, ranges.material)}
    companions = draw_companions(rng, ranges.companion, subject, camera, ranges.shape, ranges.material)
    for companion in companions:
        face_camera(rng, companion["shape"], camera, ranges.shape.person_yaw)
    return {**frame, "camera": frame_group(camera, companions), "companions": companions}


def draw_target_frame(rng: np.random.Generator, ranges: FrameRanges, targets: Sequence[str], assets: Sequence[str],
                      render: dict, panoramas: list[str]) -> dict:
    """A frame about one of `targets` (`generator.scene.target`): the target in its own materials (absent from
    some frames), distractors around it on its support, `assets` among them; `render` holds the render settings."""
    world = draw_world(rng, ranges.world, panoramas)
    camera = draw_target_camera(rng, ranges.camera, ranges.target)
    return {**render, "render_seed": int(rng.integers(2**31)), "world": world, "greenery": False, "camera": camera,
            "lighting": draw_lighting(rng, ranges.lighting, ranges.world.lights if world else None),
            "object": draw_target(rng, list(targets), ranges.object.asset_tilt, ranges.target),
            "material": draw_material(rng, ranges.material), "materials": KEEP,
            "clutter": draw_target_clutter(rng, ranges.target, camera, ranges.shape, ranges.material, list(assets)),
            "companions": []}
