"""The camera's random draw: where it stands, where it looks, its lens and roll.

The object is normalised to a bounding sphere of radius 1 at the origin, so distance follows from the lens
and `fill`: the share of the frame side the sphere's diameter spans. Fills above 1 and the look-at jitter crop
some objects at the border, as real photos do.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from generator.knobs import UNIT, Knobs, knob
from generator.scene.draws import direction
from generator.scene.meshes import rotation_matrix

SENSOR_MM = 36.0  # Blender's default sensor width; fixed so the lens alone sets the field of view


@dataclass(frozen=True)
class CameraRanges(Knobs):
    """Ranges a camera is drawn from (uniform)."""

    azimuth: tuple[float, float] = knob((0.0, 360.0), "camera azimuth around the object, degrees")
    elevation: tuple[float, float] = knob((-20.0, 70.0), "camera elevation above the horizon, degrees")
    lens: tuple[float, float] = knob((20.0, 120.0), "focal length in mm on a 36 mm sensor", bounds=(1.0, 2000.0))
    fill: tuple[float, float] = knob((0.35, 1.1), "object diameter as a share of the render's side (>1 crops); "
                                               "each pair's framing crops the render further")
    closeup_probability: float = knob(0.35, "chance of a close-up: the fill is drawn from --camera-closeup-fill",
                                      bounds=UNIT)
    # 1.0-2.0, not 1.5-3.0: subjects that overfilled the frame taught "a region that leaves the frame is the
    # subject", and the model took doors, walls and ground for small subjects (docs/experiments.md, *Photographs
    # behind the subject*)
    closeup_fill: tuple[float, float] = knob((1.0, 2.0), "fill of a close-up, where the subject fills much of the "
                                                        "frame and may leave it (a pet, a flower; a person: "
                                                        "--camera-portrait-fill)")
    portrait_elevation: tuple[float, float] = knob((-10.0, 20.0), "elevation of a close-up of a person, degrees: "
                                                                 "portraits are taken near eye level")
    portrait_fill: tuple[float, float] = knob((1.3, 2.6), "fill of a close-up of a person: from head and shoulders "
                                                         "to a face that fills the frame; drawn with the rise, so "
                                                         "that the tighter framings aim at the face")
    portrait_rise: tuple[float, float] = knob((0.05, 0.45), "how far above the centre of a person's bust a close-up "
                                                           "aims, in its radii: the head sits high in the frame and "
                                                           "the shoulders leave it at the bottom")
    portrait_roll: tuple[float, float] = knob((-8.0, 8.0), "camera roll of a close-up of a person, degrees: "
                                                         "portraits are held near level")
    roll: tuple[float, float] = knob((-25.0, 25.0), "camera roll about its view axis, degrees")
    jitter: float = knob(0.3, "look-at offset from the object centre, each axis in +-jitter object radii")


def distance_for(fill: float, lens_mm: float) -> float:
    """Distance at which a unit sphere spans `fill` of the frame side with this lens."""
    half_fov = math.atan(SENSOR_MM / 2 / lens_mm)
    return max(1.05, 1.0 / math.sin(min(fill * half_fov, math.pi / 2)))


def half_tan(camera: dict) -> float:
    """Tangent of half the field of view of a camera description (horizontal fit, square frame)."""
    return camera["sensor"] / 2 / camera["lens"]


def look_matrix(camera: dict) -> np.ndarray:
    """Camera-to-world rotation (columns: right, up, backward) of a camera description: at its location, looking
    at its target with world +z up, rolled about its view axis, as Blender's to_track_quat('-Z', 'Y') + roll."""
    back = np.asarray(camera["location"], np.float64) - np.asarray(camera["target"], np.float64)
    back /= np.linalg.norm(back)
    up_hint = np.array([0.0, 0.0, 1.0])
    right = np.cross(up_hint, back)
    if np.linalg.norm(right) < 1e-9:  # looking straight up or down: Blender keeps +y as the image's up axis
        right = np.array([1.0, 0.0, 0.0]) if back[2] > 0 else np.array([-1.0, 0.0, 0.0])
    right /= np.linalg.norm(right)
    up = np.cross(back, right)
    roll = rotation_matrix([0.0, 0.0, math.radians(camera["roll"])])
    return np.stack([right, up, back], axis=1) @ roll


def draw_camera(rng: np.random.Generator, ranges: CameraRanges) -> dict:
    """Camera description: {"location", "target", "roll", "lens", "sensor"} (metres, degrees, mm) and whether it
    is a "closeup"."""
    azimuth, elevation = (math.radians(rng.uniform(*r)) for r in (ranges.azimuth, ranges.elevation))
    lens = rng.uniform(*ranges.lens)
    closeup = bool(rng.random() < ranges.closeup_probability)
    distance = distance_for(rng.uniform(*(ranges.closeup_fill if closeup else ranges.fill)), lens)
    target = rng.uniform(-ranges.jitter, ranges.jitter, size=3)
    return {"location": (target + distance * direction(azimuth, elevation)).tolist(), "target": target.tolist(),
            "roll": rng.uniform(*ranges.roll), "lens": lens, "sensor": SENSOR_MM,
            "closeup": closeup}


def along(bounds: tuple[float, float], share: float) -> float:
    """The point `share` of the way from the first bound to the second."""
    return bounds[0] + share * (bounds[1] - bounds[0])


def pose_portrait(rng: np.random.Generator, camera: dict, ranges: CameraRanges) -> dict:
    """A close-up camera re-posed as people are photographed close: near eye level, aimed above the bust's centre,
    head and shoulders in the frame, held near level, from the same azimuth and lens."""
    dx, dy = np.subtract(camera["location"], camera["target"])[:2]
    azimuth = math.atan2(dy, dx)
    elevation = math.radians(rng.uniform(*ranges.portrait_elevation))
    tightness = rng.random()  # fill and rise together: the nearer the camera, the higher it aims, at the face
    distance = distance_for(along(ranges.portrait_fill, tightness), camera["lens"])
    # the jitter's sideways offset shrinks with it too: a face that fills the frame is centred in it
    target = np.array([*(1.0 - tightness) * np.asarray(camera["target"])[:2], along(ranges.portrait_rise, tightness)])
    return {**camera, "location": (target + distance * direction(azimuth, elevation)).tolist(),
            "target": target.tolist(), "roll": rng.uniform(*ranges.portrait_roll), "portrait": True}
