"""Your own object as the target (`--target`): the random draw of a frame that is about finding one object.

Every frame's subject is one of the target models; nothing else is ever in the alpha: no procedural subject, no
photo cut-out in its place. Several target files are one class: each frame shows one of them, and whichever it
is, it is the foreground. Everything else is a distractor, drawn here as plain data:
- procedural things and shapes, the `--assets` models (the user's other objects, Sweet Home 3D's furniture) and
  look-alikes (the target's own model, recoloured and scaled unevenly: the hardest "not it"), from none to a
  dozen, at sizes like the target's, standing on the same support, behind, beside, touching and in front of it;
- the photo cut-outs behind the subject (`generator.image.cutouts`), as in every stream.
In a share of frames the target is not there at all and the alpha is empty, so that the model learns to say "not
here" rather than mark the most salient thing.

The target keeps its own materials, jittered within bounds (hue, saturation, value, roughness: a scan's colours
are never a camera's); the camera sees it from near (it fills the frame) to far (a tenth of it), from the
elevations people photograph things on a table or a shelf, and it rests on a support with a contact shadow in
most frames. Models in millimetres or metres come out the same: every model is normalised to a unit sphere.
No bpy here: `generator.blender` applies the description.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from generator.knobs import POSITIVE, UNIT, Knobs, knob
from generator.scene.camera import CameraRanges, draw_camera, look_matrix
from generator.scene.companions import horizontal
from generator.scene.draws import int_in, log_uniform
from generator.scene.materials import MaterialRanges, draw_material
from generator.scene.shapes import ABSTRACT, ShapeRanges, draw_shape

MAX_DISTRACTORS = 12  # procedural ones: the Blender scene keeps a pool of this many
MAX_TWINS = 2  # look-alikes of the target at once
MAX_ASSET_DISTRACTORS = 3  # --assets models at once
# what stands on a desk or a shelf beside a thing: other things, shapes, a plant; not people or animals
DISTRACTOR_FAMILIES = ("thing", "plant", *ABSTRACT)


@dataclass(frozen=True)
class TargetRanges(Knobs):
    """How a target frame is drawn (uniform unless stated); used only with --target."""

    absent_probability: float = knob(0.1, "chance a frame shows no target: its alpha is empty, so the model "
                                          "learns to say 'not here'", bounds=UNIT)
    # uniform, not log-uniform: log-uniform spent three in five frames on a target under a twentieth of the
    # image, smaller than in LM-O's wide crops (docs/experiments.md, *Target frames as photos of a desk*)
    fill: tuple[float, float] = knob((0.08, 1.0), "the target's diameter as a share of the render's side "
                                                  "(uniform): far to near; each pair's framing crops further",
                                     bounds=POSITIVE)
    elevation: tuple[float, float] = knob((0.0, 75.0), "camera elevation above the support, degrees: on a "
                                                      "table, a shelf, held up", bounds=(-90.0, 90.0))
    support_probability: float = knob(0.85, "chance the target rests on a support (a table, a floor) with a "
                                            "contact shadow; else it stands free before its backdrop",
                                      bounds=UNIT)
    distractors: tuple[int, int] = knob((0, 12), "procedural distractors in a frame, inclusive",
                                        bounds=(0, MAX_DISTRACTORS))
    distractor_size: tuple[float, float] = knob((0.4, 1.6), "a distractor's radius relative to the target's "
                                                            "(log-uniform)", bounds=POSITIVE)
    distractor_spacing: tuple[float, float] = knob((0.9, 3.5), "distance between the target's centre and a "
                                                               "distractor's, in the sum of their radii (near 1 they "
                                                               "touch)", bounds=(0.0, 50.0))
    front_probability: float = knob(0.25, "chance a distractor stands between the camera and the target, where it "
                                          "may hide part of it", bounds=UNIT)
    # Off by default: with up to one a frame the driller's model found less of the real driller at 4,000 steps
    # (near / wide IoU 0.106 / 0.116 against 0.180 / 0.152 without; docs/experiments.md, *Your own object*)
    twins: tuple[int, int] = knob((0, 0), "look-alikes in a frame, inclusive: the target's own model with a drawn "
                                          "material, scaled unevenly (0,1: up to one)", bounds=(0, MAX_TWINS))
    twin_stretch: tuple[float, float] = knob((0.6, 1.6), "a look-alike's scale along each axis relative to the "
                                                         "target's (log-uniform)", bounds=POSITIVE)
    assets: tuple[int, int] = knob((0, 2), "--assets models among the distractors, inclusive (when given)",
                                   bounds=(0, MAX_ASSET_DISTRACTORS))
    hue: float = knob(0.03, "the target's own colours turn by up to this share of the hue circle either way",
                      bounds=(0.0, 0.5))
    saturation: tuple[float, float] = knob((0.7, 1.3), "factor on the saturation of the target's own colours",
                                           bounds=(0.0, 10.0))
    value: tuple[float, float] = knob((0.6, 1.4), "factor on the brightness of the target's own colours "
                                                  "(log-uniform)", bounds=POSITIVE)
    roughness: tuple[float, float] = knob((0.5, 1.5), "factor on the roughness of the target's own materials "
                                                      "(log-uniform)", bounds=POSITIVE)


def draw_look(rng: np.random.Generator, ranges: TargetRanges) -> dict:
    """The jitter of the target's own materials: {"hue" (0.5: unchanged, as Blender's node), "saturation",
    "value", "roughness"} factors."""
    return {"hue": 0.5 + rng.uniform(-ranges.hue, ranges.hue), "saturation": rng.uniform(*ranges.saturation),
            "value": log_uniform(rng, ranges.value), "roughness": log_uniform(rng, ranges.roughness)}


def draw_target(rng: np.random.Generator, targets: list[str], tilt_degrees: float, ranges: TargetRanges) -> dict:
    """The subject of a target frame: {"kind": "asset", "path", "rotation", "target": True, "absent", "look"}."""
    tilt = math.radians(tilt_degrees)
    return {"kind": "asset", "path": str(rng.choice(targets)),
            "rotation": [*rng.uniform(-tilt, tilt, size=2).tolist(), float(rng.uniform(-math.pi, math.pi))],
            "target": True, "absent": bool(rng.random() < ranges.absent_probability), "look": draw_look(rng, ranges)}


def draw_target_camera(rng: np.random.Generator, camera: CameraRanges, ranges: TargetRanges) -> dict:
    """A camera at a drawn distance (uniform fill) and elevation, no close-up framing of its own."""
    fill = rng.uniform(*ranges.fill)
    return draw_camera(rng, replace(camera, fill=(fill, fill), elevation=ranges.elevation, closeup_probability=0.0))


def spot(rng: np.random.Generator, camera: dict, ranges: TargetRanges, radius: float) -> list[float]:
    """Where a distractor of `radius` stands, its centre at the target's height: around the target at a drawn
    spacing, or between it and the camera (never nearer the camera than 0.4 of the way, where it would fill the
    frame)."""
    axes = look_matrix(camera)
    toward = horizontal(axes[:, 2])  # from the target towards the camera, along the support
    front = rng.random() < ranges.front_probability  # then off the line of sight by up to ~30 degrees
    angle = rng.uniform(-0.5, 0.5) if front else rng.uniform(0.5, 2 * math.pi - 0.5)
    side = np.array([-toward[1], toward[0], 0.0])
    direction = math.cos(angle) * toward + math.sin(angle) * side
    distance = rng.uniform(*ranges.distractor_spacing) * (1.0 + radius)
    if front:
        distance = min(distance, 0.6 * math.dist(camera["location"][:2], camera["target"][:2]))
    return (distance * direction).tolist()


def draw_target_clutter(rng: np.random.Generator, ranges: TargetRanges, camera: dict, shapes: ShapeRanges,
                        materials: MaterialRanges, assets: list[str]) -> dict:
    """The distractors and the support of a target frame: {"objects": procedural items, "ground", "standing":
    True (each stands on the target's support, or at its height without one), "assets": [{"path", "rotation",
    "location", "radius"}], "twins": [{"material", "rotation", "scale", "location"}]}."""
    families = tuple(family for family in DISTRACTOR_FAMILIES if family in shapes.families) or shapes.families
    kinds = replace(shapes, families=families)
    objects = []
    for _ in range(int_in(rng, ranges.distractors)):
        radius = log_uniform(rng, ranges.distractor_size)
        objects.append({"shape": draw_shape(rng, kinds), "material": {**draw_material(rng, materials), "alpha": 1.0},
                        "location": spot(rng, camera, ranges, radius), "radius": radius})
    chosen = [] if not assets else rng.choice(assets, size=min(len(assets), int_in(rng, ranges.assets)),
                                             replace=False).tolist()
    others = []
    for path in chosen:
        radius = log_uniform(rng, ranges.distractor_size)
        others.append({"path": str(path), "rotation": [0.0, 0.0, float(rng.uniform(-math.pi, math.pi))],
                       "location": spot(rng, camera, ranges, radius), "radius": radius})
    twins = []
    for _ in range(int_in(rng, ranges.twins)):
        scale = [log_uniform(rng, ranges.twin_stretch) for _ in range(3)]
        twins.append({"material": {**draw_material(rng, materials), "alpha": 1.0},
                      "rotation": [0.0, 0.0, float(rng.uniform(-math.pi, math.pi))], "scale": scale,
                      "location": spot(rng, camera, ranges, max(scale))})
    ground = rng.random() < ranges.support_probability
    return {"objects": objects, "ground": {"material": draw_material(rng, materials)} if ground else None,
            "standing": True, "assets": others, "twins": twins}
