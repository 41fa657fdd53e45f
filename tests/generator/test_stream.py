"""The frame maker's draws that need no render: each pair's params follow the frame they belong to."""

from __future__ import annotations

import numpy as np

from generator.image.backgrounds import Backgrounds
from generator.image.framing import FramingRanges
from generator.image.procedural import FOLIAGE
from generator.scene.frame import FrameRanges
from generator.stream import FrameMaker


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
