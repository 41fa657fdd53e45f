"""Command line of `python -m generator`: stream (default), `preview` and `replay`. Every flag has an env var
(GENERATOR_*); knob ranges come from the ranges dataclasses (`generator.knobs`)."""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import socket
import sys
import threading
from pathlib import Path

import configargparse
import zmq

import protocol
from generator.assetfiles import AssetError, find_assets
from generator.blender.taskpool import DEFAULT_THREADS, import_bpy
from generator.devices import DEFAULT_DEVICE, DEVICES, DeviceError
from generator.image.backgrounds import PHOTO_PROBABILITY, BackgroundError, Backgrounds
from generator.image.cutouts import CutoutError, CutoutRanges, Cutouts, list_cutouts, stamp_cutouts
from generator.image.denoise import DEFAULT_DENOISE
from generator.image.framing import FramingRanges
from generator.image.grain import DEFAULT_GRAIN, RENDER_GRAIN
from generator.image.packs import ROOT as PACK_ROOT
from generator.image.packs import find_pack_photos
from generator.image.photometric import PhotometricRanges
from generator.image.photos import PhotoRanges
from generator.image.procedural import ProceduralRanges
from generator.knobs import KnobError, add_knobs, knobs_from
from generator.progress import REPORT_EVERY
from generator.replay import ReplayError
from generator.scene import bodymesh, dogmesh
from generator.scene.frame import (
    DEFAULT_COMPOSITES,
    DEFAULT_MATERIALS,
    DEFAULT_OIDN,
    DEFAULT_RENDER_SCALE,
    DEFAULT_SAMPLES,
    DEFAULT_SIZE,
    KNOB_GROUPS,
    MATERIAL_MODES,
    FrameRanges,
)
from generator.stream import FLUSH_S, FrameMaker, UnsentError, stream
from protocol.message import MAX_ID_CHARS

SEED_RANGE = (2**32, 2**63)  # fresh seeds never collide with the small fixed seeds of the evaluator
COMMANDS = ("preview", "replay")
PAIR_KNOB_GROUPS = {"framing": FramingRanges, "photometric": PhotometricRanges}
BACKGROUND_KNOB_GROUPS = {"procedural": ProceduralRanges, "photo": PhotoRanges}
CUTOUT_KNOB_GROUP = "cutout"
PACK_MODES = ("auto", "off")


def positive_int(text: str) -> int:
    """An argparse type: an integer of at least 1."""
    value = int(text)
    if value < 1:
        raise configargparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def seed_int(text: str) -> int:
    """An argparse type: a seed the wire format can carry, in [0, 2^64)."""
    value = int(text)
    if not 0 <= value < 2**64:
        raise configargparse.ArgumentTypeError(f"must lie within [0, 2^64), got {value}")
    return value


def generator_id(text: str) -> str:
    """An argparse type: an id the wire format can carry (1-128 printable characters)."""
    if not 0 < len(text) <= MAX_ID_CHARS or not text.isprintable():
        raise configargparse.ArgumentTypeError(f"must be 1 to {MAX_ID_CHARS} printable characters")
    return text


def scale_float(text: str) -> float:
    """An argparse type: a render scale of at least 1 (framings crop the render, never go beyond it)."""
    value = float(text)
    if not 1.0 <= value <= 8.0:
        raise configargparse.ArgumentTypeError(f"must lie within [1, 8], got {value}")
    return value


def unit_float(text: str) -> float:
    """An argparse type: a probability in [0, 1]."""
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise configargparse.ArgumentTypeError(f"must lie within [0, 1], got {value}")
    return value


def non_negative_float(text: str) -> float:
    """An argparse type: a strength of 0 (off) or more."""
    value = float(text)
    if not value >= 0.0:
        raise configargparse.ArgumentTypeError(f"must be 0 or more, got {value}")
    return value


def new_parser(command: str, description: str) -> configargparse.ArgumentParser:
    return configargparse.ArgumentParser(prog=f"python -m generator{command}", description=description,
                                         formatter_class=configargparse.ArgumentDefaultsHelpFormatter)


