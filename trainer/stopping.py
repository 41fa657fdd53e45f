"""SIGINT/SIGTERM handling: while training, around it, and at a process's end.

Python runs signal handlers only on the main thread between bytecodes, which a step waiting for data
never reaches. The C-level handler does write the signal number to the wakeup fd at once, so a watcher
thread reading that fd reacts immediately.

A process leaves with `leave`, not by returning: finalising TensorFlow can hold the interpreter's shutdown for
seconds (long enough for honcho to SIGKILL it), and Python restores the default signal handlers while it
finalises, so a late signal there could end the process by that signal instead of exit status 0.

A stop outside training leaves from the handler itself, not by raising KeyboardInterrupt: an exception unwinding
through TensorFlow's Python layers (a summary writer, an eager context) can be swallowed by a finaliser or leave
native state half torn down. CI saw an evaluator stopped that way die of SIGSEGV (faulthandler now says where,
should anything still crash).
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import sys
import threading
from collections.abc import Callable
from typing import NoReturn

SIGNALS = (signal.SIGINT, signal.SIGTERM)
log = logging.getLogger(__name__)


def _install(handler: Callable | int) -> dict[int, Callable | int | None]:
    """Make `handler` the handler of every stop signal; returns the handlers it replaced."""
    return {signum: signal.signal(signum, handler) for signum in SIGNALS}


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

    previous = _install(lambda signum, _frame: fire(signum))
    previous_fd = signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
    threading.Thread(target=watch, name="stop-signal", daemon=True).start()

    def restore() -> None:
        signal.set_wakeup_fd(previous_fd)
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        writer.close()  # ends the watcher's recv with b""
        reader.close()

    return restore


def leave(code: int) -> NoReturn:
    """Flush the logs and standard streams and end the process with `code`, running no finalisers."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def leave_on_stop_signal(note: str, before: Callable[[], None] | None = None) -> None:
    """Until other handlers replace these, SIGINT/SIGTERM log `note`, call `before` (ending child processes) and
    leave at once with status 0: for a process with nothing half-written to save."""
    def handler(signum: int, _frame: object) -> None:
        _install(signal.SIG_IGN)  # a second signal must not cut `before` short
        log.info("%s (%s)", note, signal.Signals(signum).name)
        if before is not None:
            before()
        leave(0)

    _install(handler)
