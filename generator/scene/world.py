"""The world a frame stands in: a real HDRI panorama that lights the subject (Cycles world) and is what the camera
sees behind it (`generator.image.panorama`), or none (the subject is lit by random lights and pasted over a background).

The panoramas ship inside the bpy wheel (CC0, Poly Haven: city, courtyard, forest, interior, night, studio,
sunrise, sunset, and a beach under lib/usd), so every default run has real photographs without a download.
They are found without importing bpy, decoded once and kept in memory (9 x 1024 x 512 float: ~56 MB).
"""

from __future__ import annotations

import importlib.util
import logging
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import cv2
import numpy as np

from generator.image.colour import LUMA
from generator.knobs import POSITIVE, UNIT, Knobs, knob
from generator.scene.draws import log_uniform

os.environ.setdefault("OPENCV_IO_ENABLE_OPENEXR", "1")  # the panoramas are EXR; our own files, not untrusted input
PANORAMA_GLOBS = ("5.0/datafiles/studiolights/world/*.exr", "lib/usd/hdx/resources/textures/*.hdr")

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WorldRanges(Knobs):
    """How often a frame stands in a panorama, and how bright the panorama is against the lights."""

    probability: float = knob(0.75, "chance a frame stands in a real HDRI panorama (lit by it, seen behind the "
                                    "subject); the rest are lit by random lights and pasted over backgrounds",
                              bounds=UNIT)
    irradiance: tuple[float, float] = knob((0.5, 4.0), "the panorama's mean radiance times pi, W/m^2, so it "
                                                       "compares with the lights' irradiance (log-uniform)",
                                           bounds=POSITIVE)
    lights: tuple[int, int] = knob((0, 1), "random lights added to a panorama's own light, inclusive",
                                   bounds=(0, 8))
    # a flower or an insect is photographed close in the greenery it lives in, which elsewhere is background
    greenery_probability: float = knob(0.5, "chance a frame of a macro subject (a flower head, an insect) has no "
                                            "panorama but foliage close behind it in every pair", bounds=UNIT)


@cache
def panorama_paths() -> dict[str, Path]:
    """{name: file} of the panoramas inside the installed bpy wheel; empty when bpy is not installed."""
    spec = importlib.util.find_spec("bpy")
    if spec is None or not spec.submodule_search_locations:
        return {}
    root = Path(next(iter(spec.submodule_search_locations)))
    return {p.stem: p for pattern in PANORAMA_GLOBS for p in sorted(root.glob(pattern))}


@cache
def load_panorama(name: str) -> np.ndarray:
    """Linear float32 RGB pixels of a panorama, top row first."""
    path = panorama_paths()[name]
    pixels = cv2.imread(str(path), cv2.IMREAD_UNCHANGED)
    if pixels is None:
        raise OSError(f"panorama {path} cannot be read")
    return np.ascontiguousarray(cv2.cvtColor(pixels[..., :3], cv2.COLOR_BGR2RGB), dtype=np.float32)


@cache
def mean_radiance(name: str) -> float:
    """Mean luminance of a panorama over the sphere (rows weighted by the cosine of their elevation)."""
    pixels = load_panorama(name)
    height = pixels.shape[0]
    weights = np.cos((np.arange(height) + 0.5) / height * np.pi - np.pi / 2)
    return float((pixels @ LUMA).mean(axis=1) @ weights / weights.sum())


def draw_world(rng: np.random.Generator, ranges: WorldRanges, names: list[str]) -> dict | None:
    """{"panorama": name, "strength": Background strength} or None (no panorama: lights and a pasted background)."""
    if not names or rng.random() >= ranges.probability:
        return None
    name = str(rng.choice(names))
    irradiance = log_uniform(rng, ranges.irradiance)
    return {"panorama": name, "strength": irradiance / np.pi / mean_radiance(name)}
