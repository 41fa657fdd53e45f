"""The render's path-tracing grain, put on the backdrop too, so that neither layer gives itself away by it.

At a few samples Cycles leaves every rendered surface grainy (subject, clutter, ground) while the panorama or photo
behind them is clean, so "grainy" meant "rendered" and a smooth real face read as background. Measured here over
16 default frames at 4 samples against the same frames at 128: the render's relative error per pixel has a robust
sd of 0.20 (1.4826 x its median absolute value) and heavy tails (sd 0.37; 5 and 95 % at -0.56 and +0.54). The
backdrop gets multiplicative noise close to that law per render pixel, before the crops are area-downsampled as
the render is: Student's t with 3 degrees of freedom, mostly common to the three channels, at scale
`RENDER_GRAIN` (robust sd 0.22, sd 0.29, 5 and 95 % at -0.43 and +0.44: a little lighter in the tails), falling
as 1 / sqrt(samples) as Monte Carlo noise does. Depth of field on the backdrop alone does not smooth it: a path
tracer's defocused background is as grainy as the rest (with the whole scene out of focus, `defocus_scene`, it is
blurred with the rest, as the render's own grain on the clutter is).

Off by default since the render is denoised (`--oidn`, `generator.scene.frame.DEFAULT_OIDN`): both layers are
then as clean as a photo, which transferred better than both grainy. Without the denoiser, `--grain 0.175`.
"""

from __future__ import annotations

import math

import numpy as np

RENDER_GRAIN = 0.175  # Student-t scale of an undenoised render's relative grain at REFERENCE_SAMPLES
DEFAULT_GRAIN = 0.0  # the backdrop's (0: clean, as the denoised render is)
REFERENCE_SAMPLES = 4
DEGREES_OF_FREEDOM = 3
SHARED = 0.8  # the part of the grain's sd common to the three channels: Cycles' noise is mostly in brightness
STREAM = 1  # the grain's own random stream beside the render seed's other uses


def grain_scale(grain: float, samples: int) -> float:
    """The relative grain of a render with `samples` samples, `grain` being that at REFERENCE_SAMPLES."""
    return grain * math.sqrt(REFERENCE_SAMPLES / samples)


def grain_gains(seed: int, side: int, scale: float) -> np.ndarray | None:
    """side x side x 3 float32 gains 1 + noise (never below 0), reproducible from `seed`; None when `scale` is 0."""
    if scale <= 0:
        return None
    rng = np.random.default_rng([seed, STREAM])
    shared = rng.standard_t(DEGREES_OF_FREEDOM, (side, side, 1))
    own = rng.standard_t(DEGREES_OF_FREEDOM, (side, side, 3))
    noise = scale * (SHARED * shared + math.sqrt(1.0 - SHARED ** 2) * own)
    return np.maximum(1.0 + noise, 0.0).astype(np.float32)
