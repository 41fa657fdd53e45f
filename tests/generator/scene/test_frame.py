"""The frame's random draw without Blender: reproducible, inside its ranges, msgpack-able, geometry normalised."""

from __future__ import annotations

import math

import configargparse
import numpy as np
import pytest

import protocol
from generator.image.colour import LUMA
from generator.knobs import add_knobs, knobs_from
from generator.scene.camera import CameraRanges, distance_for, draw_camera
from generator.scene.clutter import ClutterRanges
from generator.scene.companions import CompanionRanges
from generator.scene.frame import KNOB_GROUPS, FrameRanges, ObjectRanges, draw_frame, frame_rng
from generator.scene.lighting import LIGHT_TYPES, LightingRanges, draw_lighting, incident, irradiance
from generator.scene.meshes import build, rotation_matrix
from generator.scene.shapes import ShapeRanges, draw_shape
from generator.scene.world import WorldRanges


def test_same_seed_and_index_give_the_same_frame_and_others_differ() -> None:
    frames = [draw_frame(frame_rng(seed, index), FrameRanges()) for seed, index in [(5, 0), (5, 0), (5, 1), (6, 0)]]
    assert frames[0] == frames[1]
    assert frames[0] != frames[2] and frames[0] != frames[3]


def test_a_frame_travels_in_a_sample() -> None:
    frame = draw_frame(frame_rng(1, 2), FrameRanges(), assets=["a.blend"])
    pair = protocol.Pair(np.zeros((4, 4, 3), np.uint8), np.zeros((4, 4), np.uint8), {})
    sample = protocol.Sample(generator="g", seq=2, seed=1, params=frame, pairs=[pair])
    assert protocol.decode(protocol.encode(sample)).params == frame


def test_camera_distance_makes_the_unit_sphere_span_fill() -> None:
    for fill, lens in [(0.5, 50.0), (0.9, 24.0), (0.7, 120.0)]:
        distance = distance_for(fill, lens)
        half_fov = math.atan(18.0 / lens)
        assert math.asin(1.0 / distance) == pytest.approx(fill * half_fov)


def test_camera_draws_stay_in_range() -> None:
    ranges = CameraRanges(elevation=(10.0, 20.0), lens=(30.0, 40.0), roll=(-1.0, 1.0), jitter=0.0)
    for i in range(50):
        camera = draw_camera(np.random.default_rng(i), ranges)
        offset = np.subtract(camera["location"], camera["target"])
        elevation = math.degrees(math.asin(offset[2] / np.linalg.norm(offset)))
        assert 10.0 <= elevation <= 20.0 and 30.0 <= camera["lens"] <= 40.0 and -1 <= camera["roll"] <= 1
        assert camera["target"] == [0.0, 0.0, 0.0]


def test_lighting_count_and_types_follow_the_ranges() -> None:
    ranges = LightingRanges(count=(2, 3), types=("SPOT",))
    for i in range(30):
        lighting = draw_lighting(np.random.default_rng(i), ranges)
        assert 2 <= len(lighting["lights"]) <= 3
        assert {light["type"] for light in lighting["lights"]} == {"SPOT"}


def test_the_incident_light_adds_every_lights_irradiance_and_the_worlds_radiance() -> None:
    for kind in LIGHT_TYPES:  # the drawn irradiance comes back from each type's power, far lights and near alike
        ranges = LightingRanges(count=(2, 2), types=(kind,), irradiance=(2.5, 2.5), distance=(2.0, 8.0))
        lighting = draw_lighting(np.random.default_rng(3), ranges)
        assert [irradiance(light) for light in lighting["lights"]] == pytest.approx([2.5, 2.5])
        ambient = lighting["ambient"]
        grey = ambient["strength"] * float(np.dot(ambient["color"], LUMA))
        assert incident(lighting, None) == pytest.approx(5.0 / math.pi + grey, rel=1e-3)
        assert incident(lighting, 0.7) == pytest.approx(5.0 / math.pi + 0.7)  # a panorama replaces the ambient


