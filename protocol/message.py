"""The messages on the wire: what they hold, how they are encoded, and how untrusted bytes are checked.

Every message is one msgpack map (no pickle, no extension types). `PROTOCOL.md` beside this file is the
specification; this module is its reference implementation.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import msgpack
import numpy as np

VERSION = 1
MAX_SIDE = 1024
MAX_PAIRS = 256
MAX_MESSAGE_BYTES = 64 * 1024 * 1024
MAX_ID_CHARS = 128
MAX_PARAMS_DEPTH = 16
MAX_UINT64 = 2**64 - 1

SAMPLE = "sample"
STATS = "stats"


class ProtocolError(ValueError):
    """A message that does not follow the wire format; the text says what was wrong."""


@dataclass(frozen=True)
class Pair:
    """One training pair: an sRGB image and its alpha (255 = foreground), and how this pair was drawn."""

    image: np.ndarray
    alpha: np.ndarray
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Sample:
    """The pairs composited from one render, with everything needed to render it again."""

    generator: str
    seq: int
    seed: int
    params: dict[str, Any]
    pairs: list[Pair]

    @property
    def height(self) -> int:
        return int(self.pairs[0].alpha.shape[0])

    @property
    def width(self) -> int:
        return int(self.pairs[0].alpha.shape[1])


@dataclass(frozen=True)
class Stats:
    """A generator's hello and periodic report, so the trainer can tell who is connected and how fast."""

    generator: str
    seed: int
    host: str
    uptime: float
    renders: int
    pairs: int
    renders_per_s: float
    pairs_per_s: float
    blocked_s: float


_STATS_FLOATS = ("uptime", "renders_per_s", "pairs_per_s", "blocked_s")
_STATS_COUNTS = ("renders", "pairs")


def encode(message: Sample | Stats) -> bytes:
    """Encode a message; raises ProtocolError if it could not be decoded again."""
    # Validating our own body keeps a buggy generator from ever putting an undecodable frame on the wire.
    if isinstance(message, Sample):
        body = _sample_body(message)
        _decode_sample(body)
    elif isinstance(message, Stats):
        body = {"v": VERSION, "type": STATS, **{k: getattr(message, k) for k in Stats.__dataclass_fields__}}
        _decode_stats(body)
    else:
        raise ProtocolError(f"cannot encode {type(message).__name__}: expected Sample or Stats")
    try:
        return msgpack.packb(body, use_bin_type=True)
    except (TypeError, ValueError, OverflowError) as error:
        raise ProtocolError(f"cannot encode message: {error}") from error


def _sample_body(sample: Sample) -> dict[str, Any]:
    if not sample.pairs:
        raise ProtocolError("a sample needs at least one pair")
    height, width = sample.height, sample.width
    pairs = []
    for index, pair in enumerate(sample.pairs):
        if pair.image.dtype != np.uint8 or pair.image.shape != (height, width, 3):
            raise ProtocolError(f"pair {index}: image must be uint8 {height}x{width}x3, "
                                f"got {pair.image.dtype} {pair.image.shape}")
        if pair.alpha.dtype != np.uint8 or pair.alpha.shape != (height, width):
            raise ProtocolError(f"pair {index}: alpha must be uint8 {height}x{width}, "
                                f"got {pair.alpha.dtype} {pair.alpha.shape}")
        pairs.append({"image": np.ascontiguousarray(pair.image).tobytes(),
                      "alpha": np.ascontiguousarray(pair.alpha).tobytes(),
                      "params": pair.params})
    return {"v": VERSION, "type": SAMPLE, "generator": sample.generator, "seq": sample.seq,
            "seed": sample.seed, "params": sample.params, "h": height, "w": width, "pairs": pairs}


