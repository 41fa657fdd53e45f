"""Where the trainer computes: the CPU, or every visible GPU in step under TensorFlow's MirroredStrategy.

With GPUs, every step splits its batch across them, each replica computes its gradients, the gradients are summed
across replicas and every replica applies the same update, so their weights stay equal. MirroredStrategy also
prefetches each replica's share of the next batch onto its device, one GPU included. `--batch-size` is the batch of
one replica: the step's global batch is that times the replicas, and a new run's learning rate is scaled by the
same factor (the linear scaling rule), which the trainer's log says.

Without a GPU the default strategy computes on the CPU as before, unless a process split its CPU into several
logical devices (`tf.config.set_logical_device_configuration`, as the tests do to run two replicas on a CPU).
Several hosts would use `MultiWorkerMirroredStrategy` with a TF_CONFIG naming them (README, *Scaling*).
"""

from __future__ import annotations

import tensorflow as tf


def choose_strategy() -> tf.distribute.Strategy:
    """MirroredStrategy over the visible GPUs (one or more), or over the CPU's logical devices where a process made
    several; else the default strategy (one device)."""
    gpus = tf.config.list_logical_devices("GPU")
    if gpus:
        return tf.distribute.MirroredStrategy([device.name for device in gpus])
    cpus = tf.config.list_logical_devices("CPU")
    if len(cpus) > 1:
        # the default all-reduce is NCCL's, for GPUs; CPUs reduce on one device
        return tf.distribute.MirroredStrategy([device.name for device in cpus],
                                              cross_device_ops=tf.distribute.ReductionToOneDevice())
    return tf.distribute.get_strategy()


def describe(strategy: tf.distribute.Strategy) -> str:
    """'one device' or 'N replicas: /device:GPU:0, ...' for the log."""
    if not isinstance(strategy, tf.distribute.MirroredStrategy):
        return "one device"
    devices = strategy.extended.worker_devices
    return f"{len(devices)} replica{'s' if len(devices) > 1 else ''}: {', '.join(devices)}"
