"""One live Blender scene for all the Blender tests: bpy keeps a single scene per process."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def renderer():
    from generator.blender.render import Renderer

    renderer = Renderer(threads=1)
    yield renderer
    renderer.close()
