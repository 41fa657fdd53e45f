"""Trainer throughput, in one run: images/s at the old defaults (float32, batch 8, the seed's loss and RMSprop)
and at the new ones (precision chosen for this machine, batch, loss, optimizer), and their ratio; optionally a
sweep of precisions and batch sizes; then the live stream vs the same pairs held in memory at the new defaults;
then 1 and 2 real generators (`python -m generator`; skipped with a note if it cannot start).

Pairs come from the ellipse test peer in a separate process (cheap to produce, so the figures measure training
and the input pipeline, not rendering); the in-memory parts train on pairs drained from that same stream.
Targets: new / old >= 1.5, live / memory >= 0.95. Run it on a quiet machine; tiny counts only smoke-test it.

    .venv/bin/python -m benchmarks.trainer_bench [--images 1600] [--warmup 20] [--sweep] [--generators 1 2]
"""

from __future__ import annotations

import argparse
import math
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

import keras
import numpy as np
import tensorflow as tf

from trainer import precision
from trainer.config import DEFAULT_WIDTH, IMAGE_SIZE, build_parser
from trainer.dataset import pair_dataset, training_pipeline
from trainer.optimization import compile_model
from trainer.receiver import Receiver
from trainer.unet import build_unet

ROOT = Path(__file__).resolve().parents[1]
EPHEMERAL = "tcp://127.0.0.1:*"
TRAINER_DEFAULTS = build_parser().parse_args([])  # the CLI's defaults, defined once there
HELD_PAIRS = 2048  # pairs drained into memory, repeated (a few shuffled passes are enough for timing)
SWEEP_BATCHES = (8, 16, 32)


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
    """Wall time of the steps after the first `warmup` (graph building and buffer filling excluded)."""

    def __init__(self, warmup: int):
        super().__init__()
        self.warmup, self.start, self.end = warmup, 0.0, 0.0

    def on_train_batch_end(self, batch, logs=None) -> None:
        if batch + 1 == self.warmup:
            self.start = time.perf_counter()
        self.end = time.perf_counter()


def images_per_s(pairs: tf.data.Dataset, setting: Setting, args: argparse.Namespace) -> float:
    """Train a fresh model on `pairs` for warmup steps, then for about --images images; the timed rate."""
    keras.utils.set_random_seed(0)
    with precision.global_policy(setting.precision):
        model = build_unet(args.width, IMAGE_SIZE, dilated=setting.dilated)
    compile_model(model, lr=setting.lr, optimizer=setting.optimizer, loss=setting.loss, jit=setting.xla)
    steps = math.ceil(args.images / setting.batch_size)
    timer = Timer(args.warmup)
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


def in_memory(receiver: Receiver) -> tf.data.Dataset:
    """HELD_PAIRS pairs of the stream, repeated endlessly."""
    held = [pair for _, pair in zip(range(HELD_PAIRS), receiver.pairs(), strict=False)]
    images = np.stack([image for image, _ in held])
    alphas = np.stack([alpha for _, alpha in held])
    return tf.data.Dataset.from_tensor_slices((images, alphas)).repeat()


def report(label: str, rate: float) -> float:
    print(f"  {label}: {rate:.1f} img/s", flush=True)
    return rate


def old_vs_new(memory: tf.data.Dataset, args: argparse.Namespace) -> None:
    """Both defaults on the same pairs, alternately --repeats times, so a busy moment hits both alike."""
    print(f"width {args.width}, in memory, old defaults ({OLD}) vs new ({NEW}):", flush=True)
    old, new = [], []
    for _ in range(args.repeats):
        old.append(report("old", images_per_s(memory, OLD, args)))
        new.append(report("new", images_per_s(memory, NEW, args)))
    print(f"old {np.median(old):.1f} img/s, new {np.median(new):.1f} img/s (medians): "
          f"ratio {np.median(new) / np.median(old):.2f} (target >= 1.5)", flush=True)


