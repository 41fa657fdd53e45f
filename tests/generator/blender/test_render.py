"""Real Cycles renders in one live scene: soft alpha, every knob visible, reproducible, replayable."""

from __future__ import annotations

import copy
import inspect

import cv2
import numpy as np
import pytest

import protocol
from generator.image.backgrounds import Backgrounds
from generator.image.composite import make_pair
from generator.image.cutouts import CutoutRanges, Cutouts
from generator.scene.clutter import ClutterRanges
from generator.scene.frame import FrameRanges, draw_frame, frame_rng
from generator.scene.shapes import ShapeRanges
from generator.stream import FrameMaker, encoded_samples, pair_counts
from tests.generator.image.test_cutouts import write_disc

SIZE = 48


def test_the_renderer_threads_default_is_the_cli_one(renderer) -> None:
    from generator.blender.render import Renderer
    from generator.blender.taskpool import DEFAULT_THREADS

    assert inspect.signature(Renderer).parameters["threads"].default == DEFAULT_THREADS


def base_frame() -> dict:
    """A centred, front-lit solid with a textured material, alone in the scene: every knob has room to show."""
    ranges = FrameRanges(shape=ShapeRanges(families=("solid",), torus_probability=0.0),
                         clutter=ClutterRanges(probability=0.0, ground_probability=0.0))
    frame = draw_frame(frame_rng(11, 0), ranges, size=SIZE, samples=4)
    frame["camera"].update(location=[0.0, -4.0, 1.0], target=[0.0, 0.0, 0.0], roll=0.0, lens=50.0)
    frame["lighting"]["lights"] = [{"type": "POINT", "location": [1.0, -3.0, 3.0], "size": 0.3,
                                    "temperature": 5000.0, "power": 300.0, "spot_angle": 60.0, "spot_blend": 0.5}]
    frame["lighting"]["ambient"] = {"color": [1.0, 1.0, 1.0], "strength": 0.3}
    frame["object"]["shape"].update(rotation=[0.3, 0.2, 0.1], smooth=True,
                                    deform={"noise": 0.0, "noise_scale": 3.0, "noise_seed": 1, "twist": 0.0,
                                            "bend": 0.0, "taper": 0.0})
    frame["object"]["shape"]["parts"][0].update(e1=0.8, e2=0.8, scale=[0.9, 0.7, 0.8])
    frame["material"].update(texture="checker", color_a=[0.6, 0.2, 0.1], color_b=[0.1, 0.3, 0.6], roughness=0.5,
                             metallic=0.0, alpha=1.0, scale=3.0)
    return frame


def edit(frame: dict, path: str, value) -> dict:
    """A copy of `frame` with the value at a dotted path (list indices as numbers) replaced."""
    changed = copy.deepcopy(frame)
    *parents, leaf = [int(key) if key.isdigit() else key for key in path.split(".")]
    node = changed
    for key in parents:
        node = node[key]
    node[leaf] = value
    return changed


KNOBS = {
    "camera.location": [0.5, -3.5, 2.0], "camera.target": [0.2, 0.0, 0.1], "camera.roll": 20.0, "camera.lens": 70.0,
    "lighting.lights.0.type": "AREA", "lighting.lights.0.location": [-3.0, -1.0, 1.0], "lighting.lights.0.size": 2.0,
    "lighting.lights.0.temperature": 2000.0, "lighting.lights.0.power": 1000.0,
    "lighting.ambient.color": [0.2, 0.4, 1.0], "lighting.ambient.strength": 1.5,
    "object.shape.rotation": [1.0, 0.0, 0.5], "object.shape.smooth": False,
    "object.shape.parts.0.e1": 0.2, "object.shape.parts.0.e2": 2.0, "object.shape.parts.0.scale": [0.3, 0.9, 0.9],
    "object.shape.parts.0.kind": "supertoroid", "object.shape.deform.noise": 0.15, "object.shape.deform.twist": 1.5,
    "object.shape.deform.bend": 1.0, "object.shape.deform.taper": 0.5, "material.texture": "voronoi",
    "material.color_a": [0.1, 0.8, 0.1], "material.color_b": [0.9, 0.9, 0.0], "material.scale": 9.0,
    "material.offset": [1.3, 0.4, 2.0], "material.roughness": 0.05, "material.metallic": 1.0, "material.alpha": 0.4,
    "render_seed": 12345, "world": {"panorama": "forest", "strength": 1.0}, "oidn": False,
}


