"""Silencing Blender's C-level chatter ("Fra:/Saved:/Time:" per render, importer logs), which bypasses
Python's sys.stdout and goes straight to file descriptors 1 and 2."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator


@contextlib.contextmanager
def quiet(*fds: int) -> Iterator[None]:
    """Point the given file descriptors (default: stdout) at /dev/null for the duration."""
    fds = fds or (1,)
    sys.stdout.flush()
    sys.stderr.flush()
    saved = [os.dup(fd) for fd in fds]
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        for fd in fds:
            os.dup2(devnull, fd)
        yield
    finally:
        for fd, copy in zip(fds, saved, strict=True):
            os.dup2(copy, fd)
            os.close(copy)
        os.close(devnull)
