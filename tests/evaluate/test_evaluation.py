"""One real checkpoint evaluated on a tiny folder: JSON, CSV, PNG and TensorBoard events."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from evaluate import evaluation, metrics
from evaluate.datasets import load_folder
from evaluate.metrics import ASPECT_NAMES, ASPECT_SUFFIX, COLUMNS
from tests.evaluate.conftest import write_pair
from trainer import checkpoints, precision
from trainer.inference import float32_model, mirrored_alpha
from trainer.unet import build_unet


def test_evaluates_a_checkpoint_and_writes_everything(run_dir: Path, data_dir: Path,
                                                      capsys: pytest.CaptureFixture) -> None:
    checkpoint = checkpoints.resolve_checkpoint(run_dir)
    assert checkpoint == run_dir / "checkpoints" / "ckpt-00000100.keras"
    model = checkpoints.load_model(checkpoint)
    dataset = load_folder(data_dir, evaluation.input_size(model))
    out = evaluation.default_out_dir(checkpoint)
    assert out == run_dir / "eval" / "ckpt-00000100"

    results = evaluation.evaluate(checkpoint, model, [dataset], out)

    saved = json.loads((out / "metrics.json").read_text())
    assert saved == results and set(saved) == {"tiny-set"}
    assert saved["tiny-set"]["n"] == 3 and set(saved["tiny-set"]) == {"n", *COLUMNS}
    with (out / "tiny-set.csv").open() as f:
        rows = list(csv.DictReader(f))
    assert [row["image"] for row in rows] == ["a", "b", "c"]
    # the set's figures are the means of the per-image rows, and match a direct prediction (with the mirror's)
    for name in COLUMNS:
        assert saved["tiny-set"][name] == pytest.approx(np.mean([float(row[name]) for row in rows]))
    preds = mirrored_alpha(model, dataset.images)
    assert float(rows[1]["sad"]) == pytest.approx(np.abs(preds[1] - dataset.alphas[1]).sum() / 1000, rel=1e-4)
    assert cv2.imread(str(out / "tiny-set.png")) is not None
    assert list((run_dir / "logs" / "eval").glob("events.out.tfevents.*"))
    assert "tiny-set" in capsys.readouterr().out


def test_tensorboard_scalars_are_readable(tmp_path: Path) -> None:
    import tensorflow as tf

    evaluation.write_tensorboard(tmp_path, 700, {"s": {"n": 1, **dict.fromkeys(COLUMNS, 0.25)}})
    (path,) = tmp_path.glob("events.*")
    events = list(tf.compat.v1.train.summary_iterator(str(path)))
    scalars = {(value.tag, event.step, float(tf.make_ndarray(value.tensor)))
               for event in events for value in event.summary.value}
    assert scalars == {(f"s/{name}", 700, 0.25) for name in COLUMNS}


def test_photos_are_also_scored_at_their_own_aspect(tmp_path: Path) -> None:
    """A bfloat16-trained checkpoint, run in float32 at each photo's own shape beside the square figures."""
    folder = tmp_path / "wide-set"
    for stem, (height, width) in {"wide": (96, 192), "tall": (160, 80), "square": (64, 64)}.items():
        write_pair(folder, stem, 8)
        rng = np.random.default_rng(len(stem))
        cv2.imwrite(str(folder / "images" / f"{stem}.png"), rng.integers(0, 256, (height, width, 3), np.uint8))
        alpha = np.zeros((height, width), np.uint8)
        cv2.ellipse(alpha, (width // 2, height // 2), (width // 3, height // 3), 0, 0, 360, 255, -1)
        cv2.imwrite(str(folder / "alphas" / f"{stem}.png"), alpha)
    checkpoint = tmp_path / "ckpt-00000001.keras"
    with precision.global_policy("bfloat16"):
        build_unet(2).save(checkpoint)
    model = checkpoints.load_model(checkpoint)
    dataset = load_folder(folder, evaluation.input_size(model))
    assert [image.shape[:2] for image in dataset.aspect_images] == [(64, 64), (128, 64), (64, 128)]

    results = evaluation.evaluate(checkpoint, model, [dataset], tmp_path / "out")

    with (tmp_path / "out" / "wide-set.csv").open() as f:
        rows = {row["image"]: row for row in csv.DictReader(f)}
    tall = mirrored_alpha(float32_model(model, 128, 64), dataset.aspect_images[1][None])[0]
    for name in ASPECT_NAMES:
        expected = metrics.FUNCTIONS[name](tall, dataset.aspect_alphas[1])
        assert float(rows["tall"][name + ASPECT_SUFFIX]) == pytest.approx(expected, rel=1e-4, abs=1e-6)
    assert results["wide-set"]["iou_aspect"] == pytest.approx(np.mean([float(r["iou_aspect"]) for r in rows.values()]))


def test_the_cutout_figures_are_those_of_what_cutout_writes(run_dir: Path, data_dir: Path, tmp_path: Path) -> None:
    """The headline figure is what a user gets: `evaluate.cutout`'s matte at the photo's size, scored there."""
    from evaluate.cutout.cli import cut_out_all

    checkpoint = checkpoints.resolve_checkpoint(run_dir)
    model = checkpoints.load_model(checkpoint)
    dataset = load_folder(data_dir, evaluation.input_size(model))
    assert [photo.shape[:2] for photo in dataset.photos] == [(96, 96), (64, 64), (128, 128)]
    evaluation.evaluate(checkpoint, model, [dataset], tmp_path / "out")
    with (tmp_path / "out" / "tiny-set.csv").open() as f:
        rows = {row["image"]: row for row in csv.DictReader(f)}
    photos = sorted((data_dir / "images").iterdir())
    assert cut_out_all(float32_model(model), photos, tmp_path / "cutouts", evaluation.input_size(model)) == 3
    for stem, truth in zip(dataset.stems, dataset.photo_alphas, strict=True):
        written = cv2.imread(str(tmp_path / "cutouts" / f"{stem}.alpha.png"), cv2.IMREAD_GRAYSCALE) / 255
        for name in metrics.CUTOUT_NAMES:
            expected = metrics.FUNCTIONS[name](written.astype(np.float32), truth)
            assert float(rows[stem][name + metrics.CUTOUT_SUFFIX]) == pytest.approx(expected, rel=0.02, abs=0.02)


def test_missing_and_broken_checkpoints_say_so(tmp_path: Path) -> None:
    with pytest.raises(checkpoints.CheckpointError, match="no such checkpoint file or run directory"):
        checkpoints.resolve_checkpoint(tmp_path / "nope.keras")
    with pytest.raises(checkpoints.CheckpointError, match="no complete checkpoint in this run directory"):
        checkpoints.resolve_checkpoint(tmp_path)
    broken = tmp_path / "ckpt-00000001.keras"
    broken.write_bytes(b"half a zip file")
    with pytest.raises(checkpoints.CheckpointError, match=f"{broken}: cannot load the model") as error:
        checkpoints.load_model(broken)
    assert "\n" not in str(error.value)


def test_run_dir_of_a_loose_checkpoint_is_its_folder(tmp_path: Path) -> None:
    loose = tmp_path / "model.keras"
    assert evaluation.run_dir_of(loose) == tmp_path and evaluation.step_or_zero(loose) == 0
    assert evaluation.default_out_dir(loose) == tmp_path / "eval" / "model"
