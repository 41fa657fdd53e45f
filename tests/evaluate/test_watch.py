"""Watch mode: a checkpoint written after the watcher started is evaluated exactly once, restarts included."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from evaluate import history
from evaluate.cli import set_loader
from evaluate.watch import evaluate_and_record, watch
from tests.evaluate.conftest import save_checkpoint

REPO = Path(__file__).resolve().parents[2]
HANG_GUARD_S = 240  # only stops a broken watcher from hanging the suite; nothing here is timed


def wait_for(run_dir: Path, checkpoint: str, process: subprocess.Popen) -> None:
    """Until history.csv names `checkpoint` (the watcher must still be running)."""
    deadline = time.monotonic() + HANG_GUARD_S
    while checkpoint not in history.evaluated(run_dir):
        assert process.poll() is None, process.communicate()[1]
        assert time.monotonic() < deadline, f"watcher never evaluated {checkpoint}"
        time.sleep(0.2)


def checkpoints_in_history(run_dir: Path) -> list[str]:
    return [row["checkpoint"] for row in history.read_rows(run_dir)]


def test_watch_evaluates_each_new_checkpoint_once(run_dir: Path, data_dir: Path) -> None:
    (run_dir / "checkpoints" / "tmp-999.keras").write_bytes(b"a checkpoint being written")
    process = subprocess.Popen([sys.executable, "-m", "evaluate", "--watch", str(run_dir), "--data",
                                str(data_dir), "--synthetic", "0", "--poll-seconds", "0.2"],
                               cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(run_dir, "ckpt-00000100.keras", process)
        save_checkpoint(run_dir, 200)
        wait_for(run_dir, "ckpt-00000200.keras", process)
        time.sleep(1.0)  # a few more polls, which must find nothing new
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=60)
    assert checkpoints_in_history(run_dir) == ["ckpt-00000100.keras", "ckpt-00000200.keras"]
    assert "tmp-999" not in stderr and "skipped" not in stderr
    assert (run_dir / "eval" / "history.png").is_file()
    assert (run_dir / "eval" / "ckpt-00000200" / "metrics.json").is_file()

    # a restarted watcher skips what history.csv lists and takes only the new one
    save_checkpoint(run_dir, 300)
    assert watch(run_dir, set_loader([data_dir], 0, 0), 0.05, max_evaluations=1) == 1
    assert checkpoints_in_history(run_dir) == [f"ckpt-00000{s}00.keras" for s in (1, 2, 3)]


def test_unloadable_checkpoint_is_reported_not_fatal(tmp_path: Path, caplog) -> None:
    broken = tmp_path / "checkpoints" / "ckpt-00000400.keras"
    broken.parent.mkdir()
    broken.write_bytes(b"truncated")
    assert not evaluate_and_record(tmp_path, broken, set_loader([], 0, 0))
    assert f"skipped {broken}: cannot load the model" in caplog.text
    assert history.read_rows(tmp_path) == []
