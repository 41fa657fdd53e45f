"""The image grid's pairs: the first N pairs the trainer receives, kept out of training and saved in the run
as `grid.npz`, so that every grid of a run, across resumes too, shows the same images to a model that never
trained on them."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

from trainer.atomic import replace_bytes

GRID_FILE = "grid.npz"
log = logging.getLogger(__name__)

Pair = tuple[np.ndarray, np.ndarray]  # uint8 image HxWx3, alpha HxWx1
PairSource = Callable[[], Iterator[Pair]]


def save(path: Path, images: np.ndarray, alphas: np.ndarray) -> None:
    """Write the set whole or not at all (a reader never sees half a file)."""
    buffer = io.BytesIO()
    np.savez_compressed(buffer, images=images, alphas=alphas)
    replace_bytes(path, buffer.getvalue())


def load(path: Path) -> tuple[np.ndarray, np.ndarray] | None:
    """(images, alphas) of a saved set, or None when the run has none yet."""
    try:
        with np.load(path) as saved:
            return saved["images"], saved["alphas"]
    except FileNotFoundError:
        return None


class HeldOut:
    """Takes the first `count` pairs of a stream for itself (unless the run already has them) and lets the rest
    through; `arrays` is None until the set is complete."""

    def __init__(self, run_dir: str | Path, count: int):
        self.path, self.count = Path(run_dir) / GRID_FILE, count
        self.arrays = load(self.path)
        self._taken: list[Pair] = []

    def divert(self, source: PairSource) -> PairSource:
        """`source` without the pairs this set still needs."""
        def rest() -> Iterator[Pair]:
            for pair in source():
                if self.arrays is None:
                    self._take(pair)
                else:
                    yield pair
        return rest

    def _take(self, pair: Pair) -> None:
        self._taken.append(pair)
        if len(self._taken) == self.count:
            images, alphas = (np.stack(arrays) for arrays in zip(*self._taken, strict=True))
            save(self.path, images, alphas)
            self.arrays, self._taken = (images, alphas), []  # one assignment: the callback's thread reads it
            log.info("held out the first %d pairs for the image grid: %s", self.count, self.path)
