"""Finding the model files behind `--assets PATH` (no bpy, so a bad path fails fast, before Blender starts)."""

from __future__ import annotations

from pathlib import Path

SUFFIXES = (".blend", ".obj", ".glb", ".gltf", ".fbx", ".ply", ".stl")


class AssetError(Exception):
    """A bad --assets or --target path; the message is one line naming it."""


def find_assets(path: str, flag: str = "--assets") -> list[Path]:
    """The model files at `path` (a file, or a folder searched recursively), sorted; `flag` names it in errors."""
    root = Path(path)
    if not root.exists():
        raise AssetError(f"{flag} {path}: no such file or folder")
    if root.is_file():
        if root.suffix.lower() not in SUFFIXES:
            raise AssetError(f"{flag} {path}: unsupported file type (use {', '.join(SUFFIXES)})")
        return [root]
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
    if not files:
        raise AssetError(f"{flag} {path}: no model files ({', '.join(SUFFIXES)}) in this folder")
    return files
