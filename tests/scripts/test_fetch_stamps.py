"""The stamps fetcher keeps the stamps' PNGs and the package's copyright, nothing else."""

from __future__ import annotations

from pathlib import Path

from debian_package import DONE, unpack
from fetch_stamps import STAMPS

from tests.scripts.debs import deb, files_under


def test_unpacking_keeps_the_pngs_and_the_copyright(tmp_path: Path) -> None:
    files = {"./usr/share/tuxpaint/stamps/animals/cat.png": b"png", "./usr/share/tuxpaint/stamps/cat.ogg": b"o",
             "./usr/share/doc/tuxpaint-stamps-default/copyright": b"GPL-2"}
    target = tmp_path / "stamps"
    assert unpack(deb(tmp_path, files), target, STAMPS.keep, STAMPS.pool) == 1
    assert files_under(target) == [DONE, "usr/share/doc/tuxpaint-stamps-default/copyright",
                                   "usr/share/tuxpaint/stamps/animals/cat.png"]
