"""The product as a user runs it: `./start` (the real Procfile through honcho) on built-in defaults, bounded."""

from __future__ import annotations

import csv
import json
import math
import re
from pathlib import Path

from tests.e2e.processes import REPO, Children, Process, small_run_env_file, user_env
from tests.loopback import wait_until

PROCESSES = ("generator", "trainer", "evaluator", "tensorboard")


def test_procfile_streams_trains_checkpoints_evaluates_and_stops_cleanly(tmp_path: Path, children: Children) -> None:
    run_dir = tmp_path / "run"
    env_file = small_run_env_file(tmp_path, run_dir)
    honcho = children.add(Process([str(REPO / "start"), "--no-colour", "-e", str(env_file)], tmp_path / "honcho.log",
                                  user_env()))
    honcho.wait_for(r"trainer\.1\s+\|.*step", timeout=300)
    wait_until(lambda: (run_dir / "checkpoints" / "latest").is_file(), 300,
               lambda: f"no checkpoint written:\n{honcho.output()[-3000:]}")
    # the evaluator's first table, title and header, in the output a user watches
    honcho.wait_for(r"evaluator\.1\s+\|.*ckpt-\d+\.keras \(step \d+\) -> ", timeout=300)
    honcho.wait_for(r"evaluator\.1\s+\|\s+set\s+n\s+iou", timeout=60)
    wait_until(lambda: any(run_dir.glob("eval/*/metrics.json")), 60,
               lambda: f"the evaluator wrote no metrics.json:\n{honcho.output()[-3000:]}")
    wait_until(lambda: any(run_dir.glob("eval/*/*.png")), 60, "the evaluator wrote no panel PNG")
    honcho.wait_for(r"evaluator\.1\s+\|.*evaluated in [\d.]+ s; history: ", timeout=60)  # how long it took
    honcho.wait_for(r"TensorBoard .* at http://", timeout=60)
    honcho.stop(timeout=60)
    output = honcho.output()
    for name in PROCESSES:
        assert re.search(rf"{name}\.1 stopped \(rc=0\)", output), f"{name} did not exit 0:\n{output[-4000:]}"
    assert re.search(r"generator\.1\s+\|.*pairs/s", output), "no generator progress line"
    metrics = json.loads(next(run_dir.glob("eval/*/metrics.json")).read_text())
    assert metrics["synthetic"]["n"] == 8
    assert all(math.isfinite(value) for value in metrics["synthetic"].values()), metrics  # e.g. no NaN weights
    with (run_dir / "metrics.csv").open() as file:
        losses = [float(row["loss"]) for row in csv.DictReader(file)]
    # the last row may be a stop's partial period of a batch or two: judge the later half, not one row
    assert len(losses) >= 4 and min(losses[len(losses) // 2:]) < losses[0], f"the loss did not fall: {losses}"
    # ./start's output is for people: TensorFlow's C++ start-up notes and TensorBoard's out-of-order write errors
    # stay out of it (user_env leaves TF_CPP_MIN_LOG_LEVEL unset, as a shell does), the project's own lines stay in
    for noise in ("oneDNN", "cpu_feature_guard", "absl::InitializeLog", "updated even though"):
        assert noise not in output, f"{noise!r} reached the output of ./start:\n{output[-4000:]}"
    assert re.search(r"trainer\.1\s+\|.*listening on", output), "the trainer's own log lines are missing"
    assert re.search(r"evaluator\.1\s+\|.*evaluate: watching", output), "the evaluator's own log lines are missing"
