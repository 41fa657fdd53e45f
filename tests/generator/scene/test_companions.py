"""Companions: drawn from the subject's own family and kind, beside it, and framed with it."""

from __future__ import annotations

import numpy as np
import pytest

from generator.scene.camera import look_matrix
from generator.scene.companions import CompanionRanges, draw_companions, frame_group
from generator.scene.frame import FrameRanges, draw_frame, frame_rng
from generator.scene.materials import MaterialRanges
from generator.scene.shapes import ShapeRanges

ALWAYS = CompanionRanges(probability=1.0)
CAMERA = {"location": [0.0, -6.0, 1.0], "target": [0.0, 0.0, 0.0], "roll": 0.0, "lens": 50.0, "sensor": 36.0}


def companions_of(subject: dict, seed: int, ranges: CompanionRanges = ALWAYS) -> list[dict]:
    return draw_companions(np.random.default_rng(seed), ranges, subject, CAMERA, ShapeRanges(), MaterialRanges())


@pytest.mark.parametrize("family", ["person", "animal", "plant", "thing", "union"])
def test_companions_share_the_subject_family_and_kind(family: str) -> None:
    for seed in range(5):
        frame = draw_frame(frame_rng(seed, 0), FrameRanges(shape=ShapeRanges(families=(family,)), companion=ALWAYS))
        subject = frame["object"]["shape"]
        assert 1 <= len(frame["companions"]) <= 2
        for companion in frame["companions"]:
            assert companion["shape"]["family"] == family
            assert companion["shape"].get("kind") == subject.get("kind")
            assert 0.55 <= companion["radius"] <= 1.0


def test_companions_stand_beside_the_subject_on_both_sides() -> None:
    right = look_matrix(CAMERA)[:, 0]
    subject = {"kind": "procedural", "shape": {"family": "solid"}}
    sides = []
    for seed in range(40):
        companions = companions_of(subject, seed)
        for companion in companions:
            location = np.array(companion["location"])
            assert location[2] == 0.0  # raised to the subject's ground when applied
            lateral = location @ right
            assert 0.6 * (1 + companion["radius"]) - 1e-9 <= abs(lateral) <= 1.3 * (1 + companion["radius"]) + 1e-9
            sides.append(np.sign(lateral))
        if len(companions) == 2:  # one on each side
            assert np.sign(np.array(companions[0]["location"]) @ right) != np.sign(
                np.array(companions[1]["location"]) @ right)
    assert 0.3 < np.mean(np.array(sides) > 0) < 0.7


def test_no_companions_for_assets_or_at_probability_zero() -> None:
    procedural = {"kind": "procedural", "shape": {"family": "solid"}}
    assert companions_of({"kind": "asset", "path": "a.obj", "rotation": [0, 0, 0]}, 1) == []
    assert all(companions_of(procedural, seed, CompanionRanges(probability=0.0)) == [] for seed in range(20))
    shares = [bool(companions_of(procedural, seed, CompanionRanges(probability=0.2))) for seed in range(2000)]
    assert np.mean(shares) == pytest.approx(0.2, abs=0.03)


def test_the_camera_frames_the_group() -> None:
    assert frame_group(CAMERA, []) is CAMERA
    group = [{"location": [2.0, 0.0, 0.0], "radius": 1.0}]
    camera = frame_group(CAMERA, group)
    assert camera["target"] == pytest.approx([1.0, 0.0, 0.0])  # the middle of the two
    back = np.subtract(camera["location"], camera["target"])
    assert back == pytest.approx(2.0 * np.subtract(CAMERA["location"], CAMERA["target"]))  # twice as wide
    assert camera["lens"] == CAMERA["lens"] and camera["roll"] == CAMERA["roll"]
