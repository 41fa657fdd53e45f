"""Photo cut-outs: which files count, how a cut-out is drawn and placed, and how it replaces the rendered subject
while the rest of the render stays."""

from __future__ import annotations

from pathlib import Path

import cv2
import msgpack
import numpy as np
import pytest

from generator.image.backgrounds import Backgrounds
from generator.image.colour import LUMA
from generator.image.composite import draw_pair, make_pair
from generator.image.cutouts import CutoutError, CutoutRanges, Cutouts, find_stamps, list_cutouts

ALWAYS = CutoutRanges(probability=1.0, backdrop_probability=0.0)


def write_disc(path: Path, side: int = 40, colour: tuple[int, int, int] = (200, 120, 40)) -> None:
    """An RGBA PNG: an opaque disc with a soft rim, transparent around it, inside a margin."""
    path.parent.mkdir(parents=True, exist_ok=True)
    yy, xx = np.mgrid[:side, :side] - (side - 1) / 2
    alpha = np.clip(side / 2 - 4 - np.hypot(yy, xx), 0.0, 1.0)
    planes = [np.full((side, side), c, np.uint8) for c in colour[::-1]]
    bgra = np.dstack([*planes, np.rint(alpha * 255).astype(np.uint8)])
    assert cv2.imwrite(str(path), bgra)


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    write_disc(tmp_path / "animals" / "disc.png")
    write_disc(tmp_path / "animals" / "cartoon" / "drawn.png")
    assert cv2.imwrite(str(tmp_path / "opaque.png"), np.full((20, 20, 3), 90, np.uint8))  # no alpha: not a cut-out
    assert cv2.imwrite(str(tmp_path / "empty.png"), np.zeros((20, 20, 4), np.uint8))  # nothing to see: skipped
    (tmp_path / "broken.png").write_bytes(b"not a png")
    (tmp_path / "notes.txt").write_text("not an image")
    return tmp_path


def test_only_pngs_with_transparency_outside_skipped_folders_count(folder: Path) -> None:
    assert list_cutouts(folder) == ["animals/cartoon/drawn.png", "animals/disc.png", "broken.png", "empty.png",
                                    "opaque.png"]
    assert Cutouts(folder).paths == ["animals/cartoon/drawn.png", "animals/disc.png"]
    assert Cutouts(folder).note() == f"photo cut-outs: 2 from {folder} (3 PNGs skipped: unreadable or without " \
                                     "transparency)"
    assert Cutouts(folder, skip=("cartoon",)).paths == ["animals/disc.png"]


def test_a_missing_or_empty_folder_is_an_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(CutoutError, match=str(tmp_path / "absent")):
        Cutouts(tmp_path / "absent")
    assert cv2.imwrite(str(tmp_path / "opaque.png"), np.full((20, 20, 3), 90, np.uint8))
    with pytest.raises(CutoutError, match=f"{tmp_path} holds no PNG with transparency"):
        Cutouts(tmp_path)


def test_no_stamps_anywhere_is_none(tmp_path: Path) -> None:
    assert find_stamps((tmp_path / "a", tmp_path / "b")) is None
    (tmp_path / "b").mkdir()
    assert find_stamps((tmp_path / "a", tmp_path / "b")) == tmp_path / "b"


def test_draws_follow_the_probability_and_replay_from_the_seed(folder: Path) -> None:
    never, half = Cutouts(folder, CutoutRanges(probability=0.0)), Cutouts(folder, CutoutRanges(probability=0.5))
    rng = np.random.default_rng(0)
    assert all(never.draw(rng) is None for _ in range(50))
    drawn = [half.draw(np.random.default_rng(seed)) for seed in range(400)]
    assert 150 < sum(d is not None for d in drawn) < 250
    params = next(d for d in drawn if d is not None)
    assert msgpack.unpackb(msgpack.packb(params)) == params
    assert drawn == [half.draw(np.random.default_rng(seed)) for seed in range(400)]


def test_a_cut_out_is_placed_at_its_fill_and_centre_and_may_leave_the_frame(folder: Path) -> None:
    cutouts = Cutouts(folder)
    params = {"path": "animals/disc.png", "fill": 0.5, "centre": [0.5, 0.5], "light": 1.0}
    layer = cutouts.layer(params, 96)
    ys, xs = np.nonzero(layer[..., 3] > 0.5)
    assert abs(xs.mean() - 47.5) < 1 and abs(ys.mean() - 47.5) < 1
    assert 44 <= xs.max() - xs.min() + 1 <= 48  # the disc, trimmed to its outline, spans half the side
    assert np.all(layer[..., :3] <= layer[..., 3:] + 1e-6)  # premultiplied
    edge = cutouts.layer({**params, "centre": [1.0, 0.5]}, 96)
    assert 0 < edge[..., 3].sum() < 0.6 * layer[..., 3].sum()


