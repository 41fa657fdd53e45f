"""The receiver over a real loopback socket: pairs queued, garbage counted, per-generator rates kept."""

from __future__ import annotations

import itertools
import threading
import time

import numpy as np
import pytest
import zmq

import protocol
from benchmarks.peer import ellipse_sample, push
from tests.loopback import wait_until
from trainer.receiver import Receiver


@pytest.fixture
def receiver():
    receiver = Receiver("tcp://127.0.0.1:*", 64, max_queued=16)
    yield receiver
    receiver.close()


def test_pairs_counts_and_garbage(receiver: Receiver) -> None:
    push(receiver.address, threading.Event(), seed=1, pairs=3, generator="gen-a", max_samples=2)
    push(receiver.address, threading.Event(), seed=2, pairs=2, generator="gen-b", max_samples=1)
    raw = protocol.connect_push(receiver.address)
    stats = protocol.Stats(generator="gen-a", seed=1, host="h", uptime=1.0, renders=2, pairs=6,
                           renders_per_s=1.0, pairs_per_s=3.0, blocked_s=0.0)
    protocol.send(raw, protocol.encode(stats))  # first: one socket keeps order, so the garbage count implies it
    for garbage in (b"garbage", b"\x92\x01\x02", protocol.encode(ellipse_sample(3, 0, 1))[:-5]):
        protocol.send(raw, garbage)
    pairs = list(itertools.islice(receiver.pairs(), 8))
    wait_until(lambda: receiver.dropped_total == 3, 20)
    protocol.close(raw)
    period = receiver.take_period()
    assert period.pairs == {"gen-a": 6, "gen-b": 2} and period.renders == {"gen-a": 2, "gen-b": 1}
    assert period.dropped == 3 and period.stats["gen-a"].pairs_per_s == 3.0
    assert all(image.shape == (64, 64, 3) and alpha.shape == (64, 64, 1) for image, alpha in pairs)
    expected = ellipse_sample(1, 0, 3, "gen-a").pairs[0]
    assert any(np.array_equal(image, expected.image) for image, _ in pairs)
    assert receiver.take_period().dropped == 0  # a new period starts empty


def test_other_sizes_are_resized_and_waiting_is_booked(receiver: Receiver) -> None:
    sample = protocol.Sample(generator="big", seq=0, seed=0, params={}, pairs=[protocol.Pair(
        image=np.full((128, 96, 3), 200, np.uint8), alpha=np.full((128, 96), 255, np.uint8), params={})])
    feeder = threading.Timer(0.3, lambda: push_one(receiver.address, sample))
    feeder.start()
    image, alpha = next(receiver.pairs())
    feeder.join()
    assert image.shape == (64, 64, 3) and (image == 200).all() and (alpha == 255).all()
    assert receiver.take_period().input_bound > 0


def test_a_full_queue_blocks_instead_of_growing(receiver: Receiver) -> None:
    stop = threading.Event()
    sender = threading.Thread(target=push, args=(receiver.address, stop), kwargs={"pairs": 4}, daemon=True)
    sender.start()
    wait_until(lambda: receiver._queue.full(), 20)
    time.sleep(0.5)
    assert receiver.pairs_total <= 16 and sender.is_alive()  # the endless sender is held back
    assert sum(1 for _ in itertools.islice(receiver.pairs(), 64)) == 64  # and flows again when drained
    stop.set()
    sender.join(timeout=20)
    assert not sender.is_alive()


def push_one(address: str, sample: protocol.Sample) -> None:
    sock = protocol.connect_push(address, context=zmq.Context.instance())
    protocol.send(sock, protocol.encode(sample))
    protocol.close(sock)
