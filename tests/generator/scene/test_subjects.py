"""The subject families' draws without Blender: reproducible, plain data, valid upright geometry of modest size,
drawn by their weights and kinds, coloured by their palettes."""

from __future__ import annotations

import math

import configargparse
import numpy as np
import pytest

import protocol
from generator.knobs import add_knobs, knobs_from
from generator.scene.meshes import build, part_grid, rotation_matrix
from generator.scene.shapes import ABSTRACT, SUBJECTS, ShapeRanges, draw_shape, family_weights
from generator.scene.subjects import animal, macro, person, plant, thing
from generator.scene.subjects.parts import aim, aim_x, euler, limb

# the mesh each frame syncs to Cycles, strands included: the dog skin alone has 24,065 vertices, its fur 12,000
MAX_VERTICES = 40_000
KIND_KNOBS = {"person": "person_framings", "animal": "animal_kinds", "plant": "plant_kinds", "thing": "thing_kinds",
              "macro": "macro_kinds"}
MODULES = {"person": person, "animal": animal, "plant": plant, "thing": thing, "macro": macro}


def shapes(family: str, count: int = 12, **knobs) -> list[dict]:
    """The first `count` shapes of seeds 0, 1, ... of one family."""
    ranges = ShapeRanges(families=(family,), **knobs)
    return [draw_shape(np.random.default_rng(seed), ranges) for seed in range(count)]


@pytest.mark.parametrize("family", SUBJECTS)
def test_a_draw_is_reproducible_from_its_rng_and_others_differ(family: str) -> None:
    ranges = ShapeRanges(families=(family,))
    first, again, other = (MODULES[family].draw(np.random.default_rng(seed), ranges) for seed in (4, 4, 5))
    assert first == again and first != other
    assert first["family"] == family


@pytest.mark.parametrize("family", SUBJECTS)
def test_a_description_is_plain_data_that_survives_the_wire(family: str) -> None:
    for shape in shapes(family, 6):
        pair = protocol.Pair(np.zeros((2, 2, 3), np.uint8), np.zeros((2, 2), np.uint8), {})
        sample = protocol.Sample(generator="g", seq=0, seed=0, params={"shape": shape}, pairs=[pair])
        assert protocol.decode(protocol.encode(sample)).params["shape"] == shape


@pytest.mark.parametrize("family", SUBJECTS)
def test_every_kind_builds_valid_geometry_in_the_unit_sphere(family: str) -> None:
    kinds = getattr(ShapeRanges(), KIND_KNOBS[family])
    for kind in kinds:
        for shape in shapes(family, 4, **{KIND_KNOBS[family]: (kind,)}):
            assert shape["kind"] == kind
            geometry = build(shape)
            radii = np.linalg.norm(geometry.vertices, axis=1)
            assert np.isfinite(geometry.vertices).all() and radii.max() == pytest.approx(1.0, abs=1e-5)
            assert geometry.faces.min() >= 0 and geometry.faces.max() < len(geometry.vertices)
            assert len(geometry.materials) == len(geometry.tints) == len(geometry.faces)
            assert len(geometry.vertices) < MAX_VERTICES, f"{kind}: {len(geometry.vertices)} vertices"


@pytest.mark.parametrize("family", SUBJECTS)
def test_subjects_stand_upright_within_the_tilt_knob(family: str) -> None:
    for shape in shapes(family, 20, tilt=(-5.0, 5.0)):
        tilt_x, tilt_y, yaw = shape["rotation"]
        assert abs(tilt_x) <= math.radians(5.0) and abs(tilt_y) <= math.radians(5.0) and abs(yaw) <= math.pi


def test_a_whole_person_is_taller_than_wide_and_a_car_longer_than_tall() -> None:
    ratios = []
    for shape in shapes("person", 20, person_framings=("full",)):
        extent = np.ptp(build(shape).vertices, axis=0)
        ratios.append(extent[2] / max(extent[0], extent[1]))
    assert min(ratios) > 1.1 and np.median(ratios) > 1.6  # raised arms and sitting make some nearly as wide
    for shape in shapes("thing", 5, thing_kinds=("car",)):
        extent = np.ptp(build(shape).vertices, axis=0)
        assert extent[0] > 2.0 * extent[2]


def test_hair_and_fur_are_strands_rooted_on_their_region() -> None:
    hairy = shapes("person", 10, hair_probability=1.0)
    assert all(s["strands"] is not None and s["strands"]["on"] == ["hair"] for s in hairy)
    assert all(s["strands"] is None for s in shapes("person", 10, hair_probability=0.0))
    furry = shapes("animal", 10, animal_kinds=("quadruped",), fur_probability=1.0)
    assert all(s["strands"] is not None and s["strands"]["on"] == ["fur"] for s in furry)
    for shape in hairy[:3] + furry[:3]:
        geometry = build(shape)
        strand_faces = geometry.materials == 1
        assert strand_faces.sum() == shape["strands"]["count"] * shape["strands"]["segments"] * 3  # x sides


def test_strands_grow_only_from_the_parts_of_their_region() -> None:
    shape = shapes("person", 1, hair_probability=1.0, person_framings=("bust",))[0]
    hair = [part for part in shape["parts"] if part["region"] == "hair"]
    bald = {**shape, "parts": [part for part in shape["parts"] if part["region"] != "hair"]}
    assert hair and not (build(bald).materials == 1).any()  # no hair parts: nothing to grow from


