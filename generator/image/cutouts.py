"""Photographed subjects: real photo cut-outs (RGBA PNGs) that stand in for the rendered subject of some pairs.

A render's subject is CG however it is dressed; a cut-out is a real animal, fruit, vehicle or flower as a camera
saw it, with the outline and texture of the real thing. With probability `CutoutRanges.probability` a pair's
subject is one (never in a close-up of a person: `generator.image.composite.draw_pair`): the render's own subject
is taken out (its share of every pixel, so clutter, ground and objects in front stay), and the cut-out goes over
the rest, centred in the render and lit as the rendered subject was (its mean luminance). The pair's framing,
backdrop and camera then treat it as they treat a rendered subject, and its alpha is the cut-out's own.

Where they come from: `--cutouts DIR` (every PNG with transparency under it), or else the photographs among Tux
Paint's stamps (Debian's `tuxpaint-stamps-default`, GPL-2), fetched by `scripts/setup.sh` into `.venv` or found
installed; the cartoons, symbols, seasonal drawings, planets and weather are left out. Params carry the path
relative to the folder, so a pair replays on any machine that has the same folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, UnidentifiedImageError

from generator.image.colour import LUMA, srgb8_to_linear
from generator.image.layers import over, subject_share
from generator.knobs import POSITIVE, UNIT, Knobs, knob
from generator.scene.draws import int_in, log_uniform

ROOT = Path(__file__).resolve().parents[2]
STAMPS = "usr/share/tuxpaint/stamps"
# the pack extracted by scripts/setup.sh, then a system install
STAMP_FOLDERS = (ROOT / ".venv" / "share" / "tuxpaint-stamps" / STAMPS, Path("/") / STAMPS)
# drawings, not photographs
STAMP_SKIP = ("cartoon", "symbols", "seasonal", "space", "naturalforces")
KEPT_SIDE = 192  # cut-outs are kept at most this big (render sides are about 96 px)
MID_GREY = 0.18


class CutoutError(ValueError):
    """A cut-out folder or file that cannot be used."""


@dataclass(frozen=True)
class CutoutRanges(Knobs):
    """How often a pair's subject is a cut-out, and how it is placed (uniform unless stated)."""

    probability: float = knob(0.4, "chance a pair's subject is a photographed cut-out instead of the rendered one, "
                                    "where cut-outs are found (--cutouts, or the Tux Paint stamps); never in a "
                                    "close-up of a person", bounds=UNIT)
    fill: tuple[float, float] = knob((0.3, 1.1), "the cut-out's longer side as a share of the render's side "
                                                 "(log-uniform); the framing crops further", bounds=POSITIVE)
    jitter: float = knob(0.1, "offset of its centre from the render's, each axis, within +-jitter render sides")
    light: float = knob(0.3, "standard deviation of its log brightness against the rendered subject's")
    # Each stamp is one photograph; 0.4 of ~90 pairs/s shows each of the ~350 about 170 times in 30 minutes. Mirrored,
    # turned and stretched, it is a new view of the same real thing each time (the evaluated photos are squeezed
    # to a square too, so a stretched subject is one they show).
    flip: float = knob(0.5, "chance a cut-out is mirrored left to right", bounds=UNIT)
    turn: float = knob(15.0, "a cut-out is turned by up to this many degrees either way (uniform)", bounds=(0, 180))
    stretch: tuple[float, float] = knob((0.8, 1.25), "a cut-out's width over its height, relative to its own "
                                                     "(log-uniform)", bounds=POSITIVE)
    backdrop_probability: float = knob(0.3, "chance a pair has cut-outs behind its subject, which are not part of "
                                            "its alpha (never in a close-up of a person)", bounds=UNIT)
    backdrop_count: tuple[int, int] = knob((1, 2), "cut-outs behind the subject in such a pair, inclusive",
                                           bounds=(1, 8))
    backdrop_fill: tuple[float, float] = knob((0.2, 0.8), "longer side of a cut-out behind the subject as a share "
                                                          "of the render's side (log-uniform), its centre anywhere "
                                                          "in the render", bounds=POSITIVE)


DEFAULT_CUTOUT = CutoutRanges()


def read_rgba(path: Path) -> np.ndarray | None:
    """An image with transparency as uint8 RGBA, or None where it has none, shows nothing or does not decode.

    Pillow, not OpenCV: libpng warns on stderr about the colour profiles of many stamps, once per read.
    """
    try:
        with Image.open(path) as image:
            if image.mode not in ("RGBA", "LA", "PA") and "transparency" not in image.info:
                return None
            rgba = np.asarray(image.convert("RGBA"))
    except (OSError, UnidentifiedImageError):
        return None
    return rgba if int(rgba[..., 3].min()) < 255 and rgba[..., 3].any() else None


