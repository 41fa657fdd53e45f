"""`python -m generator preview --family NAME`: only that family, two sheets (at --size and at 256 px)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import cv2
import pytest

from generator.cli import preview_parser
from generator.image.sheet import GAP
from generator.preview import DETAIL_SIZE

ROOT = Path(__file__).resolve().parents[2]


def test_a_family_restricts_the_shape_families(monkeypatch: pytest.MonkeyPatch) -> None:
    args = preview_parser().parse_args(["--family", "plant"])
    assert args.family == "plant" and args.shape_families == ("plant",)
    assert preview_parser().parse_args([]).family is None
    monkeypatch.setenv("GENERATOR_PREVIEW_FAMILY", "animal")
    assert preview_parser().parse_args([]).shape_families == ("animal",)


def test_an_unknown_family_is_a_usage_error() -> None:
    with pytest.raises(SystemExit):
        preview_parser().parse_args(["--family", "dragon"])


def test_a_family_preview_writes_a_sheet_at_the_image_size_and_one_at_256(tmp_path: Path) -> None:
    out = tmp_path / "sheet.png"
    proc = subprocess.run([sys.executable, "-m", "generator", "preview", "--family", "thing", "--out", str(out),
                           "--count", "2", "--composites-per-render", "1", "--size", "32", "--samples", "1"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    small, detail = cv2.imread(str(tmp_path / "sheet-32.png")), cv2.imread(str(tmp_path / f"sheet-{DETAIL_SIZE}.png"))
    assert not out.exists() and small is not None and detail is not None
    assert small.shape[:2] == (2 * (32 + 2 * GAP), 2 * (2 * (2 * 32 + GAP) + GAP))  # zoom 2: 2 pairs in a row
    assert detail.shape[:2] == (DETAIL_SIZE + 2 * GAP, 2 * (2 * DETAIL_SIZE + GAP) + GAP)  # zoom 1
