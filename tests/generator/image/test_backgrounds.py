"""Backgrounds: procedural families and photo folders, reproducible from params, clear folder errors."""

from __future__ import annotations

import logging
from pathlib import Path

import cv2
import msgpack
import numpy as np
import pytest

from generator.image import photos, procedural
from generator.image.backgrounds import BackgroundError, Backgrounds
from generator.image.photos import PhotoFolder, colour_jitter

SIZE = 32


@pytest.mark.parametrize("family", procedural.FAMILIES)
def test_each_family_renders_reproducibly_and_varies(family: str) -> None:
    rng = np.random.default_rng(0)
    params = [procedural.draw(rng, family=family) for _ in range(6)]
    images = [procedural.render(p, SIZE) for p in params]
    for p, image in zip(params, images, strict=True):
        assert image.shape == (SIZE, SIZE, 3) and image.dtype == np.uint8
        assert np.array_equal(image, procedural.render(msgpack.unpackb(msgpack.packb(p)), SIZE))
        assert len(np.unique(image.reshape(-1, 3), axis=0)) > 1
    assert len({image.tobytes() for image in images}) == len(images)


def test_all_families_are_drawn() -> None:
    rng = np.random.default_rng(1)
    assert {procedural.draw(rng)["family"] for _ in range(300)} == set(procedural.FAMILIES)


def test_unknown_family_is_refused() -> None:
    with pytest.raises(ValueError, match="'marble'"):
        procedural.render({"kind": "procedural", "family": "marble", "seed": 1}, SIZE)


def test_no_folder_means_procedural_only() -> None:
    backgrounds = Backgrounds(None, SIZE)
    rng = np.random.default_rng(2)
    assert {backgrounds.draw(rng)["kind"] for _ in range(50)} == {"procedural"}


def _photo(path: Path, seed: int, shape: tuple[int, int] = (48, 80)) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    image = np.random.default_rng(seed).integers(0, 256, (*shape, 3), dtype=np.uint8)
    assert cv2.imwrite(str(path), cv2.GaussianBlur(image, (0, 0), 2))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    _photo(tmp_path / "a.jpg", 1)
    _photo(tmp_path / "sub" / "deeper" / "b.PNG", 2)
    _photo(tmp_path / "sub" / "c.JPEG", 3, (90, 60))
    (tmp_path / "notes.txt").write_text("not an image")
    return tmp_path


def test_nested_files_of_any_case_are_found(folder: Path) -> None:
    assert PhotoFolder(folder, SIZE).paths == ["a.jpg", "sub/c.JPEG", "sub/deeper/b.PNG"]


def _one_line_error(folder: str, match: str) -> None:
    with pytest.raises(BackgroundError) as error:
        Backgrounds(folder, SIZE)
    assert match in str(error.value) and folder in str(error.value) and "\n" not in str(error.value)


def test_missing_folder_is_an_error_naming_it(tmp_path: Path) -> None:
    _one_line_error(str(tmp_path / "nowhere"), "does not exist")


def test_folder_without_images_is_an_error_naming_it(tmp_path: Path) -> None:
    (tmp_path / "readme.txt").write_text("no pictures here")
    _one_line_error(str(tmp_path), "holds no")


def test_a_file_is_not_a_folder(folder: Path) -> None:
    _one_line_error(str(folder / "a.jpg"), "is not a folder")


def test_photos_render_reproducibly_and_differ(folder: Path) -> None:
    backgrounds = Backgrounds(str(folder), SIZE, photo_probability=1.0)
    rng = np.random.default_rng(4)
    params = [backgrounds.draw(rng) for _ in range(20)]
    assert {p["kind"] for p in params} == {"photo"}
    assert {p["path"] for p in params} == set(backgrounds.photos.paths)
    images = [backgrounds.render(p) for p in params]
    assert all(i.shape == (SIZE, SIZE, 3) and i.dtype == np.uint8 for i in images)
    replay = Backgrounds(str(folder), SIZE)  # a fresh instance: nothing cached
    assert all(np.array_equal(replay.render(msgpack.unpackb(msgpack.packb(p))), i)
               for p, i in zip(params, images, strict=True))
    assert len({i.tobytes() for i in images}) == len(images)


def test_crop_flip_and_neutral_jitter(folder: Path) -> None:
    backgrounds = Backgrounds(str(folder), SIZE)
    neutral = {"brightness": 1.0, "contrast": 1.0, "saturation": 1.0, "hue": 0.0}
    params = {"kind": "photo", "path": "sub/c.JPEG", "crop": [1.0, 0.0, 1.0], "flip": False, "jitter": neutral}
    original = cv2.cvtColor(cv2.imread(str(folder / "sub" / "c.JPEG")), cv2.COLOR_BGR2RGB)
    expected = cv2.resize(original[30:], (SIZE, SIZE), interpolation=cv2.INTER_AREA)  # bottom 60x60 square
    assert np.abs(backgrounds.render(params).astype(int) - expected).max() <= 1
    flipped = backgrounds.render({**params, "flip": True})
    assert np.abs(flipped.astype(int) - expected[:, ::-1]).max() <= 1


def test_jitter_changes_colours() -> None:
    image = np.random.default_rng(5).integers(0, 256, (8, 8, 3), dtype=np.uint8)
    neutral = {"brightness": 1.0, "contrast": 1.0, "saturation": 1.0, "hue": 0.0}
    for change in [{"brightness": 1.3}, {"contrast": 0.7}, {"saturation": 0.5}, {"hue": 15.0}]:
        assert np.abs(colour_jitter(image, {**neutral, **change}).astype(int) - image).mean() > 2
    assert colour_jitter(image, {**neutral, "brightness": 1.3}).mean() > image.mean()


