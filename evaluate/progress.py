"""Throttled progress lines for long evaluation steps: count, rate and ETA."""

from __future__ import annotations

import logging
import time

log = logging.getLogger(__name__)

EVERY_SECONDS = 5.0


class Progress:
    """Logs `label: done/total unit, rate unit/s, ETA` at most every EVERY_SECONDS, and always at the end."""

    def __init__(self, label: str, total: int, unit: str) -> None:
        self.label, self.total, self.unit = label, total, unit
        self.started = time.monotonic()
        self.reported = 0.0

    def update(self, done: int) -> None:
        elapsed = time.monotonic() - self.started
        if done < self.total and elapsed - self.reported < EVERY_SECONDS:
            return
        self.reported = elapsed
        rate = done / max(elapsed, 1e-9)
        eta = (self.total - done) / rate if done else float("nan")
        log.info("%s: %d/%d %s, %.1f %s/s, ETA %.0f s", self.label, min(done, self.total), self.total,
                 self.unit, rate, self.unit, max(eta, 0.0))
