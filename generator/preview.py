"""`python -m generator preview`: a contact sheet of the first --count pairs of a seed, no trainer needed.

With --family NAME only that shape family is drawn and two sheets are written beside --out: OUT-SIZE.png at
--size (e.g. sheet-64.png) and OUT-256.png, the first DETAIL_COUNT of the same frames at 256 px, where the
subject's parts and strands can be checked.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from generator.image.backgrounds import Backgrounds
from generator.image.sheet import contact_sheet, write_png
from generator.stream import FrameMaker

DETAIL_SIZE = 256  # side of the detail sheet's images with --family
DETAIL_COUNT = 4  # pairs on the detail sheet: one row
DETAIL_COLUMNS = 4
BackgroundsOf = Callable[[argparse.Namespace], Backgrounds]  # the command line's backgrounds


class OnlyFamily(argparse.Action):
    """--family NAME: draw procedural shapes of family NAME only (it sets the shape families knob), and no photo
    cut-outs in their place or behind them."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: str,
                 option_string: str | None = None) -> None:
        namespace.family = values
        namespace.shape_families = (values,)
        namespace.cutout_probability = 0.0
        namespace.cutout_backdrop_probability = 0.0


def render_pairs(maker: FrameMaker, args, count: int, stop: threading.Event) -> tuple[list, int]:
    """The first `count` (image, alpha) pairs of --seed and the frames rendered for them; progress on stderr."""
    pairs, index, start = [], 0, time.monotonic()
    while len(pairs) < count and not stop.is_set():
        sample = maker.sample("preview", args.seed, index, min(args.composites_per_render, count - len(pairs)))
        pairs.extend((pair.image, pair.alpha) for pair in sample.pairs)
        index += 1
        rate = index / (time.monotonic() - start)
        print(f"\rpreview: {len(pairs)}/{count} pairs at {maker.size} px, {rate:.1f} renders/s", end="",
              file=sys.stderr)
    print(file=sys.stderr)
    return pairs, index


def write_sheet(path: Path, pairs: list[tuple[np.ndarray, np.ndarray]], frames: int, seed: int,
                **layout: int) -> None:
    """Write the contact sheet of `pairs` and say so on stderr."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_png(str(path), contact_sheet(pairs, **layout))
    print(f"preview: wrote {path} ({len(pairs)} pairs from {frames} renders, seed {seed})", file=sys.stderr)


def detail_maker(maker: FrameMaker, args, backgrounds: BackgroundsOf) -> FrameMaker:
    """The same maker making DETAIL_SIZE images, with the backgrounds the command line describes at that size."""
    detail = backgrounds(argparse.Namespace(**{**vars(args), "size": DETAIL_SIZE}))
    return dataclasses.replace(maker, size=DETAIL_SIZE, backgrounds=detail)


def run_preview(args, maker: FrameMaker, stop: threading.Event, backgrounds: BackgroundsOf) -> int:
    """Render frames of --seed until --count pairs exist, write the sheet PNG (with --family, the two sheets);
    `backgrounds` makes the backgrounds of a command line (the detail sheet's are bigger)."""
    pairs, frames = render_pairs(maker, args, args.count, stop)
    if not pairs:
        return 0
    out = Path(args.out)
    if getattr(args, "family", None) is None:
        write_sheet(out, pairs, frames, args.seed)
        return 0
    write_sheet(out.with_name(f"{out.stem}-{args.size}{out.suffix}"), pairs, frames, args.seed)
    detail, frames = render_pairs(detail_maker(maker, args, backgrounds), args, min(args.count, DETAIL_COUNT),
                                  stop)
    if detail:
        write_sheet(out.with_name(f"{out.stem}-{DETAIL_SIZE}{out.suffix}"), detail, frames, args.seed,
                    columns=DETAIL_COLUMNS, zoom=1)
    return 0
