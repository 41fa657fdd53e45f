"""The wire contract between generators and the trainer: messages (`message.py`), sockets (`transport.py`),
keys (`curve.py`). Imports neither bpy nor tensorflow. Specification: `PROTOCOL.md`."""

from protocol.curve import CurveKeyError, create_keys
from protocol.message import (
    MAX_MESSAGE_BYTES,
    MAX_PAIRS,
    MAX_SIDE,
    VERSION,
    Pair,
    ProtocolError,
    Sample,
    Stats,
    decode,
    encode,
)
from protocol.transport import (
    DEFAULT_ADDRESS,
    DEFAULT_HWM,
    bind_pull,
    close,
    connect_push,
    endpoint,
    free_address,
    recv,
    send,
)

__all__ = [
    "DEFAULT_ADDRESS",
    "DEFAULT_HWM",
    "MAX_MESSAGE_BYTES",
    "MAX_PAIRS",
    "MAX_SIDE",
    "VERSION",
    "CurveKeyError",
    "Pair",
    "ProtocolError",
    "Sample",
    "Stats",
    "bind_pull",
    "close",
    "connect_push",
    "create_keys",
    "decode",
    "encode",
    "endpoint",
    "free_address",
    "recv",
    "send",
]
