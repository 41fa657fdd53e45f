"""End-to-end fixtures: every process a test starts is ended when it finishes, pass or fail."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.processes import Children


@pytest.fixture
def children() -> Iterator[Children]:
    owned = Children()
    try:
        yield owned
    finally:
        owned.end_all()