def add_scene_args(p: configargparse.ArgumentParser) -> None:
    """Flags shared by every command: what to render and how."""
    p.add_argument("--size", type=positive_int, default=DEFAULT_SIZE, env_var="GENERATOR_SIZE",
                   help="image side in pixels")
    p.add_argument("--samples", type=positive_int, default=DEFAULT_SAMPLES, env_var="GENERATOR_SAMPLES",
                   help="Cycles samples per pixel (more: less noise, slower)")
    p.add_argument("--denoise", type=non_negative_float, default=DEFAULT_DENOISE, env_var="GENERATOR_DENOISE",
                   help="Gaussian sigma, in render pixels, that smooths the render's sampling noise (0: off): a few "
                        "samples leave surfaces grainy where photos are smooth")
    p.add_argument("--grain", type=non_negative_float, default=DEFAULT_GRAIN, env_var="GENERATOR_GRAIN",
                   help="relative grain put on the backdrop at 4 samples (Student-t scale; it falls as 1/sqrt of "
                        f"--samples); {RENDER_GRAIN} is an undenoised render's own path-tracing grain, for --no-oidn, "
                        "so that grain never tells rendered from photographed (0: a clean backdrop)")
    p.add_argument("--oidn", action=argparse.BooleanOptionalAction, default=DEFAULT_OIDN, env_var="GENERATOR_OIDN",
                   help="clean the render with Blender's OpenImageDenoise (fast network, albedo and normal guided): "
                        "the subject as smooth as a photo's without blurring its texture; a quarter more CPU a render")
    p.add_argument("--composites-per-render", type=positive_int, default=DEFAULT_COMPOSITES,
                   env_var="GENERATOR_COMPOSITES_PER_RENDER",
                   help="pairs made from each render, each its own framing (crop) and camera effects, and without "
                        "a panorama its own pasted background")
    p.add_argument("--render-scale", type=scale_float, default=DEFAULT_RENDER_SCALE, env_var="GENERATOR_RENDER_SCALE",
                   help="render side over image side: each pair is a crop of the render, area-resized")
    p.add_argument("--assets", action="append", default=[], env_var="GENERATOR_ASSETS",
                   help="model file or folder (.blend .obj .glb .gltf .fbx .ply .stl) to draw objects from; "
                        "repeatable (scripts/fetch_models.py fetches Sweet Home 3D's 750 textured models)")
    p.add_argument("--target", action="append", default=[], env_var="GENERATOR_TARGET",
                   help="your object: model file or folder (.blend .obj .glb .gltf .fbx .ply .stl); repeatable, "
                        "several files are one class. Every pair's alpha is then a target's visible coverage and "
                        "nothing else's, or empty where it is absent (--target-absent-probability); it keeps its own "
                        "materials, jittered (--target-hue ...); --assets models become distractors beside it")
    p.add_argument("--materials", choices=MATERIAL_MODES, default=DEFAULT_MATERIALS,
                   env_var="GENERATOR_MATERIALS", help="keep the assets' own materials or replace them by "
                                                       "random ones")
    p.add_argument("--backgrounds", default=None, env_var="GENERATOR_BACKGROUNDS",
                   help="folder of background photos (jpg/png, recursive); default: procedural only")
    p.add_argument("--packs", choices=PACK_MODES, default=PACK_MODES[0], env_var="GENERATOR_PACKS",
                   help="auto: without --backgrounds, the photos of optional Debian packs found installed "
                        "(mate-backgrounds, lomiri-wallpapers-16.04) are the photo backgrounds, and without "
                        "--cutouts the Tux Paint stamps' photographs are the cut-outs; off: never")
    p.add_argument("--cutouts", default=None, env_var="GENERATOR_CUTOUTS",
                   help="folder of photo cut-outs (PNGs with transparency, recursive) that stand in for the rendered "
                        "subject of some pairs (--cutout-probability); default: the Tux Paint stamps, where found")
    p.add_argument("--photo-probability", type=unit_float, default=PHOTO_PROBABILITY,
                   env_var="GENERATOR_PHOTO_PROBABILITY",
                   help="share of backgrounds that are photos when --backgrounds is given (the rest procedural)")
    p.add_argument("--threads", type=positive_int, default=DEFAULT_THREADS, env_var="GENERATOR_THREADS",
                   help="Cycles render threads (1: run one generator per core)")
    p.add_argument("--device", choices=DEVICES, default=DEFAULT_DEVICE, env_var="GENERATOR_DEVICE",
                   help="what Cycles renders on: the CPU, a GPU backend (several generators may share one GPU), or "
                        "auto: the first GPU backend with a device, else the CPU")
    for group, ranges_class in {**KNOB_GROUPS, **PAIR_KNOB_GROUPS, **BACKGROUND_KNOB_GROUPS,
                                CUTOUT_KNOB_GROUP: CutoutRanges}.items():
        add_knobs(p, group, ranges_class)


