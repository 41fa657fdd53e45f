"""`python -m trainer` as a process: its --help, and SIGTERM mid-run saves a checkpoint and exits 0."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from trainer import checkpoints
from trainer.config import DEFAULT_RUN_DIR, build_parser

ROOT = Path(__file__).resolve().parents[2]


def test_help_names_every_flag_with_its_environment_variable_and_default() -> None:
    text = build_parser().format_help()
    for flag, env in [("--bind", "TRAINER_BIND"), ("--run-dir", "RUN_DIR"), ("--width", "TRAINER_WIDTH"),
                      ("--shuffle-buffer", "TRAINER_SHUFFLE_BUFFER"), ("--curve-keys", "TRAINER_CURVE_KEYS"),
                      ("--precision", "TRAINER_PRECISION"), ("--loss", "TRAINER_LOSS"),
                      ("--optimizer", "TRAINER_OPTIMIZER"), ("--lr-schedule", "TRAINER_LR_SCHEDULE"),
                      ("--lr-warmup-steps", "TRAINER_LR_WARMUP_STEPS"), ("--lr-floor", "TRAINER_LR_FLOOR"),
                      ("--xla", "TRAINER_XLA")]:
        assert flag in text and env in text
    assert DEFAULT_RUN_DIR in text


@pytest.mark.parametrize("delay", [0.5, 2.5])
def test_sigterm_while_starting_up_exits_zero_without_a_traceback(tmp_path, delay: float) -> None:
    """Whether it lands in TensorFlow's import, the model build or the first step, a stop is a clean exit."""
    process = subprocess.Popen([sys.executable, "-m", "trainer", "--bind", "tcp://127.0.0.1:*", "--run-dir",
                                str(tmp_path / "run")], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    time.sleep(delay)
    process.send_signal(signal.SIGTERM)
    output, _ = process.communicate(timeout=120)
    assert process.returncode == 0 and "Traceback" not in output, output


@pytest.mark.parametrize("delay", [0.0, 0.3, 1.0])
def test_sigterm_just_after_it_starts_listening_exits_zero_promptly(tmp_path, delay: float) -> None:
    """Before training's own handlers, while the input pipeline is built, or at the first (starved) step."""
    process = subprocess.Popen([sys.executable, "-m", "trainer", "--bind", "tcp://127.0.0.1:*", "--run-dir",
                                str(tmp_path / "run")], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    try:
        for line in iter(process.stdout.readline, ""):
            if "listening on" in line:
                break
        time.sleep(delay)
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 0 and "Traceback" not in output, output


def test_environment_configures_and_bad_values_fail_in_one_line(monkeypatch) -> None:
    monkeypatch.setenv("TRAINER_WIDTH", "6")
    assert build_parser().parse_args([]).augment is False  # the seed's augmentation is off by default
    monkeypatch.setenv("TRAINER_AUGMENT", "true")
    args = build_parser().parse_args([])
    assert args.width == 6 and args.augment is True
    done = subprocess.run([sys.executable, "-m", "trainer", "--batch-size", "0"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "--batch-size must be at least 1" in done.stderr.splitlines()[-1]


def test_sigterm_on_a_starved_stream_saves_every_completed_step_and_exits_zero(tmp_path, free_address,
                                                                               start_peer) -> None:
    run_dir = tmp_path / "run"
    # no image grid: it would hold out the first 16 pairs, and every pair here counts
    env = {**os.environ, "TRAINER_WIDTH": "4", "TRAINER_BATCH_SIZE": "4", "TRAINER_LOG_EVERY_STEPS": "5",
           "TRAINER_SAVE_EVERY_STEPS": "0", "TRAINER_SAVE_EVERY_SECONDS": "0", "TRAINER_SHUFFLE_BUFFER": "1",
           "TRAINER_IMAGE_EVERY_STEPS": "0"}
    process = subprocess.Popen([sys.executable, "-m", "trainer", "--bind", free_address, "--run-dir",
                                str(run_dir)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    try:
        for line in iter(process.stdout.readline, ""):
            if "listening on" in line:
                break
        else:
            raise AssertionError("the trainer exited before listening")
        # a peer that finished before the trainer bound would lose its queued messages when it closes
        # unshuffled, so 80 pairs make exactly 20 steps; the 21st waits, then finds the stream ended
        start_peer(free_address, seed=9, pairs=2, max_samples=40)
        deadline = time.monotonic() + 120
        while "step 20 |" not in read(run_dir / "metrics.csv", "step") and process.poll() is None:
            assert time.monotonic() < deadline, "20 steps not trained within two minutes"
            time.sleep(0.2)
        time.sleep(0.5)  # the trainer now waits inside a step for data that never comes
        assert checkpoints.latest_checkpoint(run_dir) is None  # saving is off until the signal
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 0, output
    assert "SIGTERM" in output and "samples/s" in output
    assert output.count("first step after") == 1  # once, then the periodic lines
    saved = checkpoints.latest_checkpoint(run_dir)
    assert saved is not None and checkpoints.step_of(saved) == 20


def read(path: Path, column: str) -> str:
    """'step N |' for each row of a metrics CSV so far, or '' before it exists."""
    if not path.exists():
        return ""
    with path.open() as file:
        return " ".join(f"step {int(float(row[column]))} |" for row in csv.DictReader(file))
