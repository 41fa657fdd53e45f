"""Scaling out: several generators with their own seeds, and generators joining over CURVE as from other hosts."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from protocol import free_address
from tests.e2e.processes import (
    VENV_BIN,
    Children,
    Process,
    quiet_env,
    small_run_env_file,
    start_generator,
    start_trainer,
)


def test_two_generators_with_different_seeds_both_reach_the_trainer(tmp_path: Path, children: Children) -> None:
    env_file = small_run_env_file(tmp_path, tmp_path / "run")
    honcho = children.add(Process([str(VENV_BIN / "honcho"), "start", "--no-colour", "-e", str(env_file), "-c",
                                   "generator=2", "generator", "trainer"], tmp_path / "honcho.log", quiet_env()))
    honcho.wait_for(r"trainer\.1\s+\|.*\| 2 generators:", timeout=240)
    honcho.stop(timeout=60)
    output = honcho.output()
    seeds = {int(s) for s in re.findall(r"generator\.\d\s+\|.*seed (\d+)", output)}
    assert len(seeds) == 2, f"expected two different seeds:\n{output[-3000:]}"
    for name in ("generator.1", "generator.2", "trainer.1"):
        assert f"{name} stopped (rc=0)" in output, f"{name} did not exit 0:\n{output[-3000:]}"


def test_a_generator_joins_a_curve_trainer_only_with_the_keys(tmp_path: Path, children: Children) -> None:
    """The cross-host set-up on loopback: trainer requires CURVE keys; the keyed generator is heard, a plain one not."""
    keys = tmp_path / "keys"
    subprocess.run([sys.executable, "-m", "protocol", "keys", str(keys)], check=True, capture_output=True)
    address = free_address()
    trainer = children.add(start_trainer(tmp_path, address, "trainer.log", "--curve-keys", str(keys)))
    keyed = children.add(start_generator(tmp_path, address, "keyed", 4, "--curve-keys", str(keys)))
    plain = children.add(start_generator(tmp_path, address, "plain", 5))
    trainer.wait_for(r"\| 1 generators: keyed ", timeout=240, count=3)
    exit_codes = {"trainer": trainer.stop(), "keyed": keyed.stop(), "plain": plain.stop()}
    assert "plain" not in trainer.output(), "a generator without the keys was heard"
    assert exit_codes == {"trainer": 0, "keyed": 0, "plain": 0}