def sweep(memory: tf.data.Dataset, args: argparse.Namespace) -> None:
    """Precision x batch size (x XLA with --sweep-xla), the rest at the new defaults."""
    precisions = dict.fromkeys(("float32", NEW.precision))
    xlas = ("off", "on") if args.sweep_xla else (NEW.xla,)
    print(f"sweep, width {args.width}, in memory, {NEW.loss} loss, {NEW.optimizer}:", flush=True)
    for chosen in precisions:
        for batch_size in SWEEP_BATCHES:
            for xla in xlas:
                setting = replace(NEW, precision=chosen, batch_size=batch_size, xla=xla)
                report(f"{chosen} batch {batch_size} xla {xla}", images_per_s(memory, setting, args))


def live_vs_memory(receiver: Receiver, memory: tf.data.Dataset, args: argparse.Namespace) -> None:
    memory_rate = images_per_s(memory, NEW, args)
    receiver.take_period()
    live = images_per_s(pair_dataset(receiver.pairs, IMAGE_SIZE), NEW, args)
    bound = receiver.take_period().input_bound
    print(f"new defaults: memory {memory_rate:.1f} img/s, live stream {live:.1f} img/s (input-bound "
          f"{100 * bound:.0f}%), ratio {live / memory_rate:.3f} (target >= 0.95)", flush=True)


def from_peer(args: argparse.Namespace) -> None:
    """Everything fed by the ellipse peer: old vs new, the sweep, live vs memory."""
    receiver = Receiver(EPHEMERAL, IMAGE_SIZE)
    peer = start([sys.executable, "-m", "tests.trainer.peer", "--connect", receiver.address, "--pairs", "6"])
    try:
        time.sleep(1)
        if peer.poll() is not None:
            raise SystemExit(f"the test peer exited: {last_error(peer)}")
        memory = in_memory(receiver)
        old_vs_new(memory, args)
        if args.sweep:
            sweep(memory, args)
        if args.live:
            live_vs_memory(receiver, memory, args)
    finally:
        stop([peer])
        receiver.close()


def with_generators(count: int, args: argparse.Namespace) -> None:
    receiver = Receiver(EPHEMERAL, IMAGE_SIZE)
    generators = [start([sys.executable, "-m", "generator", "--connect", receiver.address, "--seed", str(seed),
                         "--id", f"bench-{seed}"]) for seed in range(count)]
    try:
        time.sleep(1)
        failed = [g for g in generators if g.poll() is not None]
        if failed:
            print(f"{count} generator(s): skipped, `python -m generator` exited: {last_error(failed[0])}",
                  flush=True)
            return
        rate = images_per_s(pair_dataset(receiver.pairs, IMAGE_SIZE), NEW, args)
        period = receiver.take_period()
        produced = sum(period.pairs.values()) / period.seconds
        print(f"{count} generator(s), new defaults: {rate:.1f} img/s trained, generators delivered "
              f"{produced:.1f} pairs/s, input-bound {100 * period.input_bound:.0f}%", flush=True)
    finally:
        stop(generators)
        receiver.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--width", type=int, default=DEFAULT_WIDTH, help="UNet width (default: the trainer's)")
    parser.add_argument("--images", type=int, default=1600, help="timed images per measurement")
    parser.add_argument("--warmup", type=int, default=20, help="untimed steps first (graph building)")
    parser.add_argument("--repeats", type=int, default=1, help="old/new measurements, alternating")
    parser.add_argument("--sweep", action="store_true", help="also measure precision x batch size")
    parser.add_argument("--sweep-xla", action="store_true", help="with --sweep: XLA off and on")
    parser.add_argument("--live", action=argparse.BooleanOptionalAction, default=True,
                        help="measure the live stream against memory at the new defaults")
    parser.add_argument("--generators", type=int, nargs="*", default=[1, 2],
                        help="real generator counts to measure (none: skip that part)")
    args = parser.parse_args()
    from_peer(args)
    for count in args.generators:
        with_generators(count, args)


if __name__ == "__main__":
    main()
