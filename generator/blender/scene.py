"""The live scene: Cycles settings, the camera, a fixed pool of lights and the world, built once and then
only re-posed per frame, so Cycles' persistent data stays valid and nothing leaks between frames."""

from __future__ import annotations

import itertools
import math

import bpy
import numpy as np
from mathutils import Quaternion, Vector

from generator.blender.props import assign
from generator.devices import AUTO, CPU, DEFAULT_DEVICE, GPU_BACKENDS, DeviceError
from generator.scene.lighting import MAX_LIGHTS  # the pool's size; frames use the first `len(lights)`, darken the rest
from generator.scene.world import panorama_paths

REGION_MARGIN_PX = 2  # the pixel filter (`filter_width` 1.5 px) spreads an edge's coverage beyond the geometry
WORLD_MAP_RESOLUTION = 128


def pick_device(device: str = DEFAULT_DEVICE) -> str:
    """Cycles' device for `--device` (`generator.devices`): 'CPU', or 'GPU' with the chosen backend's devices
    enabled; DeviceError where a named backend has no device here."""
    if device == CPU:
        return "CPU"
    prefs = bpy.context.preferences.addons["cycles"].preferences
    found = []
    for backend in GPU_BACKENDS if device == AUTO else (device,):
        try:
            prefs.compute_device_type = backend.upper()
        except TypeError:  # backend not built into this bpy
            continue
        prefs.get_devices()
        gpus = [d for d in prefs.devices if d.type == backend.upper()]
        found += [d.name for d in gpus]
        if gpus:
            for gpu in gpus:
                gpu.use = True
            return "GPU"
    if device == AUTO:
        return "CPU"
    raise DeviceError(f"--device {device}: Cycles finds no {device.upper()} device on this machine "
                      f"(use --device cpu or auto)")


def new_scene(threads: int, device: str = DEFAULT_DEVICE) -> bpy.types.Scene:
    """An empty scene set up for fast, transparent-film, linear ("Standard") Cycles renders on `device`."""
    bpy.ops.wm.read_factory_settings(use_empty=True)
    scene = bpy.context.scene
    scene.render.engine = "CYCLES"
    scene.cycles.device = pick_device(device)
    # OpenImageDenoise, on per frame when its description says so (`Renderer.apply`): the fast network and
    # prefilter, guided by albedo and normals, which keep texture and edges where a blur would not
    scene.cycles.use_denoising = False
    scene.cycles.denoiser = "OPENIMAGEDENOISE"
    scene.cycles.denoising_input_passes = "RGB_ALBEDO_NORMAL"
    scene.cycles.denoising_prefilter = "FAST"
    scene.cycles.denoising_quality = "FAST"
    scene.cycles.use_adaptive_sampling = False
    scene.cycles.use_animated_seed = False
    # few bounces and no light tree: with at most 8 lights and one object they cost time, not realism
    scene.cycles.max_bounces = 3
    scene.cycles.diffuse_bounces = 1
    scene.cycles.glossy_bounces = 2
    scene.cycles.transmission_bounces = 2
    scene.cycles.volume_bounces = 0
    scene.cycles.transparent_max_bounces = 16  # strands and translucent parts layer up
    scene.cycles.caustics_reflective = scene.cycles.caustics_refractive = False
    scene.cycles.use_light_tree = False
    scene.render.film_transparent = True
    scene.render.use_crop_to_border = False  # a region render keeps the full-size image, 0 outside the region
    scene.cycles.filter_width = 1.5  # pixels; REGION_MARGIN_PX covers half of it and a rounding pixel
    scene.render.use_persistent_data = True  # keeps the synced scene between renders: ~2-4x faster
    scene.render.use_compositing = False
    scene.render.use_sequencer = False
    scene.render.resolution_percentage = 100
    scene.render.threads_mode = "FIXED"
    scene.render.threads = threads
    scene.view_settings.view_transform = "Standard"
    scene.view_settings.look = "None"
    scene.view_settings.exposure = 0.0
    scene.view_settings.gamma = 1.0
    return scene


def look_rotation(location: Vector, target: Vector, roll: float = 0.0) -> Quaternion:
    """Rotation that points an object's -Z axis from `location` at `target` (Y up), rolled about its view."""
    return (target - location).to_track_quat("-Z", "Y") @ Quaternion((0.0, 0.0, 1.0), roll)


