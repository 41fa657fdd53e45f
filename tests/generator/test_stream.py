"""The frame maker's draws that need no render: each pair's params follow the frame they belong to."""

from __future__ import annotations

import numpy as np

from generator.image.backgrounds import Backgrounds
from generator.image.framing import FramingRanges
from generator.image.procedural import FOLIAGE
from generator.scene.frame import FrameRanges, draw_frame, frame_rng
from generator.scene.world import panorama_paths
from generator.stream import FrameMaker, frame_incident


def test_the_pairs_of_a_portrait_are_framed_as_portraits() -> None:
    framing = FramingRanges(crop=(0.3, 0.5), portrait_crop=(0.8, 1.0), aspect=(1.0, 1.0),
                            portrait_aspect=(1.0, 1.0))
    maker = FrameMaker(FrameRanges(), Backgrounds(None, 64), renderer=None, framing=framing)
    rng = np.random.default_rng(0)

    def sides(camera: dict) -> list[float]:
        return [pair["framing"]["size"][0] for pair in maker.draw_pairs(rng, {"world": None, "camera": camera}, 50)]

    assert min(sides({"portrait": True})) >= 0.8 - 1e-9
    assert max(sides({"portrait": False})) <= 0.5 + 1e-9 and max(sides({})) <= 0.5 + 1e-9


def test_the_pairs_of_a_frame_in_greenery_stand_in_foliage() -> None:
    maker = FrameMaker(FrameRanges(), Backgrounds(None, 64), renderer=None)
    rng = np.random.default_rng(0)

    def families(frame: dict) -> set[str]:
        return {pair["background"]["family"] for pair in maker.draw_pairs(rng, {"world": None, "camera": {}, **frame},
                                                                          40)}

    assert families({"greenery": True}) == {FOLIAGE}
    assert len(families({"greenery": False})) > 3 and len(families({})) > 3  # frames from before greenery


def test_only_the_pairs_of_a_target_frame_are_exposed_for_the_light_on_it() -> None:
    maker = FrameMaker(FrameRanges(), Backgrounds(None, 64), renderer=None)
    rng = np.random.default_rng(0)
    for index in range(12):  # with and without a panorama where the bpy wheel brings them
        frame = draw_frame(frame_rng(5, index), FrameRanges(), [], targets=["drill.ply"],
                           panoramas=list(panorama_paths()))
        light = frame_incident(frame)
        assert light > 0.0 and all(pair["photometric"]["incident"] == light for pair in maker.draw_pairs(rng, frame, 3))
        generic = draw_frame(frame_rng(5, index), FrameRanges(), [], panoramas=list(panorama_paths()))
        assert all("incident" not in pair["photometric"] for pair in maker.draw_pairs(rng, generic, 3))
