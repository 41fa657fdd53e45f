"""`python -m evaluate` as honcho stops it: SIGTERM wherever it lands exits 0, with no traceback and no
generator of the synthetic set left running."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.e2e.processes import python_module, quiet_env
from tests.evaluate.conftest import save_checkpoint
from tests.loopback import wait_until

HANG_GUARD_S = 240  # only stops a broken evaluator from hanging the suite; nothing here is timed


def children(pid: int) -> list[int]:
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


@pytest.mark.parametrize("moment", [None, r"pushing to", r" -> "],
                         ids=["in-tensorflow-import", "while-the-synthetic-set-renders", "between-evaluations"])
def test_sigterm_anywhere_exits_zero_and_stops_its_generator(tmp_path: Path, run_dir: Path, data_dir: Path,
                                                             moment: str | None) -> None:
    for step in (200, 300):  # evaluations go on after the first one
        save_checkpoint(run_dir, step)
    process = python_module("evaluate", "--watch", str(run_dir), "--data", str(data_dir), "--synthetic", "8",
                            "--poll-seconds", "0.2", log=tmp_path / "evaluate.log", env=quiet_env())
    try:
        if moment is None:
            time.sleep(0.5)
        else:
            process.wait_for(moment, HANG_GUARD_S)
        started = children(process.pid)
        code = process.stop(timeout=60)
    finally:
        if process.popen.poll() is None:
            process.kill()
    output = process.output()
    assert code == 0 and "Traceback" not in output, output
    if moment is not None:
        assert "evaluate: stopped" in output, output
    if moment == r"pushing to":
        assert started, "no generator was running when the signal was sent"
    wait_until(lambda: not any(Path(f"/proc/{child}").exists() for child in started), 30,
               f"children {started} outlived the evaluator")
