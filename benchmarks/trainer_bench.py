"""Trainer throughput: images/s trained from the live stream vs the same pairs held in memory, in one run,
then from 1 and 2 real generators (`python -m generator`; skipped with a note if it cannot start).

The stream part is fed by the ellipse test peer in a separate process (cheap to produce, so the figure
measures the input pipeline, not rendering); the in-memory part trains on pairs drained from that same
stream. Target: live / memory >= 0.95. Run it on a quiet machine; tiny counts only smoke-test it.

    .venv/bin/python -m benchmarks.trainer_bench [--steps 200] [--warmup 20] [--generators 1 2]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import keras
import numpy as np
import tensorflow as tf

from trainer.config import DEFAULT_WIDTH, IMAGE_SIZE, build_parser
from trainer.dataset import pair_dataset, training_pipeline
from trainer.losses import compile_model
from trainer.receiver import Receiver
from trainer.unet import build_unet

ROOT = Path(__file__).resolve().parents[1]
EPHEMERAL = "tcp://127.0.0.1:*"
TRAINER_DEFAULTS = build_parser().parse_args([])  # the CLI's defaults, defined once there


class Timer(keras.callbacks.Callback):
    """Wall time of the steps after the first `warmup` (graph building and buffer filling excluded)."""

    def __init__(self, warmup: int):
        super().__init__()
        self.warmup, self.start, self.end = warmup, 0.0, 0.0

    def on_train_batch_end(self, batch, logs=None) -> None:
        if batch + 1 == self.warmup:
            self.start = time.perf_counter()
        self.end = time.perf_counter()


def images_per_s(dataset: tf.data.Dataset, args: argparse.Namespace) -> float:
    """Train a fresh model on `dataset` for warmup + steps and return the timed rate."""
    keras.utils.set_random_seed(0)
    model = build_unet(args.width, IMAGE_SIZE)
    compile_model(model, TRAINER_DEFAULTS.lr)
    timer = Timer(args.warmup)
    model.fit(dataset, steps_per_epoch=args.warmup + args.steps, epochs=1, shuffle=False, callbacks=[timer],
              verbose=0)
    return args.steps * args.batch_size / (timer.end - timer.start)


def pipeline(pairs: tf.data.Dataset, args: argparse.Namespace) -> tf.data.Dataset:
    return training_pipeline(pairs, batch_size=args.batch_size, shuffle_buffer=TRAINER_DEFAULTS.shuffle_buffer,
                             augment=True, seed=0)


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


def live_vs_memory(args: argparse.Namespace) -> None:
    receiver = Receiver(EPHEMERAL, IMAGE_SIZE)
    peer = start([sys.executable, "-m", "tests.trainer.peer", "--connect", receiver.address, "--pairs", "6"])
    try:
        time.sleep(1)
        if peer.poll() is not None:
            raise SystemExit(f"the test peer exited: {last_error(peer)}")
        count = (args.warmup + args.steps) * args.batch_size
        held = list(zip(range(count), receiver.pairs(), strict=False))
        images = np.stack([image for _, (image, _) in held])
        alphas = np.stack([alpha for _, (_, alpha) in held])
        memory = images_per_s(pipeline(tf.data.Dataset.from_tensor_slices((images, alphas)).repeat(), args), args)
        receiver.take_period()
        live = images_per_s(pipeline(pair_dataset(receiver.pairs, IMAGE_SIZE), args), args)
        bound = receiver.take_period().input_bound
    finally:
        stop([peer])
        receiver.close()
    print(f"width {args.width} batch {args.batch_size}: memory {memory:.1f} img/s, live stream {live:.1f} img/s "
          f"(input-bound {100 * bound:.0f}%), ratio {live / memory:.3f} (target >= 0.95)", flush=True)


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
        rate = images_per_s(pipeline(pair_dataset(receiver.pairs, IMAGE_SIZE), args), args)
        period = receiver.take_period()
        produced = sum(period.pairs.values()) / period.seconds
        print(f"{count} generator(s): {rate:.1f} img/s trained, generators delivered {produced:.1f} pairs/s, "
              f"input-bound {100 * period.input_bound:.0f}%", flush=True)
    finally:
        stop(generators)
        receiver.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--width", type=int, default=DEFAULT_WIDTH, help="UNet width (default: the trainer's)")
    parser.add_argument("--batch-size", type=int, default=TRAINER_DEFAULTS.batch_size, help="pairs per step")
    parser.add_argument("--steps", type=int, default=200, help="timed steps per measurement")
    parser.add_argument("--warmup", type=int, default=20, help="untimed steps first (graph building)")
    parser.add_argument("--generators", type=int, nargs="*", default=[1, 2],
                        help="real generator counts to measure (none: skip that part)")
    args = parser.parse_args()
    live_vs_memory(args)
    for count in args.generators:
        with_generators(count, args)


if __name__ == "__main__":
    main()
