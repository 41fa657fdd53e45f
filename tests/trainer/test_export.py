"""`python -m trainer.export`: each format loaded without this project's code agrees with the float32 Keras model."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.trainer.models import lively_unet
from trainer.export import TFLITE_NAME, main, sides
from trainer.inference import float32_model

TOLERANCE = 1e-4

# Runs in a fresh interpreter in a scratch folder, isolated (-I): the project cannot be imported there.
SERVE = """
import json, sys
import numpy as np
import tensorflow as tf
try:
    import trainer
    sys.exit("the project is importable: the check would prove nothing")
except ImportError:
    pass
fmt, path, image_file, out_file = sys.argv[1:]
image = np.load(image_file)
if fmt == "savedmodel":
    alpha = tf.saved_model.load(path).signatures["serving_default"](image=tf.constant(image))["alpha"].numpy()
else:
    interpreter = tf.lite.Interpreter(model_path=path)
    interpreter.allocate_tensors()
    (given,), (taken,) = interpreter.get_input_details(), interpreter.get_output_details()
    assert given["dtype"] == np.float32 and taken["dtype"] == np.float32, (given, taken)
    interpreter.set_tensor(given["index"], image)
    interpreter.invoke()
    alpha = interpreter.get_tensor(taken["index"])
np.save(out_file, alpha)
"""


@pytest.fixture(scope="module")
def checkpoint(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A width-4 UNet trained under mixed bfloat16, saved as a checkpoint file."""
    path = tmp_path_factory.mktemp("run") / "ckpt-00000100.keras"
    lively_unet(policy="mixed_bfloat16").save(path)
    return path


def _served(fmt: str, path: Path, image: np.ndarray, scratch: Path) -> np.ndarray:
    """The alpha the exported model gives for `image`, computed by a process that cannot import the project."""
    np.save(scratch / "image.npy", image)
    done = subprocess.run([sys.executable, "-I", "-c", SERVE, fmt, str(path), "image.npy", "alpha.npy"],
                          cwd=scratch, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return np.load(scratch / "alpha.npy")


def _keras_alpha(checkpoint: Path, image: np.ndarray) -> np.ndarray:
    import keras

    return np.asarray(float32_model(keras.models.load_model(checkpoint, compile=False))(image, training=False))


@pytest.mark.parametrize(("fmt", "extra", "shape"), [
    ("savedmodel", [], (2, 48, 80, 3)),  # any sides divisible by 8, and a batch
    ("tflite", [], (1, 64, 64, 3)),  # the checkpoint's own size
    ("tflite", ["--size", "48x80"], (1, 48, 80, 3)),
])
def test_the_loaded_export_agrees_with_the_float32_keras_model(checkpoint: Path, tmp_path: Path, fmt: str,
                                                               extra: list[str], shape: tuple[int, ...]) -> None:
    out = tmp_path / "export"
    assert main(["--checkpoint", str(checkpoint), "--out", str(out), "--format", fmt, *extra]) == 0
    path = out / TFLITE_NAME if fmt == "tflite" else out
    image = np.random.default_rng(4).random(shape, dtype=np.float32)
    served, expected = _served(fmt, path, image, tmp_path), _keras_alpha(checkpoint, image)
    assert served.shape == (*shape[:3], 1) and served.dtype == np.float32
    assert np.ptp(expected) > 0.1  # a flat alpha would agree with anything
    np.testing.assert_allclose(served, expected, atol=TOLERANCE)
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".tmp")]  # no scratch folder left


def test_bad_input_is_one_line_naming_the_path_and_exit_2(checkpoint: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture) -> None:
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "old.txt").write_text("someone's file")
    for args, message in [
        (["--checkpoint", str(tmp_path / "missing.keras"), "--out", str(tmp_path / "new")],
         f"{tmp_path / 'missing.keras'}: no such checkpoint file or run directory"),
        (["--checkpoint", str(checkpoint), "--out", str(taken)],
         f"{taken}: exists and is not an empty folder; give a new one"),
    ]:
        assert main(args) == 2
        assert capsys.readouterr().err.strip().splitlines() == [f"error: {message}"]
    assert [p.name for p in taken.iterdir()] == ["old.txt"]


@pytest.mark.parametrize(("text", "expected"), [("64", (64, 64)), ("48x80", (48, 80)), ("48X80", (48, 80))])
def test_size_is_n_or_height_x_width(text: str, expected: tuple[int, int]) -> None:
    assert sides(text) == expected


@pytest.mark.parametrize("text", ["60", "0", "64x", "a", "64x60x8"])
def test_a_bad_size_is_refused(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match=r"need N or HEIGHTxWIDTH|multiples of 8"):
        sides(text)


def test_the_side_multiple_is_the_unets() -> None:
    from trainer.export import MULTIPLE
    from trainer.unet import LEVELS

    assert MULTIPLE == 2**LEVELS
