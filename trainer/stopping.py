"""SIGINT/SIGTERM handling that works while the main thread is blocked inside a TensorFlow step.

Python runs signal handlers only on the main thread between bytecodes, which a step waiting for data
never reaches. The C-level handler does write the signal number to the wakeup fd at once, so a watcher
thread reading that fd reacts immediately.
"""

from __future__ import annotations

import logging
import signal
import socket
import threading
from collections.abc import Callable

SIGNALS = (signal.SIGINT, signal.SIGTERM)
log = logging.getLogger(__name__)


def on_stop_signal(stop: Callable[[], None]) -> Callable[[], None]:
    """Call `stop` once on the first SIGINT/SIGTERM; returns a function that restores the old handlers."""
    reader, writer = socket.socketpair()
    writer.setblocking(False)
    fired = threading.Event()

    def fire(signum: int) -> None:
        if not fired.is_set():
            fired.set()
            log.info("%s: finishing the step, saving and exiting", signal.Signals(signum).name)
            stop()

    def watch() -> None:
        data = reader.recv(1)
        if data:
            fire(data[0])

    previous = {signum: signal.signal(signum, lambda signum, _frame: fire(signum)) for signum in SIGNALS}
    previous_fd = signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
    threading.Thread(target=watch, name="stop-signal", daemon=True).start()

    def restore() -> None:
        signal.set_wakeup_fd(previous_fd)
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        writer.close()  # ends the watcher's recv with b""
        reader.close()

    return restore
