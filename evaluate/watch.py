"""Watch a run directory and evaluate every new complete checkpoint exactly once, across restarts too."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from evaluate import history
from evaluate.datasets import Dataset
from evaluate.evaluation import default_out_dir, evaluate, input_size
from trainer.checkpoints import CheckpointError, list_checkpoints, load_model, step_of

log = logging.getLogger(__name__)


def evaluate_and_record(run_dir: Path, checkpoint: Path, load_sets: Callable[[int], list[Dataset]]) -> bool:
    """Evaluate one checkpoint into history.csv/png; False (with a line) when it cannot be loaded."""
    started = time.monotonic()
    try:
        model = load_model(checkpoint)
    except CheckpointError as error:
        # the trainer may have deleted it (--keep) between listing and loading
        log.warning("skipped %s", error)
        return False
    results = evaluate(checkpoint, model, load_sets(input_size(model)), default_out_dir(checkpoint))
    history.append(run_dir, step_of(checkpoint), checkpoint.name, results)
    log.info("evaluated in %.1f s; history: %s", time.monotonic() - started, history.plot(run_dir))
    return True


def watch(run_dir: str | Path, load_sets: Callable[[int], list[Dataset]], poll_seconds: float,
          max_evaluations: int = 0, stop: threading.Event | None = None) -> int:
    """Evaluate checkpoints oldest first as they appear until `max_evaluations` (0: forever) or `stop`.

    Only complete checkpoints are listed (the trainer renames finished files into place); history.csv says
    which were done before a restart. Returns how many were evaluated.
    """
    run_dir = Path(run_dir)
    stop = stop or threading.Event()
    seen = history.evaluated(run_dir)
    log.info("watching %s every %.0f s (%d checkpoints evaluated before)", run_dir, poll_seconds, len(seen))
    count = 0
    while not stop.is_set():
        for checkpoint in list_checkpoints(run_dir):
            if checkpoint.name in seen:
                continue
            seen.add(checkpoint.name)  # a broken file is reported once, not every poll
            count += evaluate_and_record(run_dir, checkpoint, load_sets)
            if count == max_evaluations or stop.is_set():
                return count
        stop.wait(poll_seconds)
    return count
