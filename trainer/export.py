"""`python -m trainer.export`: a checkpoint as a float32 model that serves without this project's code.

Both formats take "image", float32 (batch, height, width, 3) RGB in [0, 1], and give "alpha", float32 (batch,
height, width, 1) in [0, 1]. A SavedModel (signature serving_default) takes any height and width divisible by 8
unless --size fixes them. A TFLite model has a fixed size, the checkpoint's own unless --size says otherwise:
with free sides the converter cannot give the convolutions after each upsampling their channel count, and only
TensorFlow's own kernels (the Flex delegate) would run them. `tf.lite` is deprecated in favour of LiteRT
(ai-edge-litert), which loads the same files.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import configargparse

from trainer.atomic import temporary_path
from trainer.config import DEFAULT_RUN_DIR
from trainer.quiet import filtered_stderr, import_tensorflow

if TYPE_CHECKING:
    import keras

log = logging.getLogger(__name__)

SAVEDMODEL, TFLITE = "savedmodel", "tflite"
FORMATS = (SAVEDMODEL, TFLITE)
TFLITE_NAME = "model.tflite"
INPUT, OUTPUT = "image", "alpha"
MULTIPLE = 8  # the UNet's sides divide by 2**trainer.unet.LEVELS (not imported: it loads Keras, slow for --help)


def is_converter_noise(line: str) -> bool:
    """The converter's note that the SavedModel carries an attribute its own op registry lacks: harmless, yet
    logged as an error."""
    return "NodeDef mentions attribute" in line


class ExportError(Exception):
    """An export that cannot be written where asked."""


def sides(text: str) -> tuple[int, int]:
    """--size: N or HEIGHTxWIDTH, each a positive multiple of 8."""
    parts = text.lower().split("x")
    try:
        height, width = (int(parts[0]),) * 2 if len(parts) == 1 else map(int, parts)
    except ValueError:
        raise argparse.ArgumentTypeError(f"need N or HEIGHTxWIDTH, got {text!r}") from None
    if min(height, width) < MULTIPLE or height % MULTIPLE or width % MULTIPLE:
        raise argparse.ArgumentTypeError(f"sides must be positive multiples of {MULTIPLE}, got {text!r}")
    return height, width


def build_parser() -> configargparse.ArgumentParser:
    """The parser; every flag also reads an EXPORT_* variable."""
    p = configargparse.ArgumentParser(
        prog="python -m trainer.export", formatter_class=configargparse.ArgumentDefaultsHelpFormatter,
        description="Export a checkpoint as a float32 SavedModel or TFLite model: input 'image' float32 "
                    "(batch, height, width, 3) RGB in [0, 1], output 'alpha' float32 (batch, height, width, 1).")
    p.add_argument("--checkpoint", env_var="EXPORT_CHECKPOINT", default=os.environ.get("RUN_DIR", DEFAULT_RUN_DIR),
                   help=".keras checkpoint, or a run directory (its latest checkpoint); the default is $RUN_DIR "
                        "when set")
    p.add_argument("--out", env_var="EXPORT_OUT", required=True,
                   help=f"new or empty folder: the SavedModel itself, or {TFLITE_NAME} in it")
    p.add_argument("--format", env_var="EXPORT_FORMAT", choices=FORMATS, default=SAVEDMODEL,
                   help="savedmodel (TensorFlow Serving, tf.saved_model.load) or tflite (TFLite/LiteRT interpreters)")
    p.add_argument("--size", env_var="EXPORT_SIZE", type=sides, default=None,
                   help=f"input N or HEIGHTxWIDTH in px, multiples of {MULTIPLE}; default: any for savedmodel, the "
                        "checkpoint's own for tflite")
    return p


def check_out_dir(out_dir: Path) -> None:
    """The export goes to a new or empty folder: never mixed with, or over, earlier files."""
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        raise ExportError(f"{out_dir}: exists and is not an empty folder; give a new one")


def write_savedmodel(model: keras.Model, out_dir: Path) -> Path:
    """`model` as a SavedModel in `out_dir`: serving_default(image) -> {"alpha"}.

    Written into a scratch folder beside it and renamed into place, so a failed or stopped export leaves nothing.
    """
    import keras
    import tensorflow as tf

    archive = keras.export.ExportArchive()
    archive.track(model)
    archive.add_endpoint("serve", lambda image: {OUTPUT: model(image, training=False)},
                         input_signature=[tf.TensorSpec(model.input_shape, tf.float32, name=INPUT)])
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out_dir.parent, prefix=".tmp-export-") as scratch:
        staged = Path(scratch) / "savedmodel"
        archive.write_out(str(staged), verbose=False)
        os.replace(staged, out_dir)  # onto a missing or empty folder
    return out_dir


def tflite_bytes(model: keras.Model) -> bytes:
    """`model` converted to a TFLite flat buffer of builtin float32 ops (through a SavedModel)."""
    import tensorflow as tf

    with tempfile.TemporaryDirectory() as scratch, filtered_stderr(is_converter_noise):
        saved = write_savedmodel(model, Path(scratch) / "savedmodel")
        return tf.lite.TFLiteConverter.from_saved_model(str(saved)).convert()


def write_tflite(model: keras.Model, out_dir: Path) -> Path:
    path = out_dir / TFLITE_NAME
    data = tflite_bytes(model)
    out_dir.mkdir(parents=True, exist_ok=True)
    temporary = temporary_path(path)
    temporary.write_bytes(data)
    os.replace(temporary, path)
    return path


def export(checkpoint: Path, out_dir: Path, fmt: str, size: tuple[int, int] | None) -> Path:
    """Load, rebuild in float32 at the asked input size, and write; returns the file or folder written."""
    from trainer.checkpoints import load_model
    from trainer.inference import float32_model

    check_out_dir(out_dir)
    trained = load_model(checkpoint)
    if size is None and fmt == TFLITE:
        size = trained.input_shape[1:3]
    model = float32_model(trained, *(size or (None, None)))
    return write_savedmodel(model, out_dir) if fmt == SAVEDMODEL else write_tflite(model, out_dir)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s export: %(message)s", datefmt="%H:%M:%S")
    import_tensorflow()  # after the flags are known to be good: --help and typos stay fast
    from trainer.checkpoints import CheckpointError, resolve_checkpoint

    try:
        checkpoint = resolve_checkpoint(args.checkpoint)
        written = export(checkpoint, Path(args.out), args.format, args.size)
    except (CheckpointError, ExportError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    log.info("%s -> %s (%s, float32)", checkpoint, written, args.format)
    return 0


if __name__ == "__main__":
    sys.exit(main())
