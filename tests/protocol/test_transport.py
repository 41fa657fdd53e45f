"""Real ZeroMQ sockets on loopback: fan-in, bounded queues, stopping, size limits, CURVE."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import zmq

import protocol
from protocol import free_address
from protocol.message import MAX_MESSAGE_BYTES
from tests.protocol.builders import make_sample

EPHEMERAL = "tcp://127.0.0.1:*"


@pytest.fixture
def context() -> Iterator[zmq.Context]:
    context = zmq.Context()
    yield context
    context.destroy(linger=0)


def _drain(pull: zmq.Socket, count: int, timeout_ms: int = 5000) -> list[bytes]:
    received = []
    while len(received) < count:
        data = protocol.recv(pull, timeout_ms)
        if data is None:
            break
        received.append(data)
    return received


def test_fan_in_delivers_every_message_once(context: zmq.Context) -> None:
    pull = protocol.bind_pull(EPHEMERAL, context=context)
    address = protocol.endpoint(pull)
    peers, per_peer = 4, 25

    def produce(name: str) -> None:
        push = protocol.connect_push(address, context=context)
        for seq in range(per_peer):
            assert protocol.send(push, protocol.encode(make_sample(generator=name, seq=seq)))
        push.close()

    threads = [threading.Thread(target=produce, args=(f"gen-{i}",)) for i in range(peers)]
    for thread in threads:
        thread.start()
    messages = [protocol.decode(data) for data in _drain(pull, peers * per_peer)]
    for thread in threads:
        thread.join(timeout=10)
    keys = [(m.generator, m.seq) for m in messages]
    assert len(keys) == peers * per_peer
    assert set(keys) == {(f"gen-{i}", s) for i in range(peers) for s in range(per_peer)}
    assert protocol.recv(pull, 200) is None, "a message arrived twice"
    pull.close()


def test_producer_without_consumer_blocks_at_the_bound(context: zmq.Context) -> None:
    hwm = 8
    push = protocol.connect_push(free_address(), context=context, hwm=hwm)
    data = protocol.encode(make_sample())
    queued = 0
    while queued < 10 * hwm:
        try:
            push.send(data, zmq.NOBLOCK)
        except zmq.Again:
            break
        queued += 1
    assert hwm <= queued <= 2 * hwm
    stop = threading.Event()
    threading.Timer(0.3, stop.set).start()
    assert protocol.send(push, data, stop) is False, "send should block at the bound until stopped"
    push.close()


def test_queued_messages_arrive_when_the_consumer_comes(context: zmq.Context) -> None:
    address = free_address()
    push = protocol.connect_push(address, context=context, hwm=4)
    for seq in range(4):
        assert protocol.send(push, protocol.encode(make_sample(seq=seq)))
    pull = protocol.bind_pull(address, context=context)
    assert [protocol.decode(d).seq for d in _drain(pull, 4)] == [0, 1, 2, 3]
    push.close()
    pull.close()


def test_zeromq_refuses_oversized_frames(context: zmq.Context) -> None:
    pull = protocol.bind_pull(EPHEMERAL, context=context)
    push = protocol.connect_push(protocol.endpoint(pull), context=context)
    push.send(b"\x00" * (MAX_MESSAGE_BYTES + 1))
    assert protocol.recv(pull, 500) is None
    # The oversized peer was disconnected; a well-behaved one still gets through.
    good = protocol.connect_push(protocol.endpoint(pull), context=context)
    assert protocol.send(good, protocol.encode(make_sample(seq=5)))
    assert protocol.decode(_drain(pull, 1)[0]).seq == 5
    for sock in (push, good, pull):
        sock.close()


def _keys(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    result = subprocess.run([sys.executable, "-m", "protocol", "keys", str(folder)],
                            capture_output=True, text=True, check=True)
    assert "wrote CURVE keys" in result.stdout
    return folder


def _delivered(context: zmq.Context, pull: zmq.Socket, curve_dir: Path | None) -> bool:
    push = protocol.connect_push(protocol.endpoint(pull), context=context, curve_dir=curve_dir)
    stop = threading.Event()
    threading.Timer(2.0, stop.set).start()
    protocol.send(push, protocol.encode(make_sample()), stop)
    data = protocol.recv(pull, 1500)
    push.close(linger=0)
    return data is not None


def test_curve_admits_the_right_key_only(context: zmq.Context, tmp_path: Path) -> None:
    keys, other = _keys(tmp_path, "keys"), _keys(tmp_path, "other")
    pull = protocol.bind_pull(EPHEMERAL, context=context, curve_dir=keys)
    try:
        assert _delivered(context, pull, keys), "the authorised key was refused"
        assert not _delivered(context, pull, other), "a key not in authorized/ got through"
        assert not _delivered(context, pull, None), "a plain-text peer got through"
    finally:
        protocol.close(pull)


def test_missing_key_folder_is_a_clear_error(context: zmq.Context, tmp_path: Path) -> None:
    with pytest.raises(protocol.CurveKeyError, match=str(tmp_path / "nope")):
        protocol.connect_push("tcp://127.0.0.1:1", context=context, curve_dir=tmp_path / "nope")


def test_a_failed_bind_leaves_no_authenticator_running(context: zmq.Context, tmp_path: Path) -> None:
    keys = _keys(tmp_path, "keys")
    first = protocol.bind_pull(EPHEMERAL, context=context, curve_dir=keys)
    threads = threading.active_count()
    with pytest.raises(zmq.ZMQError):
        protocol.bind_pull(protocol.endpoint(first), context=context, curve_dir=keys)  # address in use
    assert threading.active_count() == threads
    protocol.close(first)
