"""One training run: bind the stream, build or resume the model, fit until stopped, save."""

from __future__ import annotations

import argparse
import logging
import sys
import threading
import warnings
from pathlib import Path

import keras
import zmq

import protocol
from trainer import callbacks, checkpoints, precision
from trainer.averaging import FOLD_EVERY_STEPS, SlowAverage
from trainer.config import GRID_PAIRS, IMAGE_SIZE, build_parser
from trainer.dataset import pair_dataset, training_pipeline
from trainer.distribution import choose_strategy, describe
from trainer.heldout import HeldOut
from trainer.optimization import averaged_weights, compile_model, learning_rate
from trainer.receiver import Receiver
from trainer.stopping import on_stop_signal
from trainer.unet import build_unet, is_dilated

# A stop ends the endless stream; Keras then warns that the input "ran out of data", which is expected here.
warnings.filterwarnings("ignore", message="Your input ran out of data")
EPOCHS_FOREVER = 10**9  # fit's epochs are logging periods; the run ends through callbacks or signals
log = logging.getLogger(__name__)


def new_model(args: argparse.Namespace, replicas: int = 1) -> keras.Model:
    """A compiled UNet computing in the precision --precision resolves to on this machine; with several replicas
    the learning rate is --lr times their count, as the global batch is --batch-size times it."""
    chosen = precision.resolve(args.precision)
    with precision.global_policy(chosen):
        model = build_unet(args.width, IMAGE_SIZE, args.context, args.dilated)
    lr = args.lr * replicas
    rate = learning_rate(lr, args.lr_schedule, args.lr_warmup_steps, args.lr_floor)
    compile_model(model, lr=rate, optimizer=args.optimizer, loss=args.loss, jit=args.xla, ema=args.ema)
    scaled = f" (--lr {args.lr:g} x {replicas} replicas)" if replicas > 1 else ""
    log.info("new model: width %d%s%s, %d parameters, %s (--precision %s), %s loss, %s lr %g%s (%s), ema %g, "
             "batch %d", args.width, ", dilated centre" if args.dilated else "",
             " with image context" if args.context else "", model.count_params(), chosen, args.precision,
             args.loss, args.optimizer, lr, scaled, args.lr_schedule, args.ema, args.batch_size * replicas)
    return model


def load_or_build(run_dir: Path, args: argparse.Namespace, replicas: int = 1) -> keras.Model:
    """The latest checkpoint with its optimizer state, or a new compiled model.

    A resumed run keeps what it was created with (width, precision, loss, optimizer, learning rate); the
    weights are float32 in every case.
    """
    latest = checkpoints.latest_checkpoint(run_dir)
    if latest is None:
        model = new_model(args, replicas)
        if args.init:
            start_from(model, args.init)
        return model
    try:
        model = keras.models.load_model(latest)
    except Exception as error:  # Keras raises many kinds for a damaged file; all mean the same here
        raise SystemExit(f"cannot resume from {latest}: {error}") from error
    log.info("resumed %s at step %d (%s, learning rate %.3g)", latest, callbacks.global_step(model),
             precision.precision_of(model), float(keras.ops.convert_to_numpy(model.optimizer.learning_rate)))
    if model.count_params() != build_unet(args.width, IMAGE_SIZE, args.context).count_params():
        log.warning("--width %d and --context ignored: the run's checkpoint has its own", args.width)
    if is_dilated(model) != args.dilated:
        log.warning("--%sdilated ignored: the run's checkpoint has a %s centre", "" if args.dilated else "no-",
                    "plain" if args.dilated else "dilated")
    return model


def unet_text(model: keras.Model) -> str:
    """A UNet in the words --init's error needs: its size and its centre."""
    return f"{model.count_params()} parameters, {'dilated' if is_dilated(model) else 'plain'} centre"


def start_from(model: keras.Model, init: str) -> None:
    """Give a new model the weights of the checkpoint `init` names (--init), or exit with one line saying why not."""
    try:
        source = checkpoints.load_model(checkpoints.resolve_checkpoint(init))
    except checkpoints.CheckpointError as error:
        raise SystemExit(f"--init: {error}") from None
    shapes = [tuple(weight.shape) for weight in source.weights]
    # a dilated centre has the plain one's shapes: same weights, another meaning
    if shapes != [tuple(weight.shape) for weight in model.weights] or is_dilated(source) != is_dilated(model):
        raise SystemExit(f"--init {init}: its UNet ({unet_text(source)}) is not this run's ({unet_text(model)}): "
                         "give the same --width, --context and --dilated")
    model.set_weights(source.get_weights())
    log.info("new model starts from %s's weights (--init)", init)


