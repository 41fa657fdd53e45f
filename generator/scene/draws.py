"""Random draws shared by the knob modules: inclusive integers, log-uniform numbers, directions on the sphere."""

from __future__ import annotations

import math

import numpy as np


def int_in(rng: np.random.Generator, pair: tuple[int, int]) -> int:
    """Uniform integer in the inclusive range (LO, HI)."""
    return int(rng.integers(pair[0], pair[1] + 1))


def log_uniform(rng: np.random.Generator, pair: tuple[float, float]) -> float:
    """Uniform in log space between LO and HI (both > 0): as many draws below the geometric mean as above."""
    return math.exp(rng.uniform(math.log(pair[0]), math.log(pair[1])))


def direction(azimuth: float, elevation: float) -> np.ndarray:
    """Unit vector at `azimuth` around +z from +x and `elevation` above the xy plane (radians)."""
    return np.array([math.cos(elevation) * math.cos(azimuth), math.cos(elevation) * math.sin(azimuth),
                     math.sin(elevation)])
