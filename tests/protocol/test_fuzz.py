"""Property-based fuzzing: whatever a hostile or buggy peer sends, decode raises ProtocolError or succeeds."""

from __future__ import annotations

import msgpack
import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import protocol
from tests.protocol.builders import make_sample

_VALID = protocol.encode(make_sample(pairs=2, size=(4, 6)))
_FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_plain = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**64 - 1) | st.floats() | st.text(max_size=8)
    | st.binary(max_size=8),
    lambda children: (st.lists(children, max_size=4)
                      | st.dictionaries(st.text(max_size=4), children, max_size=4)),
    max_leaves=20)


def _decode_or_protocol_error(data: bytes) -> None:
    try:
        message = protocol.decode(data)
    except protocol.ProtocolError:
        return
    assert isinstance(message, protocol.Sample | protocol.Stats)


@_FAST
@given(st.binary(max_size=512))
def test_random_bytes(data: bytes) -> None:
    _decode_or_protocol_error(data)


@_FAST
@given(st.integers(0, len(_VALID) - 1), st.integers(0, 255))
def test_one_flipped_byte(position: int, value: int) -> None:
    data = bytearray(_VALID)
    data[position] = value
    _decode_or_protocol_error(bytes(data))


@_FAST
@given(st.integers(0, len(_VALID)))
def test_every_truncation(cut: int) -> None:
    _decode_or_protocol_error(_VALID[:cut])


@_FAST
@given(st.sampled_from(sorted(msgpack.unpackb(_VALID))), _plain)
def test_any_value_in_any_field(key: str, value: object) -> None:
    body = msgpack.unpackb(_VALID, raw=False)
    body[key] = value
    _decode_or_protocol_error(msgpack.packb(body, use_bin_type=True))


@_FAST
@given(_plain)
def test_any_plain_structure(value: object) -> None:
    _decode_or_protocol_error(msgpack.packb(value, use_bin_type=True))


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 4), st.integers(1, 9), st.integers(1, 9), st.integers(0, 2**64 - 1))
def test_valid_samples_round_trip(pairs: int, height: int, width: int, seed: int) -> None:
    sample = make_sample(pairs=pairs, size=(height, width), seed=seed % 1000)
    decoded = protocol.decode(protocol.encode(sample))
    assert [p.image.tobytes() for p in decoded.pairs] == [p.image.tobytes() for p in sample.pairs]
    assert np.array_equal(decoded.pairs[-1].alpha, sample.pairs[-1].alpha)