def list_cutouts(folder: Path, skip: tuple[str, ...] = ()) -> list[str]:
    """'/'-separated paths, relative to `folder`, of its PNGs (recursive) that are not under a folder named in
    `skip`, sorted."""
    if not folder.is_dir():
        raise CutoutError(f"cut-out folder {folder} does not exist")
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.png")
                  if not set(p.relative_to(folder).parts[:-1]) & set(skip))


def trim(image: np.ndarray) -> np.ndarray:
    """uint8 RGBA cropped to its alpha's bounding box, its longer side shrunk to at most KEPT_SIDE."""
    ys, xs = np.nonzero(image[..., 3])
    image = image[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
    scale = min(1.0, KEPT_SIDE / max(image.shape[:2]))
    if scale == 1.0:
        return image
    size = (max(1, round(image.shape[1] * scale)), max(1, round(image.shape[0] * scale)))
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA)


def find_stamps(folders: tuple[Path, ...] = STAMP_FOLDERS) -> Path | None:
    """The first folder of Tux Paint stamps that exists, or None."""
    return next((folder for folder in folders if folder.is_dir()), None)


class Cutouts:
    """The cut-outs of one folder: draws a pair's cut-out params and lays the cut-out into a render."""

    def __init__(self, folder: str | Path, ranges: CutoutRanges = DEFAULT_CUTOUT, skip: tuple[str, ...] = ()) -> None:
        self.folder = Path(folder)
        self.ranges = ranges
        listed = list_cutouts(self.folder, skip)
        # each PNG is decoded once: what passes is kept trimmed and shrunk (at most KEPT_SIDE, about 50 MB for the
        # stamps), so no render waits on a decode
        self._images = {path: trim(image) for path in listed if (image := read_rgba(self.folder / path)) is not None}
        self.paths = list(self._images)
        if not self.paths:
            raise CutoutError(f"cut-out folder {self.folder} holds no PNG with transparency")
        self.skipped = len(listed) - len(self.paths)

    def note(self) -> str:
        """One line on what was found."""
        skipped = f" ({self.skipped} PNGs skipped: unreadable or without transparency)" if self.skipped else ""
        return f"photo cut-outs: {len(self.paths)} from {self.folder}{skipped}"

    def draw(self, rng: np.random.Generator) -> dict | None:
        """Params of one pair's cut-out (msgpack-able), or None for the rendered subject."""
        if rng.random() >= self.ranges.probability:
            return None
        jitter = self.ranges.jitter
        return self._placement(rng, self.ranges.fill, (0.5 - jitter, 0.5 + jitter))

    def draw_backdrop(self, rng: np.random.Generator) -> list[dict]:
        """Params of the cut-outs behind one pair's subject (msgpack-able), nearest first; mostly none."""
        if rng.random() >= self.ranges.backdrop_probability:
            return []
        return [self._placement(rng, self.ranges.backdrop_fill, (0.0, 1.0))
                for _ in range(int_in(rng, self.ranges.backdrop_count))]

    def _placement(self, rng: np.random.Generator, fill: tuple[float, float], centre: tuple[float, float]) -> dict:
        """A cut-out drawn at random, its longer side in `fill` render sides, its centre in `centre` each axis."""
        return {"path": self.paths[int(rng.integers(len(self.paths)))], "fill": log_uniform(rng, fill),
                "centre": rng.uniform(*centre, size=2).tolist(),
                "light": float(np.exp(rng.normal(0.0, self.ranges.light))),
                "flip": bool(rng.random() < self.ranges.flip),
                "turn": float(rng.uniform(-self.ranges.turn, self.ranges.turn)),
                "stretch": log_uniform(rng, self.ranges.stretch)}

    def image(self, path: str) -> np.ndarray:
        """The cut-out at `path` as kept: uint8 RGBA trimmed to its alpha's bounding box."""
        if path not in self._images:
            raise CutoutError(f"cut-out {self.folder / path} is not a readable PNG with transparency in this folder")
        return self._images[path]

    def patch(self, params: dict, side: int) -> np.ndarray:
        """The cut-out alone at its size in a side x side frame, stretched, mirrored and turned as `params` say
        (params from before those keys show it as it was): float32 linear premultiplied RGBA."""
        image = self.image(params["path"])
        stretch = params.get("stretch", 1.0)
        shape = np.array([image.shape[1] * np.sqrt(stretch), image.shape[0] / np.sqrt(stretch)])
        width, height = np.maximum(1, np.round(shape * (params["fill"] * side / shape.max()))).astype(int)
        image = cv2.resize(image, (int(width), int(height)), interpolation=cv2.INTER_AREA)
        alpha = image[..., 3:4].astype(np.float32) / 255.0
        patch = np.concatenate([srgb8_to_linear(np.ascontiguousarray(image[..., :3])) * alpha, alpha], axis=-1)
        if params.get("flip", False):
            patch = patch[:, ::-1]
        turn = params.get("turn", 0.0)
        if turn:  # premultiplied, so the edge blends towards nothing, not towards the transparent pixels' colour
            rotation = cv2.getRotationMatrix2D(((width - 1) / 2, (height - 1) / 2), turn, 1.0)
            cos, sin = abs(rotation[0, 0]), abs(rotation[0, 1])
            turned = (int(np.ceil(width * cos + height * sin)), int(np.ceil(width * sin + height * cos)))
            rotation[:, 2] += (np.array(turned) - (width, height)) / 2
            patch = cv2.warpAffine(np.ascontiguousarray(patch), rotation, turned, flags=cv2.INTER_LINEAR,
                                   borderMode=cv2.BORDER_CONSTANT, borderValue=0)
        return patch

    def layer(self, params: dict, side: int) -> np.ndarray:
        """The cut-out placed in a side x side frame, centred at params' "centre": float32 linear premultiplied
        RGBA."""
        patch = self.patch(params, side)
        height, width = patch.shape[:2]
        placed = np.zeros((side, side, 4), np.float32)
        x0, y0 = (round(c * side - n / 2) for c, n in zip(params["centre"], (width, height), strict=True))
        xa, ya, xb, yb = max(0, x0), max(0, y0), min(side, x0 + width), min(side, y0 + height)
        if xa < xb and ya < yb:
            placed[ya:yb, xa:xb] = patch[ya - y0:yb - y0, xa - x0:xb - x0]
        return placed

    def lit_layer(self, params: dict, side: int, light: float) -> np.ndarray:
        """`layer` with the cut-out's mean luminance at `light` times its params' "light"."""
        cutout = self.layer(params, side)
        own_light = float((cutout[..., :3] @ LUMA).sum()) / max(float(cutout[..., 3].sum()), 1e-6)
        cutout[..., :3] *= params["light"] * light / max(own_light, 1e-6)
        return cutout

    def replace_subject(self, render: np.ndarray, params: dict) -> np.ndarray:
        """The RxRx5 render with its subject replaced by the cut-out: premultiplied RGBA, the cut-out's alpha last.

        The rendered subject's share of each pixel is taken out, so what else the render holds stays; the cut-out,
        scaled to the rendered subject's mean luminance times `light`, goes over it.
        """
        share = subject_share(render)[..., None]
        rest = render[..., :4] * (1.0 - share)
        cutout = self.lit_layer(params, render.shape[0], subject_light(render))
        return np.concatenate([over(cutout, rest), cutout[..., 3:]], axis=-1)

    def add_backdrop(self, render: np.ndarray, placements: list[dict]) -> np.ndarray:
        """The RxRx5 render with cut-outs behind all it shows, lit as its subject; the subject's alpha (last) is
        unchanged, so they are background as the rendered clutter is."""
        side, light = render.shape[0], subject_light(render)
        behind = np.zeros((side, side, 4), np.float32)
        for params in placements:  # each drawn behind the ones before it
            behind = over(behind, self.lit_layer(params, side, light))
        # the last channel is the subject's alpha in either layout (in RxRx4 the subject is all there is)
        return np.concatenate([over(render, behind), render[..., -1:]], axis=-1)


def subject_light(render: np.ndarray) -> float:
    """Mean linear luminance of the render's subject (HxWx4, or HxWx5 with its coverage last), weighted by its
    coverage; a mid grey's where it covers less than a pixel."""
    coverage = np.clip(render[..., -1], 0.0, 1.0)
    seen = float(coverage.sum())
    share = subject_share(render)[..., None]
    return float(((render[..., :3] * share) @ LUMA).sum()) / seen if seen >= 1.0 else MID_GREY


def stamp_cutouts(ranges: CutoutRanges = DEFAULT_CUTOUT) -> tuple[Cutouts | None, str]:
    """(the Tux Paint stamps' photographs where the pack is found, else None; a one-line note on which)."""
    folder = find_stamps()
    if folder is None:
        return None, (f"no photo cut-outs: the Tux Paint stamps are neither at {STAMP_FOLDERS[0]} (scripts/setup.sh "
                      f"fetches them) nor at {STAMP_FOLDERS[1]}")
    cutouts = Cutouts(folder, ranges, STAMP_SKIP)
    return cutouts, cutouts.note()