def test_alpha_is_soft_at_the_edge_and_zero_away_from_the_object(renderer) -> None:
    render = renderer.render(base_frame())
    side = base_frame()["render_size"]
    assert render.shape == (side, side, 5) and render.dtype == np.float32
    assert np.array_equal(render[..., 4], render[..., 3])  # nothing else in the scene: the subject's alpha
    alpha = render[..., 3]
    inside, outside = alpha >= 1.0 - 1e-6, alpha <= 0.0
    edge = ~inside & ~outside
    assert inside.sum() > 100 and edge.sum() >= 20
    assert alpha[0, 0] == 0.0 and alpha[side // 2, side // 2] == pytest.approx(1.0)
    # every fractional pixel touches the object; nothing faint floats away from it
    near = cv2.dilate(inside.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    assert edge[~near].sum() == 0 and (alpha[~near] == 0.0).all()
    assert np.all(render[..., :3][outside] == 0.0)  # premultiplied: no colour where nothing is covered


@pytest.mark.parametrize("path", sorted(KNOBS))
def test_every_knob_changes_the_image(renderer, path: str) -> None:
    before = renderer.render(base_frame())
    after = renderer.render(edit(base_frame(), path, KNOBS[path]))
    assert np.abs(after - before).max() > 0.02, f"{path} left the render unchanged"


def test_strands_and_translucency_give_fractional_alpha_beyond_the_body(renderer) -> None:
    furry = draw_frame(frame_rng(3, 0), FrameRanges(shape=ShapeRanges(families=("furry",), strands=(300, 300))),
                       size=SIZE, samples=4)
    alpha = renderer.render(furry)[..., 3]
    assert ((alpha > 0.0) & (alpha < 0.5)).sum() > 30
    translucent = renderer.render(edit(base_frame(), "material.alpha", 0.5))[..., 3]
    middle = translucent.shape[0] // 2
    assert 0.5 < translucent[middle, middle] < 0.95  # front and back faces: 1 - 0.5^2 = 0.75


def test_openimagedenoise_takes_out_the_grain_and_keeps_the_silhouette(renderer) -> None:
    """A plain surface lit by a panorama: two render seeds differ by their path-tracing grain alone (over half
    the colour at 4 samples); denoised, by a small fraction, byte for byte the same when rendered again, with
    the alpha untouched."""
    def frame(oidn: bool, seed: int) -> dict:
        plain = edit(edit(base_frame(), "material.texture", "none"), "world", {"panorama": "forest", "strength": 1.0})
        return edit(edit(plain, "oidn", oidn), "render_seed", seed)

    noisy, clean = ([renderer.render(frame(oidn, seed)).copy() for seed in (1, 2)] for oidn in (False, True))
    inside = noisy[0][..., 3] > 0.99
    assert inside.sum() > 100

    def spread(pair: list[np.ndarray]) -> float:
        return float(np.abs(pair[0][..., :3] - pair[1][..., :3])[inside].mean() / pair[0][..., :3][inside].mean())

    assert spread(noisy) > 0.3 and spread(clean) < 0.25 * spread(noisy)
    assert np.array_equal(clean[0][..., 3:], noisy[0][..., 3:])
    assert np.array_equal(renderer.render(frame(True, 1)), clean[0])


def test_the_same_description_renders_the_same_bytes(renderer) -> None:
    first = renderer.render(base_frame()).copy()
    renderer.render(edit(base_frame(), "camera.lens", 30.0))
    assert np.array_equal(renderer.render(base_frame()), first)


def test_a_sample_re_renders_from_its_params_and_from_seed_and_index(renderer) -> None:
    maker = FrameMaker(FrameRanges(), Backgrounds(None, SIZE), renderer, size=SIZE, samples=2)
    sample = maker.sample("test", 99, 4, 2)
    maker.sample("test", 99, 5, 2)
    again = maker.sample("test", 99, 4, 2)
    replayed = maker.pairs(sample.params, renderer.render(sample.params), [pair.params for pair in sample.pairs])
    for pair, other, third in zip(sample.pairs, again.pairs, replayed, strict=True):
        assert np.array_equal(pair.image, other.image) and np.array_equal(pair.alpha, other.alpha)
        assert np.array_equal(pair.image, third.image) and np.array_equal(pair.alpha, third.alpha)
    assert sample.height == SIZE and len(sample.pairs) == 2


def test_a_photo_cut_out_stands_in_for_the_rendered_subject_and_replays(renderer, tmp_path) -> None:
    write_disc(tmp_path / "disc.png", side=48)
    cutouts = Cutouts(tmp_path, CutoutRanges(probability=1.0))
    maker = FrameMaker(FrameRanges(), Backgrounds(None, SIZE), renderer, size=SIZE, samples=2, cutouts=cutouts)
    sample = maker.sample("test", 5, 0, 3)
    render = renderer.render(sample.params)
    replayed = maker.pairs(sample.params, render, [pair.params for pair in sample.pairs])
    for pair, again in zip(sample.pairs, replayed, strict=True):
        assert pair.params["cutout"]["path"] == "disc.png"
        assert np.array_equal(pair.image, again.image) and np.array_equal(pair.alpha, again.alpha)
        # the alpha is the cut-out's alone, whatever the render held
        alone = make_pair(np.zeros_like(render), pair.params, maker.backgrounds, cutouts=cutouts)[1]
        assert np.array_equal(pair.alpha, alone) and pair.alpha.max() > 200
        assert ((pair.alpha > 12) & (pair.alpha < 243)).any()  # its soft rim


def test_the_pipelined_stream_sends_the_bytes_of_one_sample_at_a_time(renderer) -> None:
    maker = FrameMaker(FrameRanges(), Backgrounds(None, SIZE), renderer, size=SIZE, samples=1)
    counts = pair_counts(2, 5)
    assert counts == [2, 2, 1]
    pipelined = list(encoded_samples(maker, "test", 7, counts))
    sequential = [protocol.encode(maker.sample("test", 7, index, count)) for index, count in enumerate(counts)]
    assert pipelined == list(zip(counts, sequential, strict=True))


def test_no_scratch_file_outlives_a_render(renderer) -> None:
    renderer.render(base_frame())
    assert not renderer.path.exists()


def test_frames_create_no_data_blocks(renderer) -> None:
    import bpy

    def counts() -> dict[str, int]:
        kinds = ("meshes", "materials", "images", "objects", "lights", "node_groups", "textures", "worlds")
        return {kind: len(getattr(bpy.data, kind)) for kind in kinds}

    renderer.render(draw_frame(frame_rng(2, 0), FrameRanges(), size=SIZE, samples=1))
    before = counts()
    for index in range(1, 6):
        renderer.render(draw_frame(frame_rng(2, index), FrameRanges(), size=SIZE, samples=1))
    assert counts() == before


def test_a_photo_texture_shows_real_detail_that_moves_with_its_offset(renderer) -> None:
    def detail(render: np.ndarray) -> float:
        """Mean absolute Laplacian of the luminance over the object's inside, away from its outline."""
        inside = cv2.erode((render[..., 3] >= 1.0).astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
        luma = cv2.Laplacian(render[..., :3].mean(axis=2), cv2.CV_32F)
        return float(np.abs(luma[inside]).mean())

    photo = edit(base_frame(), "material.texture", "photo")
    textured = renderer.render(photo)
    plain = renderer.render(edit(base_frame(), "material.texture", "none"))
    moved = renderer.render(edit(photo, "material.offset", [0.3, 0.1, 0.2]))
    assert detail(textured) > 1.5 * detail(plain)
    assert np.abs(moved - textured)[..., :3].max() > 0.02
