"""sRGB <-> linear conversions: known values from IEC 61966-2-1, round trips, clipping."""

from __future__ import annotations

import numpy as np
import pytest

from generator.image.colour import linear_to_srgb, linear_to_srgb8, srgb8_to_linear, srgb_to_linear, unit_to_uint8


@pytest.mark.parametrize(("encoded", "linear"), [
    (0.0, 0.0), (1.0, 1.0), (0.5, 0.214041), (0.04045, 0.04045 / 12.92), (0.02, 0.02 / 12.92), (0.8, 0.603827),
])
def test_known_values(encoded: float, linear: float) -> None:
    assert srgb_to_linear(encoded) == pytest.approx(linear, abs=1e-6)
    assert linear_to_srgb(linear) == pytest.approx(encoded, abs=1e-6)


def test_curve_is_continuous_at_the_cutoff() -> None:
    below, above = linear_to_srgb(np.float32(0.0031308) - 1e-7), linear_to_srgb(np.float32(0.0031308) + 1e-7)
    assert abs(float(above) - float(below)) < 1e-5


def test_every_8bit_value_survives_the_round_trip() -> None:
    levels = np.arange(256, dtype=np.uint8)
    assert np.array_equal(linear_to_srgb8(srgb8_to_linear(levels)), levels)


def test_lookup_table_matches_the_formula() -> None:
    levels = np.arange(256, dtype=np.uint8)
    np.testing.assert_allclose(srgb8_to_linear(levels), srgb_to_linear(levels / 255.0), atol=1e-7)


def test_encoding_is_monotonic() -> None:
    assert np.all(np.diff(linear_to_srgb(np.linspace(0, 1, 10_001))) > 0)


def test_out_of_range_light_is_clipped() -> None:
    assert linear_to_srgb8(np.array([-0.5, 0.0, 1.0, 7.0])).tolist() == [0, 0, 255, 255]
    assert unit_to_uint8(np.array([-1.0, 0.5, 2.0])).tolist() == [0, 128, 255]


def test_only_uint8_goes_through_the_table() -> None:
    with pytest.raises(TypeError, match="uint8"):
        srgb8_to_linear(np.zeros(3, np.float32))