def make_callbacks(args: argparse.Namespace, receiver: Receiver, run_dir: Path, stop_requested: threading.Event,
                   held_out: HeldOut | None, replicas: int = 1) -> list[keras.callbacks.Callback]:
    """Progress first: TensorBoard writes the scalars it adds; the slow average folds before a save."""
    chosen = [
        callbacks.Progress(receiver.take_period, args.batch_size * replicas, lambda: receiver.dropped_total,
                           run_dir / "metrics.csv"),
        callbacks.StepTensorBoard(str(run_dir / "logs"), write_graph=False, update_freq="epoch"),
    ]
    view = averaged_weights
    if args.average_steps > 0:
        average = SlowAverage(args.average_steps)
        chosen.append(average)
        view = average.applied
    chosen += [
        callbacks.Checkpointer(run_dir, args.save_every_steps, args.save_every_seconds, args.keep, view,
                              args.first_save_seconds),
        callbacks.StopAt(args.max_steps, args.max_minutes, stop_requested),
    ]
    if held_out is not None:
        # its own folder: one writer per folder, as TensorBoard reads a folder's event files in name order
        chosen.append(callbacks.ImageGrid(held_out, run_dir, run_dir / "logs" / "images", args.image_every_steps,
                                          view))
    return chosen


def train(args: argparse.Namespace) -> keras.Model:
    """Fit until --max-steps, --max-minutes or a signal; returns the trained model (saved in the run dir)."""
    run_dir = Path(args.run_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    keras.utils.set_random_seed(args.seed)
    strategy = choose_strategy()
    replicas = strategy.num_replicas_in_sync
    log.info("training on %s", describe(strategy))
    with strategy.scope():
        model = load_or_build(run_dir, args, replicas)
    if 0 < args.max_steps <= callbacks.global_step(model):
        # fit() always runs one step before a callback can stop it: a finished run must not train further
        log.info("already at step %d of --max-steps %d: nothing to do", callbacks.global_step(model), args.max_steps)
        return model
    receiver = Receiver(args.bind, IMAGE_SIZE, max_queued=max(256, args.batch_size * 4),
                        curve_dir=args.curve_keys)
    log.info("listening on %s, run dir %s", receiver.address, run_dir)
    stop_requested = threading.Event()

    def stop() -> None:
        """Finish the current step (its batch is already there), stop feeding; the end-of-training save runs."""
        stop_requested.set()
        model.stop_training = True
        receiver.stop()

    # signal handlers can only be installed from the main thread (tests may train from another one)
    restore = on_stop_signal(stop) if threading.current_thread() is threading.main_thread() else None
    try:
        held_out = HeldOut(run_dir, GRID_PAIRS) if args.image_every_steps > 0 else None
        source = held_out.divert(receiver.pairs) if held_out is not None else receiver.pairs
        dataset = training_pipeline(pair_dataset(source, IMAGE_SIZE), batch_size=args.batch_size * replicas,
                                    shuffle_buffer=args.shuffle_buffer, augment=args.augment, seed=args.seed)
        start_epoch = callbacks.global_step(model) // args.log_every_steps
        model.fit(dataset, steps_per_epoch=args.log_every_steps, initial_epoch=start_epoch, epochs=EPOCHS_FOREVER,
                  shuffle=False,
                  callbacks=make_callbacks(args, receiver, run_dir, stop_requested, held_out, replicas),
                  verbose=0)
    finally:
        receiver.close()
        if restore is not None:
            restore()
    return model


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s", stream=sys.stdout)
    args = build_args(argv)
    try:
        train(args)
    except (OSError, zmq.ZMQError, protocol.CurveKeyError) as error:
        raise SystemExit(f"trainer: {error} (--bind {args.bind}, --run-dir {args.run_dir})") from error
    return 0


def build_args(argv: list[str] | None) -> argparse.Namespace:
    """Parse and sanity-check the command line; a bad value exits with a one-line error."""
    parser = build_parser()
    args = parser.parse_args(argv)
    for name in ("width", "batch_size", "log_every_steps", "lr_warmup_steps"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1, got {getattr(args, name)}")
    if args.average_steps and args.average_steps < FOLD_EVERY_STEPS:
        parser.error(f"--average-steps is 0 (off) or at least {FOLD_EVERY_STEPS}, got {args.average_steps}")
    if not 0 <= args.ema < 1:
        parser.error(f"--ema is a momentum, from 0 (none) up to but not including 1, got {args.ema}")
    if not 0 <= args.lr_floor <= 1:
        parser.error(f"--lr-floor is a share of --lr, between 0 and 1, got {args.lr_floor}")
    return args
