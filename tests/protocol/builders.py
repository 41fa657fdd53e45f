"""Builders of valid messages for protocol tests and benchmarks."""

from __future__ import annotations

import numpy as np

import protocol


def make_sample(pairs: int = 1, size: tuple[int, int] = (64, 64), seq: int = 0, generator: str = "gen-a",
                seed: int = 7) -> protocol.Sample:
    """A sample of random pixels whose bytes differ from pair to pair."""
    rng = np.random.default_rng([seed, seq])
    height, width = size
    return protocol.Sample(
        generator=generator, seq=seq, seed=seed,
        params={"frame": seq, "camera": {"azimuth": 1.25, "distance": 3.0}, "lights": [{"type": "SUN"}],
                "note": None, "flag": True},
        pairs=[protocol.Pair(image=rng.integers(0, 256, (height, width, 3), dtype=np.uint8),
                             alpha=rng.integers(0, 256, (height, width), dtype=np.uint8),
                             params={"background": {"family": "noise", "seed": index}})
               for index in range(pairs)])