def write_bar(path: Path) -> None:
    """An RGBA PNG: an opaque 60 x 20 bar, red on the left, blue on the right, in a transparent margin."""
    bgra = np.zeros((24, 64, 4), np.uint8)
    bgra[2:22, 2:32], bgra[2:22, 32:62] = (0, 0, 255, 255), (255, 0, 0, 255)
    assert cv2.imwrite(str(path), bgra)


def centroid(patch: np.ndarray, channel: int) -> np.ndarray:
    """(x, y) of the pixels where `channel` of a premultiplied patch dominates."""
    ys, xs = np.nonzero(patch[..., channel] > 0.5 * patch[..., 3] + 1e-3)
    return np.array([xs.mean(), ys.mean()])


def test_a_cut_out_is_mirrored_turned_and_stretched_as_its_params_say(tmp_path: Path) -> None:
    write_bar(tmp_path / "bar.png")
    cutouts = Cutouts(tmp_path)
    plain = {"path": "bar.png", "fill": 0.5, "centre": [0.5, 0.5], "light": 1.0}
    still = cutouts.patch(plain, 96)
    assert still.shape[:2] == (16, 48)  # the longer side at half the frame's, the bar's 3:1
    # params from before the keys existed replay as they were drawn then
    assert np.array_equal(still, cutouts.patch({**plain, "flip": False, "turn": 0.0, "stretch": 1.0}, 96))
    assert np.array_equal(cutouts.patch({**plain, "flip": True}, 96), still[:, ::-1])
    assert cutouts.patch({**plain, "stretch": 1.5}, 96).shape[:2] == (11, 48)  # 3 * 1.5 : 1, longer side kept
    assert cutouts.patch({**plain, "stretch": 0.25}, 96).shape[:2] == (48, 36)  # 3 * 0.25 : 1, taller now
    turned = cutouts.patch({**plain, "turn": 90.0}, 96)
    assert abs(turned.shape[0] - 48) <= 1 and abs(turned.shape[1] - 16) <= 1
    assert turned[..., 3].sum() == pytest.approx(still[..., 3].sum(), rel=0.02)
    assert centroid(turned, 0)[1] > centroid(turned, 2)[1] + 10  # anticlockwise: red, the left end, goes down
    tilted = cutouts.patch({**plain, "turn": -20.0}, 96)
    assert np.all(tilted[..., :3] <= tilted[..., 3:] + 1e-6)  # still premultiplied at the blended edge
    assert tilted.shape[0] > 16 + 10 and tilted[..., 3].sum() == pytest.approx(still[..., 3].sum(), rel=0.02)


def test_mirror_turn_and_stretch_are_drawn_within_their_knobs(folder: Path) -> None:
    cutouts = Cutouts(folder, CutoutRanges(probability=1.0, flip=0.5, turn=10.0, stretch=(0.9, 1.2)))
    drawn = [cutouts.draw(np.random.default_rng(seed)) for seed in range(400)]
    assert 150 < sum(d["flip"] for d in drawn) < 250
    turns, stretches = np.array([d["turn"] for d in drawn]), np.array([d["stretch"] for d in drawn])
    assert turns.min() < -8 and turns.max() > 8 and np.abs(turns).max() <= 10
    assert stretches.min() < 0.92 and stretches.max() > 1.17 and 0.9 <= stretches.min() <= stretches.max() <= 1.2
    still = Cutouts(folder, CutoutRanges(probability=1.0, flip=0.0, turn=0.0, stretch=(1.0, 1.0)))
    assert all(not d["flip"] and d["turn"] == 0 and d["stretch"] == 1
               for d in (still.draw(np.random.default_rng(seed)) for seed in range(50)))


def render_with_clutter(side: int = 32) -> np.ndarray:
    """RxRx5: a grey subject in the middle, a red object in the left third, the subject's coverage last."""
    render = np.zeros((side, side, 5), np.float32)
    render[8:24, 8:24] = [0.3, 0.3, 0.3, 1.0, 1.0]
    render[:, :6] = [0.5, 0.0, 0.0, 1.0, 0.0]
    return render


def test_the_cut_out_replaces_the_subject_and_the_rest_of_the_render_stays(folder: Path) -> None:
    cutouts = Cutouts(folder)
    params = {"path": "animals/disc.png", "fill": 0.4, "centre": [0.6, 0.5], "light": 2.0}
    render = render_with_clutter()
    out = cutouts.replace_subject(render, params)
    placed = cutouts.layer(params, 32)
    assert out.shape == (32, 32, 5) and np.array_equal(out[..., 4], placed[..., 3])
    assert np.array_equal(out[:, :6], render[:, :6, :4].copy() @ np.eye(4, 5))  # the red object: not the subject
    gone = (placed[..., 3] == 0) & (render[..., 4] == 1)
    assert gone.any() and np.all(out[gone] == 0)  # the rendered subject is taken out
    subject_light = 0.3 * LUMA.sum()
    own = (out[:, 6:, :3] @ LUMA).sum() / out[:, 6:, 4].sum()  # right of the red object: the cut-out alone
    assert own == pytest.approx(2.0 * subject_light, rel=1e-4)  # lit as the rendered subject, times `light`


