"""Real training over loopback at width 4: learning, garbage tolerance, atomic checkpoints, resume."""

from __future__ import annotations

import csv
import threading
import zipfile

import keras
import numpy as np
import tensorflow as tf

import protocol
from benchmarks.peer import ellipse_sample
from tests.loopback import listening, wait_until
from tests.trainer.conftest import small_run
from tests.trainer.test_losses import batch, disc_with_strands, harden
from trainer import checkpoints, heldout, precision
from trainer.train import train


def rows(run_dir) -> list[dict[str, float]]:
    with (run_dir / "metrics.csv").open() as file:
        return [{key: float(value) for key, value in row.items()} for row in csv.DictReader(file)]


def watch_checkpoints(run_dir, stop: threading.Event, seen: list[str], broken: list[str]) -> None:
    """Whatever a reader can see at any moment must be a complete checkpoint archive."""
    while not stop.is_set():
        paths = checkpoints.list_checkpoints(run_dir)
        latest = checkpoints.latest_checkpoint(run_dir)
        for path in [*paths, latest] if latest else paths:
            try:
                with zipfile.ZipFile(path) as archive:
                    (seen if archive.testzip() is None else broken).append(path.name)
            except FileNotFoundError:  # pruned meanwhile
                pass
            except zipfile.BadZipFile:
                broken.append(path.name)


class GarbagePeer(threading.Thread):
    """Pushes `count` malformed messages as soon as the trainer listens, and keeps its socket open until
    `close`. Connecting only then keeps their delivery inside a short run: once, in a full suite, garbage queued
    before the bind had not arrived by step 40."""

    def __init__(self, address: str, count: int) -> None:
        super().__init__(daemon=True)
        self.address, self.count = address, count
        self.done, self.error = threading.Event(), None
        self.start()

    def run(self) -> None:
        try:
            wait_until(lambda: listening(self.address), 120, "the trainer never listened")
            sock = protocol.connect_push(self.address)
            for _ in range(self.count):
                protocol.send(sock, b"not a message")
            self.done.wait()
            protocol.close(sock)
        except AssertionError as error:
            self.error = error

    def close(self) -> None:
        """Close the socket; raise what went wrong in the thread, if anything."""
        self.done.set()
        self.join()
        if self.error is not None:
            raise self.error


def test_learns_saves_atomically_counts_garbage_and_resumes(tmp_path, free_address, start_peer) -> None:
    run_dir = tmp_path / "run"
    start_peer(free_address, seed=5, pairs=4, generator="ellipses")
    garbage = GarbagePeer(free_address, 5)
    stop_watching, seen, broken = threading.Event(), [], []
    watcher = threading.Thread(target=watch_checkpoints, args=(run_dir, stop_watching, seen, broken), daemon=True)
    watcher.start()
    args = small_run(free_address, run_dir, "--max-steps", "40", "--save-every-steps", "10", "--keep", "2",
                     "--lr", "1e-3", "--no-augment", "--image-every-steps", "20")
    model = train(args)
    stop_watching.set()
    watcher.join()
    garbage.close()

    first = rows(run_dir)
    assert [row["step"] for row in first] == [5, 10, 15, 20, 25, 30, 35, 40]
    assert first[-1]["loss"] < 0.8 * first[0]["loss"] and first[-1]["dice"] > first[0]["dice"]
    assert sum(row["dropped"] for row in first) == 5 and all(row["generators"] == 1 for row in first)
    names = [path.name for path in checkpoints.list_checkpoints(run_dir)]
    assert names == ["ckpt-00000030.keras", "ckpt-00000040.keras"]  # --keep 2
    assert checkpoints.latest_checkpoint(run_dir).name == "ckpt-00000040.keras"
    assert seen and not broken
    assert (run_dir / "preview.png").stat().st_size > 0
    # the grid shows the first 16 pairs received (4 samples of 4), which never trained; a resume keeps them
    grid_pairs = [pair for seq in range(4) for pair in ellipse_sample(5, seq, 4, "ellipses").pairs]
    held_images, held_alphas = heldout.load(run_dir / heldout.GRID_FILE)
    np.testing.assert_array_equal(held_images, np.stack([pair.image for pair in grid_pairs]))
    np.testing.assert_array_equal(held_alphas[..., 0], np.stack([pair.alpha for pair in grid_pairs]))
    grid_file = (run_dir / heldout.GRID_FILE).stat()
    # one event file per folder and writer: Keras' scalars in train/, the image grids in images/
    assert len(list((run_dir / "logs" / "train").glob("events.out.tfevents.*"))) == 1
    assert tags(run_dir / "logs" / "images") == {"inputs_targets_predictions"}

    saved = keras.models.load_model(checkpoints.latest_checkpoint(run_dir))
    assert int(saved.optimizer.iterations.numpy()) == 40
    assert float(saved.optimizer.learning_rate.numpy()) == float(model.optimizer.learning_rate.numpy())
    # a fresh checkpoint's loss is lowest where the prediction is a soft target (hair, strands), not a harder one
    target = batch(disc_with_strands())
    for shift, towards in [(0.02, 0.0), (0.02, 1.0), (0.1, 0.0), (0.1, 1.0)]:
        assert float(saved.loss(target, target)[0]) < float(saved.loss(target, harden(target, shift, towards))[0])

    resumed = train(small_run(free_address, run_dir, "--max-steps", "50", "--save-every-steps", "0",
                              "--lr", "0.5", "--image-every-steps", "5"))
    assert int(resumed.optimizer.iterations.numpy()) == 50
    assert precision.precision_of(resumed) == precision.resolve("auto")  # the run's, bfloat16 where native
    assert abs(float(resumed.optimizer.learning_rate.numpy()) - 1e-3) < 1e-9  # the run's, not --lr
    assert [row["step"] for row in rows(run_dir)][len(first):] == [45, 50]
    assert checkpoints.latest_checkpoint(run_dir).name == "ckpt-00000050.keras"  # saved at the end
    assert (run_dir / heldout.GRID_FILE).stat().st_mtime_ns == grid_file.st_mtime_ns

    finished = train(small_run(free_address, run_dir, "--max-steps", "50", "--image-every-steps", "0"))
    assert int(finished.optimizer.iterations.numpy()) == 50, "a run at its --max-steps trained further"
    assert checkpoints.latest_checkpoint(run_dir).name == "ckpt-00000050.keras"

    # TensorBoard's scalars sit at the global step, across the resume, like the image grids and the evaluator.
    assert scalar_steps(run_dir, "epoch_loss") == [5, 10, 15, 20, 25, 30, 35, 40, 45, 50]


def tags(log_dir) -> set[str]:
    """Summary tags in a folder's event files."""
    return {value.tag for path in log_dir.glob("events.out.tfevents.*")
            for event in tf.compat.v1.train.summary_iterator(str(path)) for value in event.summary.value}


def scalar_steps(run_dir, tag: str) -> list[int]:
    """Steps at which the training event files hold scalar `tag`."""
    steps = []
    for path in sorted((run_dir / "logs" / "train").glob("events.out.tfevents.*")):
        for event in tf.compat.v1.train.summary_iterator(str(path)):
            steps += [event.step for value in event.summary.value if value.tag == tag]
    return sorted(steps)