def stream_parser() -> configargparse.ArgumentParser:
    p = new_parser("", "Render random scenes endlessly and push image/alpha pairs to the trainer. "
                   "Other commands: preview, replay (see `python -m generator preview --help`).")
    p.add_argument("--connect", default=protocol.DEFAULT_ADDRESS, env_var="GENERATOR_CONNECT",
                   help="trainer address to push to")
    p.add_argument("--seed", type=seed_int, default=None, env_var="GENERATOR_SEED",
                   help="stream seed; default: fresh entropy in [2^32, 2^63), printed at start")
    p.add_argument("--max-samples", type=positive_int, default=None, env_var="GENERATOR_MAX_SAMPLES",
                   help="send exactly this many pairs, wait until they left, exit 0 (2 if they had not left within "
                        "--flush-timeout); default: endless")
    p.add_argument("--flush-timeout", type=float, default=FLUSH_S, env_var="GENERATOR_FLUSH_TIMEOUT",
                   help="with --max-samples: seconds to wait for the last pairs to leave before failing")
    p.add_argument("--curve-keys", default=None, env_var="GENERATOR_CURVE_KEYS",
                   help="folder of CURVE keys (`python -m protocol keys DIR`) to encrypt the stream")
    p.add_argument("--id", type=generator_id, default=f"{socket.gethostname()}-{os.getpid()}", env_var="GENERATOR_ID",
                   help="generator id carried in every message")
    p.add_argument("--report-every", type=float, default=REPORT_EVERY, env_var="GENERATOR_REPORT_EVERY",
                   help="seconds between progress lines (and Stats messages)")
    add_scene_args(p)
    return p


def preview_parser() -> configargparse.ArgumentParser:
    from generator.preview import DETAIL_SIZE, OnlyFamily
    from generator.scene.shapes import FAMILIES

    p = new_parser(" preview", "Render a contact sheet of image|alpha pairs to a PNG, no trainer needed.")
    p.add_argument("--out", default="preview.png", env_var="GENERATOR_PREVIEW_OUT",
                   help="PNG to write; with --family two, OUT-SIZE.png and OUT-256.png beside it")
    p.add_argument("--family", choices=FAMILIES, default=None, action=OnlyFamily, env_var="GENERATOR_PREVIEW_FAMILY",
                   help=f"only this shape family (sets --shape-families); writes the sheet at --size and the first "
                        f"frames again at {DETAIL_SIZE} px")
    p.add_argument("--count", type=positive_int, default=64, env_var="GENERATOR_PREVIEW_COUNT", help="pairs to show")
    p.add_argument("--seed", type=seed_int, default=0, env_var="GENERATOR_SEED", help="seed of the frames")
    add_scene_args(p)
    return p


def replay_parser() -> configargparse.ArgumentParser:
    p = new_parser(" replay", "Re-render samples from carried params (a saved message or JSON) or from --seed/--index, "
                   "writing image and alpha PNGs and the params as JSON.")
    p.add_argument("--params", default=None, env_var="GENERATOR_REPLAY_PARAMS",
                   help="file holding an encoded protocol message, or JSON of a frame description "
                        "(optionally {'frame': ..., 'pairs': [pair params]})")
    p.add_argument("--seed", type=seed_int, default=None, env_var="GENERATOR_SEED", help="stream seed to replay")
    p.add_argument("--index", type=int, default=0, env_var="GENERATOR_REPLAY_INDEX",
                   help="frame index within --seed's stream (its Sample.seq)")
    p.add_argument("--out", default="replay", env_var="GENERATOR_REPLAY_OUT", help="folder for the PNGs")
    add_scene_args(p)
    return p


def frame_ranges(args: configargparse.Namespace) -> FrameRanges:
    """The knob ranges the flags describe."""
    return FrameRanges(**{group: knobs_from(args, group, cls) for group, cls in KNOB_GROUPS.items()})


def stop_on_signals() -> threading.Event:
    """An event set by SIGINT/SIGTERM, so loops finish their step and exit cleanly."""
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    return stop


def check_inputs(args: configargparse.Namespace) -> Backgrounds:
    """Validate --assets, --backgrounds and --cutouts before Blender starts; returns the backgrounds."""
    for path in args.assets:
        find_assets(path)
    for path in args.target:
        find_assets(path, "--target")
    if args.cutouts is not None:
        list_cutouts(Path(args.cutouts))
    ranges = {f"{group}_ranges": knobs_from(args, group, cls) for group, cls in BACKGROUND_KNOB_GROUPS.items()}
    if (packs := pack_photos(args)) is not None:
        return Backgrounds(str(PACK_ROOT), args.size, args.photo_probability, **ranges, paths=packs[0])
    return Backgrounds(args.backgrounds, args.size, args.photo_probability, **ranges)


