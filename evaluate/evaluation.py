"""Evaluate one checkpoint on a few sets: predictions, metrics, and everything written about them."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path

import keras
import numpy as np
import tensorflow as tf

from evaluate import history, panels
from evaluate.cutout.matte import DEFAULT_FIT, SQUEEZE, refine
from evaluate.datasets import Dataset
from evaluate.metrics import COLUMNS, HIGHER_IS_BETTER, all_metrics, aspect_metrics, cutout_metrics
from evaluate.progress import Progress
from trainer.atomic import replace_text
from trainer.checkpoints import CHECKPOINT_DIR, CheckpointError, step_of
from trainer.inference import float32_model, mirrored_alpha

BATCH = 32
PANEL_METRIC = "sad"  # ranks best/worst: continuous, unlike IoU which ties on easy images


def run_dir_of(checkpoint: Path) -> Path:
    """The run directory holding a checkpoint (its folder, when it is not in a run's checkpoints/)."""
    return checkpoint.parent.parent if checkpoint.parent.name == CHECKPOINT_DIR else checkpoint.parent


def step_or_zero(checkpoint: Path) -> int:
    try:
        return step_of(checkpoint)
    except ValueError:
        return 0


def input_size(model: keras.Model) -> int:
    """Side of the model's square input."""
    _, height, width, _ = model.input_shape
    if height != width or height is None:
        raise CheckpointError(f"model {model.name}: need a square, fixed input size, got {model.input_shape}")
    return int(height)


def predict(model: keras.Model, dataset: Dataset, batch: int = BATCH) -> np.ndarray:
    """Alpha predictions (N, S, S) in [0, 1], each the mean with the mirror image's; with progress lines."""
    outputs, progress = [], Progress(dataset.name, len(dataset), "images")
    for start in range(0, len(dataset), batch):
        outputs.append(mirrored_alpha(model, dataset.images[start:start + batch]))
        progress.update(start + len(outputs[-1]))
    return np.concatenate(outputs)


def predict_aspect(model: keras.Model, dataset: Dataset, batch: int = BATCH) -> list[np.ndarray]:
    """Alpha predictions (H, W) of the images at their own aspect, batched by shape (a set has few shapes)."""
    by_shape: dict[tuple[int, ...], list[int]] = defaultdict(list)
    for index, image in enumerate(dataset.aspect_images):
        by_shape[image.shape].append(index)
    alphas: list[np.ndarray] = [np.empty(0)] * len(dataset)
    for same_shape in by_shape.values():
        for start in range(0, len(same_shape), batch):
            indices = same_shape[start:start + batch]
            images = np.stack([dataset.aspect_images[i] for i in indices])
            for i, alpha in zip(indices, mirrored_alpha(model, images), strict=True):
                alphas[i] = alpha
    return alphas


def per_image(preds: np.ndarray, aspect_preds: list[np.ndarray], dataset: Dataset) -> list[dict[str, float]]:
    """Every figure of COLUMNS per image: the square prediction's, the one at the image's aspect, and what
    `evaluate.cutout` makes of the one it uses (DEFAULT_FIT) at the photo's own size."""
    cutout_preds = preds if DEFAULT_FIT == SQUEEZE else aspect_preds
    return [{**all_metrics(pred, alpha), **aspect_metrics(aspect_pred, aspect_alpha),
             **cutout_metrics(refine(cutout_pred, photo).astype(np.float32) / 255, photo_alpha)}
            for pred, alpha, aspect_pred, aspect_alpha, cutout_pred, photo, photo_alpha
            in zip(preds, dataset.alphas, aspect_preds, dataset.aspect_alphas, cutout_preds, dataset.photos,
                   dataset.photo_alphas, strict=True)]


def summarise(rows: list[dict[str, float]]) -> dict[str, float]:
    """{"n": count, metric: mean} of one set."""
    return {"n": len(rows), **{name: float(np.mean([row[name] for row in rows])) for name in COLUMNS}}


def write_csv(path: Path, stems: list[str], rows: list[dict[str, float]]) -> None:
    with path.open("w", newline="") as f:
        writer = csv.DictWriter(f, ("image", *COLUMNS))
        writer.writeheader()
        writer.writerows({"image": stem, **row} for stem, row in zip(stems, rows, strict=True))


def write_tensorboard(log_dir: Path, step: int, results: dict[str, dict[str, float]]) -> None:
    """Scalars `<set>/<metric>` at the checkpoint's step."""
    writer = tf.summary.create_file_writer(str(log_dir))
    with writer.as_default():
        for name, values in results.items():
            for metric in COLUMNS:
                tf.summary.scalar(f"{name}/{metric}", values[metric], step=step)
    writer.close()


def format_table(title: str, results: dict[str, dict[str, float]]) -> str:
    """The summary as a fixed-width text table."""
    header = f"{'set':<20}{'n':>6}" + "".join(f"{name:>12}" for name in COLUMNS)
    lines = [title, header]
    for name, values in results.items():
        lines.append(f"{name:<20}{values['n']:>6}" + "".join(f"{values[m]:>12.4f}" for m in COLUMNS))
    return "\n".join(lines)


def default_out_dir(checkpoint: Path) -> Path:
    """RUN_DIR/eval/<checkpoint stem>/."""
    return run_dir_of(checkpoint) / history.EVAL_DIR / checkpoint.stem


def evaluate(checkpoint: Path, model: keras.Model, sets: list[Dataset], out_dir: Path) -> dict[str, dict]:
    """Measure one loaded checkpoint on every set, at the square input size and at each image's aspect; write
    metrics.json, <set>.csv, <set>.png (square predictions), TensorBoard."""
    out_dir.mkdir(parents=True, exist_ok=True)
    network = float32_model(model)  # any input size, float32 whatever precision the run trained in
    results = {}
    for dataset in sets:
        preds = predict(network, dataset)
        rows = per_image(preds, predict_aspect(network, dataset), dataset)
        results[dataset.name] = summarise(rows)
        write_csv(out_dir / f"{dataset.name}.csv", dataset.stems, rows)
        scores = np.array([row[PANEL_METRIC] for row in rows])
        panels.write_panel(out_dir / f"{dataset.name}.png", dataset.images, dataset.alphas, preds,
                           dataset.stems, scores, PANEL_METRIC, HIGHER_IS_BETTER[PANEL_METRIC])
    replace_text(out_dir / "metrics.json", json.dumps(results, indent=2) + "\n")
    write_tensorboard(run_dir_of(checkpoint) / "logs" / history.EVAL_DIR, step_or_zero(checkpoint), results)
    print(format_table(f"{checkpoint} (step {step_or_zero(checkpoint)}) -> {out_dir}", results), flush=True)
    return results
