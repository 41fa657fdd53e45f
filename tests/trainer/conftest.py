"""Shared fixtures for trainer tests: a loopback test peer and command lines for small, fast runs."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest

import protocol
from benchmarks import peer as peer_module
from trainer.config import build_parser


@pytest.fixture
def free_address() -> str:
    """A loopback address with a port nobody holds right now (the trainer binds it a moment later)."""
    return protocol.free_address()


@pytest.fixture
def start_peer() -> Iterator[Callable[..., threading.Thread]]:
    """Starts ellipse-pushing peers in threads; all are stopped and joined at teardown."""
    stop = threading.Event()
    threads: list[threading.Thread] = []

    def start(address: str, **kwargs) -> threading.Thread:
        thread = threading.Thread(target=peer_module.push, args=(address, stop), kwargs=kwargs, daemon=True)
        thread.start()
        threads.append(thread)
        return thread

    yield start
    stop.set()
    for thread in threads:
        thread.join(timeout=10)


def small_run(address: str, run_dir, *extra: str):
    """Parsed trainer arguments for a tiny model that logs and saves often."""
    return build_parser().parse_args([
        "--bind", address, "--run-dir", str(run_dir), "--width", "4", "--batch-size", "8",
        "--log-every-steps", "5", "--shuffle-buffer", "32", "--save-every-seconds", "0", *extra])
