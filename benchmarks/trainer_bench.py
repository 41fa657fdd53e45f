"""Trainer throughput, in one run: images/s at the old defaults (float32, batch 8, the seed's loss and RMSprop)
and at the new ones (precision chosen for this machine, batch, loss, optimizer), and their ratio; optionally a
sweep of precisions and batch sizes; then the live stream vs the same pairs held in memory at the new defaults.
Real generators feeding the trainer: `benchmarks.scale_bench`.

Pairs come from the ellipse peer (`benchmarks.peer`) in a separate process (cheap to produce, so the figures
measure training and the input pipeline, not rendering); the in-memory parts train on pairs drained from that
same stream. Targets: new / old >= 1.5, live / memory >= 0.9. Run it on a quiet machine; tiny counts only
smoke-test it.

    .venv/bin/python -m benchmarks.trainer_bench [--images 1600] [--warmup 20] [--sweep]
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace

from trainer.quiet import import_tensorflow

tf = import_tensorflow()  # before Keras: as the trainer imports it (oneDNN on, quietly)
import numpy as np  # noqa: E402

from benchmarks.training import (  # noqa: E402
    EPHEMERAL,
    NEW,
    OLD,
    images_per_s,
    last_error,
    start,
    stop,
)
from trainer.config import DEFAULT_WIDTH, IMAGE_SIZE  # noqa: E402
from trainer.dataset import pair_dataset  # noqa: E402
from trainer.receiver import Receiver  # noqa: E402

HELD_PAIRS = 2048  # pairs drained into memory, repeated (a few shuffled passes are enough for timing)
SWEEP_BATCHES = (8, 16, 32)


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
          f"{100 * bound:.0f}%), ratio {live / memory_rate:.3f} (target >= 0.9)", flush=True)


def from_peer(args: argparse.Namespace) -> None:
    """Everything fed by the ellipse peer: old vs new, the sweep, live vs memory."""
    receiver = Receiver(EPHEMERAL, IMAGE_SIZE)
    peer = start([sys.executable, "-m", "benchmarks.peer", "--connect", receiver.address, "--pairs", "6"])
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
    args = parser.parse_args()
    from_peer(args)


if __name__ == "__main__":
    main()
