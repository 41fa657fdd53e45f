"""The stamps fetcher's reading of a Debian package: the data member of a real `ar` archive, kept whole or not
at all (no network: the archive is built here)."""

from __future__ import annotations

import importlib.util
import io
import tarfile
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "fetch_stamps.py"
spec = importlib.util.spec_from_file_location("fetch_stamps", SCRIPT)
fetch_stamps = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fetch_stamps)


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
    path.write_bytes(fetch_stamps.AR_MAGIC + ar_member("debian-binary", b"2.0\n")
                     + ar_member("control.tar.xz", b"odd")  # an odd length: the next header is padded
                     + ar_member("data.tar.xz", buffer.getvalue()))
    return path


def test_the_data_member_is_found_past_padded_members(tmp_path: Path) -> None:
    files = {"./usr/share/tuxpaint/stamps/animals/cat.png": b"png", "./usr/share/tuxpaint/stamps/cat.ogg": b"o",
             "./usr/share/doc/tuxpaint-stamps-default/copyright": b"GPL-2"}
    path = deb(tmp_path, files)
    with path.open("rb") as f:
        f.seek(fetch_stamps.data_offset(path))
        with tarfile.open(fileobj=f, mode="r|*") as tar:
            kept = sorted(member.name for member in tar if fetch_stamps.wanted(member))
    assert kept == ["./usr/share/doc/tuxpaint-stamps-default/copyright", "./usr/share/tuxpaint/stamps/animals/cat.png"]


def test_unpacking_keeps_the_pngs_and_the_copyright_whole(tmp_path: Path) -> None:
    files = {"./usr/share/tuxpaint/stamps/animals/cat.png": b"png", "./usr/share/tuxpaint/stamps/cat.ogg": b"o",
             "./usr/share/doc/tuxpaint-stamps-default/copyright": b"GPL-2"}
    target = tmp_path / "stamps"
    (target / "old").mkdir(parents=True)  # what an earlier unpacking left is replaced
    assert fetch_stamps.unpack(deb(tmp_path, files), target) == 1
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()) == [
        ".fetched", "usr/share/doc/tuxpaint-stamps-default/copyright", "usr/share/tuxpaint/stamps/animals/cat.png"]
    assert not (tmp_path / "stamps.partial").exists()


def test_a_file_that_is_no_package_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text("<html>not found</html>")
    with pytest.raises(ValueError, match="is not a Debian package"):
        fetch_stamps.data_offset(path)
