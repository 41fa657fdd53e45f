"""The panorama world in Cycles: it lights the subject, and `generator.image.panorama.view` is exactly what Cycles
would have drawn behind it."""

from __future__ import annotations

import bpy
import cv2
import numpy as np
import pytest

from generator.image.backgrounds import Backgrounds
from generator.image.panorama import view
from generator.scene.frame import FrameRanges
from generator.scene.world import load_panorama, panorama_paths
from generator.stream import FrameMaker

SIZE = 48
CAMERAS = [
    {"location": [0.0, 0.0, 0.0], "target": [1.0, 0.0, 0.0], "roll": 0.0, "lens": 30.0, "sensor": 36.0},
    {"location": [0.0, 0.0, 0.0], "target": [0.3, 1.0, 0.5], "roll": 20.0, "lens": 50.0, "sensor": 36.0},
    {"location": [1.0, 2.0, 3.0], "target": [0.0, -1.0, 2.2], "roll": -10.0, "lens": 20.0, "sensor": 36.0},
]


def world_picture(renderer, camera: dict) -> np.ndarray:
    """Cycles' own picture of the forest panorama through `camera`: the frame posed as usual, then the subject
    hidden, the whole frame rendered and the film opaque; the scene is restored afterwards."""
    maker = FrameMaker(FrameRanges(), Backgrounds(None, SIZE), renderer, size=SIZE, samples=16)
    frame = maker.prepare(3, 0, 1).frame
    frame.update(world={"panorama": "forest", "strength": 1.0}, render_size=SIZE, samples=16, camera=camera)
    frame["lighting"]["lights"] = []
    renderer.apply(frame)
    scene, subject = renderer.scene, renderer.procedural.object
    scene.render.film_transparent, scene.render.use_border, subject.hide_render = False, False, True
    try:
        return renderer.shoot()[0][..., :3]
    finally:
        scene.render.film_transparent, subject.hide_render = True, False


@pytest.mark.parametrize("camera", CAMERAS)
def test_the_panorama_view_is_what_cycles_draws_behind_the_subject(renderer, camera) -> None:
    rendered = world_picture(renderer, camera)
    expected = view(load_panorama("forest"), camera, SIZE)
    # Cycles' pixel filter (Blackman-Harris, 1.5 px) differs from the view's box filter on leaves: compare the
    # pictures at a slightly coarser scale
    rendered, expected = (cv2.GaussianBlur(image, (0, 0), 1.0) for image in (rendered, expected))
    assert np.abs(rendered - expected).mean() < 0.05 * rendered.mean()
    assert rendered.std() > 0.1 * rendered.mean()  # a photograph, not a constant colour


def test_the_panorama_lights_the_subject(renderer) -> None:
    maker = FrameMaker(FrameRanges(), Backgrounds(None, SIZE), renderer, size=SIZE, samples=4)
    frame = maker.prepare(5, 0, 1).frame
    frame["lighting"]["lights"] = []
    colours = []
    for name in ("sunset", "forest"):
        frame["world"] = {"panorama": name, "strength": 1.0}
        render = renderer.render(frame)
        covered = render[..., 3] > 0.99
        assert render[..., :3][covered].mean() > 0.01
        colours.append(render[..., :3][covered].mean(axis=0) / render[..., :3][covered].mean())
    assert np.abs(colours[0] - colours[1]).max() > 0.02  # the sunset's orange against the forest's green


def test_every_shipped_panorama_loads_once() -> None:
    assert len(panorama_paths()) >= 9
    before = len(bpy.data.images)
    for _ in range(2):
        for name in panorama_paths():
            assert load_panorama(name).shape[2] == 3
    assert len(bpy.data.images) == before