def test_corrupt_file_is_skipped_with_one_warning(folder: Path, caplog: pytest.LogCaptureFixture) -> None:
    (folder / "broken.jpg").write_bytes(b"\xff\xd8 this is not really a jpeg")
    (folder / "empty.png").write_bytes(b"")
    backgrounds = Backgrounds(str(folder), SIZE, photo_probability=1.0)
    rng = np.random.default_rng(6)
    with caplog.at_level(logging.WARNING):
        drawn = {backgrounds.draw(rng)["path"] for _ in range(60)}
    assert drawn == {"a.jpg", "sub/c.JPEG", "sub/deeper/b.PNG"}
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert sorted(warnings) == [f"skipping unreadable background image {folder / 'broken.jpg'}",
                                f"skipping unreadable background image {folder / 'empty.png'}"]


def test_only_corrupt_files_is_an_error_on_draw(tmp_path: Path) -> None:
    (tmp_path / "broken.jpg").write_bytes(b"garbage")
    backgrounds = Backgrounds(str(tmp_path), SIZE, photo_probability=1.0)
    with pytest.raises(BackgroundError, match="holds no readable images"):
        backgrounds.draw(np.random.default_rng(7))


def test_replaying_an_unreadable_photo_names_it(folder: Path) -> None:
    (folder / "broken.jpg").write_bytes(b"garbage")
    params = {"kind": "photo", "path": "broken.jpg", "crop": [1.0, 0.0, 0.0], "flip": False,
              "jitter": {"brightness": 1.0, "contrast": 1.0, "saturation": 1.0, "hue": 0.0}}
    with pytest.raises(BackgroundError, match=r"broken\.jpg cannot be read"):
        Backgrounds(str(folder), SIZE).render(params)
    with pytest.raises(BackgroundError, match="needs --backgrounds"):
        Backgrounds(None, SIZE).render(params)


def test_photos_and_procedural_mix(folder: Path) -> None:
    backgrounds = Backgrounds(str(folder), SIZE, photo_probability=0.5)
    rng = np.random.default_rng(8)
    assert {backgrounds.draw(rng)["kind"] for _ in range(40)} == {"photo", "procedural"}


def test_greenery_is_foliage_unless_foliage_is_switched_off(folder: Path) -> None:
    rng = np.random.default_rng(8)
    backgrounds = Backgrounds(str(folder), SIZE, photo_probability=0.5)
    assert {backgrounds.draw(rng, greenery=True)["family"] for _ in range(20)} == {procedural.FOLIAGE}
    others = tuple(family for family in procedural.FAMILIES if family != procedural.FOLIAGE)
    plain = Backgrounds(None, SIZE, procedural_ranges=procedural.ProceduralRanges(families=others))
    assert procedural.FOLIAGE not in {plain.draw(rng, greenery=True)["family"] for _ in range(40)}


def test_decoded_photos_are_cached_within_bounds(folder: Path) -> None:
    photos = PhotoFolder(folder, SIZE, cache_size=2)
    for path in photos.paths:
        assert photos.load(path) is not None
    assert list(photos._cache) == photos.paths[1:]
    photos.load(photos.paths[1])  # most recently used moves to the end
    assert list(photos._cache) == [photos.paths[2], photos.paths[1]]


def test_big_photos_are_shrunk_on_decode(tmp_path: Path) -> None:
    _photo(tmp_path / "big.png", 9, (600, 900))
    image = PhotoFolder(tmp_path, SIZE).load("big.png")
    side = photos.MAX_SIDE_FACTOR * SIZE
    assert image.shape == (side, side * 900 // 600, 3)


def test_a_fresh_folder_draws_what_the_stream_drew(tmp_path: Path) -> None:
    for i in range(6):
        _photo(tmp_path / f"{i}.png", i, (16, 16))
    stream = PhotoFolder(tmp_path, SIZE)
    for seed in range(20):  # the stream's history (what it loaded) must not change later draws
        stream.draw(np.random.default_rng(seed))
    drawn = [stream.draw(np.random.default_rng([7, i])) for i in range(30)]
    replayed = [PhotoFolder(tmp_path, SIZE).draw(np.random.default_rng([7, i])) for i in range(30)]
    assert drawn == replayed
    assert {params["path"] for params in drawn} == set(stream.paths)


def test_foliage_is_mostly_green_and_finely_detailed() -> None:
    rng = np.random.default_rng(3)
    images = [procedural.render(procedural.draw(rng, family="foliage"), SIZE).astype(np.float32) / 255
              for _ in range(40)]
    greens = [image[..., 1].mean() >= max(image[..., 0].mean(), image[..., 2].mean()) for image in images]
    assert np.mean(greens) >= 0.7  # greens mostly, dry grass and autumn leaves the rest
    # blades a pixel or two wide: neighbouring pixels differ across them, far more than in a smooth ramp
    detail = [np.abs(np.diff(image, axis=1)).mean() for image in images]
    ramps = [np.abs(np.diff(procedural.render(procedural.draw(rng, family="gradient"), SIZE).astype(np.float32)
                            / 255, axis=1)).mean() for _ in range(40)]
    assert np.median(detail) > 3 * np.median(ramps)
