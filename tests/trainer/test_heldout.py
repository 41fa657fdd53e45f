"""The image grid's held-out pairs: the first ones received, never passed on to training, kept across resumes;
and the grid drawn from them."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from benchmarks.peer import ellipse_pair
from trainer.callbacks import ImageGrid
from trainer.heldout import GRID_FILE, HeldOut
from trainer.unet import build_unet

COUNT = 16


def stream(count: int, seed: int = 0) -> list[tuple[np.ndarray, np.ndarray]]:
    """`count` ellipse pairs as the receiver yields them (alpha HxWx1)."""
    rng = np.random.default_rng(seed)
    return [(pair.image, pair.alpha[..., None]) for pair in (ellipse_pair(rng) for _ in range(count))]


def test_the_first_pairs_are_held_out_saved_and_kept_on_resume(tmp_path: Path) -> None:
    pairs = stream(40)
    held = HeldOut(tmp_path, COUNT)
    assert held.arrays is None
    passed = list(held.divert(lambda: iter(pairs))())
    assert len(passed) == 40 - COUNT
    assert all(np.array_equal(a[0], b[0]) for a, b in zip(passed, pairs[COUNT:], strict=True))  # never trained
    images, alphas = held.arrays
    np.testing.assert_array_equal(images, np.stack([image for image, _ in pairs[:COUNT]]))
    np.testing.assert_array_equal(alphas, np.stack([alpha for _, alpha in pairs[:COUNT]]))
    assert sorted(p.name for p in tmp_path.iterdir()) == [GRID_FILE]  # written whole: no temporary left

    resumed = HeldOut(tmp_path, COUNT)  # a resumed run shows the same pairs and trains on everything new
    np.testing.assert_array_equal(resumed.arrays[0], images)
    assert len(list(resumed.divert(lambda: iter(stream(10, seed=1)))())) == 10


def test_a_short_stream_leaves_no_set(tmp_path: Path) -> None:
    held = HeldOut(tmp_path, COUNT)
    assert list(held.divert(lambda: iter(stream(COUNT - 1)))()) == []
    assert held.arrays is None and not (tmp_path / GRID_FILE).exists()


def test_the_grid_predicts_the_held_out_pairs(tmp_path: Path) -> None:
    held = HeldOut(tmp_path, COUNT)
    callback = ImageGrid(held, tmp_path, tmp_path / "logs", every_steps=1)
    callback.set_model(build_unet(2))
    callback.write(1)
    assert not (tmp_path / "preview.png").exists()  # nothing to show before the set is complete
    list(held.divert(lambda: iter(stream(COUNT)))())
    callback.write(2)
    picture = cv2.cvtColor(cv2.imread(str(tmp_path / "preview.png")), cv2.COLOR_BGR2RGB)
    assert picture.shape == (2 * 3 * 64, 8 * 64, 3)  # two blocks of 8: inputs / targets / predictions
    np.testing.assert_array_equal(picture[:64, 64:128], held.arrays[0][1])
    np.testing.assert_array_equal(picture[64 * 3:64 * 4, :64], held.arrays[0][8])
    np.testing.assert_array_equal(picture[64:128, :64, 0], held.arrays[1][0, ..., 0])
    callback.write(3)  # the same model on the same pairs: the same picture, so grids compare across steps
    np.testing.assert_array_equal(cv2.cvtColor(cv2.imread(str(tmp_path / "preview.png")), cv2.COLOR_BGR2RGB),
                                  picture)
