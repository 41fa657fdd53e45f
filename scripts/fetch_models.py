"""Fetch Sweet Home 3D's textured models (Debian's `sweethome3d-furniture`, CC0 and CC-BY-3.0) into .venv/share, once.

An opt-in `--assets` folder (`--assets .venv/share/sweethome3d-furniture/models`; neither README command fetches
it): furniture, household things, vehicles, people, animals, plants and trees, modelled and textured from real
ones. The package holds five catalogues (.sh3f: a zip with a `PluginFurnitureCatalog.properties` and one folder per
model); every model that stands free and upright is kept as its OBJ, MTL and textures in
`models/<catalogue>/<model>/`, with each catalogue's licence in `licences/` (scripts/debian_package.py: pinned,
whole or not at all, one line on failure).

    .venv/bin/python scripts/fetch_models.py
"""

from __future__ import annotations

import io
import re
import sys
import tarfile
import zipfile
from pathlib import Path, PurePosixPath

from debian_package import SHARE, Package, fetch

CATALOGUE = "PluginFurnitureCatalog.properties"
# Doors, windows and stairs are cut into walls and meaningless alone; a model with its own rotation is not
# upright as stored
SKIP_CATEGORIES = {"Doors and windows", "Staircases"}
ENTRY = re.compile(r"^(\w+)#(\d+)=(.*)$", re.MULTILINE)


def catalogue_entries(text: str) -> dict[int, dict[str, str]]:
    """The numbered entries of a catalogue: {number: {key: value}}."""
    entries: dict[int, dict[str, str]] = {}
    for key, number, value in ENTRY.findall(text):
        entries.setdefault(int(number), {})[key] = value.strip()
    return entries


def model_folders(text: str) -> list[str]:
    """The zip folders of the catalogue's models that stand free and upright, sorted."""
    return sorted({str(PurePosixPath(entry["model"].lstrip("/")).parent)
                   for entry in catalogue_entries(text).values()
                   if "model" in entry and entry.get("category") not in SKIP_CATEGORIES
                   and "modelRotation" not in entry and entry.get("doorOrWindow") != "true"})


def keep_catalogue(archive: zipfile.ZipFile, name: str, folder: Path) -> int:
    """The upright models of one catalogue into folder/models/<name>/, its licence into folder/licences/."""
    folders = model_folders(archive.read(CATALOGUE).decode("latin-1"))
    wanted = tuple(f"{model}/" for model in folders)
    for member in archive.infolist():
        if not member.is_dir() and member.filename.startswith(wanted):
            archive.extract(member, folder / "models" / name)
    if "LICENSE.TXT" in archive.namelist():
        (folder / "licences").mkdir(parents=True, exist_ok=True)
        (folder / "licences" / f"{name}.txt").write_bytes(archive.read("LICENSE.TXT"))
    return len(folders)


def keep(tar: tarfile.TarFile, member: tarfile.TarInfo, folder: Path) -> int:
    """A catalogue's upright models, or the package's copyright file; returns the models kept."""
    if member.name.endswith("/copyright"):
        tar.extract(member, folder, filter="data")
    if not member.name.endswith(".sh3f"):
        return 0
    with zipfile.ZipFile(io.BytesIO(tar.extractfile(member).read())) as archive:
        return keep_catalogue(archive, PurePosixPath(member.name).stem, folder)


MODELS = Package(package="sweethome3d-furniture", version="1.8-1",
                 pool="pool/main/s/sweethome3d-furniture/sweethome3d-furniture_1.8-1_all.deb",
                 sha256="3ccb90c63f9525e887a767b9cd5c8b6933b8b6b2973a615a5359ee68a2118668",
                 target=SHARE / "sweethome3d-furniture", name="Sweet Home 3D's textured models", size="120 MB",
                 without="no real models", keep=keep)

if __name__ == "__main__":
    sys.exit(fetch(MODELS))
