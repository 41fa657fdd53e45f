"""`python -m evaluate --checkpoint`: a real subprocess end to end, and bad input in-process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from evaluate.cli import data_folders, main, set_loader
from evaluate.datasets import DatasetError
from tests.evaluate.conftest import write_pair

REPO = Path(__file__).resolve().parents[2]


def test_cli_writes_json_csv_png_for_folder_and_synthetic_sets(run_dir: Path, data_dir: Path,
                                                               tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "evaluate", "--checkpoint", str(run_dir), "--data",
                           str(data_dir), "--synthetic", "4", "--seed", "2", "--out", str(out)],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    metrics = json.loads((out / "metrics.json").read_text())
    assert {name: values["n"] for name, values in metrics.items()} == {"tiny-set": 3, "synthetic": 4}
    for name in metrics:
        assert (out / f"{name}.csv").is_file() and (out / f"{name}.png").is_file()
    assert "ckpt-00000100.keras (step 100)" in done.stdout and "synthetic" in done.stdout
    assert "tiny-set: 3/3 images" in done.stderr


def test_data_variable_holds_several_folders() -> None:
    assert data_folders([os.pathsep.join(["a", "b"]), "c", ""]) == [Path("a"), Path("b"), Path("c")]


@pytest.mark.parametrize(("checkpoint", "data", "message"), [
    ("missing.keras", "tiny-set", "missing.keras: no such checkpoint file or run directory"),
    ("run", "nowhere", "nowhere: no such data folder"),
])
def test_bad_input_is_one_clear_line(run_dir: Path, data_dir: Path, capsys: pytest.CaptureFixture,
                                     checkpoint: str, data: str, message: str) -> None:
    root = run_dir.parent
    assert main(["--checkpoint", str(root / checkpoint), "--data", str(root / data), "--synthetic", "0"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"error: {root / message}"]


def test_watch_refuses_a_bad_data_folder_at_start(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """Not minutes later, at the first checkpoint: the run directory here has none yet."""
    assert main(["--watch", str(tmp_path / "run"), "--data", str(tmp_path / "nowhere"), "--synthetic", "0",
                 "--poll-seconds", "0.1"]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [f"error: {tmp_path / 'nowhere'}: no such data folder"]


def test_sets_with_one_name_are_refused(data_dir: Path, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere" / data_dir.name
    other.parent.mkdir()
    data_dir.rename(other)
    write_pair(data_dir, "x", 8)
    with pytest.raises(DatasetError, match="two sets share a name"):
        set_loader([data_dir, other], 0, 0)(64)
    with pytest.raises(DatasetError, match="nothing to evaluate on"):
        set_loader([], 0, 0)(64)