def test_the_palette_tints_its_regions_and_no_palette_tints_nothing() -> None:
    coloured = shapes("person", 1, palette_probability=1.0, hair_probability=0.0)[0]
    plain = shapes("person", 1, palette_probability=0.0, hair_probability=0.0)[0]
    assert set(coloured["palette"]) >= {"skin", "hair"} and plain["palette"] == {}
    tints = build(coloured).tints
    skin = np.concatenate([np.full(len(part_grid(part)[1]), part["region"] == "skin") for part in coloured["parts"]])
    assert np.allclose(tints[skin], [*coloured["palette"]["skin"], 1.0], atol=1e-6)
    assert (tints[~skin & (tints[:, 3] == 0)] == 0).all()
    assert (build(plain).tints == 0).all()


def test_skin_tones_stay_in_a_narrow_warm_range() -> None:
    for shape in shapes("person", 30, palette_probability=1.0):
        r, g, b = shape["palette"]["skin"]
        assert r >= g >= b  # warm: sRGB hue within red to orange, and so in linear RGB too


@pytest.mark.parametrize("family", SUBJECTS)
def test_kind_knobs_restrict_what_is_drawn(family: str) -> None:
    knob = KIND_KNOBS[family]
    kinds = getattr(ShapeRanges(), knob)
    assert {shape["kind"] for shape in shapes(family, 60)} == set(kinds)
    assert {shape["kind"] for shape in shapes(family, 10, **{knob: kinds[-1:]})} == {kinds[-1]}


def test_families_are_drawn_by_their_weights() -> None:
    draws = 2000
    ranges = ShapeRanges()
    weights = {family: getattr(ranges, f"{family}_weight") for family in SUBJECTS}
    weights["abstract"] = ranges.abstract_weight
    drawn = [draw_shape(np.random.default_rng(seed), ranges)["family"] for seed in range(draws)]
    counts = {family: drawn.count(family) for family in weights}
    counts["abstract"] = sum(drawn.count(family) for family in ABSTRACT)
    for family, weight in weights.items():
        assert counts[family] / draws == pytest.approx(weight / sum(weights.values()), abs=0.04), family
    only = ShapeRanges(families=("plant", "thing"), thing_weight=0.0)
    assert {draw_shape(np.random.default_rng(seed), only)["family"] for seed in range(20)} == {"plant"}


def test_weights_that_leave_nothing_to_draw_are_refused() -> None:
    with pytest.raises(ValueError, match="sum to 0"):
        ShapeRanges(families=("person", "animal"), person_weight=0.0, animal_weight=0.0)
    assert family_weights(ShapeRanges(families=("person",), person_weight=0.0)) == [1.0]  # named alone: drawn
    with pytest.raises(ValueError, match="must lie within"):
        ShapeRanges(animal_weight=-1.0)
    with pytest.raises(ValueError, match="unknown dragon"):
        ShapeRanges(animal_kinds=("dragon",))


def test_family_knobs_are_flags_with_env_vars(monkeypatch: pytest.MonkeyPatch) -> None:
    parser = configargparse.ArgumentParser()
    add_knobs(parser, "shape", ShapeRanges)
    monkeypatch.setenv("GENERATOR_SHAPE_PLANT_KINDS", "tree,flower")
    args = parser.parse_args(["--shape-person-weight", "0.5", "--shape-person-framings", "bust",
                              "--shape-families", "person,plant"])
    ranges = knobs_from(args, "shape", ShapeRanges)
    assert ranges.person_weight == 0.5 and ranges.person_framings == ("bust",)
    assert ranges.plant_kinds == ("tree", "flower") and ranges.families == ("person", "plant")


def test_macro_subjects_are_shaped_as_their_kinds() -> None:
    def extent(kind: str) -> np.ndarray:
        """The median extent (x, y, z) of the built shapes of `kind` (their own axes: +x forward, +z up)."""
        found = [build(shape).vertices for shape in shapes("macro", 6, macro_kinds=(kind,))]
        return np.median([np.ptp(vertices, axis=0) for vertices in found], axis=0)

    butterfly, dragonfly, beetle, grasshopper = (extent(kind) for kind in macro.INSECTS)
    assert dragonfly[1] > 1.3 * dragonfly[0] and dragonfly[1] > 4 * dragonfly[2]  # wings held out flat, sideways
    assert grasshopper[0] > 1.5 * grasshopper[1]  # long, its hind legs folded along it
    assert beetle[2] < 0.7 * beetle[0] and butterfly[1] > 0.8 * butterfly[0]
    blossoms = shapes("macro", 10, macro_kinds=("blossom",))
    assert all(sum(part["region"] == "petal" for part in shape["parts"]) >= 5 for shape in blossoms)


def test_abstract_families_keep_their_random_orientation() -> None:
    tilts = [abs(shape["rotation"][0]) for shape in shapes("solid", 40)]
    assert max(tilts) > math.radians(45.0)


def test_limb_spans_its_two_ends() -> None:
    start, end = np.array([0.1, -0.2, 0.3]), np.array([0.5, 0.4, -0.2])
    rod = limb(start, end, 0.05, region="skin")
    axis = rotation_matrix(rod["rotation"]) @ [0.0, 0.0, 1.0]
    half = rod["scale"][2] - 0.025  # it reaches half a radius past each end
    assert np.allclose(rod["location"] + half * axis, end) and np.allclose(rod["location"] - half * axis, start)


@pytest.mark.parametrize("axis", [(1.0, 0.0, 0.0), (0.2, -0.5, 0.8), (0.0, 0.0, -1.0), (-0.3, 0.9, 0.1)])
def test_aiming_turns_an_axis_onto_a_direction(axis: tuple[float, float, float]) -> None:
    unit = np.array(axis) / np.linalg.norm(axis)
    assert np.allclose(rotation_matrix(aim(axis)) @ [0.0, 0.0, 1.0], unit)
    assert np.allclose(rotation_matrix(aim_x(axis)) @ [1.0, 0.0, 0.0], unit)
    matrix = rotation_matrix(list(axis))
    assert np.allclose(rotation_matrix(euler(matrix)), matrix)
