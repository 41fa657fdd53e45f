"""Reading a pinned Debian package: its data member found in a real `ar` archive, unpacked whole or not at all."""

from __future__ import annotations

import tarfile
from pathlib import Path

import pytest
from debian_package import DONE, data_offset, unpack

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
