"""Optional photo packs: Debian packages whose photos serve as backgrounds when they are installed.

The README's two commands do not install them; they are looked for at their standard install paths, and a
one-line note at start says which were found and how to add the others. Only photos without a salient subject
of their own are listed (scenery, grass, sky, wood, water): a flower, a ladybird or a dragonfly in a
background would teach "a real subject is background". They are used as `--backgrounds` photos are, when no
folder is given; paths are kept relative to `ROOT` so a sample's params replay on any machine with the pack.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path("/")


@dataclass(frozen=True)
class Pack:
    """A Debian package's subject-free photos, relative to the root of the file system."""

    package: str
    folder: str
    photos: tuple[str, ...]


PACKS = (
    Pack("mate-backgrounds", "usr/share/backgrounds/mate/nature",
         ("Blinds.jpg", "Dune.jpg", "GreenMeadow.jpg", "RainDrops.jpg", "Storm.jpg", "Wood.jpg")),
    Pack("lomiri-wallpapers-16.04", "usr/share/backgrounds",
         ("Bridge_by_Sander_Klootwijk.jpg", "aitzgorri_by_Aitzol_Berasategi.jpg",
          "analogpattern_by_Peter_Nerlich.jpg", "life_by_Aitzol_Berasategi.jpg",
          "picosdeeuropa_by_Aitzol_Berasategi.jpg", "sunset_by_Aitzol_Berasategi.jpg")),
)


def find_pack_photos(root: Path = ROOT, packs: tuple[Pack, ...] = PACKS) -> tuple[list[str], str]:
    """(the installed packs' photos as '/'-separated paths relative to `root`, a one-line note on what was found
    and how to add what was not)."""
    photos, found, missing = [], [], []
    for pack in packs:
        present = [f"{pack.folder}/{name}" for name in pack.photos if (root / pack.folder / name).is_file()]
        photos += present
        (found if present else missing).append(f"{pack.package} ({len(present)} photos)" if present
                                               else pack.package)
    note = f"optional photo packs: found {', '.join(found) or 'none'}"
    if missing:
        note += f"; add more with `sudo apt-get install {' '.join(missing)}`"
    return photos, note
