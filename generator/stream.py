"""The endless loop: draw a frame, render it, composite K pairs, send one `protocol.Sample`, repeat.

Only the render runs on the main thread: while frame N+1 renders, a worker thread composites and encodes frame N
and draws frame N+2 and builds its geometry. Cycles releases the GIL while it renders, so the ~10 ms of
numpy/OpenCV per frame overlaps the render instead of following it.
A slow or absent trainer blocks `protocol.send` at the bounded queue (counted as blocked time); a restarted
trainer is picked up by ZeroMQ's reconnect. Setting `stop` ends the loop within two renders plus ~100 ms.
"""

from __future__ import annotations

import contextlib
import itertools
import sys
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import zmq

import protocol
from generator.image.backgrounds import Backgrounds
from generator.image.composite import draw_pair, make_pair
from generator.image.cutouts import Cutouts
from generator.image.denoise import DEFAULT_DENOISE, denoise
from generator.image.framing import DEFAULT_FRAMING, FramingRanges
from generator.image.grain import DEFAULT_GRAIN, grain_gains
from generator.image.panorama import view
from generator.image.photometric import DEFAULT_PHOTOMETRIC, PhotometricRanges
from generator.progress import REPORT_EVERY, Progress, progress_line
from generator.scene.frame import (
    DEFAULT_MATERIALS,
    DEFAULT_OIDN,
    DEFAULT_RENDER_SCALE,
    DEFAULT_SAMPLES,
    DEFAULT_SIZE,
    FrameRanges,
    draw_frame,
    frame_rng,
)
from generator.scene.lighting import incident
from generator.scene.meshes import Geometry, build
from generator.scene.world import load_panorama, mean_radiance, panorama_paths

FLUSH_S = 30.0  # how long a --max-samples run waits for its last message to leave


class UnsentError(RuntimeError):
    """A --max-samples run whose last message had not left when the flush wait ran out."""


def frame_incident(frame: dict) -> float:
    """The incident light at the frame's object (`generator.scene.lighting.incident`), its panorama's included."""
    world = frame["world"]
    return incident(frame["lighting"], None if world is None else world["strength"] * mean_radiance(world["panorama"]))


@dataclass(frozen=True)
class Prepared:
    """A frame drawn and ready to render: its description, its pairs' params, its procedural geometry, its
    clutter's and its companions'."""

    frame: dict
    pair_params: list[dict]
    geometry: Geometry | None
    clutter: list[Geometry]
    companions: list[Geometry]


@dataclass(frozen=True)
class Rendered:
    """A frame rendered, ready to composite: float32 HxWx4 linear premultiplied `render`."""

    frame: dict
    pair_params: list[dict]
    render: np.ndarray


@dataclass(frozen=True)
class FrameMaker:
    """Everything that turns (seed, index) into a Sample: knob ranges, render settings, backgrounds."""

    ranges: FrameRanges
    backgrounds: Backgrounds
    renderer: object  # generator.blender.render.Renderer (typed loosely: this module stays importable without bpy)
    size: int = DEFAULT_SIZE
    samples: int = DEFAULT_SAMPLES
    denoise: float = DEFAULT_DENOISE
    grain: float = DEFAULT_GRAIN
    oidn: bool = DEFAULT_OIDN
    materials: str = DEFAULT_MATERIALS
    render_scale: float = DEFAULT_RENDER_SCALE
    framing: FramingRanges = DEFAULT_FRAMING
    photometric: PhotometricRanges = DEFAULT_PHOTOMETRIC
    cutouts: Cutouts | None = None

    def draw(self, rng: np.random.Generator) -> dict:
        """The frame description of the next frame."""
        return draw_frame(rng, self.ranges, self.renderer.asset_paths, targets=self.renderer.target_paths,
                          size=self.size, samples=self.samples, denoise=self.denoise, grain=self.grain,
                          oidn=self.oidn, materials=self.materials, render_scale=self.render_scale,
                          panoramas=list(panorama_paths()))

    def draw_pairs(self, rng: np.random.Generator, frame: dict, count: int) -> list[dict]:
        """Params of `count` pairs of a frame (background, framing, camera effects)."""
        # frames from before portraits, greenery and targets have no such keys
        portrait, greenery = frame["camera"].get("portrait", False), frame.get("greenery", False)
        target = frame.get("object", {}).get("target", False)
        light = frame_incident(frame) if target else None
        return [draw_pair(rng, self.backgrounds, frame["world"] is not None, self.framing, self.photometric,
                          portrait, greenery, self.cutouts, target, light) for _ in range(count)]

    def pairs(self, frame: dict, render: np.ndarray, pair_params: Sequence[dict]) -> list[protocol.Pair]:
        """Composite one pair per params dict from the frame's render."""
        world = frame["world"]
        # the view is linear in the panorama: scale the frame's pixels, not the whole panorama
        world_view = None if world is None else world["strength"] * view(load_panorama(world["panorama"]),
                                                                          frame["camera"], frame["render_size"])
        render = denoise(render, frame["denoise"])
        # frames from before the grain have none
        grain = grain_gains(frame["render_seed"], frame["render_size"], frame.get("grain", 0.0))
        return [protocol.Pair(*make_pair(render, params, self.backgrounds, world_view, grain, self.cutouts),
                              params)
                for params in pair_params]

    def prepare(self, seed: int, index: int, count: int) -> Prepared:
        """Everything frame `index` of `seed` needs before its render, drawn on one rng (the frame, then its
        first `count` pairs) plus its procedural geometry; no bpy, so it may run in another thread."""
        rng = frame_rng(seed, index)
        frame = self.draw(rng)
        obj = frame["object"]
        return Prepared(frame, self.draw_pairs(rng, frame, count),
                        build(obj["shape"]) if obj["kind"] == "procedural" else None,
                        [build(item["shape"]) for item in frame["clutter"]["objects"]],
                        [build(item["shape"]) for item in frame["companions"]])

    def rendered(self, prepared: Prepared) -> Rendered:
        """A prepared frame rendered."""
        return Rendered(prepared.frame, prepared.pair_params,
                        self.renderer.render(prepared.frame, prepared.geometry, prepared.clutter,
                                             prepared.companions))

    def finish(self, generator: str, seed: int, index: int, rendered: Rendered) -> protocol.Sample:
        """The Sample of a rendered frame: composites its pairs (no bpy, so it may run in another thread)."""
        return protocol.Sample(generator=generator, seq=index, seed=seed, params=rendered.frame,
                               pairs=self.pairs(rendered.frame, rendered.render, rendered.pair_params))

    def sample(self, generator: str, seed: int, index: int, count: int) -> protocol.Sample:
        """Frame `index` of `seed` with its first `count` pairs."""
        return self.finish(generator, seed, index, self.rendered(self.prepare(seed, index, count)))


