"""Model files found behind --assets: a folder searched recursively, a file of a type an importer reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.assetfiles import AssetError, find_assets


def test_a_folder_is_searched_recursively_for_model_files(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    for name in ("a/b/chair.obj", "a/car.GLB", "a/notes.txt"):
        (tmp_path / name).write_text("")
    assert find_assets(str(tmp_path)) == [tmp_path / "a" / "b" / "chair.obj", tmp_path / "a" / "car.GLB"]
    with pytest.raises(AssetError, match="unsupported file type"):
        find_assets(str(tmp_path / "a" / "notes.txt"))

