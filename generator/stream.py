"""The endless loop: draw a frame, render it, composite K pairs, send one `protocol.Sample`, repeat.

A slow or absent trainer blocks `protocol.send` at the bounded queue (counted as blocked time); a restarted
trainer is picked up by ZeroMQ's reconnect. Setting `stop` ends the loop within one render plus ~100 ms.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import zmq

import protocol
from generator.backgrounds import Backgrounds
from generator.composite import draw_pair, make_pair
from generator.frame import DEFAULT_SAMPLES, DEFAULT_SIZE, FrameRanges, draw_frame, frame_rng
from generator.photometric import DEFAULT_PHOTOMETRIC, PhotometricRanges
from generator.placement import DEFAULT_PLACEMENT, PlacementRanges
from generator.progress import Progress, progress_line

FLUSH_LINGER_MS = 30_000  # how long a --max-samples run waits for its last messages to leave


@dataclass(frozen=True)
class FrameMaker:
    """Everything that turns (seed, index) into a Sample: knob ranges, render settings, backgrounds."""

    ranges: FrameRanges
    backgrounds: Backgrounds
    renderer: object  # generator.blender.render.Renderer (typed loosely: this module stays importable without bpy)
    size: int = DEFAULT_SIZE
    samples: int = DEFAULT_SAMPLES
    materials: str = "randomize"
    placement: PlacementRanges = DEFAULT_PLACEMENT
    photometric: PhotometricRanges = DEFAULT_PHOTOMETRIC

    def draw(self, rng: np.random.Generator) -> dict:
        """The frame description of the next frame."""
        return draw_frame(rng, self.ranges, self.renderer.asset_paths, size=self.size, samples=self.samples,
                          materials=self.materials)

    def draw_pairs(self, rng: np.random.Generator, count: int) -> list[dict]:
        """Params of `count` pairs (background, placement, noise)."""
        return [draw_pair(rng, self.backgrounds, self.placement, self.photometric) for _ in range(count)]

    def pairs(self, render: np.ndarray, pair_params: Sequence[dict]) -> list[protocol.Pair]:
        """Composite one pair per params dict."""
        return [protocol.Pair(*make_pair(render, params, self.backgrounds), params) for params in pair_params]

    def sample(self, generator: str, seed: int, index: int, count: int) -> protocol.Sample:
        """Frame `index` of `seed` with its first `count` pairs; pair draws follow the frame's on one rng."""
        rng = frame_rng(seed, index)
        frame = self.draw(rng)
        pair_params = self.draw_pairs(rng, count)
        render = self.renderer.render(frame)
        return protocol.Sample(generator=generator, seq=index, seed=seed, params=frame,
                               pairs=self.pairs(render, pair_params))


def stream(maker: FrameMaker, sock: zmq.Socket, generator: str, seed: int, composites: int,
           stop: threading.Event, max_pairs: int | None = None, report_every: float = 5.0) -> int:
    """Render and send until `stop` is set or `max_pairs` pairs went out; returns the pairs sent."""
    progress = Progress(generator, seed, every=report_every)
    protocol.send(sock, protocol.encode(progress.report()), stop)
    index = 0
    while not stop.is_set() and (max_pairs is None or progress.pairs < max_pairs):
        count = composites if max_pairs is None else min(composites, max_pairs - progress.pairs)
        data = protocol.encode(maker.sample(generator, seed, index, count))
        waited = time.monotonic()
        if not protocol.send(sock, data, stop):
            break
        progress.add(count, time.monotonic() - waited)
        index += 1
        if progress.due():
            stats = progress.report()
            print(progress_line(stats), file=sys.stderr, flush=True)
            protocol.send(sock, protocol.encode(stats), stop)
    if max_pairs is not None and progress.pairs >= max_pairs:
        sock.setsockopt(zmq.LINGER, FLUSH_LINGER_MS)  # close() then waits until the queue has left
    return progress.pairs
