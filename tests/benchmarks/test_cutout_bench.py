"""The cut-out benchmark runs end to end on a small photo (figures themselves are not asserted)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from benchmarks import cutout_bench


def test_bench_prints_every_step_and_the_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture) -> None:
    monkeypatch.setattr(sys, "argv", ["cutout_bench", "--width", "160", "--height", "120", "--repeats", "1",
                                      "--checkpoint", str(tmp_path / "no-run")])
    cutout_bench.main()
    out = capsys.readouterr().out
    assert "a fresh width-16 UNet" in out
    assert re.search(r"^160x120 \(0\.0 MP\), model input 64x64: read [\d.]+ s, model [\d.]+ s, guided filter "
                     r"[\d.]+ s, write [\d.]+ s, total [\d.]+ s per photo$", out, re.MULTILINE), out
    assert re.search(r"^peak memory \d+ MiB, -?\d+ MiB over the loaded model", out, re.MULTILINE), out
