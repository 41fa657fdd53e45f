"""Generators that fill a machine: for 1, 2, 4, ... real generators (`python -m generator`) feeding one trainer at its
defaults, the images/s trained, the pairs/s the generators delivered, the trainer's input-bound share (the time its
input waited on the stream) and, where `nvidia-smi` answers, the GPU's mean utilisation while it trained.

The trainer is the benchmarks' in-process one (`benchmarks.training`: a fresh UNet at the trainer's defaults, on
the GPU where TensorFlow finds one), fed by the live stream through the trainer's own receiver and pipeline.

    .venv/bin/python -m benchmarks.scale_bench [--generators 1 2 4] [--images 6400] [--device cpu|cuda|optix|auto]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import threading
import time

from benchmarks.training import EPHEMERAL, NEW, images_per_s, last_error, start, stop
from generator.devices import DEFAULT_DEVICE, DEVICES
from trainer.config import DEFAULT_WIDTH, IMAGE_SIZE
from trainer.dataset import pair_dataset
from trainer.receiver import Receiver

SAMPLE_GPU_S = 1.0


class GpuUtilisation(threading.Thread):
    """Samples `nvidia-smi`'s utilisation of every GPU each second until stopped; `mean` is None without one."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.samples: list[float] = []
        self.done = threading.Event()
        self.start()

    def run(self) -> None:
        while not self.done.wait(SAMPLE_GPU_S):
            try:
                out = subprocess.run(["nvidia-smi", "--query-gpu=utilization.gpu", "--format=csv,noheader,nounits"],
                                     capture_output=True, text=True, timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                return
            if out.returncode != 0:
                return
            self.samples += [float(value) for value in out.stdout.split()]

    def mean(self) -> float | None:
        self.done.set()
        self.join()
        return statistics.fmean(self.samples) if self.samples else None


def measure(count: int, args: argparse.Namespace) -> str:
    """One row: `count` generators feeding a trainer for --images images."""
    receiver = Receiver(EPHEMERAL, IMAGE_SIZE)
    generators = [start([sys.executable, "-m", "generator", "--connect", receiver.address, "--seed", str(seed),
                         "--id", f"bench-{seed}", "--device", args.device]) for seed in range(count)]
    try:
        time.sleep(1)
        failed = [g for g in generators if g.poll() is not None]
        if failed:
            return f"{count:>10}  skipped: `python -m generator` exited: {last_error(failed[0])}"
        gpu = GpuUtilisation()
        # the receiver's period restarts with the timed steps: the shuffle buffer's first fill is not input-bound
        rate = images_per_s(pair_dataset(receiver.pairs, IMAGE_SIZE), NEW, args, receiver.take_period)
        utilisation = gpu.mean()
        period = receiver.take_period()
        produced = sum(period.pairs.values()) / period.seconds
        shown = "-" if utilisation is None else f"{utilisation:.0f}%"
        return f"{count:>10}  {rate:>10.1f}  {produced:>12.1f}  {100 * period.input_bound:>11.0f}%  {shown:>8}"
    finally:
        stop(generators)
        receiver.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--generators", type=int, nargs="+", default=[1, 2, 4], help="generator counts to measure")
    parser.add_argument("--images", type=int, default=6400, help="timed images per measurement")
    parser.add_argument("--warmup", type=int, default=20, help="untimed steps first (graph building)")
    parser.add_argument("--width", type=int, default=DEFAULT_WIDTH, help="UNet width (default: the trainer's)")
    parser.add_argument("--device", choices=DEVICES, default=DEFAULT_DEVICE, help="the generators' --device")
    args = parser.parse_args()
    print(f"trainer: {NEW}; generators render on: {args.device}", flush=True)
    print(f"{'generators':>10}  {'img/s':>10}  {'pairs/s in':>12}  {'input-bound':>12}  {'GPU':>8}", flush=True)
    for count in args.generators:
        print(measure(count, args), flush=True)


if __name__ == "__main__":
    main()
