"""`python -m evaluate` as honcho stops it: SIGTERM wherever it lands exits 0, with no traceback and no
generator of the synthetic set left running."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.evaluate.conftest import save_checkpoint
from tests.loopback import wait_until

REPO = Path(__file__).resolve().parents[2]
HANG_GUARD_S = 240  # only stops a broken evaluator from hanging the suite; nothing here is timed


def children(pid: int) -> list[int]:
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def read_until(process: subprocess.Popen, pattern: str) -> str:
    """Its output up to and including the first line that matches `pattern`."""
    lines = []
    deadline = time.monotonic() + HANG_GUARD_S
    for line in iter(process.stdout.readline, ""):
        lines.append(line)
        if re.search(pattern, line):
            return "".join(lines)
        assert time.monotonic() < deadline, "".join(lines)
    raise AssertionError(f"it exited before printing {pattern!r}:\n{''.join(lines)}")


@pytest.mark.parametrize("moment", [None, r"pushing to", r" -> "],
                         ids=["in-tensorflow-import", "while-the-synthetic-set-renders", "between-evaluations"])
def test_sigterm_anywhere_exits_zero_and_stops_its_generator(run_dir: Path, data_dir: Path,
                                                             moment: str | None) -> None:
    for step in (200, 300):  # evaluations go on after the first one
        save_checkpoint(run_dir, step)
    process = subprocess.Popen([sys.executable, "-m", "evaluate", "--watch", str(run_dir), "--data", str(data_dir),
                                "--synthetic", "8", "--poll-seconds", "0.2"],
                               cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        if moment is None:
            time.sleep(0.5)
            output = ""
        else:
            output = read_until(process, moment)
        started = children(process.pid)
        process.send_signal(signal.SIGTERM)
        output += process.communicate(timeout=60)[0]
    finally:
        process.kill()
    assert process.returncode == 0 and "Traceback" not in output, output
    if moment is not None:
        assert "evaluate: stopped" in output, output
    if moment == r"pushing to":
        assert started, "no generator was running when the signal was sent"
    wait_until(lambda: not any(Path(f"/proc/{child}").exists() for child in started), 30,
               f"children {started} outlived the evaluator")
