"""ZeroMQ sockets for the stream: the trainer binds one PULL, every generator connects a PUSH (fan-in).

Bounded high-water marks make a slow or absent trainer block its generators instead of growing memory;
ZeroMQ itself refuses frames over the size limit; linger is short so Ctrl-C never hangs on unsent data.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import threading
from pathlib import Path
from urllib.parse import urlsplit

import zmq

from protocol.curve import client_keys, server_authenticator
from protocol.message import MAX_MESSAGE_BYTES

DEFAULT_ADDRESS = "tcp://127.0.0.1:5557"
DEFAULT_HWM = 64
LINGER_MS = 1000
POLL_MS = 100

log = logging.getLogger(__name__)


class PullSocket(zmq.Socket):
    """The trainer's socket; it keeps its CURVE authenticator alive for as long as it is open."""

    _authenticator = None  # declared on the class: pyzmq only lets known attributes be set


def bind_pull(address: str = DEFAULT_ADDRESS, *, context: zmq.Context | None = None, hwm: int = DEFAULT_HWM,
              curve_dir: str | Path | None = None) -> zmq.Socket:
    """The trainer's socket. `curve_dir` (from `python -m protocol keys`) makes it accept only known keys."""
    context = context or zmq.Context.instance()
    sock = context.socket(zmq.PULL, socket_class=PullSocket)
    sock.setsockopt(zmq.RCVHWM, hwm)
    sock.setsockopt(zmq.MAXMSGSIZE, MAX_MESSAGE_BYTES)
    sock.setsockopt(zmq.LINGER, 0)
    if curve_dir is not None:
        sock._authenticator = server_authenticator(context, sock, curve_dir)
    elif not _is_loopback(address):
        log.warning("binding %s without CURVE keys: anyone who can reach it may send data "
                    "(create keys with `python -m protocol keys DIR`)", address)
    try:
        sock.bind(address)
    except zmq.ZMQError:
        close(sock)  # the authenticator's thread and socket too, so a failed bind leaks nothing
        raise
    return sock


def connect_push(address: str = DEFAULT_ADDRESS, *, context: zmq.Context | None = None,
                 hwm: int = DEFAULT_HWM, curve_dir: str | Path | None = None) -> zmq.Socket:
    """A generator's socket; it queues at most `hwm` messages while the trainer is away."""
    context = context or zmq.Context.instance()
    sock = context.socket(zmq.PUSH)
    sock.setsockopt(zmq.SNDHWM, hwm)
    sock.setsockopt(zmq.LINGER, LINGER_MS)
    sock.setsockopt(zmq.TCP_KEEPALIVE, 1)
    if curve_dir is not None:
        public, secret, server = client_keys(curve_dir)
        sock.curve_publickey, sock.curve_secretkey, sock.curve_serverkey = public, secret, server
    sock.connect(address)
    return sock


def close(sock: zmq.Socket) -> None:
    """Close a socket made here, stopping its CURVE authenticator if it has one."""
    authenticator = getattr(sock, "_authenticator", None)
    if authenticator is not None:
        authenticator.stop()
    sock.close()


def free_address() -> str:
    """A loopback TCP address with a port nobody listens on now (closing a plain socket frees it at once): for a
    trainer and its generators started together, each told the address before either runs."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"tcp://127.0.0.1:{probe.getsockname()[1]}"


def endpoint(sock: zmq.Socket) -> str:
    """The address a socket was last bound or connected to, with the real port of a ':*' bind."""
    return sock.getsockopt_string(zmq.LAST_ENDPOINT)


def send(sock: zmq.Socket, data: bytes, stop: threading.Event | None = None) -> bool:
    """Send one message, blocking while the queue is full; False when `stop` was set first."""
    while True:
        try:
            sock.send(data, zmq.NOBLOCK, copy=False)  # the common case: room in the queue, no poll needed
            return True
        except zmq.Again:
            pass
        if stop is not None and stop.is_set():
            return False
        sock.poll(POLL_MS, zmq.POLLOUT)


def recv(sock: zmq.Socket, timeout_ms: int) -> bytes | None:
    """One message, or None if none came within the timeout."""
    try:
        return sock.recv(zmq.NOBLOCK)  # the common case under load: a message is already waiting
    except zmq.Again:
        pass
    if sock.poll(timeout_ms, zmq.POLLIN):
        try:
            return sock.recv(zmq.NOBLOCK)
        except zmq.Again:
            pass
    return None


def _is_loopback(address: str) -> bool:
    parts = urlsplit(address)
    if parts.scheme in ("ipc", "inproc"):
        return True
    host = parts.hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
