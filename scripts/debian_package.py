"""Fetching one pinned Debian package and unpacking part of it into .venv/share, once, with the standard library.

A .deb is an `ar` archive around a tar, so neither apt nor root is needed. The package is pinned by URL and
SHA-256; what a fetcher keeps is unpacked whole or not at all (into a `.partial` folder, renamed when done), and
any failure is one line and exit status 1: the generator then runs without that material and says so.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
import tarfile
import tempfile
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SHARE = Path(__file__).resolve().parents[1] / ".venv" / "share"
DONE = ".fetched"  # written last, inside the target: its presence means the target is whole
AR_MAGIC = b"!<arch>\n"
AR_HEADER = 60

# keep(tar, member, folder) unpacks what it wants of one data.tar member into folder; returns how many items
# (photos, models) it kept
Keep = Callable[[tarfile.TarFile, tarfile.TarInfo, Path], int]


@dataclass(frozen=True)
class Package:
    """A pinned package and what to keep of it."""

    url: str
    sha256: str
    target: Path
    name: str  # what it holds, e.g. "the Tux Paint stamps' photographs"
    size: str  # its download size, for the progress line
    without: str  # what the generator goes without when it is missing, e.g. "no photo cut-outs"
    keep: Keep


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


def download(url: str, sha256: str, path: Path) -> None:
    """The package at `url` into `path`, its SHA-256 checked."""
    digest = hashlib.sha256()
    with urllib.request.urlopen(url, timeout=60) as response, path.open("wb") as out:
        while chunk := response.read(1 << 20):
            digest.update(chunk)
            out.write(chunk)
    if digest.hexdigest() != sha256:
        raise ValueError(f"{url} does not have the pinned SHA-256")


def unpack(deb: Path, target: Path, keep: Keep, source: str) -> int:
    """What `keep` wants of the package's data into `target`, whole or not at all; returns the items kept."""
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    kept = 0
    with deb.open("rb") as f:
        f.seek(data_offset(deb))
        with tarfile.open(fileobj=f, mode="r|*") as tar:
            for member in tar:
                if member.isfile():
                    kept += keep(tar, member, partial)
    partial.mkdir(parents=True, exist_ok=True)
    (partial / DONE).write_text(source)
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)
    return kept


def fetch(package: Package) -> int:
    """Download and unpack `package` unless it is already whole; 0 on success, 1 (after one line) on failure."""
    if (package.target / DONE).is_file():
        return 0
    print(f"fetching {package.name} ({package.size}, once) into {package.target.parent} ...", file=sys.stderr)
    try:
        with tempfile.TemporaryDirectory() as scratch:
            deb = Path(scratch) / "package.deb"
            download(package.url, package.sha256, deb)
            kept = unpack(deb, package.target, package.keep, package.url)
    except (OSError, ValueError, tarfile.TarError, zipfile.BadZipFile) as error:
        print(f"note: {package.without}, {package.name} could not be fetched from {package.url}: {error}",
              file=sys.stderr)
        return 1
    print(f"kept {kept} in {package.target}", file=sys.stderr)
    return 0
