"""Whole-or-nothing files: replacement and the clean-up of what killed writers left behind."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from trainer.atomic import remove_stale, replace_text, temporary_path


def test_replace_text_leaves_only_the_target(tmp_path: Path) -> None:
    target = tmp_path / "latest"
    replace_text(target, "one\n")
    replace_text(target, "two\n")
    assert target.read_text() == "two\n"
    assert [p.name for p in tmp_path.iterdir()] == ["latest"]


def test_remove_stale_deletes_temporaries_of_dead_processes_only(tmp_path: Path) -> None:
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True, check=True)
    dead = tmp_path / f".tmp-{finished.stdout.strip()}-ckpt-00000010.keras"
    mine = temporary_path(tmp_path / "ckpt-00000020.keras")
    unrelated = tmp_path / "ckpt-00000005.keras"
    for path in (dead, mine, unrelated):
        path.write_bytes(b"x")
    assert remove_stale(tmp_path) == [dead]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([mine.name, unrelated.name])
    assert mine.name.startswith(f".tmp-{os.getpid()}-")
