"""Keras callbacks of the online trainer: progress lines, atomic checkpoints, image grids, stop conditions."""

from __future__ import annotations

import csv
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

import cv2
import keras
import numpy as np
import tensorflow as tf

from trainer.atomic import replace_bytes
from trainer.checkpoints import save_checkpoint
from trainer.heldout import HeldOut
from trainer.optimization import View, averaged_weights
from trainer.receiver import Period

log = logging.getLogger(__name__)


def global_step(model: keras.Model) -> int:
    """Training steps taken over the whole run, resumed ones included (the optimizer's own counter)."""
    return int(model.optimizer.iterations.numpy())


def format_rates(period: Period) -> str:
    """'gen-a 12.0/s (own 12.3/s), ...' for the generators heard in the period."""
    parts = []
    for name in sorted(set(period.pairs) | set(period.stats)):
        text = f"{name} {period.pairs[name] / max(period.seconds, 1e-9):.1f}/s"
        if name in period.stats:
            text += f" (own {period.stats[name].pairs_per_s:.1f}/s)"
        parts.append(text)
    return ", ".join(parts) or "none"


CSV_COLUMNS = ("time", "step", "loss", "dice", "iou", "alpha_mae", "samples_per_s", "input_bound", "generators",
               "dropped")


class Progress(keras.callbacks.Callback):
    """Each logging period: one progress line, a metrics.csv row, and extra scalars added to the logs.

    Must come before TensorBoard in the callback list: it writes the scalars added here. (Keras' CSVLogger
    is not used: it keys rows by epoch and invents val_ columns for a run without validation.)
    """

    def __init__(self, take_period: Callable[[], Period], batch_size: int, dropped_total: Callable[[], int],
                 csv_path: str | Path):
        super().__init__()
        self.take_period = take_period
        self.csv_path = Path(csv_path)
        self.batch_size = batch_size
        self.dropped_total = dropped_total
        self._steps_at_start = 0
        self._batches = 0  # completed in this period
        self._began: float | None = None  # until the first step of this session

    def on_train_begin(self, logs=None) -> None:
        # the first period includes startup (graph building), so its rate reads low
        self._steps_at_start = global_step(self.model)
        self._began = time.monotonic()

    def on_train_batch_end(self, batch, logs=None) -> None:
        if self._began is not None:
            # until now the trainer waited for the shuffle buffer to fill and built its step: say that it trains
            log.info("first step after %.0f s (the shuffle buffer filled, the step compiled)",
                     time.monotonic() - self._began)
            self._began = None
        self._batches += 1

    def on_epoch_end(self, epoch, logs=None) -> None:
        if self._batches == 0:
            return  # a stop that found the stream empty ends a period in which nothing trained: no line
        self._batches = 0
        logs = logs if logs is not None else {}
        period = self.take_period()
        step = global_step(self.model)
        samples_per_s = (step - self._steps_at_start) * self.batch_size / max(period.seconds, 1e-9)
        self._steps_at_start = step
        logs.update(step=step, samples_per_s=samples_per_s, input_bound=period.input_bound,
                    generators=len(set(period.pairs) | set(period.stats)), dropped=period.dropped)
        log.info("step %d | %.1f samples/s | loss %.4f dice %.4f iou %.4f mae %.4f | input-bound %.0f%% | "
                 "%d generators: %s | dropped %d (total %d)", step, samples_per_s, logs.get("loss", np.nan),
                 logs.get("dice", np.nan), logs.get("iou", np.nan), logs.get("alpha_mae", np.nan),
                 100 * period.input_bound, logs["generators"], format_rates(period), period.dropped,
                 self.dropped_total())
        self.append_row({"time": round(time.time(), 3), **logs})

    def append_row(self, logs: dict) -> None:
        """One row per period; a resumed run appends to the same file."""
        new = not self.csv_path.exists()
        with self.csv_path.open("a", newline="") as file:
            writer = csv.DictWriter(file, CSV_COLUMNS, extrasaction="ignore")
            if new:
                writer.writeheader()
            writer.writerow({key: float(value) if isinstance(value, np.generic) else value
                             for key, value in logs.items()})


