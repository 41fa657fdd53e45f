"""How much of the frame the subject covers, in the stream and in the real sets, side by side: the mean alpha of
each 64x64 pair or photo, its percentiles, the share above 60 % (close-ups, portraits), the share whose
subject touches the bottom edge, the mean coverage of the bottom row (a portrait's shoulders fill it), and how far
the subject's centre of mass sits from the frame's centre (median and 90th percentile, in frame sides; empty
alphas left out), per subject family for the stream. A model learns the stream's framing as a prior, so a set the
stream does not cover (portraits-dev's subjects fill 63 % of the frame) fails first.

    .venv/bin/python -m benchmarks.coverage_bench [--renders 80] [--generator-args "--camera-closeup-probability 0"]
    .venv/bin/python -m benchmarks.coverage_bench --generator-args "--target model.ply" --data my/labelled/photos
"""

from __future__ import annotations

import argparse
import os
import shlex
from collections import defaultdict

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as `python -m generator` does (see generator/__main__.py)

import numpy as np

import protocol
from benchmarks.transfer_bench import SHARED_EVAL, eval_folders
from evaluate.datasets import load_folder
from generator.cli import check_inputs, make_maker, stream_parser
from generator.stream import encoded_samples

SIZE = 64
LARGE = 0.6  # coverage of a close-up
TOUCH = 0.5  # alpha at which a subject touches an edge


def centre_offsets(alphas: np.ndarray) -> np.ndarray:
    """How far each non-empty alpha's centre of mass sits from the frame's centre, in frame sides."""
    mass = alphas.sum(axis=(1, 2))
    alphas, mass = alphas[mass > 0], mass[mass > 0]
    side = alphas.shape[1]
    centres = (np.arange(side) + 0.5) / side - 0.5  # pixel centres, the frame's centre at 0
    y = (alphas.sum(axis=2) * centres).sum(axis=1) / mass
    x = (alphas.sum(axis=1) * centres).sum(axis=1) / mass
    return np.hypot(x, y)


def describe(name: str, alphas: np.ndarray) -> str:
    """One line of coverage figures of alphas (N, S, S) in [0, 1]."""
    coverage = alphas.mean(axis=(1, 2))
    percentiles = " ".join(f"{q:5.2f}" for q in np.percentile(coverage, [10, 50, 90]))
    bottom_row = alphas[:, -1]
    touching = (bottom_row.max(axis=1) > TOUCH).mean()
    offsets = centre_offsets(alphas)
    centre = " ".join(f"{q:5.2f}" for q in np.percentile(offsets, [50, 90])) if len(offsets) else "    -     -"
    return (f"{name:<16}{len(alphas):>6}{coverage.mean():>7.2f}  {percentiles}{(coverage > LARGE).mean():>8.2f}"
            f"{touching:>8.2f}{bottom_row.mean():>8.2f}  {centre}")


def stream_alphas(renders: int, generator_args: str, seed: int) -> dict[str, np.ndarray]:
    """Alphas of `renders` renders of the stream at these generator flags, by subject family (and "stream": all)."""
    args = stream_parser().parse_args(shlex.split(generator_args))
    maker = make_maker(args, check_inputs(args))
    by_family = defaultdict(list)
    for _, data in encoded_samples(maker, "coverage", seed, [args.composites_per_render] * renders):
        sample = protocol.decode(data)
        subject = sample.params["object"]
        family = subject["shape"]["family"] if subject["kind"] == "procedural" else "asset"
        for pair in sample.pairs:
            by_family[family].append(pair.alpha.astype(np.float32) / 255)
    maker.renderer.close()
    families = {family: np.stack(alphas) for family, alphas in sorted(by_family.items())}
    return {"stream": np.concatenate(list(families.values())), **{f" {f}": a for f, a in families.items()}}


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--renders", type=int, default=80, help="renders of the stream to measure")
    p.add_argument("--generator-args", default="", help="`python -m generator` flags, one string")
    p.add_argument("--seed", type=int, default=7, help="generator seed")
    p.add_argument("--data", action="append", default=[], help="another real set (images/ + alphas/)")
    args = p.parse_args(argv)
    print(f"{'':<16}{'n':>6}{'mean':>7}  {'p10':>5} {'p50':>5} {'p90':>5}{'>' + str(LARGE):>8}{'bottom':>8}{'row':>8}"
          f"  {'c50':>5} {'c90':>5}")
    for name, alphas in stream_alphas(args.renders, args.generator_args, args.seed).items():
        print(describe(name, alphas), flush=True)
    for folder in eval_folders(args.data) if SHARED_EVAL.is_dir() or args.data else []:
        dataset = load_folder(folder, SIZE)
        print(describe(dataset.name, dataset.alphas), flush=True)


if __name__ == "__main__":
    main()