@pytest.mark.parametrize("family", ["solid", "union", "furry"])
def test_geometry_is_valid_and_fits_the_unit_sphere(family: str) -> None:
    for i in range(5):
        shape = draw_shape(np.random.default_rng(i), ShapeRanges(families=(family,)))
        geometry = build(shape)
        radii = np.linalg.norm(geometry.vertices, axis=1)
        assert np.isfinite(geometry.vertices).all() and radii.max() == pytest.approx(1.0, abs=1e-5)
        assert geometry.faces.min() >= 0 and geometry.faces.max() < len(geometry.vertices)
        assert len(geometry.materials) == len(geometry.faces)
        assert (geometry.materials == 1).any() == (family == "furry")


def test_rotation_matrix_is_a_rotation() -> None:
    matrix = rotation_matrix([0.3, -1.2, 2.0])
    assert np.allclose(matrix @ matrix.T, np.eye(3)) and np.linalg.det(matrix) == pytest.approx(1.0)
    assert np.allclose(rotation_matrix([0.0, 0.0, math.pi / 2]) @ [1, 0, 0], [0, 1, 0])


def test_every_knob_is_a_flag_with_an_env_var(monkeypatch: pytest.MonkeyPatch) -> None:
    parser = configargparse.ArgumentParser()
    for group, cls in KNOB_GROUPS.items():
        add_knobs(parser, group, cls)
    monkeypatch.setenv("GENERATOR_CAMERA_LENS", "35,35")
    args = parser.parse_args(["--shape-families", "solid,furry", "--lighting-count", "2,2"])
    assert knobs_from(args, "camera", CameraRanges).lens == (35.0, 35.0)
    assert knobs_from(args, "shape", ShapeRanges).families == ("solid", "furry")
    assert knobs_from(args, "lighting", LightingRanges).count == (2, 2)
    with pytest.raises(SystemExit):
        parser.parse_args(["--camera-lens", "50,20"])


def test_a_person_faces_the_camera_within_the_yaw_knob() -> None:
    ranges = FrameRanges(shape=ShapeRanges(families=("person",), person_yaw=(-30.0, 30.0)))
    for index in range(20):
        frame = draw_frame(frame_rng(3, index), ranges)
        facing = rotation_matrix(frame["object"]["shape"]["rotation"]) @ [0.0, -1.0, 0.0]  # a person faces -y
        to_camera = np.subtract(frame["camera"]["location"], frame["camera"]["target"])[:2]
        # the tilt (up to 8 degrees) moves the facing a little off the horizontal
        assert facing[:2] @ to_camera / np.linalg.norm(to_camera) > math.cos(math.radians(31.0))


def test_a_closeup_fills_the_frame_and_frames_a_person_head_and_shoulders() -> None:
    def frames(probability: float) -> list[dict]:
        # without companions, whose group the camera steps back to frame
        ranges = FrameRanges(camera=CameraRanges(closeup_probability=probability, lens=(50.0, 50.0)),
                             shape=ShapeRanges(families=("person",)), companion=CompanionRanges(probability=0.0))
        return [draw_frame(frame_rng(4, index), ranges) for index in range(30)]

    def distance(camera: dict) -> float:
        return float(np.linalg.norm(np.subtract(camera["location"], camera["target"])))

    close, far = frames(1.0), frames(0.0)
    assert all(f["camera"]["closeup"] for f in close) and not any(f["camera"]["closeup"] for f in far)
    assert {f["object"]["shape"]["kind"] for f in close} == {"bust"}
    assert {f["object"]["shape"]["kind"] for f in far} == {"full", "waist", "bust"}
    # at a fixed lens, the nearest ordinary camera stands farther than the farthest close-up
    assert min(distance(f["camera"]) for f in far) > max(distance(f["camera"]) for f in close)