def encoded_samples(maker: FrameMaker, generator: str, seed: int,
                    counts: Iterable[int]) -> Iterator[tuple[int, bytes]]:
    """(pairs, encoded Sample) of frames 0, 1, ... with `counts` pairs each, the same bytes as
    `maker.sample`. Only the render holds the main thread: a worker thread composites and encodes frame N and
    prepares frame N+2 while frame N+1 renders."""
    def finish(index: int, rendered: Rendered) -> tuple[int, bytes]:
        return len(rendered.pair_params), protocol.encode(maker.finish(generator, seed, index, rendered))

    frames = enumerate(counts)
    with ThreadPoolExecutor(1, thread_name_prefix="frames") as pool:
        def prepare_next() -> tuple[int, Future] | None:
            index, count = next(frames, (None, 0))
            return None if index is None else (index, pool.submit(maker.prepare, seed, index, count))

        prepared, finished = prepare_next(), None
        while prepared is not None:
            index, ready = prepared
            prepared = prepare_next()
            rendered = maker.rendered(ready.result())
            if finished is not None:
                yield finished.result()
            finished = pool.submit(finish, index, rendered)
        if finished is not None:
            yield finished.result()


def pair_counts(composites: int, max_pairs: int | None) -> Iterable[int]:
    """Pairs per frame: `composites` each, endlessly or until `max_pairs` are made (the last frame fewer)."""
    if max_pairs is None:
        return itertools.repeat(composites)
    full, rest = divmod(max_pairs, composites)
    return [composites] * full + ([rest] if rest else [])


def send_tracked(sock: zmq.Socket, data: bytes, stop: threading.Event) -> zmq.MessageTracker | None:
    """`protocol.send`, returning a tracker that is done once ZeroMQ has handed the message to the network
    (None when `stop` came first)."""
    frame = zmq.Frame(data, copy=False, track=True)  # never copied, so ZeroMQ's release of it is observable
    tracker = frame.tracker
    sent = protocol.send(sock, frame, stop)
    del frame  # the tracker fires only once no Frame holds the message any more
    return tracker if sent else None


def wait_sent(tracker: zmq.MessageTracker, stop: threading.Event, timeout_s: float) -> bool:
    """Wait until the tracked message left, `stop` is set or `timeout_s` passed; True when it left."""
    deadline = time.monotonic() + timeout_s
    while not tracker.done and not stop.is_set() and time.monotonic() < deadline:
        with contextlib.suppress(zmq.NotDone):
            tracker.wait(0.1)
    return tracker.done


def stream(maker: FrameMaker, sock: zmq.Socket, generator: str, seed: int, composites: int,
           stop: threading.Event, max_pairs: int | None = None, report_every: float = REPORT_EVERY,
           flush_s: float = FLUSH_S) -> int:
    """Render and send until `stop` is set or `max_pairs` pairs went out; returns the pairs sent. With
    `max_pairs`, waits up to `flush_s` for the last Sample to leave and raises UnsentError if it did not."""
    progress = Progress(generator, seed, every=report_every)
    protocol.send(sock, protocol.encode(progress.report()), stop)
    samples = encoded_samples(maker, generator, seed, pair_counts(composites, max_pairs))
    tracker = None
    with contextlib.closing(samples):  # on a break, waits for the worker's job in flight
        for count, data in samples:
            waited = time.monotonic()
            if stop.is_set() or (tracker := send_tracked(sock, data, stop)) is None:
                break
            progress.add(count, time.monotonic() - waited)
            if progress.due():
                stats = progress.report()
                print(progress_line(stats), file=sys.stderr, flush=True)
                protocol.send(sock, protocol.encode(stats), stop)
    # a PUSH socket to one trainer sends in order: once the last Sample left, every one before it had
    if max_pairs is not None and progress.pairs >= max_pairs and not wait_sent(tracker, stop, flush_s):
        raise UnsentError(f"made {progress.pairs} pairs but the last were still queued after {flush_s:g} s: "
                          "no trainer took them")
    return progress.pairs
