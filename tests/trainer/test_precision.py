"""Precision: what `auto` picks where, and a bfloat16-trained checkpoint that is float32 underneath."""

from __future__ import annotations

from pathlib import Path

import keras
import numpy as np
import pytest

from trainer import precision
from trainer.optimization import compile_model
from trainer.unet import build_unet


@pytest.mark.parametrize(("gpu", "flags", "expected"), [
    (False, {"fpu", "avx512f", "avx512_bf16"}, "bfloat16"),
    (False, {"fpu", "amx_tile", "amx_bf16"}, "bfloat16"),
    (False, {"fpu", "avx2", "avx512f"}, "float32"),  # bfloat16 would be emulated, slower than float32
    (True, {"fpu"}, "float16"),
])
def test_auto_picks_what_the_hardware_computes_natively(gpu: bool, flags: set[str], expected: str) -> None:
    assert precision.choose("auto", gpu=gpu, flags=frozenset(flags)) == expected
    assert precision.choose("float32", gpu=gpu, flags=frozenset(flags)) == "float32"  # a choice is kept


@pytest.mark.parametrize(("cap", "expected"), [
    ("AVX2", "float32"),  # oneDNN refuses bfloat16 convolutions below AVX512_CORE_BF16: it would crash
    ("avx512_core", "float32"),
    ("AVX512_CORE_BF16", "bfloat16"),
    ("AVX512_CORE_AMX", "bfloat16"),
    ("", "bfloat16"),
])
def test_auto_follows_a_cap_on_onednns_instruction_set(cap: str, expected: str) -> None:
    flags = frozenset({"avx2", "avx512f", "avx512_bf16", "amx_bf16"})
    assert precision.choose("auto", gpu=False, flags=flags, isa_cap=cap) == expected


def test_auto_is_float32_where_onednn_is_off() -> None:
    flags = frozenset({"avx512f", "avx512_bf16"})
    assert precision.choose("auto", gpu=False, flags=flags, onednn=False) == "float32"


def test_cpu_flags_are_read_from_cpuinfo(tmp_path: Path) -> None:
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text("".join(f"processor\t: {cpu}\nflags\t\t: fpu sse avx512_bf16\n\n" for cpu in range(2)))
    assert precision.cpu_flags(cpuinfo) == {"fpu", "sse", "avx512_bf16"}
    assert precision.cpu_flags(tmp_path / "missing") == frozenset()  # another system: float32


@pytest.mark.parametrize("low", ["bfloat16", "float16"])
def test_a_mixed_precision_checkpoint_resumes_and_is_float32_underneath(tmp_path: Path, low: str) -> None:
    rng = np.random.default_rng(0)
    images = rng.random((8, 64, 64, 3), dtype=np.float32)
    alphas = (images.mean(-1, keepdims=True) > 0.5).astype(np.float32)
    keras.utils.set_random_seed(0)
    with precision.global_policy(low):
        model = build_unet(2)
    assert keras.config.dtype_policy().name == "float32"  # restored after the block
    compile_model(model, lr=1e-3, optimizer="adam", loss="bce_l1")
    model.fit(images, alphas, batch_size=4, epochs=1, verbose=0)
    assert precision.precision_of(model) == low
    model.save(tmp_path / "run.keras")

    loaded = keras.models.load_model(tmp_path / "run.keras")  # optimizer, loss and all: a resumable run
    assert type(loaded.optimizer) is type(model.optimizer)  # float16's loss scaling included
    assert int(loaded.optimizer.iterations.numpy()) == 2  # the optimizer's state came back with it
    assert {variable.dtype for variable in loaded.weights} == {"float32"}
    mixed_alpha = np.asarray(loaded(images, training=False))
    assert mixed_alpha.dtype == np.float32  # the sigmoid output is float32 under a mixed policy

    plain = build_unet(2)
    plain.set_weights(loaded.get_weights())
    assert precision.precision_of(plain) == "float32"
    np.testing.assert_allclose(np.asarray(plain(images, training=False)), mixed_alpha, atol=0.05)