def test_a_closeup_of_a_person_is_taken_near_eye_level_with_the_head_high_in_the_frame() -> None:
    camera_ranges = CameraRanges(closeup_probability=1.0)
    people = [draw_frame(frame_rng(6, index), FrameRanges(camera=camera_ranges, shape=ShapeRanges(
        families=("person",)))) for index in range(30)]
    things = [draw_frame(frame_rng(6, index), FrameRanges(camera=camera_ranges, shape=ShapeRanges(
        families=("thing",)))) for index in range(30)]

    def elevation(camera: dict) -> float:
        offset = np.subtract(camera["location"], camera["target"])
        return math.degrees(math.asin(offset[2] / np.linalg.norm(offset)))

    low, high = camera_ranges.portrait_elevation
    assert all(low - 1e-6 <= elevation(f["camera"]) <= high + 1e-6 for f in people)
    assert all(camera_ranges.portrait_rise[0] <= f["camera"]["target"][2] <= camera_ranges.portrait_rise[1]
               for f in people)
    assert max(elevation(f["camera"]) for f in things) > high + 10  # other close-ups keep the whole range


def test_a_portrait_is_held_level_faces_the_camera_and_nothing_stands_in_front_of_it() -> None:
    def frames(family: str) -> list[dict]:
        ranges = FrameRanges(camera=CameraRanges(closeup_probability=1.0, portrait_roll=(-5.0, 5.0)),
                             shape=ShapeRanges(families=(family,), portrait_yaw=(-20.0, 20.0)),
                             clutter=ClutterRanges(probability=1.0, count=(3, 3), front_probability=1.0),
                             companion=CompanionRanges(probability=0.0))
        return [draw_frame(frame_rng(8, index), ranges) for index in range(20)]

    def nearest_clutter(frame: dict) -> float:
        """The nearest clutter object's distance from the camera, in subject distances."""
        camera = frame["camera"]
        subject = math.dist(camera["location"], camera["target"])
        return min(math.dist(camera["location"], item["location"]) for item in frame["clutter"]["objects"]) / subject

    people, things = frames("person"), frames("thing")
    for frame in people:
        assert frame["camera"]["portrait"] and abs(frame["camera"]["roll"]) <= 5.0
        facing = (rotation_matrix(frame["object"]["shape"]["rotation"]) @ [0.0, -1.0, 0.0])[:2]
        to_camera = np.subtract(frame["camera"]["location"], frame["camera"]["target"])[:2]
        # the tilt (up to 8 degrees) turns the facing a little further
        assert facing @ to_camera / np.linalg.norm(facing) / np.linalg.norm(to_camera) > math.cos(math.radians(23.0))
        assert nearest_clutter(frame) > 1.0
    # other close-ups are no portraits: any roll, and objects in front of the subject
    assert not any(frame["camera"].get("portrait") for frame in things)
    assert max(abs(frame["camera"]["roll"]) for frame in things) > 10.0
    assert max(nearest_clutter(frame) for frame in things) < 1.0


def test_a_macro_subject_stands_in_greenery_as_often_as_asked() -> None:
    def greenery(family: str, probability: float) -> list[bool]:
        ranges = FrameRanges(shape=ShapeRanges(families=(family,)),
                             world=WorldRanges(probability=1.0, greenery_probability=probability))
        frames = [draw_frame(frame_rng(1, index), ranges, panoramas=["city"]) for index in range(40)]
        assert all((frame["world"] is None) == frame["greenery"] for frame in frames)
        return [frame["greenery"] for frame in frames]

    assert all(greenery("macro", 1.0)) and not any(greenery("macro", 0.0)) and not any(greenery("animal", 1.0))
    assert 0.3 < np.mean(greenery("macro", 0.5)) < 0.7


def test_an_asset_stands_upright_within_the_tilt_knob_and_turns_freely_about_the_vertical() -> None:
    ranges = FrameRanges(object=ObjectRanges(asset_probability=1.0, asset_tilt=10.0))
    assets = [draw_frame(frame_rng(4, index), ranges, assets=["chair.obj", "car.obj"])["object"]
              for index in range(200)]
    assert all(obj["kind"] == "asset" for obj in assets)
    tilts = np.array([obj["rotation"][:2] for obj in assets])
    assert np.abs(tilts).max() <= math.radians(10.0) and np.abs(tilts).max() > math.radians(8.0)
    turns = np.array([obj["rotation"][2] for obj in assets])
    assert turns.min() < -2.5 and turns.max() > 2.5  # all the way round
    assert {obj["path"] for obj in assets} == {"chair.obj", "car.obj"}
