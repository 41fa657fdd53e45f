"""The object benchmark end to end on a stand-in object (a yellow PLY and a few labelled crops): one command trains
the generic run and the target run for a few steps and tables both beside the references; a second call reuses."""

from __future__ import annotations

import csv
from pathlib import Path

import cv2
import numpy as np
import pytest

from benchmarks import object_bench
from tests.generator.blender.target_renders import write_ply


def write_crops(folder: Path, seed: int) -> None:
    """Four 64-px photos of a yellow blob on noise, and its alpha, in the evaluator's layout."""
    rng = np.random.default_rng(seed)
    (folder / "images").mkdir(parents=True)
    (folder / "alphas").mkdir()
    for index in range(4):
        image = rng.integers(0, 256, (64, 64, 3), dtype=np.uint8)
        alpha = np.zeros((64, 64), np.uint8)
        cv2.circle(alpha, (int(rng.integers(20, 44)), int(rng.integers(20, 44))), 12, 255, -1)
        image[alpha > 0] = (0, 238, 255)  # BGR yellow
        cv2.imwrite(str(folder / "images" / f"{index:03d}.png"), image)
        cv2.imwrite(str(folder / "alphas" / f"{index:03d}.png"), alpha)


def test_one_command_trains_the_generic_and_the_target_run_and_tables_both(tmp_path: Path,
                                                                           capsys: pytest.CaptureFixture) -> None:
    objects, out = tmp_path / "objects", tmp_path / "out"
    (objects / "octa" / "model").mkdir(parents=True)
    write_ply(objects / "octa" / "model" / "octa.ply")
    for seed, part in enumerate(object_bench.SETS):
        write_crops(objects / "octa" / part, seed)
    argv = ["--steps", "3", "--objects-dir", str(objects), "--out", str(out),
            "--trainer-args", "--batch-size 4 --width 4 --shuffle-buffer 8"]
    object_bench.main(argv)
    printed = capsys.readouterr().out
    assert "generic: 3 steps in" in printed and "octa: 3 steps in" in printed
    for part in object_bench.SETS:
        assert f"| octa | {part} | " in printed
    with (out / "results.csv").open(newline="") as file:
        rows = list(csv.DictReader(file))
    scored = {(row["label"], row["set"]) for row in rows if row["kind"] == "model"}
    assert scored == {(label, f"octa-{part}") for label in ("generic", "octa") for part in object_bench.SETS}
    assert {row["label"] for row in rows} >= {"ellipse", "all-foreground"}
    assert all(0.0 <= float(row["iou"]) <= 1.0 for row in rows)
    trainer_log = (out / "octa" / "trainer.log").read_text()
    assert "batch 4" in trainer_log  # the trainer flags reached the run

    object_bench.main(argv)  # a run already there is scored again, not retrained
    assert "octa: reusing" in capsys.readouterr().out

    tuned = tmp_path / "tuned"  # the same generic run, and the object's run fine-tuning it
    tuned.mkdir()
    (tuned / "generic").symlink_to(out / "generic")
    object_bench.main([*argv[:-4], "--out", str(tuned), *argv[-2:], "--from-generic"])
    assert "generic: reusing" in capsys.readouterr().out
    assert f"starts from {out / 'generic'}" in (tuned / "octa" / "trainer.log").read_text()


def test_a_folder_without_one_model_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "model").mkdir()
    with pytest.raises(SystemExit, match=r"should hold one \.ply model, found 0"):
        object_bench.object_model(tmp_path)
