"""The image-side ranges as flags: each dataclass round-trips through generator.knobs, and ranges take effect."""

from __future__ import annotations

import configargparse
import numpy as np
import pytest

from generator.image import procedural
from generator.image.backgrounds import Backgrounds
from generator.image.framing import FramingRanges
from generator.image.photometric import PhotometricRanges
from generator.image.photos import PhotoRanges
from generator.image.procedural import ProceduralRanges
from generator.knobs import add_knobs, knobs_from

GROUPS = {"framing": FramingRanges, "photometric": PhotometricRanges, "photo": PhotoRanges,
          "background": ProceduralRanges}


def _parser() -> configargparse.ArgumentParser:
    parser = configargparse.ArgumentParser()
    for group, ranges in GROUPS.items():
        add_knobs(parser, group, ranges)
    return parser


def test_defaults_survive_the_flags() -> None:
    args = _parser().parse_args([])
    for group, ranges in GROUPS.items():
        assert knobs_from(args, group, ranges) == ranges()


def test_flags_and_env_vars_set_ranges(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GENERATOR_PHOTOMETRIC_JPEG_QUALITY", "40,50")
    args = _parser().parse_args(["--framing-crop", "0.5,0.6", "--background-families", "noise,cells"])
    assert knobs_from(args, "framing", FramingRanges).crop == (0.5, 0.6)
    assert knobs_from(args, "photometric", PhotometricRanges).jpeg_quality == (40, 50)
    assert knobs_from(args, "background", ProceduralRanges).families == ("noise", "cells")


def test_families_restrict_what_is_drawn() -> None:
    backgrounds = Backgrounds(None, 16, procedural_ranges=ProceduralRanges(families=("stripes", "checker")))
    rng = np.random.default_rng(0)
    assert {backgrounds.draw(rng)["family"] for _ in range(50)} == {"stripes", "checker"}


def test_unknown_family_is_refused_up_front() -> None:
    with pytest.raises(ValueError, match=r"unknown marble; choose from noise,"):
        ProceduralRanges(families=("noise", "marble"))


def test_family_ranges_reach_the_params() -> None:
    ranges = ProceduralRanges(cell_points=(7, 7), clutter_shapes=(2, 2), palette_colours=(3, 3))
    rng = np.random.default_rng(1)
    cells = procedural.draw(rng, ranges, family="cells")
    clutter = procedural.draw(rng, ranges, family="clutter")
    assert cells["points"] == 7 and cells["colours"] == 3 and clutter["shapes"] == 2
