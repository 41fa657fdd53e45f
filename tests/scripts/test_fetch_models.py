"""The models fetcher keeps, of each catalogue in the package, the models that stand free and upright."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from debian_package import DONE, unpack
from fetch_models import MODELS, model_folders

from tests.scripts.debs import deb, files_under

CATALOGUE = """# PluginFurnitureCatalog.properties
id=SweetHome3D#Test
name=Test catalog

id#1=Test#chair
name#1=Chair
category#1=Living room
model#1=/test/chair/chair.obj
doorOrWindow#1=false

id#2=Test#door
name#2=Door
category#2=Doors and windows
model#2=/test/door/door.obj
doorOrWindow#2=true

id#3=Test#lamp
name#3=Lamp \\u00e9clair\u00e9e
category#3=Lights
model#3=/test/lamp/lamp.obj
modelRotation#3=1 0 0 0 0 1 0 -1 0
"""


def sh3f(files: dict[str, bytes]) -> bytes:
    """A furniture catalogue: a zip of the catalogue file and `files`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("PluginFurnitureCatalog.properties", CATALOGUE.encode("latin-1"))
        archive.writestr("LICENSE.TXT", "CC-BY-3.0")
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_only_the_free_standing_upright_models_are_listed() -> None:
    assert model_folders(CATALOGUE) == ["test/chair"]


def test_unpacking_keeps_each_upright_model_whole_with_its_licence(tmp_path: Path) -> None:
    catalogue = sh3f({"test/chair/chair.obj": b"o", "test/chair/chair.mtl": b"m", "test/chair/wood.jpg": b"j",
                      "test/door/door.obj": b"o", "test/lamp/lamp.obj": b"o", "test/chair.png": b"icon"})
    files = {"./usr/share/sweethome3d/furniture/Test.sh3f": catalogue,
             "./usr/share/doc/sweethome3d-furniture/copyright": b"CC-BY-3.0", "./usr/share/doc/x/changelog": b"c"}
    target = tmp_path / "models"
    assert unpack(deb(tmp_path, files), target, MODELS.keep, MODELS.pool) == 1
    assert files_under(target) == [DONE, "licences/Test.txt", "models/Test/test/chair/chair.mtl",
                                   "models/Test/test/chair/chair.obj", "models/Test/test/chair/wood.jpg",
                                   "usr/share/doc/sweethome3d-furniture/copyright"]
