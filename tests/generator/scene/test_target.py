"""A target frame's random draw without Blender: the target is always the subject, distractors stand around it,
some frames have none, and no pair ever puts a photo cut-out in its place."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

import protocol
from generator.image.backgrounds import Backgrounds
from generator.image.composite import draw_pair
from generator.image.cutouts import CutoutRanges, Cutouts
from generator.scene.frame import KEEP, FrameRanges, draw_frame, frame_rng
from generator.scene.target import DISTRACTOR_FAMILIES, TargetRanges
from tests.generator.image.test_cutouts import write_disc

TARGETS = ["models/drill.ply", "models/drill-2.ply"]


def frames(count: int, ranges: FrameRanges | None = None, assets: list[str] = ()) -> list[dict]:
    return [draw_frame(frame_rng(7, index), ranges or FrameRanges(), assets, targets=TARGETS)
            for index in range(count)]


def test_every_frame_is_about_a_target_in_its_own_materials() -> None:
    drawn = frames(300)
    assert all(f["object"]["kind"] == "asset" and f["object"]["target"] and f["object"]["path"] in TARGETS
               for f in drawn)
    assert all(f["materials"] == KEEP and f["companions"] == [] for f in drawn)
    assert {f["object"]["path"] for f in drawn} == set(TARGETS)  # several files: each frame shows one of them
    absent = np.mean([f["object"]["absent"] for f in drawn])
    assert 0.05 < absent < 0.16  # --target-absent-probability 0.1
    looks = np.array([[f["object"]["look"][k] for k in ("hue", "saturation", "value", "roughness")] for f in drawn])
    assert (np.abs(looks[:, 0] - 0.5) <= 0.03).all() and looks[:, 0].std() > 0.005
    assert ((looks[:, 1] >= 0.7) & (looks[:, 1] <= 1.3)).all() and ((looks[:, 2] >= 0.6) & (looks[:, 2] <= 1.4)).all()


def test_distractors_stand_around_the_target_at_its_size_some_in_front() -> None:
    drawn = frames(200)
    counts = [len(f["clutter"]["objects"]) for f in drawn]
    assert min(counts) == 0 and max(counts) == 12  # from none to a dozen
    assert all(f["clutter"]["standing"] for f in drawn)
    items = [(f, item) for f in drawn for item in f["clutter"]["objects"]]
    radii = np.array([item["radius"] for _, item in items])
    assert ((radii >= 0.4) & (radii <= 1.6)).all()  # sizes like the target's (radius 1)
    families = {item["shape"]["family"] for _, item in items}
    assert families <= set(DISTRACTOR_FAMILIES) and {"thing", "solid"} <= families
    front = 0
    for frame, item in items:
        toward = np.subtract(frame["camera"]["location"][:2], frame["camera"]["target"][:2])  # along the support
        spot = np.array(item["location"][:2])
        distance = np.linalg.norm(spot)
        in_front = float(np.dot(spot, toward) / (distance * np.linalg.norm(toward))) > math.cos(0.5)
        assert distance <= 3.5 * (1 + item["radius"]) + 1e-9
        if in_front:  # at most 0.6 of the way to the camera
            assert distance <= 0.6 * np.linalg.norm(toward) + 1e-9
        else:
            assert distance >= 0.9 * (1 + item["radius"]) - 1e-9
        front += in_front
    assert 0.15 < front / len(items) < 0.35  # --target-front-probability 0.25
    grounds = np.mean([f["clutter"]["ground"] is not None for f in drawn])
    assert 0.78 < grounds < 0.92  # --target-support-probability 0.85
    assert all(f["clutter"]["twins"] == [] for f in drawn)  # look-alikes are off by default (--target-twins)
    assert all(f["clutter"]["assets"] == [] for f in drawn)  # no --assets given


def test_look_alikes_when_asked_are_the_targets_own_model_stretched_in_a_drawn_material() -> None:
    drawn = frames(100, FrameRanges(target=TargetRanges(twins=(0, 1))))
    twins = [twin for f in drawn for twin in f["clutter"]["twins"]]
    assert {len(f["clutter"]["twins"]) for f in drawn} == {0, 1}
    assert all(0.6 - 1e-9 <= scale <= 1.6 + 1e-9 for twin in twins for scale in twin["scale"])
    assert all(twin["material"]["alpha"] == 1.0 for twin in twins)


def test_assets_become_distractors_each_at_most_once_a_frame() -> None:
    drawn = frames(100, assets=["a.obj", "b.glb", "c.fbx"])
    chosen = [[item["path"] for item in f["clutter"]["assets"]] for f in drawn]
    assert max(map(len, chosen)) == 2 and min(map(len, chosen)) == 0
    assert all(len(set(paths)) == len(paths) for paths in chosen)
    assert all(f["object"]["path"] in TARGETS for f in drawn)  # an asset is never the subject


def test_a_target_frame_replays_from_seed_and_index_and_travels_in_a_sample() -> None:
    first, again = (draw_frame(frame_rng(3, 4), FrameRanges(), targets=TARGETS) for _ in range(2))
    assert first == again
    pair = protocol.Pair(np.zeros((4, 4, 3), np.uint8), np.zeros((4, 4), np.uint8), {})
    sample = protocol.Sample(generator="g", seq=4, seed=3, params=first, pairs=[pair])
    assert protocol.decode(protocol.encode(sample)).params == first


def test_the_camera_spans_far_to_near_from_above_the_support() -> None:
    ranges = FrameRanges(target=TargetRanges(elevation=(10.0, 60.0)))
    drawn = frames(200, ranges)
    elevations = [math.degrees(math.asin((np.subtract(f["camera"]["location"], f["camera"]["target"]) /
                                          np.linalg.norm(np.subtract(f["camera"]["location"],
                                                                     f["camera"]["target"])))[2]))
                  for f in drawn]
    assert min(elevations) > 9.9 and max(elevations) < 60.1
    distances = [np.linalg.norm(f["camera"]["location"]) for f in drawn]
    assert max(distances) / min(distances) > 5  # a fill from 0.08 to 1.0 of the render


def test_a_target_pair_never_puts_a_cut_out_in_the_subjects_place(tmp_path: Path) -> None:
    write_disc(tmp_path / "disc.png")
    cutouts = Cutouts(tmp_path, CutoutRanges(probability=1.0, backdrop_probability=1.0))
    backgrounds = Backgrounds(None, 64)
    rng = np.random.default_rng(0)
    target_pairs = [draw_pair(rng, backgrounds, True, cutouts=cutouts, target=True) for _ in range(50)]
    assert all("cutout" not in params and params["backdrop_cutouts"] for params in target_pairs)
    assert all("cutout" in draw_pair(rng, backgrounds, True, cutouts=cutouts) for _ in range(5))


def test_a_target_pair_blurs_at_most_its_backdrop_never_the_distractors_beside_it() -> None:
    backgrounds, rng = Backgrounds(None, 64), np.random.default_rng(2)
    target_pairs = [draw_pair(rng, backgrounds, True, target=True) for _ in range(60)]
    assert any(p["photometric"]["defocus_sigma"] is not None for p in target_pairs)
    assert not any(p["photometric"]["defocus_scene"] for p in target_pairs)
    assert any(draw_pair(rng, backgrounds, True)["photometric"]["defocus_scene"] for _ in range(20))
