"""`python -m evaluate.cutout`: a folder of photos end to end as a process, bad input in-process, memory."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from evaluate.cutout.cli import main
from evaluate.cutout.strip import LABEL_HEIGHT, ROW_HEIGHT
from tests.evaluate.cutout.test_photos import ORIENTATION_TAG, ROTATE_90_CLOCKWISE

REPO = Path(__file__).resolve().parents[3]


def _photo(path: Path, height: int, width: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    assert cv2.imwrite(str(path), rng.integers(0, 256, (height, width, 3), np.uint8))


def _turned_jpeg(path: Path, stored_height: int, stored_width: int) -> None:
    image = Image.fromarray(np.random.default_rng(9).integers(0, 256, (stored_height, stored_width, 3), np.uint8))
    exif = image.getexif()
    exif[ORIENTATION_TAG] = ROTATE_90_CLOCKWISE
    image.save(path, exif=exif)


def test_a_folder_of_jpeg_and_png_photos_gives_an_alpha_and_an_rgba_cut_out_at_each_photos_size(
        run_dir: Path, tmp_path: Path) -> None:
    photos, out = tmp_path / "photos", tmp_path / "out"
    photos.mkdir()
    _photo(photos / "wide.jpg", 150, 200, 0)
    _photo(photos / "tall.png", 203, 97, 1)
    _photo(photos / "tiny.jpeg", 9, 13, 2)
    _turned_jpeg(photos / "turned.jpg", 80, 120)  # upright: 120 high, 80 wide
    (photos / "broken.png").write_text("not a photo")
    (photos / "notes.txt").write_text("left alone")
    done = subprocess.run([sys.executable, "-m", "evaluate.cutout", str(photos), "--out", str(out),
                           "--checkpoint", str(run_dir), "--strip", str(tmp_path / "strip.png")],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    sizes = {"wide": (150, 200), "tall": (203, 97), "tiny": (9, 13), "turned": (120, 80)}
    for stem, size in sizes.items():
        photo = cv2.imread(str(next(photos.glob(f"{stem}.*"))))
        alpha = cv2.imread(str(out / f"{stem}.alpha.png"), cv2.IMREAD_UNCHANGED)
        cut_out = cv2.imread(str(out / f"{stem}.png"), cv2.IMREAD_UNCHANGED)
        assert alpha.shape == size and alpha.dtype == np.uint8
        assert cut_out.shape == (*size, 4) and cut_out.dtype == np.uint8
        np.testing.assert_array_equal(cut_out[..., :3], photo)  # the photo's own colours, upright
        np.testing.assert_array_equal(cut_out[..., 3], alpha)
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{s}{x}" for s in sizes for x in (".png", ".alpha.png"))
    warnings = [line for line in done.stderr.splitlines() if "broken.png" in line]
    assert len(warnings) == 1 and "skipped" in warnings[0]
    assert "4 cut-outs of 5 files" in done.stderr and "cut-outs: 5/5 photos" in done.stderr
    assert cv2.imread(str(tmp_path / "strip.png")).shape[0] == 4 * (LABEL_HEIGHT + ROW_HEIGHT)
    assert "oneDNN" not in done.stderr  # TensorFlow's start-up notes are not for people


@pytest.mark.parametrize(("case", "message"), [
    ("no checkpoint", "{root}/empty-run: no complete checkpoint in this run directory yet (checkpoints/latest)"),
    ("missing checkpoint", "{root}/missing.keras: no such checkpoint file or run directory"),
    ("missing photo", "{root}/nowhere.jpg: no such photo or folder"),
    ("empty folder", "{root}/empty: no photos in this folder (.jpg/.jpeg/.png/.webp/.bmp/.tif/.tiff)"),
    ("only unreadable", "{root}/bad.jpg: none of the 1 files is a readable photo"),
])
def test_bad_input_is_one_line_naming_the_path_and_exit_2(run_dir: Path, capsys: pytest.CaptureFixture,
                                                          case: str, message: str) -> None:
    root = run_dir.parent
    (root / "empty").mkdir()
    (root / "empty-run").mkdir()
    (root / "bad.jpg").write_text("not a photo")
    _photo(root / "good.png", 16, 16, 0)
    checkpoint, photo = {
        "no checkpoint": ("empty-run", "good.png"), "missing checkpoint": ("missing.keras", "good.png"),
        "missing photo": ("run", "nowhere.jpg"), "empty folder": ("run", "empty"),
        "only unreadable": ("run", "bad.jpg"),
    }[case]
    assert main([str(root / photo), "--out", str(root / "out"), "--checkpoint", str(root / checkpoint)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines[-1] == f"error: {message.format(root=root)}"
    assert not any("Traceback" in line for line in lines)


def test_size_must_be_a_multiple_of_eight(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["photo.jpg", "--out", "out", "--size", "60"])
    assert exited.value.code == 2
    assert "must be a positive multiple of 8, got 60" in capsys.readouterr().err.splitlines()[-1]


def test_outputs_never_overwrite_a_photo_and_one_name_is_cut_out_once(run_dir: Path, tmp_path: Path,
                                                                       caplog: pytest.LogCaptureFixture) -> None:
    photos, other = tmp_path / "photos", tmp_path / "other"
    photos.mkdir()
    other.mkdir()
    _photo(photos / "a.png", 32, 48, 0)
    _photo(photos / "b.jpg", 32, 48, 1)
    _photo(other / "b.png", 40, 40, 2)
    before = (photos / "a.png").read_bytes()
    assert main([str(photos), str(other), "--out", str(photos), "--checkpoint", str(run_dir)]) == 0
    assert (photos / "a.png").read_bytes() == before and not (photos / "a.alpha.png").exists()
    assert cv2.imread(str(photos / "b.png"), cv2.IMREAD_UNCHANGED).shape == (32, 48, 4)  # the first b
    skipped = sorted(r.getMessage() for r in caplog.records if r.getMessage().startswith("skipped"))
    assert skipped == [f"skipped {other / 'b.png'}: {photos / 'b.jpg'} has the same name, and its outputs",
                       f"skipped {photos / 'a.png'}: its outputs would overwrite it (give another --out)"]


PEAK_RSS = """
import resource, runpy, sys
sys.argv = ["cutout", *sys.argv[1:]]
try:
    runpy.run_module("evaluate.cutout", run_name="__main__")