def decode(data: bytes) -> Sample | Stats:
    """Decode and validate one message from an untrusted peer; any fault raises ProtocolError."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ProtocolError(f"message must be bytes, got {type(data).__name__}")
    if len(data) > MAX_MESSAGE_BYTES:
        raise ProtocolError(f"message of {len(data)} bytes exceeds the limit of {MAX_MESSAGE_BYTES}")
    try:
        body = msgpack.unpackb(data, raw=False, strict_map_key=True, use_list=True)
    except Exception as error:  # msgpack raises many types for hostile input; all mean "not a message"
        raise ProtocolError(f"not a msgpack message: {type(error).__name__}: {error}") from None
    if not isinstance(body, dict):
        raise ProtocolError(f"message must be a map, got {type(body).__name__}")
    version = body.get("v")
    if not _is_int(version):
        raise ProtocolError("missing or non-integer protocol version 'v'")
    if version > VERSION:
        raise ProtocolError(f"protocol version {version} is newer than this side's {VERSION}: upgrade it")
    if version < 1:
        raise ProtocolError(f"invalid protocol version {version}")
    kind = body.get("type")
    if kind == SAMPLE:
        return _decode_sample(body)
    if kind == STATS:
        return _decode_stats(body)
    raise ProtocolError(f"unknown message type {kind!r}: expected {SAMPLE!r} or {STATS!r}")


def _decode_sample(body: dict[str, Any]) -> Sample:
    _check_keys(body, {"v", "type", "generator", "seq", "seed", "params", "h", "w", "pairs"})
    height = _int_in(body, "h", 1, MAX_SIDE)
    width = _int_in(body, "w", 1, MAX_SIDE)
    raw_pairs = body["pairs"]
    if not isinstance(raw_pairs, list) or not 1 <= len(raw_pairs) <= MAX_PAIRS:
        raise ProtocolError(f"'pairs' must be a list of 1 to {MAX_PAIRS} pairs")
    pairs = [_decode_pair(index, raw, height, width) for index, raw in enumerate(raw_pairs)]
    return Sample(generator=_identifier(body, "generator"), seq=_int_in(body, "seq", 0, MAX_UINT64),
                  seed=_int_in(body, "seed", 0, MAX_UINT64), params=_params(body["params"], "params"),
                  pairs=pairs)


def _decode_pair(index: int, raw: Any, height: int, width: int) -> Pair:
    where = f"pair {index}"
    if not isinstance(raw, dict):
        raise ProtocolError(f"{where} must be a map")
    _check_keys(raw, {"image", "alpha", "params"}, where)
    image = _pixels(raw["image"], (height, width, 3), f"{where} image")
    alpha = _pixels(raw["alpha"], (height, width), f"{where} alpha")
    return Pair(image=image, alpha=alpha, params=_params(raw["params"], f"{where} params"))


def _pixels(raw: Any, shape: tuple[int, ...], where: str) -> np.ndarray:
    if not isinstance(raw, bytes):
        raise ProtocolError(f"{where} must be binary, got {type(raw).__name__}")
    expected = math.prod(shape)
    if len(raw) != expected:
        raise ProtocolError(f"{where} holds {len(raw)} bytes, expected {expected} for shape {shape}")
    return np.frombuffer(raw, dtype=np.uint8).reshape(shape)


def _decode_stats(body: dict[str, Any]) -> Stats:
    _check_keys(body, {"v", "type", *Stats.__dataclass_fields__})
    floats = {key: _float_in(body, key) for key in _STATS_FLOATS}
    counts = {key: _int_in(body, key, 0, MAX_UINT64) for key in _STATS_COUNTS}
    return Stats(generator=_identifier(body, "generator"), seed=_int_in(body, "seed", 0, MAX_UINT64),
                 host=_identifier(body, "host"), **floats, **counts)


def _check_keys(body: Mapping[str, Any], expected: set[str], where: str = "message") -> None:
    missing = expected - body.keys()
    if missing:
        raise ProtocolError(f"{where} lacks key(s) {', '.join(sorted(missing))}")
    unknown = body.keys() - expected
    if unknown:
        raise ProtocolError(f"{where} has unknown key(s) {', '.join(sorted(map(str, unknown)))}")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _int_in(body: Mapping[str, Any], key: str, low: int, high: int) -> int:
    value = body[key]
    if not _is_int(value) or not low <= value <= high:
        raise ProtocolError(f"'{key}' must be an integer in [{low}, {high}], got {value!r:.40}")
    return value


def _float_in(body: Mapping[str, Any], key: str) -> float:
    value = body[key]
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
        raise ProtocolError(f"'{key}' must be a finite number >= 0, got {value!r:.40}")
    return float(value)


def _identifier(body: Mapping[str, Any], key: str) -> str:
    value = body[key]
    if not isinstance(value, str) or not 0 < len(value) <= MAX_ID_CHARS or not value.isprintable():
        raise ProtocolError(f"'{key}' must be a printable string of 1 to {MAX_ID_CHARS} characters")
    return value


def _params(value: Any, where: str) -> dict[str, Any]:
    """Check that a params tree is a map of plain types only; returns it unchanged."""
    if not isinstance(value, dict):
        raise ProtocolError(f"{where} must be a map, got {type(value).__name__}")
    if not _is_plain(value, 0):
        _explain(value, where, 0)  # the slow walk that names the offending node, run only on failure
    return value


_SCALARS = (str, int, float, type(None))  # bool is an int


def _is_plain(value: Any, depth: int) -> bool:
    if isinstance(value, dict):
        return depth < MAX_PARAMS_DEPTH and all(
            isinstance(key, str) and _is_plain(item, depth + 1) for key, item in value.items())
    if isinstance(value, list):
        return depth < MAX_PARAMS_DEPTH and all(_is_plain(item, depth + 1) for item in value)
    return isinstance(value, _SCALARS)


def _explain(value: Any, where: str, depth: int) -> None:
    """Raise the ProtocolError that says where `value` breaks the params rules."""
    if isinstance(value, dict | list) and depth >= MAX_PARAMS_DEPTH:
        raise ProtocolError(f"{where} nests deeper than {MAX_PARAMS_DEPTH} levels")
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise ProtocolError(f"{where} has a non-string key {key!r:.40}")
            _explain(item, f"{where}.{key}", depth + 1)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _explain(item, f"{where}[{index}]", depth + 1)
    elif not isinstance(value, _SCALARS):
        raise ProtocolError(f"{where} holds a {type(value).__name__}; only plain types are allowed")
