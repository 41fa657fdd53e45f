"""The render layer and what is read from it: premultiplied linear RGBA, with the subject's own coverage as a
fifth channel where the scene has more than the subject (clutter, ground, objects in front).

Compositing (`generator.image.composite`) and the photo cut-outs (`generator.image.cutouts`) both read it.
"""

from __future__ import annotations

import numpy as np


def over(layer: np.ndarray, background: np.ndarray) -> np.ndarray:
    """Premultiplied linear HxWx4 (or HxWx5) `layer` over a linear HxWx3 background -> linear HxWx3, or over a
    premultiplied HxWx4 one -> premultiplied HxWx4."""
    if layer.shape[:2] != background.shape[:2]:
        raise ValueError(f"layer is {layer.shape[1]}x{layer.shape[0]} but the background is "
                         f"{background.shape[1]}x{background.shape[0]}")
    return layer[..., :background.shape[2]] + (1.0 - np.clip(layer[..., 3:4], 0.0, 1.0)) * background


def subject_share(layer: np.ndarray) -> np.ndarray:
    """HxW: the subject's share of what each pixel of `layer` shows (its coverage over the alpha of all that was
    rendered there), 0 where nothing was; an HxWx4 layer is the subject alone."""
    coverage = np.clip(layer[..., -1], 0.0, 1.0)
    return np.clip(coverage / np.maximum(layer[..., 3], 1e-6), 0.0, 1.0)
