"""Generator throughput in one process, built-in procedural scene: renders/s, pairs/s (render + K composites +
encode, no socket), resident memory at warm-up and after all renders (flat = no per-frame leak), and the ratio
against a naive loop measured in the same run (persistent data off, each render written as PNG with
`write_still` and read back from disk). Target: >= 150 pairs/s at the defaults, memory flat over 5,000 renders.

    .venv/bin/python -m benchmarks.generator_bench [--renders 5000] [--naive-renders 200] [--composites 32]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as `python -m generator` does (see generator/__main__.py)

import cv2
import numpy as np

import protocol
from generator.blender.taskpool import DEFAULT_THREADS
from generator.image.backgrounds import Backgrounds
from generator.image.colour import srgb_to_linear
from generator.scene.frame import DEFAULT_COMPOSITES, DEFAULT_RENDER_SCALE, DEFAULT_SAMPLES, DEFAULT_SIZE, FrameRanges
from generator.stream import FrameMaker, encoded_samples


def rss_mb() -> float:
    """Current resident set size in MB (Linux /proc)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize() / 2**20


def fast_loop(maker: FrameMaker, renders: int, composites: int) -> tuple[float, float, float]:
    """Seconds for `renders` encoded samples of `composites` pairs as the stream makes them (compositing
    overlapping the next render), CPU seconds of the process meanwhile, and RSS after the first tenth."""
    warm = rss_mb()
    cpu = time.process_time()
    start = time.perf_counter()
    for index, _ in enumerate(encoded_samples(maker, "bench", 1, [composites] * renders)):
        if index == max(renders // 10, 1):
            warm = rss_mb()
        if index % 500 == 499:
            rate = (index + 1) / (time.perf_counter() - start)
            print(f"  {index + 1}/{renders} renders, {rate:.1f}/s, RSS {rss_mb():.0f} MB, "
                  f"ETA {(renders - index - 1) / rate:.0f} s", file=sys.stderr)
    return time.perf_counter() - start, time.process_time() - cpu, warm


def naive_loop(maker: FrameMaker, renders: int, composites: int) -> float:
    """Seconds for `renders` samples like the fast loop's, but rendered without persistent data and read back
    through a 16-bit PNG on disk."""
    import bpy

    scene = maker.renderer.scene
    scene.render.use_persistent_data = False
    scene.render.image_settings.media_type = "IMAGE"  # the fast loop writes a multilayer EXR
    scene.render.image_settings.file_format = "PNG"
    scene.render.image_settings.color_depth = "16"
    with tempfile.TemporaryDirectory() as folder:
        scene.render.filepath = str(Path(folder) / "naive.png")
        start = time.perf_counter()
        for index in range(renders):
            ready = maker.prepare(1, index, composites)
            maker.renderer.apply(ready.frame, ready.geometry)
            bpy.ops.render.render(write_still=True)
            bgra = cv2.imread(scene.render.filepath, cv2.IMREAD_UNCHANGED).astype(np.float32) / 65535
            alpha = bgra[..., 3:]
            render = np.concatenate([srgb_to_linear(bgra[..., 2::-1]) * alpha, alpha], axis=2)
            protocol.encode(protocol.Sample("bench", index, 1, {}, maker.pairs(ready.frame, render, ready.pair_params)))
        return time.perf_counter() - start


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--renders", type=int, default=5000, help="renders of the fast loop")
    p.add_argument("--naive-renders", type=int, default=200, help="renders of the naive loop")
    p.add_argument("--composites", type=int, default=DEFAULT_COMPOSITES, help="pairs per render")
    p.add_argument("--size", type=int, default=DEFAULT_SIZE, help="image side")
    p.add_argument("--samples", type=int, default=DEFAULT_SAMPLES, help="Cycles samples")
    p.add_argument("--threads", type=int, default=DEFAULT_THREADS, help="Cycles threads")
    p.add_argument("--render-scale", type=float, default=DEFAULT_RENDER_SCALE, help="render side over image side")
    args = p.parse_args()

    from generator.blender.taskpool import import_bpy

    import_bpy(args.threads)
    from generator.blender.quiet import quiet
    from generator.blender.render import Renderer

    maker = FrameMaker(FrameRanges(), Backgrounds(None, args.size), Renderer(args.threads), size=args.size,
                       samples=args.samples, render_scale=args.render_scale)
    print(f"fast loop: {args.renders} renders x {args.composites} pairs, {args.size}px, {args.samples} samples, "
          f"{args.threads} thread(s)", file=sys.stderr)
    seconds, cpu, warm = fast_loop(maker, args.renders, args.composites)
    final = rss_mb()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with quiet():
        naive = naive_loop(maker, args.naive_renders, args.composites)
    fast_rate, naive_rate = args.renders / seconds, args.naive_renders / max(naive, 1e-9)
    print(f"renders/s        {fast_rate:8.1f}")
    print(f"pairs/s          {fast_rate * args.composites:8.1f}  ({1 / args.composites:.2f} distinct renders per pair)")
    print(f"CPU ms/render    {cpu / args.renders * 1e3:8.1f}  (all threads; > 1000 / renders/s: more than one core)")
    print(f"RSS MB           warm-up {warm:.0f}, after {args.renders} renders {final:.0f}, peak {peak:.0f}")
    if args.naive_renders:
        print(f"naive renders/s  {naive_rate:8.1f}  (persistent data off, PNG write_still + imread, same compositing)")
        print(f"speed-up         {fast_rate / naive_rate:8.2f}x")
    maker.renderer.close()


if __name__ == "__main__":
    main()
