"""Fetch the photographs of Tux Paint's stamps (Debian's `tuxpaint-stamps-default`, GPL-2) into .venv/share, once.

They are the generator's photo cut-outs (generator/image/cutouts.py). The package is pinned by version and
SHA-256 and read with the standard library (a .deb is an `ar` archive around a tar), so neither apt nor root is
needed; only its PNGs and its copyright file are kept. Any failure is one line and exit status 1: the generator
then runs without cut-outs and says so.

    .venv/bin/python scripts/fetch_stamps.py
"""

from __future__ import annotations

import hashlib
import shutil
import sys
import tarfile
import tempfile
import urllib.request
from pathlib import Path

URL = ("http://deb.debian.org/debian/pool/main/t/tuxpaint-stamps/"
       "tuxpaint-stamps-default_2022.06.04-1_all.deb")
SHA256 = "6db6c1bfc870a47f1499d6203b083522eacb57c5f9c87d468f2e92eb6d9d5f34"
ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / ".venv" / "share" / "tuxpaint-stamps"
DONE = TARGET / ".fetched"
AR_MAGIC = b"!<arch>\n"
AR_HEADER = 60


def data_offset(deb: Path) -> int:
    """Where the data.tar.* member of a .deb (an ar archive) starts."""
    with deb.open("rb") as f:
        if f.read(len(AR_MAGIC)) != AR_MAGIC:
            raise ValueError(f"{deb} is not a Debian package")
        while header := f.read(AR_HEADER):
            name, size = header[:16].decode().strip().rstrip("/"), int(header[48:58])
            if name.startswith("data.tar"):
                return f.tell()
            f.seek(size + size % 2, 1)
    raise ValueError(f"{deb} has no data.tar member")


def wanted(member: tarfile.TarInfo) -> bool:
    """The stamps' PNGs and the package's copyright file."""
    return member.isfile() and (member.name.endswith(".png") or member.name.endswith("/copyright"))


def download(path: Path) -> None:
    """The pinned package into `path`, its SHA-256 checked."""
    digest = hashlib.sha256()
    with urllib.request.urlopen(URL, timeout=60) as response, path.open("wb") as out:
        while chunk := response.read(1 << 20):
            digest.update(chunk)
            out.write(chunk)
    if digest.hexdigest() != SHA256:
        raise ValueError(f"{URL} does not have the pinned SHA-256")


def unpack(deb: Path, target: Path) -> int:
    """The package's PNGs and copyright file into `target`, whole or not at all; returns the PNGs kept."""
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    kept = 0
    with deb.open("rb") as f:
        f.seek(data_offset(deb))
        with tarfile.open(fileobj=f, mode="r|*") as tar:
            for member in tar:
                if wanted(member):
                    tar.extract(member, partial, filter="data")
                    kept += member.name.endswith(".png")
    (partial / DONE.name).write_text(URL)
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)
    return kept


def main() -> int:
    if DONE.is_file():
        return 0
    print("fetching the Tux Paint stamps' photographs (161 MB, once) into .venv/share ...", file=sys.stderr)
    try:
        with tempfile.TemporaryDirectory() as scratch:
            deb = Path(scratch) / "stamps.deb"
            download(deb)
            kept = unpack(deb, TARGET)
    except (OSError, ValueError, tarfile.TarError) as error:
        print(f"note: no photo cut-outs, the Tux Paint stamps could not be fetched from {URL}: {error}",
              file=sys.stderr)
        return 1
    print(f"kept {kept} stamps in {TARGET}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