class Stage:
    """Camera, light pool and world of a scene; `apply_camera` / `apply_lighting` pose them per frame."""

    def __init__(self, scene: bpy.types.Scene) -> None:
        self.scene = scene
        self.camera = bpy.data.objects.new("camera", bpy.data.cameras.new("camera"))
        scene.collection.objects.link(self.camera)
        scene.camera = self.camera
        self.camera.rotation_mode = "QUATERNION"
        self.camera.data.sensor_fit = "HORIZONTAL"
        self.camera.data.clip_start = 0.01
        self.lights = []
        for i in range(MAX_LIGHTS):
            light = bpy.data.objects.new(f"light{i}", bpy.data.lights.new(f"light{i}", "POINT"))
            light.rotation_mode = "QUATERNION"
            light.data.use_temperature = True
            scene.collection.objects.link(light)
            self.lights.append(light)
        scene.world = bpy.data.worlds.new("world")
        # Cycles rebuilds the world's importance map whenever the world changes, which is every frame here: at
        # the default 1024 x 512 that took 2.4 s a frame, at 128 x 64 a few ms, with little more noise at 64 px
        scene.world.cycles.sampling_method = "MANUAL"
        scene.world.cycles.sample_map_resolution = WORLD_MAP_RESOLUTION
        nodes, links = scene.world.node_tree.nodes, scene.world.node_tree.links
        self.background = nodes["Background"]
        # the world is the ambient colour or a panorama, chosen by the mix factor: a value change, not a relink
        self.environment = nodes.new("ShaderNodeTexEnvironment")
        self.world_mix = nodes.new("ShaderNodeMix")
        self.world_mix.data_type = "RGBA"
        links.new(self.environment.outputs["Color"], self.world_mix.inputs["B"])
        links.new(self.world_mix.outputs["Result"], self.background.inputs["Color"])
        self.panoramas: dict[str, bpy.types.Image] = {}

    def apply_camera(self, camera: dict) -> None:
        """Pose the camera from a `generator.scene.camera` description."""
        location, target = Vector(camera["location"]), Vector(camera["target"])
        self.camera.location = location
        self.camera.rotation_quaternion = look_rotation(location, target, math.radians(camera["roll"]))
        self.camera.data.lens = camera["lens"]
        self.camera.data.sensor_width = camera["sensor"]

    def frame_region(self, points: np.ndarray | None, size: int) -> None:
        """Render only the part of the frame that world-space `points` (the object's vertices) can cover: with a
        transparent film every other pixel is exactly 0, and path tracing the misses there costs ~1 ms a frame.
        All of the frame when `points` is None or reach behind the camera."""
        render = self.scene.render
        assign(render, "use_border", False)
        if points is None:
            return
        camera = self.camera
        rotation = np.array(camera.rotation_quaternion.to_matrix())  # camera to world
        local = (points - np.array(camera.location)) @ rotation  # world to camera, which looks down -z
        depth = -local[:, 2]
        if depth.min() <= camera.data.clip_start:
            return
        # horizontal sensor fit on a square frame: frame widths per unit of x / depth = lens / sensor width
        fractions = 0.5 + camera.data.lens / camera.data.sensor_width * local[:, :2] / depth[:, None]
        margin = REGION_MARGIN_PX / size
        low = np.clip(fractions.min(axis=0) - margin, 0.0, 1.0)
        high = np.clip(fractions.max(axis=0) + margin, 0.0, 1.0)
        if (high > low).all():
            assign(render, "use_border", True)
            (render.border_min_x, render.border_min_y), (render.border_max_x, render.border_max_y) = low, high

    def apply_lighting(self, lighting: dict) -> None:
        """Pose lights and set the world from a `generator.scene.lighting` description."""
        if len(lighting["lights"]) > MAX_LIGHTS:
            raise ValueError(f"at most {MAX_LIGHTS} lights, got {len(lighting['lights'])}")
        for light, params in itertools.zip_longest(self.lights, lighting["lights"]):
            if params is None:  # unused: dark rather than hidden, since a visibility change rebuilds the depsgraph
                assign(light.data, "energy", 0.0)
            else:
                apply_light(light, params)

    def apply_world(self, world: dict | None, ambient: dict) -> None:
        """The frame's panorama as the world (light, reflections), or the lighting's ambient colour."""
        mix = self.world_mix.inputs
        mix["A"].default_value = (*ambient["color"], 1.0)
        if world is None:
            mix["Factor"].default_value = 0.0
            self.background.inputs["Strength"].default_value = ambient["strength"]
            return
        assign(self.environment, "image", self.panorama(world["panorama"]))
        mix["Factor"].default_value = 1.0
        self.background.inputs["Strength"].default_value = world["strength"]

    def panorama(self, name: str) -> bpy.types.Image:
        """The panorama's image data-block, loaded on first use."""
        if name not in self.panoramas:
            paths = panorama_paths()
            if name not in paths:
                raise KeyError(f"panorama {name!r} is not in this bpy install ({', '.join(paths) or 'none found'})")
            self.panoramas[name] = bpy.data.images.load(str(paths[name]), check_existing=True)
        return self.panoramas[name]


def apply_light(light: bpy.types.Object, params: dict) -> None:
    """Type, place, aim, size, temperature and power of one light."""
    assign(light.data, "type", params["type"])
    data = light.data  # re-read: a type change gives the data-block a different RNA class
    light.location = Vector(params["location"])
    light.rotation_quaternion = look_rotation(light.location, Vector((0.0, 0.0, 0.0)))
    data.temperature = params["temperature"]
    data.energy = params["power"]
    if data.type == "SUN":
        data.angle = min(params["size"] * 0.25, 0.5)  # radius 0.05..2 -> 0.7..29 degrees of sky
    elif data.type == "AREA":
        data.size = 2 * params["size"]
    else:
        data.shadow_soft_size = params["size"]
    if data.type == "SPOT":
        data.spot_size = math.radians(params["spot_angle"])
        data.spot_blend = params["spot_blend"]
