"""`python -m evaluate.cutout PHOTO_OR_FOLDER... --out DIR`: a matte and an RGBA cut-out of every photo, at the
photo's own size, by a trained checkpoint."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import configargparse
import numpy as np

from evaluate.cutout.matte import DEFAULT_FIT, DEFAULT_SHORT_SIDE, FITS, MULTIPLE, matte_of
from evaluate.cutout.outputs import output_paths, write_outputs
from evaluate.cutout.photos import IMAGE_SUFFIXES, PhotoError, find_photos, read_photo
from evaluate.cutout.strip import strip_row, write_strip
from evaluate.progress import Progress
from trainer.config import DEFAULT_RUN_DIR
from trainer.quiet import import_tensorflow

if TYPE_CHECKING:
    import keras

log = logging.getLogger(__name__)


def short_side(text: str) -> int:
    """--size: a positive multiple of 8 (each UNet level halves the sides)."""
    value = int(text)
    if value < MULTIPLE or value % MULTIPLE:
        raise argparse.ArgumentTypeError(f"must be a positive multiple of {MULTIPLE}, got {value}")
    return value


def build_parser() -> configargparse.ArgumentParser:
    """The parser; every flag also reads a CUTOUT_* variable."""
    p = configargparse.ArgumentParser(
        prog="python -m evaluate.cutout", formatter_class=configargparse.ArgumentDefaultsHelpFormatter,
        description="Cut the foreground out of your photos with a trained checkpoint: for each photo, "
                    "DIR/<stem>.alpha.png (8-bit matte) and DIR/<stem>.png (RGBA cut-out), both at the photo's size.")
    p.add_argument("photos", nargs="+", metavar="PHOTO_OR_FOLDER",
                   help=f"photo files, and folders whose {'/'.join(IMAGE_SUFFIXES)} files (not sub-folders) are all "
                        f"cut out; an unreadable file is skipped with a warning")
    p.add_argument("--out", env_var="CUTOUT_OUT", required=True,
                   help="folder to write the mattes and cut-outs into (created if missing)")
    p.add_argument("--checkpoint", env_var="CUTOUT_CHECKPOINT", default=os.environ.get("RUN_DIR", DEFAULT_RUN_DIR),
                   help=".keras checkpoint, or a run directory (its latest checkpoint); the default is $RUN_DIR "
                        "when set")
    p.add_argument("--size", env_var="CUTOUT_SIZE", type=short_side, default=DEFAULT_SHORT_SIDE,
                   help=f"side in px of the square copy the model sees (with --fit aspect its short side; a multiple "
                        f"of {MULTIPLE}); the model trained on {DEFAULT_SHORT_SIDE} px pairs")
    p.add_argument("--fit", env_var="CUTOUT_FIT", choices=FITS, default=DEFAULT_FIT,
                   help="how the model sees the photo: squeezed to the square it trained on, or at the photo's own "
                        "aspect (the evaluator's *_cutout figures are those of the default)")
    p.add_argument("--strip", env_var="CUTOUT_STRIP", default=None,
                   help="also write a before/after PNG here: one row per photo, photo | matte | cut-out")
    return p


def _collision(path: Path, out_dir: Path, taken: dict[str, Path]) -> str | None:
    """Why this photo's outputs cannot be written, or None: another photo's name, or the photo itself."""
    if path.stem in taken:
        return f"{taken[path.stem]} has the same name, and its outputs"
    if path.resolve() in {output.resolve() for output in output_paths(out_dir, path.stem)}:
        return "its outputs would overwrite it (give another --out)"
    return None


def cut_out_all(model: keras.Model, photos: list[Path], out_dir: Path, size: int,
                strip_rows: list[np.ndarray] | None = None, fit: str = DEFAULT_FIT) -> int:
    """Write every readable photo's outputs (rows of the strip into `strip_rows`); returns how many."""
    out_dir.mkdir(parents=True, exist_ok=True)
    progress = Progress("cut-outs", len(photos), "photos")
    taken: dict[str, Path] = {}
    for done, path in enumerate(photos, 1):
        reason = _collision(path, out_dir, taken)
        if reason:
            log.warning("skipped %s: %s", path, reason)
        elif (photo := read_photo(path)) is not None:
            taken[path.stem] = path
            alpha = matte_of(model, photo, size, fit)
            write_outputs(out_dir, path.stem, photo, alpha)
            if strip_rows is not None:
                strip_rows.append(strip_row(photo, alpha))
        progress.update(done)
    return len(taken)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s cutout: %(message)s", datefmt="%H:%M:%S")
    # TensorFlow is imported only after the flags are known to be good: --help and typos stay fast
    import_tensorflow()
    from trainer.checkpoints import CheckpointError, load_model, resolve_checkpoint
    from trainer.inference import float32_model

    out_dir, rows = Path(args.out), [] if args.strip else None
    try:
        photos = find_photos(args.photos)  # before loading the model: a wrong path fails at once
        checkpoint = resolve_checkpoint(args.checkpoint)
        model = float32_model(load_model(checkpoint))
        written = cut_out_all(model, photos, out_dir, args.size, rows, args.fit)
        if not written:
            raise PhotoError(f"{', '.join(args.photos)}: none of the {len(photos)} files is a readable photo")
        log.info("%d cut-outs of %d files by %s in %s", written, len(photos), checkpoint, out_dir)
        if rows:
            log.info("strip: %s", write_strip(Path(args.strip), rows))
    except (PhotoError, CheckpointError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        log.info("stopped")
        return 130
    return 0
