"""Debian packages built here, with no network: an `ar` archive of debian-binary, control and data members."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

from debian_package import AR_MAGIC


def ar_member(name: str, data: bytes) -> bytes:
    """One member of an ar archive: its 60-byte header, the data, padded to an even length."""
    header = f"{name + '/':<16}{0:<12}{0:<6}{0:<6}{100644:<8}{len(data):<10}`\n".encode()
    assert len(header) == 60
    return header + data + b"\n" * (len(data) % 2)


def deb(tmp_path: Path, files: dict[str, bytes]) -> Path:
    """A .deb-shaped archive: debian-binary, control.tar.xz, then data.tar.xz holding `files`."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:xz") as tar:
        for name, content in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    path = tmp_path / "pack.deb"
    path.write_bytes(AR_MAGIC + ar_member("debian-binary", b"2.0\n")
                     + ar_member("control.tar.xz", b"odd")  # an odd length: the next header is padded
                     + ar_member("data.tar.xz", buffer.getvalue()))
    return path


def files_under(folder: Path) -> list[str]:
    """Every file below `folder`, as sorted '/'-separated relative paths."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
