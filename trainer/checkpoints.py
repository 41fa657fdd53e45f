"""Where a run keeps its checkpoints, how readers find the newest complete one, and how they load it."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.atomic import remove_stale, replace_text, temporary_path

if TYPE_CHECKING:
    import keras

CHECKPOINT_DIR = "checkpoints"
LATEST = "latest"
_NAME = re.compile(r"^ckpt-(\d{8,})\.keras$")


def checkpoint_dir(run_dir: str | Path) -> Path:
    return Path(run_dir) / CHECKPOINT_DIR


def checkpoint_name(step: int) -> str:
    return f"ckpt-{step:08d}.keras"


def step_of(path: str | Path) -> int:
    """The training step a checkpoint file was saved at."""
    match = _NAME.match(Path(path).name)
    if match is None:
        raise ValueError(f"not a checkpoint file name: {path}")
    return int(match.group(1))


def list_checkpoints(run_dir: str | Path) -> list[Path]:
    """Complete checkpoints of a run, oldest first (temporary files never match the name)."""
    folder = checkpoint_dir(run_dir)
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir() if _NAME.match(p.name)), key=step_of)


def latest_checkpoint(run_dir: str | Path) -> Path | None:
    """The checkpoint the `latest` pointer names, or None before the first save."""
    pointer = checkpoint_dir(run_dir) / LATEST
    try:
        name = pointer.read_text().strip()
    except FileNotFoundError:
        return None
    path = pointer.parent / name
    return path if path.is_file() else None


def save_checkpoint(model, run_dir: str | Path, step: int, keep: int) -> Path:
    """Write `model` (a Keras model, optimizer included) as the checkpoint of `step`, atomically.

    The file is written under a temporary name that `list_checkpoints` never matches, renamed into place,
    and only then named by the `latest` pointer (itself replaced atomically); a kill at any moment leaves
    either the old state or the new one visible. The newest `keep` checkpoints are kept.
    """
    folder = checkpoint_dir(run_dir)
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / checkpoint_name(step)
    remove_stale(folder)
    temporary = temporary_path(final)
    model.save(temporary)
    os.replace(temporary, final)
    replace_text(folder / LATEST, final.name + "\n")
    for old in list_checkpoints(run_dir)[:-keep] if keep > 0 else []:
        old.unlink(missing_ok=True)
    return final


class CheckpointError(Exception):
    """A checkpoint path that names no loadable model."""


def resolve_checkpoint(path: str | Path) -> Path:
    """A checkpoint file as given, or a run directory's latest checkpoint."""
    path = Path(path)
    if path.is_dir():
        latest = latest_checkpoint(path)
        if latest is None:
            raise CheckpointError(f"{path}: no complete checkpoint in this run directory yet "
                                  f"({CHECKPOINT_DIR}/latest)")
        return latest
    if not path.is_file():
        raise CheckpointError(f"{path}: no such checkpoint file or run directory")
    return path


def load_model(checkpoint: Path) -> keras.Model:
    """The checkpoint's model, or CheckpointError naming the file and what went wrong."""
    import keras  # here, not at the top: finding checkpoints stays free of TensorFlow

    import trainer.layers  # noqa: F401 (registers the UNet's layer classes for the loader)

    try:
        return keras.models.load_model(checkpoint, compile=False)
    except (OSError, ValueError, KeyError) as error:
        reason = " ".join(str(error).split())  # Keras messages span lines; the report is one
        raise CheckpointError(f"{checkpoint}: cannot load the model ({reason})") from error
