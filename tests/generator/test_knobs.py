"""Every ranges dataclass refuses, when built, a value its knob does not allow, with a one-line ValueError; flags
that somehow describe bad ranges become a KnobError naming the group."""

from __future__ import annotations

import argparse

import pytest

from generator.image.framing import FramingRanges
from generator.image.photometric import PhotometricRanges
from generator.image.photos import PhotoRanges
from generator.image.procedural import ProceduralRanges
from generator.knobs import KnobError, knobs_from
from generator.scene.camera import CameraRanges
from generator.scene.frame import ObjectRanges
from generator.scene.lighting import MAX_LIGHTS, LightingRanges
from generator.scene.materials import MaterialRanges
from generator.scene.shapes import ShapeRanges
from generator.scene.world import WorldRanges

ALL = [CameraRanges, LightingRanges, ShapeRanges, MaterialRanges, ObjectRanges, WorldRanges, FramingRanges,
       PhotometricRanges, PhotoRanges, ProceduralRanges]


@pytest.mark.parametrize("ranges", ALL)
def test_the_defaults_are_valid(ranges: type) -> None:
    ranges()


@pytest.mark.parametrize(("ranges", "field", "value", "message"), [
    (CameraRanges, "lens", (0.0, 50.0), "must lie within [1, 2000]"),
    (CameraRanges, "elevation", (60.0, 10.0), "LO must not exceed HI"),
    (LightingRanges, "count", (1, MAX_LIGHTS + 1), f"must lie within [1, {MAX_LIGHTS}]"),
    (LightingRanges, "types", ("POINT", "LASER"), "unknown LASER; choose from POINT,AREA,SPOT,SUN"),
    (LightingRanges, "types", (), "unknown nothing"),
    (LightingRanges, "irradiance", (0.0, 1.0), "must lie within"),
    (ShapeRanges, "families", ("blob",), "unknown blob"),
    (ShapeRanges, "exponent", (-1.0, 2.0), "must lie within"),
    (ShapeRanges, "thin_probability", 1.5, "must lie within [0, 1]"),
    (MaterialRanges, "textures", ("marble",), "unknown marble"),
    (MaterialRanges, "metallic_probability", -0.1, "must lie within [0, 1]"),
    (ObjectRanges, "asset_probability", 2.0, "must lie within [0, 1]"),
    (FramingRanges, "flip_probability", 1.01, "must lie within [0, 1]"),
    (PhotometricRanges, "jpeg_quality", (30, 101), "must lie within [0, 100]"),
    (PhotometricRanges, "noise_probability", -1.0, "must lie within [0, 1]"),
    (PhotoRanges, "flip_probability", 3.0, "must lie within [0, 1]"),
    (ProceduralRanges, "families", ("noise", "marble"), "unknown marble"),
])
def test_a_bad_value_is_refused_when_the_ranges_are_built(ranges: type, field: str, value, message: str) -> None:
    with pytest.raises(ValueError) as error:
        ranges(**{field: value})
    assert str(error.value).startswith(f"{ranges.__name__}.{field}: {message}")
    assert "\n" not in str(error.value)


def test_flags_that_describe_bad_ranges_are_a_knob_error_naming_the_group() -> None:
    args = argparse.Namespace(**{f"camera_{name}": value for name, value in vars(CameraRanges()).items()})
    args.camera_lens = (0.0, 50.0)  # e.g. from a config file, which the flag's own check never saw
    with pytest.raises(KnobError, match=r"^camera knobs: CameraRanges.lens: must lie within"):
        knobs_from(args, "camera", CameraRanges)
