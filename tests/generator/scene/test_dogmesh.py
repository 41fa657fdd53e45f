"""The dog skin of the dm-control wheel: read whole, reproportioned and posed by its bones, split into regions."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from generator.scene import dogmesh
from generator.scene.meshes import DOG, build
from generator.scene.shapes import ShapeRanges
from generator.scene.subjects import animal

pytestmark = pytest.mark.skipif(not dogmesh.available(), reason="the dm-control wheel is not installed")


def dog(**changes) -> dict:
    """The skin's own dog: its proportions, standing square, head and tail as modelled."""
    return {"legs": 1.0, "body": 1.0, "girth": 1.0, "head": 1.0, "neck": 0.0, "neck_length": 1.0, "turn": 0.0,
            "tail": 0.0, "tail_length": 1.0, "swing": [[0.0, 0.0], [0.0, 0.0]], **changes}


def everything(pieces: dict) -> np.ndarray:
    return np.concatenate([vertices for vertices, _ in pieces.values()])


def test_the_skin_is_read_whole_with_weights_that_sum_to_one() -> None:
    skin = dogmesh.skin()
    assert skin.vertices.shape == (24065, 3) and len(skin.triangles) == 33900 and len(skin.joints) == 61
    total = np.zeros(len(skin.vertices))
    for index, weight in skin.weights.values():
        np.add.at(total, index, weight)
    assert np.allclose(total, 1.0, atol=1e-3)


def test_the_regions_split_the_body_head_in_front_paws_on_the_ground() -> None:
    pieces = dogmesh.pieces(dog())
    assert set(pieces) == set(dogmesh.REGIONS)
    for vertices, quads in pieces.values():
        assert quads.shape[1] == 4 and quads.min() >= 0 and quads.max() == len(vertices) - 1
        assert (quads[:, 3] == quads[:, 2]).all()  # a triangle as a quad whose last corner repeats
    body, face, paws = (pieces[name][0] for name in ("fur", "face", "paw"))
    assert face[:, 0].mean() > body[:, 0].max() - 0.5 and face[:, 2].mean() > body[:, 2].mean()
    assert paws[:, 2].max() < body[:, 2].mean() and paws[:, 2].min() == pytest.approx(everything(pieces)[:, 2].min())
    # the trunk between the legs' tops is 1.4 units long, as the superquadric quadruped's: nose to tail tip 3.9
    assert 3.5 < np.ptp(everything(pieces)[:, 0]) < 4.3


def height_over_length(pieces: dict) -> float:
    points = everything(pieces)
    return float(np.ptp(points[:, 2]) / np.ptp(points[:, 0]))


def test_proportions_stretch_legs_body_and_head() -> None:
    assert height_over_length(dogmesh.pieces(dog(legs=1.6))) > 1.2 * height_over_length(dogmesh.pieces(dog()))
    assert height_over_length(dogmesh.pieces(dog(body=1.4))) < 0.9 * height_over_length(dogmesh.pieces(dog()))
    small, big = (np.ptp(dogmesh.pieces(dog(head=head))["face"][0], axis=0) for head in (0.8, 1.3))
    assert (big > 1.4 * small).all()

    def belly_width(girth: float) -> float:
        """The body's width halfway between the legs, where no leg is."""
        fur = dogmesh.pieces(dog(girth=girth))["fur"][0]
        return float(np.ptp(fur[np.abs(fur[:, 0] - np.median(fur[:, 0])) < 0.2, 1]))

    assert belly_width(1.35) > 1.2 * belly_width(1.0)


def test_the_neck_raises_and_lowers_the_head_and_a_stride_spreads_the_legs() -> None:
    up, down = (dogmesh.pieces(dog(neck=neck))["face"][0][:, 2].mean() for neck in (25.0, -45.0))
    assert up > down + 0.3
    standing, walking = (dogmesh.pieces(dog(swing=swing))["paw"][0] for swing in
                         ([[0.0, 0.0], [0.0, 0.0]], [[20.0, -20.0], [-20.0, 20.0]]))

    def paw_reach(paws: np.ndarray) -> float:
        """How far the paws spread along the body."""
        return float(np.ptp(paws[:, 0]))

    assert paw_reach(walking) > paw_reach(standing) + 0.2


def test_a_short_tail_ends_nearer_the_hips() -> None:
    long, short = (everything(dogmesh.pieces(dog(tail_length=length))) for length in (1.0, 0.2))
    # the whole body is recentred, so compare the tail's reach behind the paws
    assert (long[:, 0].min() - long[:, 0].max()) < (short[:, 0].min() - short[:, 0].max()) - 0.5


def test_a_four_legged_animal_is_built_from_the_skin_and_again_identically() -> None:
    ranges = ShapeRanges(families=("animal",), animal_kinds=("quadruped",), dog_probability=1.0, fur_probability=1.0)
    shape = animal.draw(np.random.default_rng(4), ranges)
    assert {part["kind"] for part in shape["parts"]} == {DOG} and shape["strands"]["on"] == ["fur"]
    first, again = build(shape), build(shape)
    assert np.array_equal(first.vertices, again.vertices) and len(first.faces) > 30000
    plain = animal.draw(np.random.default_rng(4), ShapeRanges(families=("animal",), animal_kinds=("quadruped",),
                                                              dog_probability=0.0))
    assert DOG not in {part["kind"] for part in plain["parts"]}


def test_without_the_wheel_the_error_is_one_line_naming_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    dogmesh.skin.cache_clear()
    try:
        with pytest.raises(FileNotFoundError, match="dm-control") as error:
            dogmesh.skin()
        assert "\n" not in str(error.value) and not dogmesh.available()
        ranges = ShapeRanges(families=("animal",), animal_kinds=("quadruped",), dog_probability=1.0)
        assert DOG not in {part["kind"] for part in animal.draw(np.random.default_rng(0), ranges)["parts"]}
    finally:
        dogmesh.skin.cache_clear()
