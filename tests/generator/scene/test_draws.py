"""The shared random draws: inclusive integers reach both ends, log-uniform draws are even in log space,
directions are unit vectors pointing where the angles say."""

from __future__ import annotations

import math

import numpy as np

from generator.scene.draws import direction, int_in, log_uniform


def test_int_in_draws_both_ends_and_nothing_outside() -> None:
    rng = np.random.default_rng(0)
    assert {int_in(rng, (2, 4)) for _ in range(200)} == {2, 3, 4}
    assert int_in(rng, (7, 7)) == 7


def test_log_uniform_puts_half_the_draws_below_the_geometric_mean() -> None:
    rng = np.random.default_rng(0)
    draws = np.array([log_uniform(rng, (0.01, 100.0)) for _ in range(4000)])
    assert draws.min() >= 0.01 and draws.max() <= 100.0
    assert abs(np.mean(draws < 1.0) - 0.5) < 0.03  # uniform in value would put only ~1% below 1


def test_log_uniform_is_the_same_stream_as_a_uniform_draw_of_the_logarithm() -> None:
    """One rng call per draw, so seeds drawn before the helper existed still give the same frames."""
    a, b = np.random.default_rng(5), np.random.default_rng(5)
    assert log_uniform(a, (0.5, 6.0)) == math.exp(b.uniform(math.log(0.5), math.log(6.0)))


def test_direction_is_a_unit_vector_at_the_given_angles() -> None:
    assert np.allclose(direction(0.0, 0.0), [1.0, 0.0, 0.0])
    assert np.allclose(direction(math.pi / 2, 0.0), [0.0, 1.0, 0.0])
    assert np.allclose(direction(1.0, math.pi / 2), [0.0, 0.0, 1.0])
    assert math.isclose(np.linalg.norm(direction(2.0, 0.7)), 1.0)
