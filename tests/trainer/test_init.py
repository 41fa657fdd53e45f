"""--init: a new run starts from another run's weights (a generic run's before a target's); a resumed run keeps its
own, and a checkpoint of another architecture is a one-line error."""

from __future__ import annotations

import numpy as np
import pytest

from tests.trainer.conftest import small_run
from tests.trainer.models import lively_unet
from trainer import checkpoints
from trainer.train import load_or_build


def _same(first, second) -> bool:
    return all(np.array_equal(np.asarray(a), np.asarray(b)) for a, b in zip(first.weights, second.weights,
                                                                            strict=True))


# the resumed checkpoint was saved before any step: Keras says its optimizer had nothing to restore
@pytest.mark.filterwarnings("ignore:Skipping variable loading for optimizer")
def test_a_new_run_starts_from_the_weights_of_init_and_a_resumed_one_ignores_it(tmp_path) -> None:
    source = lively_unet(width=4, seed=1)
    path = tmp_path / "generic.keras"
    source.save(path)
    model = load_or_build(tmp_path / "target", small_run("tcp://127.0.0.1:1", tmp_path / "target", "--init",
                                                         str(path), "--no-dilated"))
    assert _same(model, source)
    own = load_or_build(tmp_path / "own", small_run("tcp://127.0.0.1:1", tmp_path / "own", "--no-dilated"))
    assert not _same(own, source)
    checkpoints.save_checkpoint(own, tmp_path / "own", 5, keep=5)
    resumed = load_or_build(tmp_path / "own", small_run("tcp://127.0.0.1:1", tmp_path / "own", "--init", str(path),
                                                        "--no-dilated"))
    assert _same(resumed, own) and not _same(resumed, source)


@pytest.mark.parametrize("flags", [("--width", "8"), ("--dilated",)])
def test_init_from_another_architecture_or_nothing_is_a_one_line_error(tmp_path, flags) -> None:
    path = tmp_path / "generic.keras"
    lively_unet(width=4, seed=1).save(path)
    with pytest.raises(SystemExit, match=r"--init .*same --width, --context and --dilated"):
        load_or_build(tmp_path / "run", small_run("tcp://127.0.0.1:1", tmp_path / "run", "--init", str(path),
                                                  "--no-dilated", *flags))
    with pytest.raises(SystemExit, match=r"--init: .*missing"):
        load_or_build(tmp_path / "run", small_run("tcp://127.0.0.1:1", tmp_path / "run", "--init",
                                                  str(tmp_path / "missing")))
