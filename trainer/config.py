"""The trainer's command line: every flag, its environment variable and its one default."""

from __future__ import annotations

import argparse

import configargparse

import protocol
from trainer import precision

DEFAULT_RUN_DIR = "runs/default"  # the evaluator's --watch default too
# chosen by transfer after 30 minutes on two cores: width 24 and 32 train fewer steps (32: 3,045 against 5,688) and
# transferred no better (docs/experiments.md, *Width 16*)
DEFAULT_WIDTH = 16
CONTEXT = False
# At 30 minutes (seed 1, about 4,300 steps each, with the seed's loss) a dilated centre raised portraits-dev at all five
# checkpoints (the last from 0.637 to 0.651); ecssd-dev held (0.585 and 0.587)
DILATED = True
IMAGE_SIZE = 64
GRID_PAIRS = 16  # the held-out pairs of the image grid
# Measured on a 2-core CPU with bfloat16 (docs/benchmarks.md, trainer_bench): batch 32 trains 1.5x the images per
# second of batch 8, and at equal minutes reached a lower training error; Adam lowered it faster than the seed's
# RMSprop at 1e-4.
BATCH_SIZE = 32
OPTIMIZER = "adam"
LR = 7e-4
EMA = 0.995
# A slow average of the whole model over about this many steps is what checkpoints hold (trainer/averaging.py)
AVERAGE_STEPS = 1000
# Pairs mixed before batching: 128 renders' worth at the generator's 32 pairs a render, so that a step's gradient
# comes from pairs of many scenes. At 30 minutes 4,096 raised ecssd-dev's last checkpoint over 1,024 with both seeds
# tried (0.645 -> 0.652, 0.638 -> 0.647), portraits-dev level over the two (docs/experiments.md, *A larger shuffle
# buffer*); it costs 64 MB, and the first step comes about 10 s later (the buffer fills first)
SHUFFLE_BUFFER = 4096
# Names only: the modules behind them import TensorFlow, which this parser (also the evaluator's) must not.
LOSSES = ("bce_l1", "bce_l1_dice", "seed")  # trainer.losses.LOSSES
# Soft mattes by default: BCE + L1 is lowest where the prediction equals a soft target (hair, blur, glass), and
# 1 - Dice over the solid pixels only keeps Dice's pull on the whole subject. At 3,000 steps (seed 1) against the
# seed's BCE + Dice over every pixel: ecssd-dev 0.606 against 0.619 and portraits-dev 0.755 against 0.754 at the
# last checkpoint, within a seed's noise, SAD lower on both (0.52 against 0.57, 0.76 against 0.80). Crisp masks
# come from the threshold, not the loss (docs/experiments.md, *Soft mattes by default*)
LOSS = "bce_l1_dice"
# The seed's augmentation off: its hue shift of up to 100 degrees turned skin green and blue, and the rotation's
# bilinear resampling softened every image, where the generator already draws white balance, exposure, roll and
# framing per pair. At 30 minutes without it portraits-dev rose from 0.565 to 0.607 mean IoU, ecssd-dev fell from
# 0.537 to 0.514 (0.551 to 0.561 over both)
AUGMENT = False
OPTIMIZERS = ("adam", "rmsprop")  # trainer.optimization.OPTIMIZERS
SCHEDULES = ("constant", "warmup-rsqrt")  # trainer.optimization.learning_rate
XLA = ("auto", "on", "off")  # trainer.optimization.JIT_CHOICES
# On a 2-core AMD EPYC with AVX2 the first periodic checkpoint came after 600 s (137 steps in 4 minutes): a newcomer
# waited 10 minutes for the evaluator's first table. One a minute after the first step, then spaced out.
FIRST_SAVE_SECONDS = 60.0


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
    p.add_argument("--context", env_var="TRAINER_CONTEXT", action=argparse.BooleanOptionalAction, default=CONTEXT,
                   help="add an image-level context to the UNet's centre (its average over the whole image) in a new "
                        "run; off: the seed's UNet")
    p.add_argument("--dilated", env_var="TRAINER_DILATED", action=argparse.BooleanOptionalAction, default=DILATED,
                   help="dilate the two convolutions at the UNet's centre (rates 2 and 4) in a new run: the same "
                        "parameters and cost, a receptive field of 172 px instead of 108, wider than the 64 px image; "
                        "off: the seed's UNet")
    p.add_argument("--init", env_var="TRAINER_INIT", default=None,
                   help="a new run starts from this checkpoint's weights instead of random ones: a .keras file or a "
                        "run directory (its latest checkpoint), e.g. a generic run's before one on --target; its "
                        "--width, --context and --dilated must be this run's; a resumed run ignores it")
    p.add_argument("--batch-size", env_var="TRAINER_BATCH_SIZE", type=int, default=BATCH_SIZE,
                   help="pairs per training step")
    p.add_argument("--precision", env_var="TRAINER_PRECISION", choices=precision.CHOICES, default=precision.AUTO,
                   help="compute precision of a new run: auto is bfloat16 on CPUs with AVX512_BF16 or AMX, float16 "
                        "on a GPU, else float32 (weights are float32 always; a resumed run keeps its own)")
    p.add_argument("--loss", env_var="TRAINER_LOSS", choices=LOSSES, default=LOSS,
                   help="loss of a new run: bce_l1_dice is BCE + L1, lowest at the soft target, plus 1 - Dice over "
                        "the solid pixels (alpha 0 or 1), still lowest there, none where the target is empty; bce_l1 "
                        "drops the Dice; seed is the seed's BCE + 1 - Dice over every pixel, which pushes soft "
                        "alphas to 0 or 1")
    p.add_argument("--optimizer", env_var="TRAINER_OPTIMIZER", choices=OPTIMIZERS, default=OPTIMIZER,
                   help="optimizer of a new run (rmsprop: the seed's)")
    p.add_argument("--lr", env_var="TRAINER_LR", type=float, default=LR,
                   help="learning rate of a new run, the peak of a schedule (a resumed run keeps its own)")
    p.add_argument("--lr-schedule", env_var="TRAINER_LR_SCHEDULE", choices=SCHEDULES, default=SCHEDULES[0],
                   help="constant, or a linear warm-up then lr * sqrt(warm-up / step) down to --lr-floor")
    p.add_argument("--lr-warmup-steps", env_var="TRAINER_LR_WARMUP_STEPS", type=int, default=1000,
                   help="warm-up steps of a scheduled learning rate")
    p.add_argument("--lr-floor", env_var="TRAINER_LR_FLOOR", type=float, default=0.1,
                   help="a scheduled learning rate never falls below this share of --lr (the run is endless)")
    p.add_argument("--ema", env_var="TRAINER_EMA", type=float, default=EMA,
                   help="momentum of the optimizer's moving average of the weights in a new run (0: none; 0.995 "
                        "averages over about the last 200 steps): what --average-steps folds in, or what "
                        "checkpoints hold where that is off")
    p.add_argument("--average-steps", env_var="TRAINER_AVERAGE_STEPS", type=int, default=AVERAGE_STEPS,
                   help="checkpoints and the image grid hold a moving average of the whole model (BatchNorm "
                        "statistics included) over about this many steps, folded in every 50 from what --ema "
                        "holds (0: off, checkpoints hold the --ema average alone)")
    p.add_argument("--xla", env_var="TRAINER_XLA", choices=XLA, default=XLA[0],
                   help="compile the training step with XLA; auto: on accelerators only (it gains nothing on CPUs)")
    p.add_argument("--max-steps", env_var="TRAINER_MAX_STEPS", type=int, default=0,
                   help="stop after this many steps in total, counting resumed ones (0: never)")
    p.add_argument("--max-minutes", env_var="TRAINER_MAX_MINUTES", type=float, default=0.0,
                   help="stop after this many minutes of this process (0: never)")
    p.add_argument("--save-every-steps", env_var="TRAINER_SAVE_EVERY_STEPS", type=int, default=1000,
                   help="write a checkpoint every N steps (0: off)")
    p.add_argument("--save-every-seconds", env_var="TRAINER_SAVE_EVERY_SECONDS", type=float, default=600.0,
                   help="write a checkpoint at least this often in seconds (0: off)")
    p.add_argument("--first-save-seconds", env_var="TRAINER_FIRST_SAVE_SECONDS", type=float,
                   default=FIRST_SAVE_SECONDS,
                   help="a new run also saves this many seconds after its first step, then at twice the interval "
                        "each time until it reaches --save-every-seconds, so that the evaluator shows a first table "
                        "within minutes on any CPU (0: no early saves; a resumed run has none)")
    p.add_argument("--keep", env_var="TRAINER_KEEP", type=int, default=5,
                   help="checkpoints kept on disk; older ones are deleted")
    p.add_argument("--shuffle-buffer", env_var="TRAINER_SHUFFLE_BUFFER", type=int, default=SHUFFLE_BUFFER,
                   help="pairs mixed before batching, to mix generators and the composites of one render")
    p.add_argument("--augment", env_var="TRAINER_AUGMENT", action=argparse.BooleanOptionalAction,
                   default=AUGMENT, help="apply the seed's hue/value shift, a flip and a small rotation (reflected "
                                         "border); placement is the generator's")
    p.add_argument("--log-every-steps", env_var="TRAINER_LOG_EVERY_STEPS", type=int, default=100,
                   help="steps per progress line, metrics.csv row and TensorBoard point")
    p.add_argument("--image-every-steps", env_var="TRAINER_IMAGE_EVERY_STEPS", type=int, default=1000,
                   help=f"every N steps, predict the first {GRID_PAIRS} pairs received (held out of training, "
                        f"kept in RUN_DIR/grid.npz) into an image grid: TensorBoard and RUN_DIR/preview.png (0: off)")
    p.add_argument("--curve-keys", env_var="TRAINER_CURVE_KEYS", default=None,
                   help="folder from `python -m protocol keys` to accept only authorised generators")
    p.add_argument("--seed", env_var="TRAINER_SEED", type=int, default=0,
                   help="seed of weight init, shuffling and augmentation")
    return p
