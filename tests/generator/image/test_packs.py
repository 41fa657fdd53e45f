"""Optional photo packs: found at their install paths, listed in one note, and used as photo backgrounds."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from generator.image.backgrounds import Backgrounds
from generator.image.packs import PACKS, Pack, find_pack_photos

MATE, LOMIRI = PACKS


def install(root: Path, pack: Pack, names: tuple[str, ...]) -> None:
    """Writes small real JPEGs where the package would install these photos."""
    folder = root / pack.folder
    folder.mkdir(parents=True, exist_ok=True)
    for index, name in enumerate(names):
        pixels = np.random.default_rng(index).integers(0, 256, (40, 60, 3), dtype=np.uint8)
        cv2.imwrite(str(folder / name), pixels)


def test_nothing_installed_is_a_note_saying_how_to_add_them(tmp_path: Path) -> None:
    photos, note = find_pack_photos(tmp_path)
    assert photos == []
    assert note == ("optional photo packs: found none; add more with "
                    "`sudo apt-get install mate-backgrounds lomiri-wallpapers-16.04`")
    assert Backgrounds(str(tmp_path), 16, paths=photos).draw(np.random.default_rng(0))["kind"] == "procedural"


def test_only_the_listed_subject_free_photos_of_an_installed_pack_are_used(tmp_path: Path) -> None:
    install(tmp_path, MATE, (*MATE.photos[:2], "LadyBird.jpg"))  # a ladybird is a subject: not listed
    photos, note = find_pack_photos(tmp_path)
    assert photos == [f"{MATE.folder}/{name}" for name in MATE.photos[:2]]
    assert note == ("optional photo packs: found mate-backgrounds (2 photos); add more with "
                    "`sudo apt-get install lomiri-wallpapers-16.04`")
    backgrounds = Backgrounds(str(tmp_path), 16, photo_probability=1.0, paths=photos)
    params = backgrounds.draw(np.random.default_rng(3))
    assert params["kind"] == "photo" and params["path"] in photos
    again = Backgrounds(str(tmp_path), 16, photo_probability=1.0, paths=photos)  # a fresh process replays it
    np.testing.assert_array_equal(again.render(params), backgrounds.render(params))
