"""What `cutout` writes per photo: DIR/<stem>.alpha.png (8-bit matte) and DIR/<stem>.png (RGBA cut-out)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from trainer.atomic import temporary_path

ALPHA_SUFFIX = ".alpha.png"
CUTOUT_SUFFIX = ".png"


def output_paths(out_dir: Path, stem: str) -> tuple[Path, Path]:
    """(alpha, cut-out) paths of the photo named `stem`."""
    return out_dir / f"{stem}{ALPHA_SUFFIX}", out_dir / f"{stem}{CUTOUT_SUFFIX}"


def write_png(path: Path, image: np.ndarray, params: tuple[int, ...] = ()) -> None:
    """A PNG written under a temporary name and renamed: a stopped run never leaves half a file."""
    temporary = temporary_path(path)
    if not cv2.imwrite(str(temporary), image, list(params)):
        temporary.unlink(missing_ok=True)
        raise OSError(f"{path}: could not write the PNG")
    temporary.replace(path)


def write_outputs(out_dir: Path, stem: str, photo: np.ndarray, alpha: np.ndarray) -> tuple[Path, Path]:
    """Write the alpha and the cut-out (the photo's own colours, the matte as its alpha channel)."""
    alpha_path, cutout_path = output_paths(out_dir, stem)
    write_png(alpha_path, alpha)
    write_png(cutout_path, np.dstack([photo, alpha]))  # OpenCV writes BGRA as an RGBA PNG
    return alpha_path, cutout_path
