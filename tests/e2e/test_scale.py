"""Scaling out: `honcho start -c generator=2` runs two generators with their own seeds, both reach the trainer."""

from __future__ import annotations

import re
from pathlib import Path

from tests.e2e.processes import VENV_BIN, Process, free_address, quiet_env
from tests.e2e.test_procfile import small_run_env


def test_two_generators_with_different_seeds_both_reach_the_trainer(tmp_path: Path) -> None:
    env_file = tmp_path / "test.env"
    env_file.write_text("".join(f"{k}={v}\n" for k, v in small_run_env(tmp_path / "run", free_address()).items()))
    honcho = Process([str(VENV_BIN / "honcho"), "start", "--no-colour", "-e", str(env_file), "-c", "generator=2",
                      "generator", "trainer"], tmp_path / "honcho.log", quiet_env())
    try:
        honcho.wait_for(r"trainer\.1\s+\|.*\| 2 generators:", timeout=240)
    finally:
        honcho.stop(timeout=60)
    output = honcho.output()
    seeds = {int(s) for s in re.findall(r"generator\.\d\s+\|.*seed (\d+)", output)}
    assert len(seeds) == 2, f"expected two different seeds:\n{output[-3000:]}"
    for name in ("generator.1", "generator.2", "trainer.1"):
        assert f"{name} stopped (rc=0)" in output, f"{name} did not exit 0:\n{output[-3000:]}"
