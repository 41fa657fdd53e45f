"""Reading a pinned Debian package: its data member found in a real `ar` archive, unpacked whole or not at all."""

from __future__ import annotations

import hashlib
import shutil
import tarfile
from pathlib import Path

import pytest
from debian_package import DONE, Package, data_offset, fetch, source_uris, unpack

from tests.scripts.debs import deb, files_under

FILES = {"./usr/share/a/one.png": b"png", "./usr/share/a/two.ogg": b"o", "./usr/share/doc/a/copyright": b"GPL-2"}


def keep_pngs(tar: tarfile.TarFile, member: tarfile.TarInfo, folder: Path) -> int:
    if not member.name.endswith(".png"):
        return 0
    tar.extract(member, folder, filter="data")
    return 1


def test_the_data_member_is_found_past_padded_members(tmp_path: Path) -> None:
    path = deb(tmp_path, FILES)
    with path.open("rb") as f:
        f.seek(data_offset(path))
        with tarfile.open(fileobj=f, mode="r|*") as tar:
            assert sorted(member.name for member in tar) == sorted(FILES)


def test_unpacking_keeps_what_is_wanted_and_replaces_an_earlier_unpacking(tmp_path: Path) -> None:
    target = tmp_path / "a"
    (target / "old").mkdir(parents=True)
    assert unpack(deb(tmp_path, FILES), target, keep_pngs, "http://x/a.deb") == 1
    assert files_under(target) == [DONE, "usr/share/a/one.png"]
    assert (target / DONE).read_text() == "http://x/a.deb"
    assert not (tmp_path / "a.partial").exists()


def test_a_failed_unpacking_leaves_the_earlier_one_whole(tmp_path: Path) -> None:
    target = tmp_path / "a"
    (target / "old").mkdir(parents=True)

    def broken(tar: tarfile.TarFile, member: tarfile.TarInfo, folder: Path) -> int:
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        unpack(deb(tmp_path, FILES), target, broken, "http://x/a.deb")
    assert (target / "old").is_dir()


def test_a_file_that_is_no_package_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text("<html>not found</html>")
    with pytest.raises(ValueError, match="is not a Debian package"):
        data_offset(path)


def write_apt(apt: Path, one_line: str = "", deb822: str = "") -> Path:
    (apt / "sources.list.d").mkdir(parents=True)
    (apt / "sources.list").write_text(one_line)
    (apt / "sources.list.d" / "debian.sources").write_text(deb822)
    (apt / "sources.list.d" / "old.list.disabled").write_text("deb http://disabled.example/debian bookworm main\n")
    return apt


def test_the_mirrors_are_read_from_apts_own_sources_in_both_formats(tmp_path: Path) -> None:
    apt = write_apt(tmp_path / "apt", one_line=(
        "# a comment\n"
        "deb [arch=amd64 signed-by=/k.gpg] http://one.example/debian/ bookworm main\n"
        "deb-src http://src.example/debian bookworm main\n"
        "deb cdrom:[Debian]/ bookworm main\n"), deb822=(
        "Types: deb\nURIs: http://two.example/debian\nSuites: bookworm bookworm-updates\nComponents: main\n\n"
        "Types: deb\nURIs: http://two.example/debian-security\nSuites: bookworm-security\nComponents: main\n\n"
        "Types: deb\nURIs: http://off.example/debian\nSuites: bookworm\nEnabled: no\n\n"
        "Types: deb deb-src\nURIs: http://one.example/debian\nSuites: bookworm\n"))
    assert source_uris(apt) == ["http://one.example/debian", "http://two.example/debian"]


def package(tmp_path: Path, sha256: str, name: str = "no-such-package-for-a-test") -> Package:
    return Package(package=name, version="1.0-1", pool="pool/main/a/a/a_1.0-1_all.deb", sha256=sha256,
                   target=tmp_path / "share" / "a", name="a test pack", size="1 kB", without="no test pack",
                   keep=keep_pngs)


def test_a_package_is_fetched_from_the_first_mirror_that_serves_it_whole(tmp_path: Path) -> None:
    built = deb(tmp_path, FILES)
    mirror = tmp_path / "mirror"
    (mirror / "pool/main/a/a").mkdir(parents=True)
    shutil.copy(built, mirror / "pool/main/a/a/a_1.0-1_all.deb")
    apt = write_apt(tmp_path / "apt", one_line=f"deb file://{tmp_path / 'empty'} bookworm main\n"
                                               f"deb file://{mirror} bookworm main\n")
    wanted = package(tmp_path, hashlib.sha256(built.read_bytes()).hexdigest())
    assert fetch(wanted, apt) == 0
    assert files_under(wanted.target) == [DONE, "usr/share/a/one.png"]
    assert (wanted.target / DONE).read_text() == f"file://{mirror}/pool/main/a/a/a_1.0-1_all.deb"


def test_a_package_nobody_serves_whole_is_one_line_naming_it(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    mirror = tmp_path / "mirror"
    (mirror / "pool/main/a/a").mkdir(parents=True)
    shutil.copy(deb(tmp_path, FILES), mirror / "pool/main/a/a/a_1.0-1_all.deb")
    apt = write_apt(tmp_path / "apt", one_line=f"deb file://{mirror} bookworm main\n")
    wanted = package(tmp_path, "0" * 64)  # the mirror's copy is not the pinned one
    assert fetch(wanted, apt) == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 2 and lines[0].startswith("fetching a test pack")
    assert lines[1].startswith("note: no test pack, a test pack (no-such-package-for-a-test 1.0-1) could not be")
    assert "does not have the pinned SHA-256" in lines[1] and "apt-get download" in lines[1]
    assert not wanted.target.exists()
