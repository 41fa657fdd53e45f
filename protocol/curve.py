"""CURVE authentication and encryption between hosts, using ZeroMQ's own key handling (no crypto of ours).

A key folder made by `python -m protocol keys DIR` holds:
  trainer.key, trainer.key_secret        the trainer's key pair (the secret stays on the trainer host)
  generator.key, generator.key_secret    a generator key pair (copy these and trainer.key to generator hosts)
  authorized/generator.key               public keys the trainer accepts; add one file per extra key pair
"""

from __future__ import annotations

import shutil
from pathlib import Path

import zmq
import zmq.auth
from zmq.auth.thread import ThreadAuthenticator

TRAINER = "trainer"
GENERATOR = "generator"
AUTHORIZED = "authorized"


class CurveKeyError(FileNotFoundError):
    """A key file that should be in the key folder is not."""


def create_keys(folder: str | Path) -> Path:
    """Write a trainer and a generator key pair, and authorise the generator's key."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name in (TRAINER, GENERATOR):
        zmq.auth.create_certificates(folder, name)
    (folder / AUTHORIZED).mkdir(exist_ok=True)
    shutil.copy(folder / f"{GENERATOR}.key", folder / AUTHORIZED / f"{GENERATOR}.key")
    return folder


def _load(path: Path, secret: bool) -> tuple[bytes, bytes | None]:
    if not path.is_file():
        raise CurveKeyError(f"CURVE key file not found: {path} "
                            "(create keys with `python -m protocol keys DIR`)")
    public, private = zmq.auth.load_certificate(path)
    if secret and private is None:
        raise CurveKeyError(f"{path} holds no secret key")
    return public, private


def client_keys(folder: str | Path) -> tuple[bytes, bytes, bytes]:
    """The generator's public and secret key and the trainer's public key."""
    folder = Path(folder)
    public, secret = _load(folder / f"{GENERATOR}.key_secret", secret=True)
    server, _ = _load(folder / f"{TRAINER}.key", secret=False)
    return public, secret, server


def server_authenticator(context: zmq.Context, sock: zmq.Socket, folder: str | Path) -> ThreadAuthenticator:
    """Make `sock` a CURVE server that admits only the public keys in `folder/authorized`."""
    folder = Path(folder)
    public, secret = _load(folder / f"{TRAINER}.key_secret", secret=True)
    authorized = folder / AUTHORIZED
    if not authorized.is_dir():
        raise CurveKeyError(f"CURVE folder of authorised keys not found: {authorized}")
    authenticator = ThreadAuthenticator(context)
    authenticator.start()
    authenticator.configure_curve(domain="*", location=str(authorized))
    sock.curve_secretkey, sock.curve_publickey, sock.curve_server = secret, public, True
    return authenticator
