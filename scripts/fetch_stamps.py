"""Fetch the photographs of Tux Paint's stamps (Debian's `tuxpaint-stamps-default`, GPL-2) into .venv/share, once.

They are the generator's photo cut-outs (generator/image/cutouts.py). Only the package's PNGs and its copyright
file are kept (scripts/debian_package.py: pinned, whole or not at all, one line on failure).

    .venv/bin/python scripts/fetch_stamps.py
"""

from __future__ import annotations

import sys
import tarfile
from pathlib import Path

from debian_package import SHARE, Package, fetch


def wanted(member: tarfile.TarInfo) -> bool:
    """The stamps' PNGs and the package's copyright file."""
    return member.name.endswith(".png") or member.name.endswith("/copyright")


def keep(tar: tarfile.TarFile, member: tarfile.TarInfo, folder: Path) -> int:
    """The member into `folder` if wanted; 1 for a stamp kept."""
    if not wanted(member):
        return 0
    tar.extract(member, folder, filter="data")
    return member.name.endswith(".png")


STAMPS = Package(package="tuxpaint-stamps-default", version="2022.06.04-1",
                 pool="pool/main/t/tuxpaint-stamps/tuxpaint-stamps-default_2022.06.04-1_all.deb",
                 sha256="6db6c1bfc870a47f1499d6203b083522eacb57c5f9c87d468f2e92eb6d9d5f34",
                 target=SHARE / "tuxpaint-stamps", name="the Tux Paint stamps' photographs", size="161 MB",
                 without="no photo cut-outs", keep=keep)

if __name__ == "__main__":
    sys.exit(fetch(STAMPS))
