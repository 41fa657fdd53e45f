"""Fixtures for evaluator tests: a tiny photo folder and a run directory with a small real checkpoint."""

from __future__ import annotations

import os
from pathlib import Path

import cv2
import numpy as np
import pytest

SIZE = 64


def write_pair(folder: Path, stem: str, side: int, suffix: str = ".png", seed: int = 0) -> None:
    """A random photo and a disc matte with a soft edge, both `side` px square, into folder/images, alphas."""
    rng = np.random.default_rng(seed)
    (folder / "images").mkdir(parents=True, exist_ok=True)
    (folder / "alphas").mkdir(parents=True, exist_ok=True)
    cv2.imwrite(str(folder / "images" / f"{stem}{suffix}"), rng.integers(0, 256, (side, side, 3), np.uint8))
    alpha = np.zeros((side, side), np.uint8)
    cv2.circle(alpha, (side // 2, side // 2), side // 4 + seed, 255, -1, cv2.LINE_AA)
    cv2.imwrite(str(folder / "alphas" / f"{stem}.png"), alpha)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """Three good pairs of different sizes and formats."""
    folder = tmp_path / "tiny-set"
    write_pair(folder, "a", 96, ".png", seed=0)
    write_pair(folder, "b", 64, ".jpg", seed=1)
    write_pair(folder, "c", 128, ".jpeg", seed=2)
    return folder


def save_checkpoint(run_dir: Path, step: int, width: int = 2) -> Path:
    """A real width-2 UNet saved the way the trainer does: temp name, rename, then the `latest` pointer."""
    from trainer.checkpoints import checkpoint_dir, checkpoint_name
    from trainer.unet import build_unet

    folder = checkpoint_dir(run_dir)
    folder.mkdir(parents=True, exist_ok=True)
    temp = folder / f"tmp-{step}.keras"
    build_unet(width, SIZE).save(temp)
    path = folder / checkpoint_name(step)
    os.replace(temp, path)
    (folder / "latest.tmp").write_text(path.name)
    os.replace(folder / "latest.tmp", folder / "latest")
    return path


@pytest.fixture
def run_dir(tmp_path: Path) -> Path:
    """A run directory with one checkpoint at step 100."""
    run = tmp_path / "run"
    save_checkpoint(run, 100)
    return run
