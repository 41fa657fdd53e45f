"""Compositing throughput: pairs/s made from one render, so we know compositing never limits the generator.

Prints backgrounds/s for each procedural family, then pairs/s (draw_pair + make_pair: background, framing crop,
composite, camera effects) from one fixed premultiplied render 1.5x the image side, for procedural backgrounds
with and without the camera effects and for photo backgrounds (a folder given with --backgrounds, else a
temporary folder of generated 1024x768 JPEGs, decoded once into the cache before timing). The generator's target
is 150 pairs/s with Cycles rendering in the same process, so compositing must cost well under a third of a core
at that rate.

    .venv/bin/python -m benchmarks.composite_bench [--pairs 2000] [--size 64] [--backgrounds DIR]
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import configargparse
import cv2
import numpy as np

from generator.image import procedural
from generator.image.backgrounds import Backgrounds
from generator.image.composite import draw_pair, make_pair
from generator.image.photometric import PhotometricRanges
from generator.scene.frame import DEFAULT_RENDER_SCALE, render_size


def parse_args() -> configargparse.Namespace:
    p = configargparse.ArgumentParser(description=__doc__, formatter_class=configargparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--pairs", type=int, default=2000, env_var="COMPOSITE_BENCH_PAIRS",
                   help="pairs (or backgrounds) timed per measurement")
    p.add_argument("--size", type=int, default=64, env_var="COMPOSITE_BENCH_SIZE", help="image side in pixels")
    p.add_argument("--seed", type=int, default=0, env_var="COMPOSITE_BENCH_SEED", help="seed of every draw")
    p.add_argument("--backgrounds", default=None, env_var="COMPOSITE_BENCH_BACKGROUNDS",
                   help="folder of photos to time; default: a temporary folder of generated JPEGs")
    p.add_argument("--photos", type=int, default=100, env_var="COMPOSITE_BENCH_PHOTOS",
                   help="how many JPEGs to generate when --backgrounds is not given")
    return p.parse_args()


def object_render(size: int) -> np.ndarray:
    """A shaded ellipsoid with a soft edge: float32 HxWx4, linear light, premultiplied."""
    y, x = (np.mgrid[0:size, 0:size].astype(np.float32) + 0.5) / size - 0.5
    radius = np.hypot(x / 0.3, y / 0.4)
    alpha = np.clip((1.0 - radius) * size * 0.3, 0.0, 1.0)
    shade = np.clip(0.3 + 0.7 * (1 - radius) - x, 0.05, 1.0)
    colour = np.stack([shade * 0.8, shade * 0.35, shade * 0.1], axis=-1)
    return np.dstack([colour * alpha[..., None], alpha]).astype(np.float32)


def rate(count: int, work: Callable[[int], object]) -> float:
    """Calls per second of work(i) for i in range(count)."""
    started = time.perf_counter()
    for i in range(count):
        work(i)
    return count / (time.perf_counter() - started)


def pairs_per_second(backgrounds: Backgrounds, count: int, seed: int, photometric: PhotometricRanges) -> float:
    render = object_render(render_size(backgrounds.size, DEFAULT_RENDER_SCALE))
    rng = np.random.default_rng(seed)
    return rate(count, lambda _: make_pair(render, draw_pair(rng, backgrounds, False, photometric=photometric),
                                           backgrounds))


def write_photos(folder: Path, count: int, seed: int) -> None:
    """count blurred random 1024x768 JPEGs, like camera photos in size."""
    rng = np.random.default_rng(seed)
    for i in range(count):
        noise = rng.integers(0, 256, (96, 128, 3), dtype=np.uint8)
        image = cv2.resize(noise, (1024, 768), interpolation=cv2.INTER_CUBIC)
        cv2.imwrite(str(folder / f"photo{i:04d}.jpg"), image)


def main() -> None:
    args = parse_args()
    print(f"{'procedural family':<20} {'backgrounds/s':>14}")
    for family in procedural.FAMILIES:
        rng = np.random.default_rng(args.seed)
        params = [procedural.draw(rng, family=family) for _ in range(args.pairs)]
        print(f"{family:<20} {rate(args.pairs, lambda i, p=params: procedural.render(p[i], args.size)):>14,.0f}")

    with tempfile.TemporaryDirectory() as scratch:
        folder = args.backgrounds
        if folder is None:
            folder = scratch
            write_photos(Path(scratch), args.photos, args.seed)
        cases = [("procedural, no noise", Backgrounds(None, args.size), PhotometricRanges.off()),
                 ("procedural + noise", Backgrounds(None, args.size), PhotometricRanges()),
                 ("photos + noise", Backgrounds(folder, args.size, photo_probability=1.0), PhotometricRanges())]
        print(f"\n{'pairs from one render':<24} {'pairs/s':>10}")
        for name, backgrounds, noise in cases:
            # warm up first: the photo cache fills with one decode per new photo; time the steady state
            pairs_per_second(backgrounds, min(4 * args.photos, args.pairs), args.seed + 1, noise)
            print(f"{name:<24} {pairs_per_second(backgrounds, args.pairs, args.seed, noise):>10,.0f}")


if __name__ == "__main__":
    main()
