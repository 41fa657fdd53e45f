"""The lighting's random draw: 1-4 lights of random type, place, size, colour temperature and power, plus a
world ambient term of random colour and strength. Every light aims at the object's centre (the origin).

Power is drawn as the irradiance the light delivers at the origin and converted per type, so a far light is
not simply a dim one: point and spot lights spread over 4 pi sr, area lights over a hemisphere (~pi), and a
sun's strength already is irradiance.
"""

from __future__ import annotations

import colorsys
import math
from dataclasses import dataclass

import numpy as np

from generator.image.colour import LUMA
from generator.knobs import POSITIVE, Knobs, knob
from generator.scene.draws import direction, int_in, log_uniform

LIGHT_TYPES = ("POINT", "AREA", "SPOT", "SUN")
MAX_LIGHTS = 8  # the Blender scene keeps a pool of this many lights (here, not there, so no bpy is needed to check)
SPREAD = {"POINT": 4 * math.pi, "SPOT": 4 * math.pi, "AREA": math.pi}  # power per irradiance per distance^2


@dataclass(frozen=True)
class LightingRanges(Knobs):
    """Ranges the lighting is drawn from (uniform unless stated)."""

    count: tuple[int, int] = knob((1, 4), "number of lights, inclusive", bounds=(1, MAX_LIGHTS))
    types: tuple[str, ...] = knob(LIGHT_TYPES, "light types to choose from (POINT,AREA,SPOT,SUN)", choices=LIGHT_TYPES)
    elevation: tuple[float, float] = knob((-15.0, 80.0), "light elevation above the horizon, degrees")
    distance: tuple[float, float] = knob((2.0, 8.0), "light distance from the object centre, object radii")
    size: tuple[float, float] = knob((0.05, 2.0), "light radius / area side, object radii (soft shadows)")
    temperature: tuple[float, float] = knob((2500.0, 9000.0), "colour temperature, kelvin")
    irradiance: tuple[float, float] = knob((0.5, 6.0), "irradiance at the object, W/m^2 (log-uniform)",
                                              bounds=POSITIVE)
    spot_angle: tuple[float, float] = knob((25.0, 100.0), "spot cone angle, degrees")
    ambient: tuple[float, float] = knob((0.02, 0.8), "world ambient strength")
    ambient_saturation: tuple[float, float] = knob((0.0, 0.5), "saturation of the ambient colour")


def draw_light(rng: np.random.Generator, ranges: LightingRanges) -> dict:
    """One light: {"type", "location", "size", "temperature", "power", "spot_angle", "spot_blend"}."""
    kind = str(rng.choice(ranges.types))
    azimuth = rng.uniform(0.0, 2 * math.pi)
    elevation = math.radians(rng.uniform(*ranges.elevation))
    distance = rng.uniform(*ranges.distance)
    location = distance * direction(azimuth, elevation)
    irradiance = log_uniform(rng, ranges.irradiance)  # as many dim as bright lights
    return {"type": kind, "location": location.tolist(), "size": rng.uniform(*ranges.size),
            "temperature": rng.uniform(*ranges.temperature),
            "power": irradiance * SPREAD.get(kind, 1.0) * (distance**2 if kind != "SUN" else 1.0),
            "spot_angle": rng.uniform(*ranges.spot_angle), "spot_blend": rng.uniform(0.0, 1.0)}


def irradiance(light: dict) -> float:
    """The irradiance a drawn light delivers at the origin, W/m^2 (`draw_light`'s conversion undone)."""
    if light["type"] == "SUN":
        return light["power"]
    return light["power"] / (SPREAD[light["type"]] * float(np.dot(light["location"], light["location"])))


def incident(lighting: dict, world_radiance: float | None) -> float:
    """What an incident-light meter at the origin reads, as the radiance of a white diffuse surface facing all the
    light: every light's irradiance over pi plus the world's mean radiance (the panorama's, `world_radiance`, else
    the ambient colour's)."""
    if world_radiance is None:
        ambient = lighting["ambient"]
        world_radiance = ambient["strength"] * float(np.dot(ambient["color"], LUMA))
    return world_radiance + sum(irradiance(light) for light in lighting["lights"]) / math.pi


def draw_lighting(rng: np.random.Generator, ranges: LightingRanges, count: tuple[int, int] | None = None) -> dict:
    """Lighting description: {"lights": [...], "ambient": {"color": [r, g, b], "strength"}}; `count` overrides
    the number of lights (a panorama brings its own light)."""
    count = int_in(rng, count or ranges.count)
    lights = [draw_light(rng, ranges) for _ in range(count)]
    color = colorsys.hsv_to_rgb(rng.uniform(), rng.uniform(*ranges.ambient_saturation), 1.0)
    return {"lights": lights, "ambient": {"color": list(color), "strength": rng.uniform(*ranges.ambient)}}
