"""What the trainer benchmarks share: the settings that decide a step's speed, the timed training of a fresh UNet
on a dataset, and feeder processes (the ellipse peer, real generators) started and stopped around it."""

from __future__ import annotations

import argparse
import math
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from trainer.quiet import import_tensorflow

tf = import_tensorflow()  # before Keras: as the trainer imports it (oneDNN on, quietly)
import keras  # noqa: E402

from trainer import precision  # noqa: E402
from trainer.config import IMAGE_SIZE, build_parser  # noqa: E402
from trainer.dataset import training_pipeline  # noqa: E402
from trainer.optimization import compile_model  # noqa: E402
from trainer.unet import build_unet  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
EPHEMERAL = "tcp://127.0.0.1:*"
TRAINER_DEFAULTS = build_parser().parse_args([])  # the CLI's defaults, defined once there


@dataclass(frozen=True)
class Setting:
    """What decides a training step's speed."""

    precision: str
    batch_size: int
    loss: str
    optimizer: str
    lr: float
    xla: str
    augment: bool
    dilated: bool

    def __str__(self) -> str:
        return (f"{self.precision}, batch {self.batch_size}, {self.loss} loss, {self.optimizer}, "
                f"xla {self.xla}, augment {'on' if self.augment else 'off'}, dilated {'on' if self.dilated else 'off'}")


OLD = Setting("float32", 8, "seed", "rmsprop", 1e-4, "off", True, False)  # the trainer's defaults before this benchmark
NEW = Setting(precision.resolve(TRAINER_DEFAULTS.precision), TRAINER_DEFAULTS.batch_size, TRAINER_DEFAULTS.loss,
              TRAINER_DEFAULTS.optimizer, TRAINER_DEFAULTS.lr, TRAINER_DEFAULTS.xla, TRAINER_DEFAULTS.augment,
              TRAINER_DEFAULTS.dilated)


class Timer(keras.callbacks.Callback):
    """Wall time of the steps after the first `warmup` (graph building and buffer filling excluded); `on_start` is
    called when the timed steps begin."""

    def __init__(self, warmup: int, on_start: Callable[[], object] | None = None):
        super().__init__()
        self.warmup, self.start, self.end, self.on_start = warmup, 0.0, 0.0, on_start

    def on_train_batch_end(self, batch, logs=None) -> None:
        if batch + 1 == self.warmup:
            self.start = time.perf_counter()
            if self.on_start is not None:
                self.on_start()
        self.end = time.perf_counter()


def images_per_s(pairs: tf.data.Dataset, setting: Setting, args: argparse.Namespace,
                 on_start: Callable[[], object] | None = None) -> float:
    """Train a fresh model on `pairs` for warmup steps, then for about --images images (`on_start` called as they
    begin); the timed rate."""
    keras.utils.set_random_seed(0)
    with precision.global_policy(setting.precision):
        model = build_unet(args.width, IMAGE_SIZE, dilated=setting.dilated)
    compile_model(model, lr=setting.lr, optimizer=setting.optimizer, loss=setting.loss, jit=setting.xla)
    steps = math.ceil(args.images / setting.batch_size)
    timer = Timer(args.warmup, on_start)
    model.fit(pipeline(pairs, setting), steps_per_epoch=args.warmup + steps, epochs=1, shuffle=False,
              callbacks=[timer], verbose=0)
    return steps * setting.batch_size / (timer.end - timer.start)


def pipeline(pairs: tf.data.Dataset, setting: Setting) -> tf.data.Dataset:
    return training_pipeline(pairs, batch_size=setting.batch_size, shuffle_buffer=TRAINER_DEFAULTS.shuffle_buffer,
                             augment=setting.augment, seed=0)


def start(command: list[str]) -> subprocess.Popen:
    """A feeder process; its stderr goes to a file (a pipe nobody reads would stall a chatty one)."""
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=tempfile.TemporaryFile())


def last_error(process: subprocess.Popen) -> str:
    """The last stderr line of a process that exited."""
    process.stderr.seek(0)
    lines = process.stderr.read().decode(errors="replace").strip().splitlines()
    return lines[-1] if lines else f"exit status {process.returncode}, no output"


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        process.wait(timeout=30)


