"""How the UNet learns: the optimizer, its learning-rate schedule, and compiling the model with a loss.

The run never ends, so a decaying schedule decays towards a floor, never to zero. A schedule is saved with the
optimizer and reads the optimizer's own step counter, so a resumed run continues it where it stopped.

The optimizer may keep an exponential moving average of the weights (Keras' `use_ema`): what a checkpoint holds
and the image grid shows is that average, which smooths the step-to-step swings a noisy endless stream causes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

import keras
import numpy as np
from keras import ops

from trainer.losses import LOSSES, METRICS, PACKAGE
from trainer.precision import FLOAT16, precision_of

OPTIMIZERS = {"adam": keras.optimizers.Adam, "rmsprop": keras.optimizers.RMSprop}  # rmsprop: the seed's
CONSTANT, WARMUP_RSQRT = "constant", "warmup-rsqrt"
View = Callable[[keras.Model], AbstractContextManager[keras.Model]]  # the weights a save or a grid sees
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


def compile_model(model: keras.Model, *, lr, optimizer: str, loss: str, jit: str = "auto", ema: float = 0.0) -> None:
    """Compile with the named optimizer (lr: a float or a schedule) and loss, and the project's metrics; `ema`
    is the momentum of a moving average of the weights (0: none).

    A float16 model gets a loss-scaling optimizer (float16's small range would flush gradients to zero). It is
    wrapped here rather than by Keras' `auto_scale_loss`, whose wrapper a checkpoint does not record: a resumed
    run would get the bare optimizer and drop its state, step counter included.
    """
    averaging = {"use_ema": True, "ema_momentum": ema} if ema > 0 else {}
    chosen = OPTIMIZERS[optimizer](learning_rate=lr, **averaging)
    if precision_of(model) == FLOAT16:
        chosen = keras.optimizers.LossScaleOptimizer(chosen)
    model.compile(optimizer=chosen, loss=LOSSES[loss], metrics=METRICS, jit_compile=JIT_CHOICES[jit])


def uses_ema(model: keras.Model) -> bool:
    """Whether the model's optimizer keeps a moving average of the weights."""
    optimizer = getattr(model, "optimizer", None)
    return bool(getattr(getattr(optimizer, "inner_optimizer", optimizer), "use_ema", False))


@contextmanager
def averaged_weights(model: keras.Model) -> Iterator[keras.Model]:
    """Within the block the model's trainable weights are the optimizer's moving average (where it keeps one
    and has taken a step), so a save holds the average both as weights and as the optimizer's own average;
    the trained weights come back after."""
    if not uses_ema(model) or int(model.optimizer.iterations.numpy()) == 0:
        yield model
        return
    trained = [np.array(variable) for variable in model.trainable_variables]
    model.optimizer.finalize_variable_values(model.trainable_variables)
    try:
        yield model
    finally:
        for variable, value in zip(model.trainable_variables, trained, strict=True):
            variable.assign(value)
