"""The trainer's command line: every flag, its environment variable and its one default."""

from __future__ import annotations

import argparse

import configargparse

import protocol

DEFAULT_RUN_DIR = "runs/default"  # the evaluator's --watch default too
DEFAULT_WIDTH = 16
IMAGE_SIZE = 64


def build_parser() -> configargparse.ArgumentParser:
    """The `python -m trainer` parser; every flag also reads a TRAINER_* (or RUN_DIR) variable."""
    p = configargparse.ArgumentParser(
        prog="python -m trainer", description="Fit the seed UNet continuously from the generators' stream.",
        formatter_class=configargparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--bind", env_var="TRAINER_BIND", default=protocol.DEFAULT_ADDRESS,
                   help="ZeroMQ address the PULL socket binds; generators connect to it")
    p.add_argument("--run-dir", env_var="RUN_DIR", default=DEFAULT_RUN_DIR,
                   help="folder of this run: checkpoints, TensorBoard logs, metrics.csv; reused to resume")
    p.add_argument("--width", env_var="TRAINER_WIDTH", type=int, default=DEFAULT_WIDTH,
                   help="UNet base width (the seed used 128: 34M parameters, ~1.6 img/s on 2 cores)")
    p.add_argument("--batch-size", env_var="TRAINER_BATCH_SIZE", type=int, default=8,
                   help="pairs per training step")
    p.add_argument("--lr", env_var="TRAINER_LR", type=float, default=1e-4,
                   help="RMSprop learning rate of a new run (a resumed run keeps its own)")
    p.add_argument("--max-steps", env_var="TRAINER_MAX_STEPS", type=int, default=0,
                   help="stop after this many steps in total, counting resumed ones (0: never)")
    p.add_argument("--max-minutes", env_var="TRAINER_MAX_MINUTES", type=float, default=0.0,
                   help="stop after this many minutes of this process (0: never)")
    p.add_argument("--save-every-steps", env_var="TRAINER_SAVE_EVERY_STEPS", type=int, default=1000,
                   help="write a checkpoint every N steps (0: off)")
    p.add_argument("--save-every-seconds", env_var="TRAINER_SAVE_EVERY_SECONDS", type=float, default=600.0,
                   help="write a checkpoint at least this often in seconds (0: off)")
    p.add_argument("--keep", env_var="TRAINER_KEEP", type=int, default=5,
                   help="checkpoints kept on disk; older ones are deleted")
    p.add_argument("--shuffle-buffer", env_var="TRAINER_SHUFFLE_BUFFER", type=int, default=512,
                   help="pairs mixed before batching, to mix generators and the composites of one render")
    p.add_argument("--augment", env_var="TRAINER_AUGMENT", action=argparse.BooleanOptionalAction,
                   default=True, help="apply the seed's hue/value shift, move/scale/rotate and flip")
    p.add_argument("--log-every-steps", env_var="TRAINER_LOG_EVERY_STEPS", type=int, default=100,
                   help="steps per progress line, metrics.csv row and TensorBoard point")
    p.add_argument("--image-every-steps", env_var="TRAINER_IMAGE_EVERY_STEPS", type=int, default=1000,
                   help="write an input/target/prediction grid to TensorBoard every N steps (0: off)")
    p.add_argument("--curve-keys", env_var="TRAINER_CURVE_KEYS", default=None,
                   help="folder from `python -m protocol keys` to accept only authorised generators")
    p.add_argument("--seed", env_var="TRAINER_SEED", type=int, default=0,
                   help="seed of weight init, shuffling and augmentation")
    return p
