"""Which device Cycles renders on (`--device`): the names, and the error for one this machine lacks. No bpy here, so
the command line can name them in --help and report a bad choice in one line.

The CPU by default: a generator's renders are about 96 px, where a GPU's per-render set-up weighs more than its
path tracing, and the GPU is the trainer's where there is one. `auto` takes the first GPU backend Cycles finds a
device for (the behaviour before this flag), a backend's name that one or an error. Several generators may share
one GPU. Untested on a GPU here: no machine with one was at hand (README, *Scaling*).
"""

from __future__ import annotations

CPU, AUTO = "cpu", "auto"
GPU_BACKENDS = ("optix", "cuda", "hip", "oneapi", "metal")  # Cycles' compute device types, in order of preference
DEVICES = (CPU, AUTO, *GPU_BACKENDS)
DEFAULT_DEVICE = CPU


class DeviceError(RuntimeError):
    """A --device that Cycles cannot render on here; the message is one line naming it."""
