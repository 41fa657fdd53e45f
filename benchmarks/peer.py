"""A protocol-speaking test peer: pushes random ellipses over noise, like a very small generator.

Importable (tests run it in a thread) and runnable (`python -m benchmarks.peer --connect ADDR`) for
benchmarks that need a separate process.
"""

from __future__ import annotations

import argparse
import threading

import cv2
import numpy as np

import protocol

SIZE = 64


def ellipse_pair(rng: np.random.Generator, size: int = SIZE) -> protocol.Pair:
    """A flat-coloured, soft-edged ellipse over uniform noise; the alpha is the ellipse's coverage."""
    centre = rng.uniform(0.3, 0.7, 2) * size
    axes = rng.uniform(0.15, 0.35, 2) * size
    alpha = np.zeros((size, size), np.uint8)
    cv2.ellipse(alpha, (int(centre[0]), int(centre[1])), (int(axes[0]), int(axes[1])),
                float(rng.uniform(0, 180)), 0, 360, 255, -1, lineType=cv2.LINE_AA)
    noise = rng.integers(0, 256, (size, size, 3), dtype=np.uint8)
    colour = rng.integers(0, 256, 3).astype(np.float32)
    weight = alpha[..., None].astype(np.float32) / 255
    image = (weight * colour + (1 - weight) * noise).round().astype(np.uint8)
    return protocol.Pair(image=image, alpha=alpha, params={"centre": centre.tolist(), "axes": axes.tolist()})


def ellipse_sample(seed: int, seq: int, pairs: int, generator: str = "peer") -> protocol.Sample:
    """One 'render': `pairs` ellipses drawn from (seed, seq), so a stream is reproducible."""
    rng = np.random.default_rng([seed, seq])
    return protocol.Sample(generator=generator, seq=seq, seed=seed, params={"kind": "ellipses"},
                           pairs=[ellipse_pair(rng) for _ in range(pairs)])


def push(address: str, stop: threading.Event, *, seed: int = 0, pairs: int = 4, generator: str = "peer",
         max_samples: int = 0) -> int:
    """Send samples until `stop` (or `max_samples` > 0 were sent); returns how many were sent."""
    sock = protocol.connect_push(address)
    sent = 0
    try:
        while (max_samples <= 0 or sent < max_samples) and protocol.send(
                sock, protocol.encode(ellipse_sample(seed, sent, pairs, generator)), stop):
            sent += 1
    finally:
        protocol.close(sock)
    return sent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--connect", default=protocol.DEFAULT_ADDRESS, help="trainer address")
    parser.add_argument("--seed", type=int, default=0, help="stream seed")
    parser.add_argument("--pairs", type=int, default=4, help="pairs per sample")
    parser.add_argument("--generator", default="peer", help="generator id sent with each sample")
    parser.add_argument("--max-samples", type=int, default=0, help="stop after this many samples (0: never)")
    args = parser.parse_args()
    push(args.connect, threading.Event(), seed=args.seed, pairs=args.pairs, generator=args.generator,
         max_samples=args.max_samples)


if __name__ == "__main__":
    main()
