"""The fixed synthetic validation set: N pairs rendered on the fly by `python -m generator`, in memory.

One pair per render: the generator's default of several composites per render would make a set of 64 pairs
only 11 scenes, and its figures as noisy as 11 samples.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

import protocol
from evaluate.datasets import Dataset, DatasetError, from_uint8
from evaluate.progress import Progress

NAME = "synthetic"
REPO_ROOT = Path(__file__).resolve().parents[1]
POLL_MS = 500
STALL_SECONDS = 120  # Blender's start-up takes seconds; minutes of silence mean something is wrong
PAIRS_PER_RENDER = 1
TARGET = "GENERATOR_TARGET"

_running: set[subprocess.Popen] = set()  # this process's generators now rendering; see stop_generators

Rendered = tuple[int, protocol.Pair]  # the render's index in the seed's stream (Sample.seq), one of its pairs


def _generator_command(address: str, seed: int, count: int, size: int) -> list[str]:
    return [sys.executable, "-m", "generator", "--connect", address, "--seed", str(seed),
            "--max-samples", str(count), "--size", str(size), "--composites-per-render", str(PAIRS_PER_RENDER)]


def _generator_env() -> dict[str, str]:
    """The environment without GENERATOR_* settings but the target: the set stays the same whatever `.env` gives
    the training generators (assets, backgrounds, knobs, CURVE keys for a remote trainer), and is about your object
    where the run is (GENERATOR_TARGET)."""
    return {key: value for key, value in os.environ.items() if not key.startswith("GENERATOR_") or key == TARGET}


def _collect(sock, process: subprocess.Popen, count: int) -> list[Rendered]:
    """Pairs from the socket until `count` arrived; errors if the generator exits or stalls before that."""
    pairs: list[Rendered] = []
    progress = Progress(f"{NAME} set", count, "pairs")
    last_message = time.monotonic()
    while len(pairs) < count:
        data = protocol.recv(sock, POLL_MS)
        if data is None:
            if process.poll() is not None:
                raise DatasetError(f"synthetic set: generator exited with code {process.returncode} after "
                                   f"{len(pairs)} of {count} pairs")
            if time.monotonic() - last_message > STALL_SECONDS:
                raise DatasetError(f"synthetic set: the generator sent nothing for {STALL_SECONDS} s "
                                   f"({len(pairs)} of {count} pairs)")
            continue
        last_message = time.monotonic()
        try:
            message = protocol.decode(data)
        except protocol.ProtocolError as error:
            raise DatasetError(f"synthetic set: the generator sent a bad message ({error})") from error
        if isinstance(message, protocol.Sample):
            pairs.extend((message.seq, pair) for pair in message.pairs)
            progress.update(len(pairs))
    return pairs[:count]


def render_pairs(count: int, seed: int, size: int) -> list[Rendered]:
    """Render `count` pairs with generator seed `seed` at size x size, each with its render's index."""
    sock = protocol.bind_pull("tcp://127.0.0.1:*")
    command = _generator_command(protocol.endpoint(sock), seed, count, size)
    process = subprocess.Popen(command, cwd=REPO_ROOT, env=_generator_env())
    _running.add(process)
    try:
        pairs = _collect(sock, process, count)
        process.wait()
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait()
        _running.discard(process)  # last: a stop signal during the wait above still reaches the generator
        protocol.close(sock)
    return pairs


def stop_generators() -> None:
    """Ask every generator still rendering a set to stop: the evaluator is being stopped, and a generator left
    behind would go on rendering the rest of its set for nobody. It never waits: a stop signal's handler calls
    it, possibly inside `render_pairs`'s own wait, whose lock it would deadlock on."""
    for process in list(_running):
        process.terminate()  # the generator ends after the render it is in


def render_set(count: int, seed: int, size: int) -> Dataset:
    """`render_pairs` as an in-memory Dataset; a pair's name `seed<S>-<I>` replays it with
    `python -m generator replay --seed S --index I --composites-per-render 1`."""
    pairs = render_pairs(count, seed, size)
    images = np.stack([pair.image for _, pair in pairs])
    alphas = np.stack([pair.alpha for _, pair in pairs])
    if images.shape[1:3] != (size, size):
        raise DatasetError(f"synthetic set: generator sent {images.shape[2]}x{images.shape[1]} pairs, "
                           f"need {size}x{size}")
    return from_uint8(NAME, [f"seed{seed}-{seq:04d}" for seq, _ in pairs], images, alphas)