def test_a_pair_with_a_cut_out_has_its_alpha_and_replays(folder: Path) -> None:
    cutouts, backgrounds = Cutouts(folder, ALWAYS), Backgrounds(None, 16)
    params = draw_pair(np.random.default_rng(3), backgrounds, False, cutouts=cutouts)
    assert "cutout" in params and "cutout" not in draw_pair(np.random.default_rng(3), backgrounds, False)
    assert "cutout" not in draw_pair(np.random.default_rng(3), backgrounds, False, portrait=True, cutouts=cutouts)
    render = render_with_clutter()
    image, alpha = make_pair(render, params, backgrounds, cutouts=cutouts)
    again = make_pair(render, msgpack.unpackb(msgpack.packb(params)), backgrounds, cutouts=Cutouts(folder))
    assert np.array_equal(image, again[0]) and np.array_equal(alpha, again[1])
    plain = make_pair(render, {k: v for k, v in params.items() if k != "cutout"}, backgrounds)[1]
    assert alpha.max() == 255 and not np.array_equal(alpha, plain)
    with pytest.raises(CutoutError, match="animals/"):
        make_pair(render, params, backgrounds)
    gone = {**params, "cutout": {**params["cutout"], "path": "gone.png"}}  # replayed where the folder lacks it
    with pytest.raises(CutoutError, match=f"cut-out {folder / 'gone.png'} is not a readable PNG"):
        make_pair(render, gone, backgrounds, cutouts=cutouts)


def test_cut_outs_behind_the_subject_follow_their_probability_and_count(folder: Path) -> None:
    cutouts = Cutouts(folder, CutoutRanges(backdrop_probability=0.5, backdrop_count=(1, 3)))
    drawn = [cutouts.draw_backdrop(np.random.default_rng(seed)) for seed in range(400)]
    assert 150 < sum(bool(d) for d in drawn) < 250
    assert {len(d) for d in drawn} == {0, 1, 2, 3}
    assert drawn == [cutouts.draw_backdrop(np.random.default_rng(seed)) for seed in range(400)]
    assert all(0 <= c <= 1 for d in drawn for params in d for c in params["centre"])
    assert not Cutouts(folder, CutoutRanges(backdrop_probability=0.0)).draw_backdrop(np.random.default_rng(0))


def test_a_cut_out_behind_shows_where_nothing_was_rendered_and_is_not_the_subject(folder: Path) -> None:
    cutouts = Cutouts(folder)
    render = render_with_clutter()
    params = {"path": "animals/disc.png", "fill": 0.9, "centre": [0.5, 0.5], "light": 1.0}
    for given in (render[..., :4], render):  # a render of the subject alone, and one with its own alpha last
        out = cutouts.add_backdrop(given, [params])
        assert out.shape == (32, 32, 5) and np.array_equal(out[..., 4], given[..., -1])  # the subject's alpha
        assert np.array_equal(out[8:24, 8:24, :4], given[8:24, 8:24, :4])  # hidden behind the opaque subject
    behind = cutouts.lit_layer(params, 32, 0.3 * LUMA.sum())  # lit as the grey subject
    empty = (render[..., 3] == 0) & (behind[..., 3] > 0)
    assert empty.any() and np.allclose(out[empty][:, :4], behind[empty])  # where nothing was, the cut-out shows


def test_a_pair_with_cut_outs_behind_keeps_its_alpha_and_replays(folder: Path) -> None:
    ranges = CutoutRanges(probability=0.0, backdrop_probability=1.0, backdrop_fill=(0.6, 0.9))
    cutouts, backgrounds = Cutouts(folder, ranges), Backgrounds(None, 16)
    params = draw_pair(np.random.default_rng(5), backgrounds, False, cutouts=cutouts)
    assert params["backdrop_cutouts"] and "cutout" not in params
    assert "backdrop_cutouts" not in draw_pair(np.random.default_rng(5), backgrounds, False, portrait=True,
                                               cutouts=cutouts)
    render = render_with_clutter()
    image, alpha = make_pair(render, params, backgrounds, cutouts=cutouts)
    again = make_pair(render, msgpack.unpackb(msgpack.packb(params)), backgrounds, cutouts=Cutouts(folder))
    assert np.array_equal(image, again[0]) and np.array_equal(alpha, again[1])
    plain_image, plain_alpha = make_pair(render, {k: v for k, v in params.items() if k != "backdrop_cutouts"},
                                         backgrounds)
    assert np.array_equal(alpha, plain_alpha) and not np.array_equal(image, plain_image)
    with pytest.raises(CutoutError, match="animals/"):
        make_pair(render, params, backgrounds)
