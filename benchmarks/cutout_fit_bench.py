"""How `cutout` should show a photo to the model: squeezed to the square the stream trains on, or at the photo's own
aspect. For one checkpoint and each real set, both ways through the whole of `cutout` (the model's mirrored matte,
then the guided filter up to the photo's size) scored against the full-size matte, beside the evaluator's own
64-px figures (`iou`: squeezed, `iou_aspect`: at the aspect).

    .venv/bin/python -m benchmarks.cutout_fit_bench --checkpoint runs/default [--data DIR ...]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import cv2
import numpy as np

from evaluate.cutout.matte import FITS, model_shape, predict_small, refine
from evaluate.cutout.photos import read_photo
from evaluate.datasets import check_folder
from evaluate.metrics import all_metrics
from trainer.quiet import import_tensorflow

ROOT = Path(__file__).resolve().parents[1]
SHARED_EVAL = ROOT.parent / "shared" / "eval"
FIGURES = ("iou", "sad", "mse", "grad")


def score_set(model, folder: Path, short_side: int) -> dict[str, dict[str, float]]:
    """Mean full-size figures of each fit, and the 64-px ones, over a set's photos."""
    per_fit: dict[str, list[dict]] = {fit: [] for fit in (*FITS, "64 px squeezed", "64 px at aspect")}
    for image_path in check_folder(folder):
        photo = read_photo(image_path)
        truth = cv2.imread(str(folder / "alphas" / f"{image_path.stem}.png"), cv2.IMREAD_GRAYSCALE)
        if photo is None or truth is None:
            continue
        truth = truth.astype(np.float32) / 255
        for fit in FITS:
            shape = model_shape(*photo.shape[:2], short_side, fit)
            small = predict_small(model, photo, shape)
            per_fit[fit].append(all_metrics(refine(small, photo).astype(np.float32) / 255, truth))
            small_truth = cv2.resize(truth, shape[::-1], interpolation=cv2.INTER_AREA)
            per_fit["64 px squeezed" if fit == "squeeze" else "64 px at aspect"].append(all_metrics(small, small_truth))
    return {fit: {name: float(np.mean([row[name] for row in rows])) for name in FIGURES}
            for fit, rows in per_fit.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--checkpoint", required=True, help=".keras checkpoint or run directory")
    parser.add_argument("--data", action="append", default=[], help="a real set (images/ + alphas/); default: "
                                                                    f"every set under {SHARED_EVAL}")
    parser.add_argument("--size", type=int, default=64, help="the model input's short side")
    args = parser.parse_args()
    import_tensorflow()
    from trainer.checkpoints import load_model, resolve_checkpoint
    from trainer.inference import float32_model

    folders = [Path(p) for p in args.data] or sorted(p for p in SHARED_EVAL.iterdir() if (p / "images").is_dir())
    checkpoint = resolve_checkpoint(args.checkpoint)
    model = float32_model(load_model(checkpoint))
    print(f"{checkpoint}: full-size figures after the guided filter (SAD and gradient in thousands, MSE x 1000)")
    print(f"{'set':<16}{'fit':<18}" + "".join(f"{name:>8}" for name in FIGURES))
    for folder in folders:
        for fit, figures in score_set(model, folder, args.size).items():
            print(f"{folder.name:<16}{fit:<18}" + "".join(f"{figures[name]:>8.3f}" for name in FIGURES), flush=True)


if __name__ == "__main__":
    main()
