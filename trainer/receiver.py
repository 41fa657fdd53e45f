"""Background receiver: pulls messages off the socket, decodes them, counts per generator, queues pairs.

Malformed messages are dropped and counted, never raised. The queue is bounded, so a slow trainer blocks
the receiver, which fills ZeroMQ's high-water mark, which blocks the generators: memory stays bounded.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

import protocol

POLL_MS = 100
log = logging.getLogger(__name__)


@dataclass
class Period:
    """What the receiver saw since the last `take_period()`."""

    seconds: float
    pairs: Counter = field(default_factory=Counter)  # by generator id
    renders: Counter = field(default_factory=Counter)
    dropped: int = 0
    waited_s: float = 0.0  # time the training input waited on an empty queue
    stats: dict[str, protocol.Stats] = field(default_factory=dict)  # the generators' own latest reports

    @property
    def input_bound(self) -> float:
        """Share of the period the training input waited for data."""
        return min(1.0, self.waited_s / self.seconds) if self.seconds > 0 else 0.0


class Receiver:
    """Owns the PULL socket and a thread that turns messages into (image, alpha) pairs of one size."""

    def __init__(self, address: str, size: int, *, max_queued: int = 1024, curve_dir: str | Path | None = None):
        self.size = size
        self.sock = protocol.bind_pull(address, curve_dir=curve_dir)
        self.address = protocol.endpoint(self.sock)
        self.dropped_total = 0
        self.pairs_total = 0
        self._queue: queue.Queue[tuple[np.ndarray, np.ndarray]] = queue.Queue(max_queued)
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._period = Period(0.0)
        self._period_start = time.monotonic()
        self._thread = threading.Thread(target=self._run, name="receiver", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            data = protocol.recv(self.sock, POLL_MS)
            if data is not None:
                self._handle(data)

    def _handle(self, data: bytes) -> None:
        try:
            message = protocol.decode(data)
        except protocol.ProtocolError as error:
            with self._lock:
                self._period.dropped += 1
                self.dropped_total += 1
            log.debug("dropped a malformed message: %s", error)
            return
        if isinstance(message, protocol.Stats):
            with self._lock:
                self._period.stats[message.generator] = message
            return
        for pair in message.pairs:
            if not self._put(self._fit(pair.image, pair.alpha)):
                return
        with self._lock:
            self._period.renders[message.generator] += 1
            self._period.pairs[message.generator] += len(message.pairs)
            self.pairs_total += len(message.pairs)

    def _fit(self, image: np.ndarray, alpha: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Pairs of another size are resized (area filter) to the model's input size."""
        if image.shape[:2] != (self.size, self.size):
            image = cv2.resize(image, (self.size, self.size), interpolation=cv2.INTER_AREA)
            alpha = cv2.resize(alpha, (self.size, self.size), interpolation=cv2.INTER_AREA)
        return image, alpha[..., None]

    def _put(self, item: tuple[np.ndarray, np.ndarray]) -> bool:
        """Queue one pair, waiting while full; False when stopped first."""
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=POLL_MS / 1000)
                return True
            except queue.Full:
                continue
        return False

    def pairs(self) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Endless pairs for tf.data; the time spent waiting on an empty queue is booked as input-bound."""
        while not self._stop.is_set():
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                start = time.monotonic()
                try:
                    item = self._queue.get(timeout=POLL_MS / 1000)
                except queue.Empty:
                    item = None
                with self._lock:
                    self._period.waited_s += time.monotonic() - start
                if item is None:
                    continue
            yield item

    def take_period(self) -> Period:
        """The counts since the previous call, and start a new period."""
        now = time.monotonic()
        with self._lock:
            period, self._period = self._period, Period(0.0)
            period.seconds = now - self._period_start
            self._period_start = now
        return period

    def stop(self) -> None:
        """Stop receiving and end `pairs()`; safe from any thread or a signal handler."""
        self._stop.set()

    def close(self) -> None:
        self.stop()
        self._thread.join()
        protocol.close(self.sock)
