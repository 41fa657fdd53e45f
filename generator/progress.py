"""Counting renders, pairs and time blocked on the trainer, for the periodic progress line and Stats message."""

from __future__ import annotations

import socket
import time
from dataclasses import dataclass, field

import protocol

REPORT_EVERY = 5.0  # seconds between progress lines and Stats messages


@dataclass
class Progress:
    """Totals since start plus the window since the last report (rates are over the window)."""

    generator: str
    seed: int
    every: float = REPORT_EVERY
    start: float = field(default_factory=time.monotonic)
    renders: int = 0
    pairs: int = 0
    blocked: float = 0.0
    _last: float = field(default=0.0, init=False)
    _window: tuple[int, int] = field(default=(0, 0), init=False)

    def __post_init__(self) -> None:
        self._last = self.start

    def add(self, pairs: int, blocked: float) -> None:
        """Count one render that sent `pairs` pairs after waiting `blocked` seconds on the queue."""
        self.renders += 1
        self.pairs += pairs
        self.blocked += blocked

    def due(self) -> bool:
        """True once `every` seconds passed since the last report."""
        return time.monotonic() - self._last >= self.every

    def report(self) -> protocol.Stats:
        """Stats over the window since the last report; starts a new window."""
        now = time.monotonic()
        elapsed = max(now - self._last, 1e-9)
        renders, pairs = self.renders - self._window[0], self.pairs - self._window[1]
        self._last, self._window = now, (self.renders, self.pairs)
        return protocol.Stats(generator=self.generator, seed=self.seed, host=socket.gethostname(),
                              uptime=now - self.start, renders=self.renders, pairs=self.pairs,
                              renders_per_s=renders / elapsed, pairs_per_s=pairs / elapsed,
                              blocked_s=self.blocked)


def progress_line(stats: protocol.Stats) -> str:
    """One human line: rates, totals, blocked time."""
    return (f"generator {stats.generator}: {stats.renders_per_s:.1f} renders/s, {stats.pairs_per_s:.0f} pairs/s, "
            f"sent {stats.pairs} pairs in {stats.renders} renders, blocked {stats.blocked_s:.1f} s "
            f"of {stats.uptime:.0f} s")