def pack_photos(args: configargparse.Namespace) -> tuple[list[str], str] | None:
    """The optional packs' photos and the note on them, when they serve as the backgrounds (no --backgrounds)."""
    return find_pack_photos() if args.backgrounds is None and args.packs == "auto" else None


def load_cutouts(args: configargparse.Namespace) -> Cutouts | None:
    """The cut-outs the flags describe: --cutouts, else the Tux Paint stamps where found (--packs auto, with a
    one-line note on stderr); none where --cutout-probability and --cutout-backdrop-probability are 0."""
    ranges = knobs_from(args, CUTOUT_KNOB_GROUP, CutoutRanges)
    if ranges.probability == 0.0 and ranges.backdrop_probability == 0.0:
        return None
    if args.cutouts is not None:
        cutouts = Cutouts(args.cutouts, ranges)
        note = cutouts.note()
    elif args.packs == "auto":
        cutouts, note = stamp_cutouts(ranges)
    else:
        return None
    who = f"generator {args.id}" if "id" in vars(args) else "generator"  # preview and replay have no --id
    print(f"{who}: {note}", file=sys.stderr, flush=True)
    return cutouts


def make_maker(args: configargparse.Namespace, backgrounds: Backgrounds) -> FrameMaker:
    """A FrameMaker with a live Blender scene (imports bpy, after the ranges are known to be valid)."""
    ranges = frame_ranges(args)
    pair_ranges = {group: knobs_from(args, group, cls) for group, cls in PAIR_KNOB_GROUPS.items()}
    import_bpy(args.threads)
    from generator.blender.render import Renderer

    renderer = Renderer(args.threads, args.assets, args.device, args.target)  # first: a bad asset is one line
    return FrameMaker(ranges, backgrounds, renderer, size=args.size,
                      samples=args.samples, denoise=args.denoise, grain=args.grain, oidn=args.oidn,
                      materials=args.materials,
                      render_scale=args.render_scale, cutouts=load_cutouts(args), **pair_ranges)


def run_stream(args: configargparse.Namespace, stop: threading.Event) -> int:
    backgrounds = check_inputs(args)
    seed = args.seed if args.seed is not None else SEED_RANGE[0] + secrets.randbelow(SEED_RANGE[1] - SEED_RANGE[0])
    try:  # before Blender starts, so a bad address fails at once
        sock = protocol.connect_push(args.connect, curve_dir=args.curve_keys)
    except zmq.ZMQError as error:
        raise zmq.ZMQError(error.errno, f"--connect {args.connect}: {zmq.strerror(error.errno)}") from None
    print(f"generator {args.id}: seed {seed}, pushing to {args.connect}", file=sys.stderr, flush=True)
    if (packs := pack_photos(args)) is not None:
        print(f"generator {args.id}: {packs[1]}", file=sys.stderr, flush=True)
    for mesh in (bodymesh, dogmesh):
        print(f"generator {args.id}: {mesh.note()}", file=sys.stderr, flush=True)
    try:
        maker = make_maker(args, backgrounds)
        print(f"generator {args.id}: scene ready, {len(maker.renderer.targets)} targets, "
              f"{len(maker.renderer.assets)} assets", file=sys.stderr, flush=True)
        try:
            sent = stream(maker, sock, args.id, seed, args.composites_per_render, stop, args.max_samples,
                          args.report_every, args.flush_timeout)
        finally:
            maker.renderer.close()
    finally:
        protocol.close(sock)
    print(f"generator {args.id}: stopped after {sent} pairs", file=sys.stderr, flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    stop = stop_on_signals()
    command = argv[0] if argv and argv[0] in COMMANDS else "stream"
    try:
        if command == "preview":
            from generator.preview import run_preview

            args = preview_parser().parse_args(argv[1:])
            return run_preview(args, make_maker(args, check_inputs(args)), stop, check_inputs)
        if command == "replay":
            from generator.replay import run_replay

            args = replay_parser().parse_args(argv[1:])
            return run_replay(args, make_maker(args, check_inputs(args)))
        return run_stream(stream_parser().parse_args(argv), stop)
    except (AssetError, BackgroundError, CutoutError, DeviceError, ReplayError, UnsentError, KnobError, OSError,
            zmq.ZMQError) as error:
        print(f"generator: {error}", file=sys.stderr)
        return 2
