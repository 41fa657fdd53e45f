"""`python -m generator replay`: re-render a sample from its carried params or from (seed, index) and write
its pairs as PNGs, plus the params as JSON that replays it again."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

import protocol
from generator.image.sheet import write_png
from generator.scene.frame import FORMAT
from generator.stream import FrameMaker


class ReplayError(ValueError):
    """Unusable replay input; the message is one line naming the file."""


def read_params(path: str) -> tuple[dict, list[dict]]:
    """(frame description, pair params) from an encoded protocol Sample or a JSON file."""
    data = Path(path).read_bytes()
    try:
        message = protocol.decode(data)
        if not isinstance(message, protocol.Sample):
            raise ReplayError(f"{path}: a Stats message carries no sample")
        return message.params, [pair.params for pair in message.pairs]
    except protocol.ProtocolError:
        pass
    try:
        loaded = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ReplayError(f"{path}: neither an encoded protocol message nor JSON") from None
    if not isinstance(loaded, dict):
        raise ReplayError(f"{path}: expected a JSON object")
    frame = loaded.get("frame", loaded)
    if not isinstance(frame, dict) or frame.get("format") != FORMAT:
        raise ReplayError(f"{path}: not a frame description of format {FORMAT}")
    return frame, loaded.get("pairs", [])


def run_replay(args, maker: FrameMaker) -> int:
    """Render the requested sample and write OUT/<name>-<k>-image.png, -alpha.png and <name>.json."""
    if args.params is not None:
        frame, pair_params = read_params(args.params)
        try:
            if not pair_params:  # a bare frame description: draw backgrounds from its render seed
                pair_params = maker.draw_pairs(np.random.default_rng(frame["render_seed"]), frame,
                                               args.composites_per_render)
            pairs, name = maker.pairs(frame, maker.renderer.render(frame), pair_params), Path(args.params).stem
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as error:
            # an edited or foreign file: say which, instead of a traceback from deep inside the scene
            raise ReplayError(f"{args.params}: malformed frame description ({type(error).__name__}: {error})") from None
    elif args.seed is not None:
        sample = maker.sample("replay", args.seed, args.index, args.composites_per_render)
        frame, pairs, name = sample.params, sample.pairs, f"seed{args.seed}-index{args.index}"
        pair_params = [pair.params for pair in pairs]
    else:
        raise ReplayError("replay needs --params FILE or --seed S [--index I]")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for k, pair in enumerate(pairs):
        write_png(str(out / f"{name}-{k}-image.png"), pair.image)
        write_png(str(out / f"{name}-{k}-alpha.png"), pair.alpha)
    (out / f"{name}.json").write_text(json.dumps({"frame": frame, "pairs": pair_params}, indent=1))
    print(f"replay: wrote {len(pairs)} pairs of {name} to {out}", file=sys.stderr)
    return 0
