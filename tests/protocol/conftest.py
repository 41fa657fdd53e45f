"""Fixtures for protocol tests."""

from __future__ import annotations

import pytest

import protocol
from tests.protocol.builders import make_sample


@pytest.fixture
def sample() -> protocol.Sample:
    return make_sample(pairs=3)
