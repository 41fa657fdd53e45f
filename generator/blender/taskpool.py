"""Importing bpy with Blender's task pool sized to the render threads we ask for.

bpy sizes its TBB worker pool when it is imported, from the CPUs this process may run on, and Cycles'
`threads` setting does not shrink it: with `--threads 1` on a 2-core machine one idle TBB worker spins in
`sched_yield` for as long as Cycles renders, doubling the CPU time of a render without making it faster
(measured: ~19 ms CPU for a ~10 ms render). Restricting this thread to `threads` CPUs for the moment of the
import gives the pool that size; every thread then gets the full CPU set back, so the scheduler still spreads
several generators over the cores. Nothing here imports bpy at module level, so this module stays light.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading

DEFAULT_THREADS = 1  # render threads of one generator: run one generator per core


def _threads() -> set[int]:
    """Ids of this process's threads (Linux /proc)."""
    return {int(tid) for tid in os.listdir("/proc/self/task")}


def import_bpy(threads: int) -> None:
    """Import bpy (once per process) with a task pool of `threads` CPUs; a no-op where affinity is not
    supported or bpy is already imported."""
    if "bpy" in sys.modules or not hasattr(os, "sched_setaffinity"):
        return
    allowed = os.sched_getaffinity(0)
    before = _threads()
    os.sched_setaffinity(0, sorted(allowed)[:max(threads, 1)])
    try:
        import bpy  # noqa: F401
    finally:
        for tid in (_threads() - before) | {threading.get_native_id()}:
            with contextlib.suppress(ProcessLookupError):  # a thread that already ended
                os.sched_setaffinity(tid, allowed)

