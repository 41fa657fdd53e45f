"""Your own object in real Blender renders: every model format keeps its colour, a distractor in front cuts the
target's alpha and adds nothing to it, and a frame without the target has an empty alpha."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def renders(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, dict]:
    out = tmp_path_factory.mktemp("target")
    done = subprocess.run([sys.executable, "-m", "tests.generator.blender.target_renders", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-4000:]
    with np.load(out / "renders.npz") as arrays:
        return json.loads(done.stdout.strip().splitlines()[-1]), dict(arrays)


@pytest.mark.parametrize("suffix", [".ply", ".obj", ".glb", ".fbx", ".blend"])
def test_each_format_renders_its_own_colour_yellow_not_white(renders, suffix: str) -> None:
    red, green, blue, covered = renders[0]["colours"][suffix]
    assert covered > 0.05, f"{suffix}: the model is not in view"
    assert red > 0.2 and green > 0.15, (suffix, red, green, blue)
    assert blue < 0.25 * green and 0.5 < green / red < 1.2, (suffix, red, green, blue)  # yellow, not white


def test_a_distractor_in_front_cuts_the_targets_alpha_and_adds_nothing(renders) -> None:
    alone, hidden = renders[1]["alone"], renders[1]["hidden"]
    full, visible, scene = alone[..., 4], hidden[..., 4], hidden[..., 3]
    occluded = (full > 0.99) & (visible < 0.01)
    assert occluded.sum() > 15 and (scene[occluded] > 0.99).all()  # hidden by the opaque sphere in front
    assert (visible <= full + 0.02).all()  # the sphere, the ground and the look-alike are never in the alpha
    assert (full > 0.99).sum() - occluded.sum() > 15  # the rest of the target stays


def test_a_frame_without_the_target_has_an_all_zero_alpha(renders) -> None:
    empty = renders[1]["empty"]
    assert empty[..., 4].max() == 0.0
    assert empty[..., 3].mean() > 0.3  # the distractors and the support are there all the same
