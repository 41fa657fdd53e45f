"""A slow average of the whole model, BatchNorm statistics included, over about the last N steps: what
checkpoints and the image grid hold.

The optimizer's own average (`--ema`, about 200 steps) smooths step-to-step noise; this one spans several
thousand pairs of the stream. Averaging weights along the trajectory lands in a flatter region that transfers
better (stochastic weight averaging): the mean of the last two or three checkpoints of four finished 30-minute
runs scored higher on both real sets than those checkpoints did one by one (docs/experiments.md, *Weight averaging
and mirrored predictions*).
Keras keeps no such average of non-trainable weights, and a model averaged without its BatchNorm statistics
normalises with statistics of other weights.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import keras
import numpy as np

from trainer.callbacks import global_step
from trainer.optimization import averaged_weights

FOLD_EVERY_STEPS = 50
WARMUP = 10  # TensorFlow's ExponentialMovingAverage(num_updates=): early folds count more


class SlowAverage(keras.callbacks.Callback):
    """Every `every_steps` steps folds the model as a checkpoint would hold it (the optimizer's average where it
    keeps one) into a moving average over about `horizon_steps` steps; `applied` puts that average in the model.

    The momentum of fold n is min(1 - every/horizon, (1 + n) / (10 + n)), so the first checkpoints are not
    dragged back towards the random initialisation. A resumed run starts its average from the checkpoint's
    weights, which are the previous average.
    """

    def __init__(self, horizon_steps: int, every_steps: int = FOLD_EVERY_STEPS):
        super().__init__()
        if horizon_steps < every_steps:
            raise ValueError(f"the horizon ({horizon_steps} steps) must span at least one fold ({every_steps})")
        self.momentum = 1.0 - every_steps / horizon_steps
        self.every_steps = every_steps
        self.folds = 0
        self._average: list[np.ndarray] = []

    def on_train_batch_end(self, batch, logs=None) -> None:
        if global_step(self.model) % self.every_steps == 0:
            self.fold()

    def fold(self) -> None:
        """Fold the model's current weights (as a checkpoint would hold them) into the average."""
        with averaged_weights(self.model):
            current = self.model.get_weights()
        if self._average:
            momentum = min(self.momentum, (1 + self.folds) / (WARMUP + self.folds))
            current = [momentum * average + (1.0 - momentum) * weight
                       for average, weight in zip(self._average, current, strict=True)]
        self._average = current
        self.folds += 1

    @contextmanager
    def applied(self, model: keras.Model) -> Iterator[keras.Model]:
        """Within the block the model holds the slow average (before the first fold: the optimizer's own);
        the trained weights come back after."""
        if not self._average:
            with averaged_weights(model):
                yield model
            return
        trained = model.get_weights()
        model.set_weights(self._average)
        try:
            yield model
        finally:
            model.set_weights(trained)

