"""Clutter in the scene: objects in front hide part of the subject, and the subject's alpha is then its visible
coverage; objects behind and the ground show in the image but never in the alpha; companions are in it."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from generator.scene.clutter import ray
from generator.scene.frame import FrameRanges, draw_frame, frame_rng
from generator.scene.shapes import ShapeRanges

SIZE = 48


def subject_frame() -> dict:
    """A centred round solid seen from the front, nothing else in the scene."""
    ranges = FrameRanges(shape=ShapeRanges(families=("solid",), torus_probability=0.0))
    frame = draw_frame(frame_rng(21, 0), ranges, size=SIZE, samples=4)
    frame["camera"].update(location=[0.0, -5.0, 0.0], target=[0.0, 0.0, 0.0], roll=0.0, lens=50.0)
    frame["object"]["shape"].update(rotation=[0.0, 0.0, 0.0], deform={"noise": 0.0, "noise_scale": 3.0,
                                                                      "noise_seed": 1, "twist": 0.0, "bend": 0.0,
                                                                      "taper": 0.0})
    frame["object"]["shape"]["parts"][0].update(e1=1.0, e2=1.0, scale=[1.0, 1.0, 1.0])
    frame["material"].update(alpha=1.0)
    frame["clutter"] = {"objects": [], "ground": None}
    frame["companions"] = []
    return frame


def with_item(frame: dict, u: float, depth: float, radius: float) -> dict:
    """The frame with one clutter object (a copy of the subject's shape) at frame position (u, 0), `depth` away."""
    changed = copy.deepcopy(frame)
    location = np.array(frame["camera"]["location"]) + depth * ray(frame["camera"], u, 0.0)
    changed["clutter"]["objects"] = [{"shape": frame["object"]["shape"], "material": frame["material"],
                                      "location": location.tolist(), "radius": radius}]
    return changed


def test_an_object_in_front_cuts_the_subject_alpha_to_its_visible_coverage(renderer) -> None:
    alone = renderer.render(subject_frame())
    hidden = renderer.render(with_item(subject_frame(), u=0.25, depth=2.5, radius=0.35))
    full, visible, scene = alone[..., 4], hidden[..., 4], hidden[..., 3]
    assert np.array_equal(alone[..., 3], full)  # with nothing else, the scene's alpha is the subject's
    occluded = (full > 0.99) & (visible < 0.01)
    assert occluded.sum() > 20 and (scene[occluded] > 0.99).all()  # hidden by the object, which is opaque there
    assert (visible <= full + 0.02).all()  # nothing is added to the subject's coverage
    left = np.s_[:, : SIZE * 3 // 2 // 2 - 8]  # the half of the frame the object is not in
    assert np.abs(visible[left] - full[left]).max() < 0.02


def test_the_coverage_pass_is_the_holdout_pass_of_an_occluded_subject(renderer) -> None:
    frame = with_item(subject_frame(), u=0.25, depth=2.5, radius=0.35)
    frame["clutter"]["ground"] = {"material": frame["material"]}
    assert renderer.coverage_pass_exact(frame)
    one_pass = renderer.render(frame)[..., 4]  # the coverage AOV of the scene's own render
    held_out = renderer.held_out_coverage(frame)  # a second render, the clutter as holdout
    assert 0.05 < one_pass.mean() < 0.5 and ((one_pass > 0.01) & (one_pass < 0.99)).any()  # soft edges
    assert np.array_equal(one_pass, held_out)


def test_a_translucent_subject_keeps_its_opacity_in_the_alpha(renderer) -> None:
    frame = subject_frame()
    frame["material"]["alpha"] = 0.4
    alone = renderer.render(frame)[..., 4]
    hidden_frame = with_item(frame, u=0.25, depth=2.5, radius=0.35)
    hidden_frame["clutter"]["objects"][0]["material"] = dict(frame["material"], alpha=1.0)
    assert not renderer.coverage_pass_exact(hidden_frame)  # the coverage pass would count it solid
    hidden = renderer.render(hidden_frame)[..., 4]
    inside = alone > 0.3
    assert np.median(alone[inside]) < 0.9  # see-through, as its scene alpha says
    left = np.s_[:, : SIZE * 3 // 2 // 2 - 8]
    assert np.abs(hidden[left] - alone[left]).max() < 0.02  # where nothing is in front, its opacity stays
    assert hidden.sum() < alone.sum() - 10  # and the object in front cuts it


def test_objects_behind_and_the_ground_show_but_stay_out_of_the_alpha(renderer) -> None:
    frame = with_item(subject_frame(), u=-0.7, depth=12.0, radius=1.5)
    frame["camera"].update(location=[0.0, -5.0, 2.0])
    frame["clutter"]["ground"] = {"material": frame["material"]}
    alone = renderer.render(subject_frame() | {"camera": frame["camera"]})
    render = renderer.render(frame)
    assert render[..., 3].sum() > alone[..., 3].sum() + 50  # the ground and the object cover more of the film
    assert np.abs(render[..., 4] - alone[..., 4]).max() < 0.05  # the subject's coverage is unchanged


def with_companion(frame: dict, x: float, radius: float) -> dict:
    """The frame seen from further back, with a smaller copy of the subject `x` to its right."""
    changed = copy.deepcopy(frame)
    changed["camera"].update(location=[0.0, -8.0, 0.0])
    changed["companions"] = [{"shape": frame["object"]["shape"], "material": frame["material"],
                              "location": [x, 0.0, 0.0], "radius": radius}]
    return changed


def test_a_companion_is_foreground_and_stands_where_the_subject_stands(renderer) -> None:
    frame = with_companion(subject_frame(), x=1.8, radius=0.6)
    alone = renderer.render(subject_frame() | {"camera": frame["camera"]})
    render = renderer.render(frame)
    added = (render[..., 4] > 0.99) & (alone[..., 4] < 0.01)
    assert added.sum() > 50  # the companion's pixels are in the alpha
    assert added[:, : render.shape[1] // 2].sum() == 0  # on the subject's right, where it was placed
    assert np.array_equal(render[..., 3], render[..., 4])  # nothing else in the scene: all of it is foreground
    points, subject = renderer.clutter.companion_points, renderer._subject_points
    assert points[:, 2].min() == pytest.approx(subject[:, 2].min(), abs=1e-4)  # on the same ground


def test_a_companion_stays_in_the_alpha_when_clutter_is_held_out(renderer) -> None:
    frame = with_companion(subject_frame(), x=1.8, radius=0.6)
    without = renderer.render(frame)
    frame["clutter"]["objects"] = with_item(frame, u=-0.8, depth=20.0, radius=1.0)["clutter"]["objects"]
    held_out = renderer.render(frame)  # a second pass, with the clutter as holdout
    assert held_out[..., 3].sum() > without[..., 3].sum() + 20  # the object behind shows in the image
    assert np.abs(held_out[..., 4] - without[..., 4]).max() < 0.05  # but the alpha is subject and companion