class Checkpointer(keras.callbacks.Callback):
    """Atomic `ckpt-STEP.keras` every N steps and/or S seconds, and once more when training ends.

    A new run saves early too, so that the evaluator has something to show within minutes on any CPU: first
    `first_seconds` after its first step, then at twice the interval each time until the interval reaches
    `every_seconds` (60 s: saves at 1, 3, 7 and 15 minutes, then every 10). A resumed run, whose evaluations
    exist, keeps the regular spacing.

    Keras' ModelCheckpoint/BackupAndRestore are not used: neither renames a finished file into place nor
    keeps a `latest` pointer, so a reader could pick up a half-written file.
    """

    def __init__(self, run_dir: str | Path, every_steps: int, every_seconds: float, keep: int,
                 view: View = averaged_weights, first_seconds: float = 0.0):
        super().__init__()
        self.run_dir, self.every_steps, self.every_seconds, self.keep = run_dir, every_steps, every_seconds, keep
        self.view = view  # the weights a checkpoint holds
        self.first_seconds = first_seconds
        self._interval = every_seconds
        self._saved_step = self._steps = 0
        self._saved_at: float | None = None  # the clock starts at the first step (the first batch may wait long)

    def on_train_begin(self, logs=None) -> None:
        self._saved_step = self._steps = global_step(self.model)
        self._saved_at = None
        early = self._saved_step == 0 and 0 < self.first_seconds < self.every_seconds
        self._interval = self.first_seconds if early else self.every_seconds

    def on_train_batch_end(self, batch, logs=None) -> None:
        self._steps += 1
        if self._saved_at is None:
            self._saved_at = time.monotonic()
        step = global_step(self.model)
        due_steps = self.every_steps > 0 and step % self.every_steps == 0
        due_time = self._interval > 0 and time.monotonic() - self._saved_at >= self._interval
        if due_time:
            self._interval = min(2 * self._interval, self.every_seconds)
        if due_steps or due_time:
            self.save(step)

    def on_train_end(self, logs=None) -> None:
        # A step call that found the stream ended (after a stop signal) still bumps the optimizer's counter
        # without training; count only the steps that completed.
        self.model.optimizer.iterations.assign(self._steps)
        step = self._steps
        if step != self._saved_step:
            self.save(step)

    def save(self, step: int) -> None:
        with self.view(self.model):
            path = save_checkpoint(self.model, self.run_dir, step, self.keep)
        self._saved_step, self._saved_at = step, time.monotonic()
        log.info("saved %s", path)


class StepTensorBoard(keras.callbacks.TensorBoard):
    """Keras' TensorBoard callback with each period's scalars at the global step, not the period number, so
    they line up with the image grids and the evaluator's metrics, across resumed runs too."""

    def on_epoch_end(self, epoch, logs=None) -> None:
        super().on_epoch_end(global_step(self.model), logs)


class StopAt(keras.callbacks.Callback):
    """Stops training at a total step count and/or after a wall-clock budget (0 disables either), and once
    `requested` is set: a stop signal can come before fit() has begun, which clears `model.stop_training`, and
    its stream then ends without a step, so fit() would run empty epochs forever. Checked when training begins
    and after every batch and epoch, whichever comes first after the request."""

    def __init__(self, max_steps: int, max_minutes: float, requested: threading.Event | None = None):
        super().__init__()
        self.max_steps, self.max_seconds = max_steps, max_minutes * 60
        self.requested = requested if requested is not None else threading.Event()
        self._start = time.monotonic()

    def on_train_begin(self, logs=None) -> None:
        self._start = time.monotonic()
        self.on_train_batch_end(0)

    def on_train_batch_end(self, batch, logs=None) -> None:
        over_steps = self.max_steps > 0 and global_step(self.model) >= self.max_steps
        over_time = self.max_seconds > 0 and time.monotonic() - self._start >= self.max_seconds
        if over_steps or over_time or self.requested.is_set():
            self.model.stop_training = True

    def on_epoch_end(self, epoch, logs=None) -> None:
        self.on_train_batch_end(0)


def grid(images: np.ndarray, alphas: np.ndarray, predictions: np.ndarray, columns: int = 8) -> np.ndarray:
    """Blocks of `columns` pairs, each three rows (inputs / targets / predictions), as one uint8 RGB picture."""
    def row(batch: np.ndarray) -> np.ndarray:
        batch = np.repeat(batch, 3, axis=-1) if batch.shape[-1] == 1 else batch
        return np.concatenate(list(batch), axis=1)
    blocks = [np.concatenate([row(part[start:start + columns]) for part in (images, alphas, predictions)], axis=0)
              for start in range(0, len(images), columns)]
    if len(blocks) > 1 and blocks[-1].shape != blocks[0].shape:  # pad a short last block with black
        blocks[-1] = np.pad(blocks[-1], ((0, 0), (0, blocks[0].shape[1] - blocks[-1].shape[1]), (0, 0)))
    return (np.clip(np.concatenate(blocks, axis=0), 0, 1) * 255).round().astype(np.uint8)


class ImageGrid(keras.callbacks.Callback):
    """Every N steps, predicts the held-out grid pairs (the same ones all run long, never trained on) and writes
    inputs / targets / predictions to TensorBoard and preview.png; nothing until the set is complete."""

    def __init__(self, held_out: HeldOut, run_dir: str | Path, log_dir: str | Path, every_steps: int,
                 view: View = averaged_weights):
        super().__init__()
        self.held_out, self.every_steps, self.view = held_out, every_steps, view
        self.png = Path(run_dir) / "preview.png"
        self.writer = tf.summary.create_file_writer(str(log_dir))

    def on_train_batch_end(self, batch, logs=None) -> None:
        step = global_step(self.model)
        if step % self.every_steps == 0:
            self.write(step)

    def write(self, step: int) -> None:
        if self.held_out.arrays is None:
            return
        images, alphas = (array.astype(np.float32) / 255 for array in self.held_out.arrays)
        with self.view(self.model):
            picture = grid(images, alphas, self.model.predict_on_batch(images))
        with self.writer.as_default():
            tf.summary.image("inputs_targets_predictions", picture[None], step=step)
        self.writer.flush()
        replace_bytes(self.png, cv2.imencode(".png", cv2.cvtColor(picture, cv2.COLOR_RGB2BGR))[1].tobytes())
