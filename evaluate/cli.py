"""`python -m evaluate`: score a checkpoint (or each new one of a run) on real and synthetic sets."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

import configargparse

from evaluate.datasets import Dataset, DatasetError, check_folder, load_folder
from trainer.config import DEFAULT_RUN_DIR, IMAGE_SIZE
from trainer.quiet import import_tensorflow

DEFAULT_SYNTHETIC = 64
DEFAULT_SEED = 1  # training generators draw seeds from [2**32, 2**63): a small one never collides


def build_parser() -> configargparse.ArgumentParser:
    """The parser; every flag also reads an EVAL_* variable (the watched run directory: RUN_DIR)."""
    p = configargparse.ArgumentParser(
        prog="python -m evaluate", formatter_class=configargparse.ArgumentDefaultsHelpFormatter,
        description="Measure masks of a checkpoint on photo folders and a fixed synthetic set: IoU, Dice "
                    "and the alphamatting.com errors (SAD/1000, MSE*1000, gradient/1000, connectivity/1000).")
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument("--checkpoint", env_var="EVAL_CHECKPOINT",
                      help=".keras checkpoint, or a run directory (its latest checkpoint): evaluated once")
    mode.add_argument("--watch", env_var="EVAL_WATCH", nargs="?", metavar="RUN_DIR",
                      const=os.environ.get("RUN_DIR", DEFAULT_RUN_DIR),
                      help=f"evaluate every new checkpoint of this run once, forever; with no value: "
                           f"$RUN_DIR or {DEFAULT_RUN_DIR}")
    p.add_argument("--data", env_var="EVAL_DATA", action="append", default=[],
                   help=f"folder with images/ and alphas/ (repeatable; the variable takes several "
                        f"separated by '{os.pathsep}')")
    p.add_argument("--synthetic", env_var="EVAL_SYNTHETIC", type=int, default=DEFAULT_SYNTHETIC,
                   help="pairs in the synthetic set rendered by `python -m generator` (0: none)")
    p.add_argument("--seed", env_var="EVAL_SEED", type=int, default=DEFAULT_SEED,
                   help="generator seed of the synthetic set (keep it fixed to compare checkpoints)")
    p.add_argument("--out", env_var="EVAL_OUT", default=None,
                   help="output folder of --checkpoint (default: RUN_DIR/eval/<checkpoint name>/); "
                        "--watch always writes there")
    p.add_argument("--poll-seconds", env_var="EVAL_POLL_SECONDS", type=float, default=30.0,
                   help="how often --watch looks for new checkpoints")
    p.add_argument("--max-evaluations", env_var="EVAL_MAX_EVALUATIONS", type=int, default=0,
                   help="--watch stops after evaluating this many checkpoints (0: never)")
    return p


def data_folders(values: list[str]) -> list[Path]:
    """--data values, each possibly several folders joined by os.pathsep (as EVAL_DATA holds them)."""
    return [Path(part) for value in values for part in value.split(os.pathsep) if part]


def set_loader(folders: list[Path], synthetic: int, seed: int) -> Callable[[int], list[Dataset]]:
    """A function size -> the evaluation sets at that size, loaded once per size."""
    cache: dict[int, list[Dataset]] = {}

    def load(size: int) -> list[Dataset]:
        if size not in cache:
            sets = [load_folder(folder, size) for folder in folders]
            if synthetic:
                from evaluate.synthetic import render_set  # starts Blender: only when asked for

                sets.append(render_set(synthetic, seed, size))
            if not sets:
                raise DatasetError("nothing to evaluate on: give --data DIR or --synthetic N")
            names = [dataset.name for dataset in sets]
            if len(set(names)) < len(names):
                raise DatasetError(f"two sets share a name, their outputs would collide: {', '.join(names)}")
            cache[size] = sets
        return cache[size]

    return load


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s evaluate: %(message)s", datefmt="%H:%M:%S")
    # TensorFlow is imported only after the flags are known to be good: --help and typos stay fast
    import_tensorflow()
    from evaluate.evaluation import default_out_dir, evaluate, input_size
    from evaluate.watch import watch
    from trainer.checkpoints import CheckpointError, load_model, resolve_checkpoint

    folders = data_folders(args.data)
    load_sets = set_loader(folders, args.synthetic, args.seed)
    try:
        for folder in folders:  # a wrong path fails now, not minutes later at the first checkpoint
            check_folder(folder)
        if args.watch:
            # the sets at the trainer's input size now, while the trainer starts: the first checkpoint's
            # evaluation then only predicts
            load_sets(IMAGE_SIZE)
            watch(args.watch, load_sets, args.poll_seconds, args.max_evaluations)
            return 0
        checkpoint = resolve_checkpoint(args.checkpoint)
        model = load_model(checkpoint)
        out = Path(args.out) if args.out else default_out_dir(checkpoint)
        evaluate(checkpoint, model, load_sets(input_size(model)), out)
    except (CheckpointError, DatasetError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0
