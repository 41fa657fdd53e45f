"""The compositing benchmark runs end to end at tiny counts (figures themselves are not asserted)."""

from __future__ import annotations

import re
import sys

import pytest

from benchmarks import composite_bench
from generator.image import procedural


def test_bench_prints_every_figure(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    monkeypatch.setattr(sys, "argv", ["composite_bench", "--pairs", "4", "--photos", "2", "--size", "16"])
    composite_bench.main()
    out = capsys.readouterr().out
    for row in [*procedural.FAMILIES, "procedural, no noise", "procedural + noise", "photos + noise"]:
        assert re.search(rf"^{re.escape(row)}\s+[\d,]+$", out, re.MULTILINE), row