finally:
    print("peak-kib", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def _peak_mib(photo: Path, out: Path, run_dir: Path) -> float:
    """Peak resident memory of a `cutout` process on one photo."""
    done = subprocess.run([sys.executable, "-c", PEAK_RSS, str(photo), "--out", str(out), "--checkpoint",
                           str(run_dir)], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return int(done.stderr.split("peak-kib")[-1]) / 1024


def test_a_large_photo_costs_its_pixels_not_a_full_size_model_run(run_dir: Path, tmp_path: Path) -> None:
    """The model sees a small copy and the guided filter runs in bands: a 4000x3000 photo costs about 8 bytes a
    pixel (photo, alpha, cut-out) and the filter's fixed band over a small photo (measured: 180 MiB), where the
    model or the filter at full size would take a gigabyte or more."""
    big, small = tmp_path / "big.jpg", tmp_path / "small.jpg"
    # a smooth photo: PNG and JPEG coding of noise would take most of the test's time
    gradient = np.linspace(0, 255, 4000, dtype=np.float32)
    cv2.imwrite(str(big), np.dstack([np.tile(gradient, (3000, 1))] * 3).astype(np.uint8))
    _photo(small, 300, 400, 0)
    budget_mib = 8 * 4000 * 3000 / 2**20 + 160
    extra = _peak_mib(big, tmp_path / "out-big", run_dir) - _peak_mib(small, tmp_path / "out-small", run_dir)
    assert extra < budget_mib, f"{extra:.0f} MiB more for a 12-megapixel photo (budget {budget_mib:.0f})"
    assert cv2.imread(str(tmp_path / "out-big" / "big.alpha.png"), cv2.IMREAD_UNCHANGED).shape == (3000, 4000)
