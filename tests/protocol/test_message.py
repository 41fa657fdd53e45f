"""Round trips and the named malformed inputs of the wire format."""

from __future__ import annotations

import msgpack
import numpy as np
import pytest

import protocol
from protocol.message import MAX_MESSAGE_BYTES
from tests.protocol.builders import make_sample


def _body(sample: protocol.Sample) -> dict:
    return msgpack.unpackb(protocol.encode(sample), raw=False)


def _pack(body: object) -> bytes:
    return msgpack.packb(body, use_bin_type=True)


@pytest.mark.parametrize("pairs", [1, 4])
@pytest.mark.parametrize("size", [(64, 64), (3, 5)])
def test_sample_round_trip_keeps_every_byte(pairs: int, size: tuple[int, int]) -> None:
    sample = make_sample(pairs=pairs, size=size, seq=11)
    decoded = protocol.decode(protocol.encode(sample))
    assert isinstance(decoded, protocol.Sample)
    assert (decoded.generator, decoded.seq, decoded.seed, decoded.params) == (
        sample.generator, sample.seq, sample.seed, sample.params)
    assert (decoded.height, decoded.width) == size
    assert len(decoded.pairs) == pairs
    for got, sent in zip(decoded.pairs, sample.pairs, strict=True):
        assert got.image.tobytes() == sent.image.tobytes()
        assert got.alpha.tobytes() == sent.alpha.tobytes()
        assert got.image.shape == sent.image.shape and got.alpha.dtype == np.uint8
        assert got.params == sent.params


def test_stats_round_trip() -> None:
    stats = protocol.Stats(generator="gen-a", seed=2**63, host="host-1", uptime=12.5, renders=100,
                           pairs=400, renders_per_s=8.0, pairs_per_s=32.0, blocked_s=0.25)
    assert protocol.decode(protocol.encode(stats)) == stats


def test_encode_refuses_what_decode_would_refuse(sample: protocol.Sample) -> None:
    with pytest.raises(protocol.ProtocolError, match="plain types"):
        protocol.encode(protocol.Sample("g", 0, 0, {"x": np.float32(1.0)}, sample.pairs))
    with pytest.raises(protocol.ProtocolError, match="uint8"):
        bad = protocol.Pair(sample.pairs[0].image.astype(np.float32), sample.pairs[0].alpha)
        protocol.encode(protocol.Sample("g", 0, 0, {}, [bad]))
    with pytest.raises(protocol.ProtocolError, match="at least one pair"):
        protocol.encode(protocol.Sample("g", 0, 0, {}, []))


def _mutations(sample: protocol.Sample) -> list[tuple[str, dict, str]]:
    """(name, message body, expected error text) for each way a body can be wrong."""
    base = _body(sample)

    def changed(path: tuple, value: object) -> dict:
        body = _body(sample)
        target = body
        for key in path[:-1]:
            target = target[key]
        if value is _DELETE:
            del target[path[-1]]
        else:
            target[path[-1]] = value
        return body

    return [
        ("newer version", changed(("v",), protocol.VERSION + 1), "newer"),
        ("zero version", changed(("v",), 0), "invalid protocol version"),
        ("version as text", changed(("v",), "1"), "version"),
        ("no version", changed(("v",), _DELETE), "version"),
        ("unknown type", changed(("type",), "render"), "unknown message type"),
        ("missing key", changed(("seed",), _DELETE), "lacks key"),
        ("extra key", {**base, "extra": 1}, "unknown key"),
        ("negative height", changed(("h",), -64), "'h'"),
        ("huge width", changed(("w",), 10**9), "'w'"),
        ("bool height", changed(("h",), True), "'h'"),
        ("negative seq", changed(("seq",), -1), "'seq'"),
        ("seed as float", changed(("seed",), 1.5), "'seed'"),
        ("empty generator id", changed(("generator",), ""), "'generator'"),
        ("generator id not text", changed(("generator",), b"abc"), "'generator'"),
        ("params not a map", changed(("params",), [1, 2]), "params must be a map"),
        ("params with binary", changed(("params", "blob"), b"\x00"), "plain types"),
        ("pairs not a list", changed(("pairs",), {"0": 1}), "'pairs'"),
        ("no pairs", changed(("pairs",), []), "'pairs'"),
        ("pair not a map", changed(("pairs", 0), [1]), "pair 0 must be a map"),
        ("pair missing alpha", changed(("pairs", 1, "alpha"), _DELETE), "pair 1 lacks key"),
        ("image too short", changed(("pairs", 0, "image"), b"\x00" * 10), "pair 0 image holds 10 bytes"),
        ("alpha too long", changed(("pairs", 2, "alpha"), b"\x00" * (64 * 64 + 1)), "pair 2 alpha"),
        ("image as text", changed(("pairs", 0, "image"), "pixels"), "must be binary"),
        ("stats missing field", {"v": 1, "type": "stats", "generator": "g"}, "lacks key"),
        ("stats negative rate", {"v": 1, "type": "stats", "generator": "g", "seed": 1, "host": "h",
                                 "uptime": 1.0, "renders": 1, "pairs": 1, "renders_per_s": -1.0,
                                 "pairs_per_s": 1.0, "blocked_s": 0.0}, "'renders_per_s'"),
        ("stats nan", {"v": 1, "type": "stats", "generator": "g", "seed": 1, "host": "h",
                       "uptime": float("nan"), "renders": 1, "pairs": 1, "renders_per_s": 1.0,
                       "pairs_per_s": 1.0, "blocked_s": 0.0}, "'uptime'"),
    ]


_DELETE = object()
_CASES = _mutations(make_sample(pairs=3))


@pytest.mark.parametrize(("body", "expected"), [case[1:] for case in _CASES],
                         ids=[case[0] for case in _CASES])
def test_each_malformed_body_is_a_protocol_error(body: dict, expected: str) -> None:
    with pytest.raises(protocol.ProtocolError, match=expected):
        protocol.decode(_pack(body))


@pytest.mark.parametrize("data", [
    b"", b"\xc1", b"\x92\x01", b"\x81\xa1v", _pack([1, 2, 3]), _pack("text"), _pack(None),
    _pack({1: 2}), msgpack.packb(msgpack.ExtType(5, b"x")), b"\xdd\xff\xff\xff\xff",
    b"\x91" * 100_000,
], ids=["empty", "reserved byte", "truncated array", "truncated map", "array", "string", "nil",
        "int key", "ext type", "huge array header", "deep nesting"])
def test_garbage_is_a_protocol_error(data: bytes) -> None:
    with pytest.raises(protocol.ProtocolError):
        protocol.decode(data)


def test_truncated_messages_are_protocol_errors(sample: protocol.Sample) -> None:
    data = protocol.encode(sample)
    for cut in (1, 10, 100, len(data) // 2, len(data) - 1):
        with pytest.raises(protocol.ProtocolError):
            protocol.decode(data[:cut])


def test_trailing_bytes_are_refused(sample: protocol.Sample) -> None:
    with pytest.raises(protocol.ProtocolError, match="not a msgpack message"):
        protocol.decode(protocol.encode(sample) + b"\x00")


def test_oversized_message_is_refused_before_parsing() -> None:
    with pytest.raises(protocol.ProtocolError, match="exceeds the limit"):
        protocol.decode(b"\x00" * (MAX_MESSAGE_BYTES + 1))


def test_non_bytes_is_a_protocol_error() -> None:
    with pytest.raises(protocol.ProtocolError, match="must be bytes"):
        protocol.decode("a string")  # type: ignore[arg-type]
