"""`python -m generator preview`: a contact sheet of the first --count pairs of a seed, no trainer needed."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

from generator.sheet import contact_sheet, write_png
from generator.stream import FrameMaker


def run_preview(args, maker: FrameMaker, stop: threading.Event) -> int:
    """Render frames of --seed until --count pairs exist, write the sheet PNG; progress on stderr."""
    pairs, index, start = [], 0, time.monotonic()
    while len(pairs) < args.count and not stop.is_set():
        sample = maker.sample("preview", args.seed, index, min(args.composites_per_render, args.count - len(pairs)))
        pairs.extend((pair.image, pair.alpha) for pair in sample.pairs)
        index += 1
        rate = index / (time.monotonic() - start)
        print(f"\rpreview: {len(pairs)}/{args.count} pairs, {rate:.1f} renders/s", end="", file=sys.stderr)
    print(file=sys.stderr)
    if not pairs:
        return 0
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    write_png(args.out, contact_sheet(pairs))
    print(f"preview: wrote {args.out} ({len(pairs)} pairs from {index} renders, seed {args.seed})", file=sys.stderr)
    return 0
