"""How the UNet learns: the optimizer, its learning-rate schedule, and compiling the model with a loss.

The run never ends, so a decaying schedule decays towards a floor, never to zero. A schedule is saved with the
optimizer and reads the optimizer's own step counter, so a resumed run continues it where it stopped.
"""

from __future__ import annotations

import keras
from keras import ops

from trainer.losses import LOSSES, METRICS, PACKAGE
from trainer.precision import FLOAT16, precision_of

OPTIMIZERS = {"adam": keras.optimizers.Adam, "rmsprop": keras.optimizers.RMSprop}  # rmsprop: the seed's
CONSTANT, WARMUP_RSQRT = "constant", "warmup-rsqrt"
JIT_CHOICES = {"auto": "auto", "on": True, "off": False}  # Keras' "auto": XLA on accelerators only


@keras.saving.register_keras_serializable(package=PACKAGE)
class WarmupRsqrt(keras.optimizers.schedules.LearningRateSchedule):
    """Linear warm-up to `peak` over `warmup_steps`, then peak * sqrt(warmup_steps / step), never below
    floor * peak. Warm-up spares the freshly initialised BatchNorm statistics large first steps."""

    def __init__(self, peak: float, warmup_steps: int, floor: float):
        self.peak, self.warmup_steps, self.floor = float(peak), int(warmup_steps), float(floor)

    def __call__(self, step):
        step = ops.cast(step, "float32") + 1.0
        warmup = float(max(self.warmup_steps, 1))
        rising = ops.minimum(step / warmup, 1.0)
        decaying = ops.sqrt(warmup / ops.maximum(step, warmup))
        return self.peak * ops.minimum(rising, ops.maximum(decaying, self.floor))

    def get_config(self) -> dict:
        return {"peak": self.peak, "warmup_steps": self.warmup_steps, "floor": self.floor}


def learning_rate(lr: float, schedule: str, warmup_steps: int, floor: float):
    """A constant `lr`, or the named schedule peaking at `lr`."""
    if schedule == CONSTANT:
        return lr
    if schedule == WARMUP_RSQRT:
        return WarmupRsqrt(lr, warmup_steps, floor)
    raise ValueError(f"unknown learning-rate schedule {schedule!r}")


def compile_model(model: keras.Model, *, lr, optimizer: str, loss: str, jit: str = "auto") -> None:
    """Compile with the named optimizer (lr: a float or a schedule) and loss, and the project's metrics.

    A float16 model gets a loss-scaling optimizer (float16's small range would flush gradients to zero). It is
    wrapped here rather than by Keras' `auto_scale_loss`, whose wrapper a checkpoint does not record: a resumed
    run would get the bare optimizer and drop its state, step counter included.
    """
    chosen = OPTIMIZERS[optimizer](learning_rate=lr)
    if precision_of(model) == FLOAT16:
        chosen = keras.optimizers.LossScaleOptimizer(chosen)
    model.compile(optimizer=chosen, loss=LOSSES[loss], metrics=METRICS, jit_compile=JIT_CHOICES[jit])
