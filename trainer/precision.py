"""Which floating-point precision the UNet trains in: mixed bfloat16 or float16 where the hardware computes it
natively, float32 elsewhere.

Under a mixed policy Keras keeps every variable in float32 and computes in the low precision, so a checkpoint's
weights are float32 whatever it trained in. The UNet's sigmoid output and the loss stay float32 (see `unet.py`).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.quiet import ONEDNN_VARIABLE  # 0: TensorFlow computes with Eigen (trainer.quiet turns it on)

if TYPE_CHECKING:
    import keras

AUTO = "auto"
FLOAT32 = "float32"
BFLOAT16 = "bfloat16"
FLOAT16 = "float16"
CHOICES = (AUTO, FLOAT32, BFLOAT16, FLOAT16)
BF16_CPU_FLAGS = frozenset({"avx512_bf16", "amx_bf16"})  # Linux names of native bfloat16 arithmetic
CPUINFO = Path("/proc/cpuinfo")
ISA_CAP_VARIABLE = "ONEDNN_MAX_CPU_ISA"  # oneDNN uses no instruction beyond this set
# the caps under which oneDNN still computes bfloat16 natively: its convolutions refuse bfloat16 below them
BF16_ISA_CAPS = frozenset({"AVX512_CORE_BF16", "AVX512_CORE_FP16", "AVX10_1_512", "AVX512_CORE_AMX",
                           "AVX10_1_512_AMX", "AVX512_CORE_AMX_FP16", "AVX10_1_512_AMX_FP16", "ALL", "DEFAULT"})


def cpu_flags(cpuinfo: Path = CPUINFO) -> frozenset[str]:
    """The CPU's feature flags as Linux lists them; empty where there is no /proc/cpuinfo (other systems)."""
    try:
        text = cpuinfo.read_text()
    except OSError:
        return frozenset()
    return frozenset(word for line in text.splitlines() if line.startswith("flags")
                     for word in line.partition(":")[2].split())


def has_gpu() -> bool:
    import tensorflow as tf  # imported here: the parser reads CHOICES, and --help must not start TensorFlow

    return bool(tf.config.list_physical_devices("GPU"))


def choose(requested: str, *, gpu: bool, flags: frozenset[str], isa_cap: str = "", onednn: bool = True) -> str:
    """`requested` itself, or for `auto`: float16 on a GPU, bfloat16 on a CPU with native bfloat16 arithmetic that
    oneDNN computes (`onednn`: TensorFlow's oneDNN kernels are on; `isa_cap`: ONEDNN_MAX_CPU_ISA), float32
    otherwise (emulated bfloat16 is slower than float32)."""
    if requested != AUTO:
        return requested
    if gpu:
        return FLOAT16
    capped = bool(isa_cap) and isa_cap.upper() not in BF16_ISA_CAPS
    return BFLOAT16 if flags & BF16_CPU_FLAGS and onednn and not capped else FLOAT32


def resolve(requested: str) -> str:
    """`choose` on this machine."""
    onednn = os.environ.get(ONEDNN_VARIABLE, "1").lower() not in ("0", "false", "off")
    return choose(requested, gpu=has_gpu(), flags=cpu_flags(), isa_cap=os.environ.get(ISA_CAP_VARIABLE, ""),
                  onednn=onednn)


def policy_name(precision: str) -> str:
    """Keras' dtype policy of a precision: `mixed_` low-precision compute over float32 variables."""
    return FLOAT32 if precision == FLOAT32 else f"mixed_{precision}"


def precision_of(model: keras.Model) -> str:
    """The precision a (loaded) model computes in, read from its first layer with weights."""
    layer = next(layer for layer in model.layers if layer.weights)
    return layer.dtype_policy.compute_dtype


@contextlib.contextmanager
def global_policy(precision: str) -> Iterator[None]:
    """Layers created inside compute in `precision`; the previous policy is restored afterwards (Keras keeps
    it per thread, and tests train several models in one process)."""
    import keras

    previous = keras.config.dtype_policy()
    keras.config.set_dtype_policy(policy_name(precision))
    try:
        yield
    finally:
        keras.config.set_dtype_policy(previous)
