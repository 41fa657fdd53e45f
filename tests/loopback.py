"""Helpers every kind of test needs around real sockets and processes: whether a port listens, waiting for a
condition. (A free port: `protocol.free_address`.)"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable


def listening(address: str) -> bool:
    """Whether something accepts TCP connections at a tcp://host:port address."""
    host, port = address.removeprefix("tcp://").rsplit(":", 1)
    with socket.socket() as probe:
        return probe.connect_ex((host, int(port))) == 0


def wait_until(condition: Callable[[], bool], timeout: float,
               message: Callable[[], str] | str = "condition never came true") -> None:
    """Poll `condition` until it holds; fail with `message` (called for its text) after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(message() if callable(message) else message)
        time.sleep(0.02)
