"""Built-in procedural backgrounds that need no files, rendered directly at the output size.

Families (weights in `FAMILY_WEIGHTS`):
- "noise": multi-scale (fractal) value noise mapped through a random colour palette;
- "gradient": linear or radial colour ramps;
- "stripes": straight or wavy bands cycling through a palette, sharp or soft edged;
- "checker": rotated checkerboards of 2-3 colours;
- "cells": Voronoi tiles with optional dark grout, like cobbles, tiles or foliage at a distance;
- "foliage": grass blades and leaves in layers, the back ones darker and defocused, a few flowers: the close
  vegetation that fills the frame behind animals and flowers in photos, which the panoramas seen from afar lack;
- "clutter": another family as a base with random rectangles, ellipses, lines and polygons on it, plus a few
  shaded blobs with soft shadows that look like objects, so the model learns to mask *the* object rather than
  "whatever is not smooth".

A background's params are {"kind": "procedural", "family", "seed", ...a few family numbers}; the numbers shown in
params are drawn by `draw`, everything finer (palette, noise grids, shape positions) comes from
`np.random.default_rng(seed)` inside `render`, so `render(params, size)` reproduces the image exactly. The
ranges a draw uses are a `ProceduralRanges` (its defaults are the one place they are defined; the CLI exposes
them through `generator.knobs`); they only shape `draw`, so `render` needs none of them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np

from generator.image.colour import unit_to_uint8
from generator.knobs import Knobs, knob
from generator.scene.draws import int_in

FOLIAGE = "foliage"
FAMILY_WEIGHTS = {"noise": 0.2, "gradient": 0.1, "stripes": 0.1, "checker": 0.1, "cells": 0.15, FOLIAGE: 0.5,
                  "clutter": 0.35}
FAMILIES = tuple(FAMILY_WEIGHTS)
CLUTTER_BASES = ("noise", "gradient", "stripes", "checker", "cells")
_SUPERSAMPLE = 2  # checkers are computed at this factor and area-averaged, which anti-aliases their edges


@dataclass(frozen=True)
class ProceduralRanges(Knobs):
    """Ranges procedural backgrounds are drawn from (uniform; integer pairs inclusive)."""

    families: tuple[str, ...] = knob(FAMILIES, "procedural families drawn, weighted as in FAMILY_WEIGHTS",
                                           choices=FAMILIES)
    palette_colours: tuple[int, int] = knob((2, 5), "colours in a random palette")
    noise_octaves: tuple[int, int] = knob((2, 6), "octaves of fractal noise")
    noise_base_cells: tuple[int, int] = knob((2, 5), "noise grid cells across the image at the coarsest octave")
    noise_persistence: tuple[float, float] = knob((0.35, 0.75), "noise amplitude ratio between octaves")
    gradient_radius: tuple[float, float] = knob((0.3, 1.5), "radial gradient length, fraction of the side")
    stripe_period: tuple[float, float] = knob((3.0, 24.0), "stripe width in pixels")
    stripe_wobble: tuple[float, float] = knob((0.0, 3.0), "sideways wave of wavy stripes in pixels")
    stripe_softness: tuple[float, float] = knob((0.0, 0.6), "fraction of a stripe blending into the next")
    checker_period: tuple[float, float] = knob((3.0, 20.0), "checker square side in pixels")
    cell_points: tuple[int, int] = knob((4, 40), "Voronoi cells per image")
    cell_grout: tuple[float, float] = knob((0.0, 2.0), "dark border between cells in pixels (half have none)")
    foliage_blades: tuple[int, int] = knob((150, 600), "grass blades and leaves of a foliage background")
    foliage_spread: tuple[float, float] = knob((0.1, 1.2), "spread of the blades' directions about the vertical, "
                                                           "radians (small: upright grass, large: a tangle)")
    foliage_leaves: tuple[float, float] = knob((0.0, 0.7), "share of broad leaves among the blades")
    foliage_flowers: tuple[int, int] = knob((0, 12), "small flowers over the foliage")
    clutter_shapes: tuple[int, int] = knob((3, 25), "flat shapes (rectangles, ellipses, lines, polygons)")
    clutter_objects: tuple[int, int] = knob((0, 3), "shaded object-like blobs with shadows")


DEFAULT_PROCEDURAL = ProceduralRanges()


# ---------------------------------------------------------------------------------------------------- helpers
@functools.lru_cache(maxsize=8)
def _grid(size: int) -> tuple[np.ndarray, np.ndarray]:
    """Pixel-centre coordinates (x, y), each size x size float32; cached because every family needs them."""
    y, x = np.mgrid[0:size, 0:size].astype(np.float32)
    return x, y


@functools.lru_cache(maxsize=8)
def _homogeneous(size: int) -> tuple[np.ndarray, np.ndarray]:
    """Pixel centres as rows (x, y, 1), size*size x 3 float32, and their squared norms x^2 + y^2."""
    x, y = (g.ravel() for g in _grid(size))
    return np.stack([x, y, np.ones_like(x)], axis=-1), x * x + y * y


def random_palette(rng: np.random.Generator, count: int) -> np.ndarray:
    """count x 3 sRGB colours in [0, 1]: analogous, complementary or unrelated hues, random saturation/value."""
    scheme = rng.integers(3)
    base = rng.uniform(0, 360)
    if scheme == 0:  # analogous
        hues = base + rng.uniform(-35, 35, count)
    elif scheme == 1:  # complementary pairs
        hues = base + 180 * rng.integers(2, size=count) + rng.uniform(-15, 15, count)
    else:
        hues = rng.uniform(0, 360, count)
    hsv = np.stack([hues % 360, rng.uniform(0, 1, count) ** 1.5, rng.uniform(0.1, 1, count)], axis=-1)
    if count == 0:  # cvtColor refuses empty images
        return hsv.astype(np.float32)
    return cv2.cvtColor(hsv[None].astype(np.float32), cv2.COLOR_HSV2RGB)[0]


def ramp(t: np.ndarray, palette: np.ndarray) -> np.ndarray:
    """Map a field t in [0, 1] to colours interpolated between the palette entries (HxWx3 float32)."""
    stops = np.linspace(0.0, 1.0, len(palette))
    return np.stack([np.interp(t, stops, palette[:, c]) for c in range(3)], axis=-1).astype(np.float32)


def fractal_noise(rng: np.random.Generator, size: int, octaves: int, base_cells: int,
                  persistence: float) -> np.ndarray:
    """Sum of upsampled random grids, each octave twice as fine and `persistence` as strong; in [0, 1]."""
    total = np.zeros((size, size), np.float32)
    amplitude = 1.0
    for octave in range(octaves):
        cells = min(base_cells * 2**octave, size)
        grid = rng.random((cells + 1, cells + 1), dtype=np.float32)
        total += amplitude * cv2.resize(grid, (size, size), interpolation=cv2.INTER_CUBIC)
        amplitude *= persistence
    return _normalise(total)


def _normalise(field: np.ndarray) -> np.ndarray:
    low, high = float(field.min()), float(field.max())
    return (field - low) / max(high - low, 1e-6)


def _smoothstep(edge0: np.ndarray | float, edge1: np.ndarray | float, x: np.ndarray) -> np.ndarray:
    t = np.clip((x - edge0) / np.maximum(edge1 - edge0, 1e-6), 0.0, 1.0)
    return t * t * (3 - 2 * t)


def _rotated(size: int, angle_deg: float, scale: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Grid coordinates rotated by angle (u along it, v across it), about the centre, times `scale`."""
    x, y = _grid(size)
    c, s = np.cos(np.radians(angle_deg)), np.sin(np.radians(angle_deg))
    x, y = x - size / 2, y - size / 2
    return (x * c + y * s) * scale, (-x * s + y * c) * scale


# --------------------------------------------------------------------------------------------------- families
def _draw_noise(rng: np.random.Generator, r: ProceduralRanges) -> dict:
    return {"octaves": int_in(rng, r.noise_octaves), "base_cells": int_in(rng, r.noise_base_cells),
            "persistence": float(rng.uniform(*r.noise_persistence)), "colours": int_in(rng, r.palette_colours)}


def _render_noise(p: dict, rng: np.random.Generator, size: int) -> np.ndarray:
    palette = random_palette(rng, p["colours"])
    return ramp(fractal_noise(rng, size, p["octaves"], p["base_cells"], p["persistence"]), palette)


def _draw_gradient(rng: np.random.Generator, r: ProceduralRanges) -> dict:
    return {"shape": "radial" if rng.random() < 0.4 else "linear", "angle": float(rng.uniform(0, 360)),
            "cx": float(rng.uniform(0, 1)), "cy": float(rng.uniform(0, 1)),
            "radius": float(rng.uniform(*r.gradient_radius)), "colours": int(rng.integers(2, 4))}


def _render_gradient(p: dict, rng: np.random.Generator, size: int) -> np.ndarray:
    palette = random_palette(rng, p["colours"])
    if p["shape"] == "radial":
        x, y = _grid(size)
        t = np.hypot(x - p["cx"] * size, y - p["cy"] * size) / (p["radius"] * size)
    else:
        u, _ = _rotated(size, p["angle"], 1.0 / size)
        t = u + 0.5
    return ramp(np.clip(t, 0.0, 1.0), palette)


def _draw_stripes(rng: np.random.Generator, r: ProceduralRanges) -> dict:
    return {"period": float(rng.uniform(*r.stripe_period)), "angle": float(rng.uniform(0, 180)),
            "softness": float(rng.uniform(*r.stripe_softness)),
            "wobble": float(rng.uniform(*r.stripe_wobble)) if rng.random() < 0.4 else 0.0,
            "colours": int_in(rng, r.palette_colours)}


def _render_stripes(p: dict, rng: np.random.Generator, size: int) -> np.ndarray:
    """Bands one period wide cycling through the palette; each blends into the next over its last `softness`
    of a period, never less than a pixel, which anti-aliases the edges."""
    palette = random_palette(rng, p["colours"])
    u, v = _rotated(size, p["angle"])
    wavelength = rng.uniform(8, 40)
    t = (u + p["wobble"] * np.sin(2 * np.pi * v / wavelength) + rng.uniform(0, p["period"])) / p["period"]
    band = np.floor(t)
    blend = _smoothstep(1 - max(p["softness"], 1 / p["period"]), 1.0, t - band)[..., None]
    index = band.astype(np.int64) % len(palette)
    return palette[index] * (1 - blend) + palette[(index + 1) % len(palette)] * blend


def _draw_checker(rng: np.random.Generator, r: ProceduralRanges) -> dict:
    return {"period": float(rng.uniform(*r.checker_period)), "angle": float(rng.uniform(0, 90)),
            "colours": int(rng.integers(2, 4))}


def _render_checker(p: dict, rng: np.random.Generator, size: int) -> np.ndarray:
    palette = random_palette(rng, p["colours"])
    u, v = _rotated(size * _SUPERSAMPLE, p["angle"], 1.0 / (_SUPERSAMPLE * p["period"]))
    index = (np.floor(u).astype(np.int64) + np.floor(v).astype(np.int64)) % len(palette)
    return cv2.resize(palette[index], (size, size), interpolation=cv2.INTER_AREA)


def _draw_cells(rng: np.random.Generator, r: ProceduralRanges) -> dict:
    return {"points": int_in(rng, r.cell_points),
            "grout": float(rng.uniform(*r.cell_grout)) if rng.random() < 0.5 else 0.0,
            "colours": int_in(rng, r.palette_colours)}


def _render_cells(p: dict, rng: np.random.Generator, size: int) -> np.ndarray:
    palette = random_palette(rng, p["colours"])
    sites = rng.uniform(0, size, (p["points"], 2)).astype(np.float32)
    colours = palette[rng.integers(len(palette), size=p["points"])] * rng.uniform(0.8, 1.2, (p["points"], 1))
    pixels, norms = _homogeneous(size)
    # |p - s|^2 - |p|^2 = -2 p.s + |s|^2: one matrix product, several times faster than broadcasting
    partial = pixels @ np.stack([-2 * sites[:, 0], -2 * sites[:, 1], (sites * sites).sum(-1)])
    owner = np.argmin(partial, axis=-1)
    image = colours[owner].astype(np.float32)
    if p["grout"] > 0 and p["points"] > 1:
        first = np.take_along_axis(partial, owner[:, None], -1)[:, 0]
        np.put_along_axis(partial, owner[:, None], np.inf, -1)
        # the gap between the two nearest sites' distances grows with the distance to the cell border
        gap = np.sqrt(np.maximum(partial.min(axis=-1) + norms, 0)) - np.sqrt(np.maximum(first + norms, 0))
        image *= 1 - 0.8 * (1 - _smoothstep(p["grout"], p["grout"] + 1.0, gap))[:, None]
    return np.clip(image, 0.0, 1.0).reshape(size, size, 3)


def _draw_foliage(rng: np.random.Generator, r: ProceduralRanges) -> dict:
    # mostly greens, sometimes the yellows and browns of dry grass and autumn leaves
    hue = rng.uniform(65, 150) if rng.random() < 0.8 else rng.uniform(25, 65)
    return {"blades": int_in(rng, r.foliage_blades), "spread": float(rng.uniform(*r.foliage_spread)),
            "leaves": float(rng.uniform(*r.foliage_leaves)), "flowers": int_in(rng, r.foliage_flowers),
            "hue": float(hue), "layers": int(rng.integers(2, 5)), "defocus": float(rng.uniform(0.0, 2.0))}


def _foliage_layer(rng: np.random.Generator, p: dict, size: int, count: int, light: float) -> np.ndarray:
    """One layer of blades and leaves, anti-aliased: uint8 HxWx4, colour premultiplied by the coverage in the
    last channel."""
    layer = np.zeros((size, size, 4), np.uint8)
    hsv = np.stack([(p["hue"] + rng.normal(0, 12, count)) % 360, rng.uniform(0.3, 0.9, count),
                    np.clip(light * rng.uniform(0.35, 1.0, count), 0.02, 1.0)], -1).astype(np.float32)
    colours = [(*rgb, 255) for rgb in (cv2.cvtColor(hsv[None], cv2.COLOR_HSV2RGB)[0] * 255).tolist()]
    roots = rng.uniform([-0.05, 0.1], [1.05, 1.15], (count, 2)) * size
    angles = rng.normal(0, p["spread"], count) - np.pi / 2  # up the image, spread about the vertical
    lengths = rng.uniform(0.08, 0.45, count) * size
    leaves = rng.random(count) < p["leaves"]
    # a blade bends along its length, thinning nowhere: at 64 px it is a pixel or two wide
    heading = angles[:, None] + rng.normal(0, 0.35, count)[:, None] * np.linspace(0, 1, 5)
    steps = np.stack([np.cos(heading), np.sin(heading)], -1) * lengths[:, None, None] / 5
    blades = roots[:, None] + np.concatenate([np.zeros((count, 1, 2)), np.cumsum(steps, 1)], 1)
    widths = rng.integers(1, 3, count).tolist()
    shapes = rng.uniform(0.25, 0.6, count)
    for i in range(count):
        if leaves[i]:  # a broad leaf: an ellipse along its direction
            centre = roots[i] + 0.3 * lengths[i] * np.array([np.cos(angles[i]), np.sin(angles[i])])
            axes = np.array([0.3, 0.3 * shapes[i]]) * lengths[i]
            cv2.ellipse(layer, tuple(_fixed(centre)), tuple(_fixed(axes)), float(np.degrees(angles[i])), 0, 360,
                        colours[i], -1, cv2.LINE_AA, _SHIFT)
        else:
            cv2.polylines(layer, [_fixed(blades[i]).reshape(-1, 1, 2)], False, colours[i], widths[i], cv2.LINE_AA,
                          _SHIFT)
    return layer


def _render_foliage(p: dict, rng: np.random.Generator, size: int) -> np.ndarray:
    """Layers from back to front over a dark, mottled ground: each nearer layer brighter and sharper."""
    ground_hsv = np.array([[[p["hue"], rng.uniform(0.3, 0.8), rng.uniform(0.08, 0.3)]]], np.float32)
    ground = cv2.cvtColor(ground_hsv, cv2.COLOR_HSV2RGB)[0, 0]
    image = np.ascontiguousarray(ground * (0.6 + 0.8 * fractal_noise(rng, size, 4, 3, 0.6))[..., None])
    layers = p["layers"]
    for layer in range(layers):
        depth = 1 - layer / max(layers - 1, 1)  # 1 at the back, 0 in front
        layer_image = _foliage_layer(rng, p, size, p["blades"] // layers, light=1.0 - 0.5 * depth)
        layer_image = layer_image.astype(np.float32) / 255.0
        sigma = p["defocus"] * depth
        if sigma > 0.3:
            layer_image = cv2.GaussianBlur(layer_image, (0, 0), sigma)
        # anti-aliased edges are drawn over black, so the colour is premultiplied by the coverage
        image = image * (1 - layer_image[..., 3:]) + layer_image[..., :3]
    for _ in range(p["flowers"]):
        centre = rng.uniform(0, size, 2)
        hue = (rng.choice([0, 20, 50, 270, 300]) + rng.normal(0, 8)) % 360  # reds, oranges, yellows, purples
        hsv = np.array([[[hue, rng.uniform(0, 0.9), rng.uniform(0.7, 1.0)]]], np.float32)  # low saturation: white
        petal = cv2.cvtColor(hsv, cv2.COLOR_HSV2RGB)[0, 0].tolist()
        cv2.circle(image, tuple(_fixed(centre)), int(rng.uniform(0.6, 2.0) * (1 << _SHIFT)), petal, -1,
                   cv2.LINE_AA, _SHIFT)
    return np.clip(image, 0.0, 1.0).astype(np.float32)


def _draw_clutter(rng: np.random.Generator, r: ProceduralRanges) -> dict:
    return {"shapes": int_in(rng, r.clutter_shapes), "objects": int_in(rng, r.clutter_objects),
            "base": _draw_family(rng, str(rng.choice(CLUTTER_BASES)), r)}


_SHIFT = 4  # cv2 drawing with 4 fractional bits: sub-pixel positions for anti-aliased shapes


def _fixed(points: np.ndarray) -> np.ndarray:
    return np.rint(points * (1 << _SHIFT)).astype(np.int32)


def _draw_flat_shapes(canvas: np.ndarray, rng: np.random.Generator, size: int, count: int) -> None:
    """Random rectangles, ellipses, lines and polygons, filled or outlined, onto a uint8 canvas."""
    colours = (random_palette(rng, count) * 255).tolist()
    centres = rng.uniform(-0.1, 1.1, (count, 2)) * size
    extents = rng.uniform(0.04, 0.4, (count, 2)) * size
    ends = centres + rng.normal(0, 0.3, (count, 2)) * size
    angles = rng.uniform(0, 180, count)
    thickness = np.where(rng.random(count) < 0.7, -1, rng.integers(1, 4, count)).tolist()
    corners = rng.integers(3, 8, count)
    polygon_angles = rng.uniform(0, 2 * np.pi, (count, 7))
    for i, kind in enumerate(rng.integers(4, size=count)):
        if kind == 0:  # rotated rectangle
            box = cv2.boxPoints((tuple(centres[i]), tuple(extents[i] * 2), float(angles[i])))
            _polygon(canvas, box, colours[i], thickness[i])
        elif kind == 1:
            cv2.ellipse(canvas, tuple(_fixed(centres[i])), tuple(_fixed(extents[i])), float(angles[i]), 0, 360,
                        colours[i], thickness[i], cv2.LINE_AA, _SHIFT)
        elif kind == 2:
            cv2.line(canvas, tuple(_fixed(centres[i])), tuple(_fixed(ends[i])), colours[i], abs(thickness[i]),
                     cv2.LINE_AA, _SHIFT)
        else:
            around = np.sort(polygon_angles[i, :corners[i]])
            _polygon(canvas, centres[i] + np.stack([np.cos(around), np.sin(around)], -1) * extents[i],
                     colours[i], thickness[i])


def _polygon(canvas: np.ndarray, corners: np.ndarray, colour: tuple, thickness: int) -> None:
    pts = [_fixed(corners).reshape(-1, 1, 2)]
    if thickness < 0:
        cv2.fillPoly(canvas, pts, colour, cv2.LINE_AA, _SHIFT)
    else:
        cv2.polylines(canvas, pts, True, colour, thickness, cv2.LINE_AA, _SHIFT)


def _draw_object(canvas: np.ndarray, rng: np.random.Generator, size: int, colour: np.ndarray) -> None:
    """A blob with smooth random outline, shaded by a directional light and casting a soft shadow."""
    centre = rng.uniform(0.1, 0.9, 2) * size
    radius = rng.uniform(0.08, 0.3) * size
    angles = np.linspace(0, 2 * np.pi, 48, endpoint=False)
    wobble = sum(rng.uniform(0, 0.25) * np.cos(k * angles + rng.uniform(0, 2 * np.pi)) for k in (2, 3, 5))
    radii = (radius * (1 + wobble))[:, None] * np.array([1.0, rng.uniform(0.5, 1.0)])
    outline = centre + np.stack([np.cos(angles), np.sin(angles)], -1) * radii
    light = rng.normal(size=2)
    light /= np.linalg.norm(light) + 1e-6
    shadow_outline = outline - light * rng.uniform(1, 4)
    darkness = rng.uniform(0.3, 0.6)
    # work in the window around object and shadow only: most blobs cover a fraction of the image
    margin = 8  # covers the shadow blur (sigma 2)
    low = np.clip(np.floor(np.minimum(outline, shadow_outline).min(0)) - margin, 0, size).astype(int)
    high = np.clip(np.ceil(np.maximum(outline, shadow_outline).max(0)) + margin, 0, size).astype(int)
    if np.any(high <= low):
        return
    window = canvas[low[1]:high[1], low[0]:high[0]]
    masks = np.zeros((2, *window.shape[:2]), np.uint8)  # 8-bit because OpenCV anti-aliases only 8-bit images
    for mask, points in zip(masks, (outline, shadow_outline), strict=True):
        cv2.fillPoly(mask, [_fixed(points - low).reshape(-1, 1, 2)], 255, cv2.LINE_AA, _SHIFT)
    body = masks[0, ..., None].astype(np.float32) / 255.0
    shadow = cv2.GaussianBlur(masks[1].astype(np.float32) / 255.0, (0, 0), 2.0)[..., None]
    x, y = (g[low[1]:high[1], low[0]:high[0]] for g in _grid(size))
    shade = np.clip(0.65 + 0.5 * ((x - centre[0]) * light[0] + (y - centre[1]) * light[1]) / radius, 0.2, 1.2)
    surface = np.clip(colour * shade[..., None], 0.0, 1.0)
    window[:] = window * (1 - darkness * shadow) * (1 - body) + surface * body


def _render_clutter(p: dict, rng: np.random.Generator, size: int) -> np.ndarray:
    canvas = unit_to_uint8(_render_family(p["base"], size))  # 8-bit because OpenCV anti-aliases only 8-bit images
    _draw_flat_shapes(canvas, rng, size, p["shapes"])
    canvas = canvas.astype(np.float32) / 255.0
    for colour in random_palette(rng, p["objects"]):
        _draw_object(canvas, rng, size, colour)
    return canvas


_Family = tuple[Callable[[np.random.Generator, ProceduralRanges], dict],
                Callable[[dict, np.random.Generator, int], np.ndarray]]
_FAMILIES: dict[str, _Family] = {
    "noise": (_draw_noise, _render_noise),
    "gradient": (_draw_gradient, _render_gradient),
    "stripes": (_draw_stripes, _render_stripes),
    "checker": (_draw_checker, _render_checker),
    "cells": (_draw_cells, _render_cells),
    "foliage": (_draw_foliage, _render_foliage),
    "clutter": (_draw_clutter, _render_clutter),
}


# --------------------------------------------------------------------------------------------------------- API
def _draw_family(rng: np.random.Generator, family: str, r: ProceduralRanges) -> dict:
    return {"family": family, "seed": int(rng.integers(2**31)), **_FAMILIES[family][0](rng, r)}


def draw(rng: np.random.Generator, ranges: ProceduralRanges = DEFAULT_PROCEDURAL, family: str | None = None) -> dict:
    """Params of one procedural background; `family` forces one, else drawn from `ranges.families` weighted by
    `FAMILY_WEIGHTS`."""
    if family is None:
        weights = np.array([FAMILY_WEIGHTS[f] for f in ranges.families])
        family = str(rng.choice(ranges.families, p=weights / weights.sum()))
    return {"kind": "procedural", **_draw_family(rng, family, ranges)}


def _render_family(p: dict, size: int) -> np.ndarray:
    """Float32 HxWx3 sRGB in [0, 1] of a family's params."""
    if p.get("family") not in _FAMILIES:
        raise ValueError(f"unknown procedural background family {p.get('family')!r}")
    return _FAMILIES[p["family"]][1](p, np.random.default_rng(p["seed"]), size)


def render(params: dict, size: int) -> np.ndarray:
    """HxWx3 uint8 sRGB background of `size` x `size`, exactly reproducible from params."""
    return unit_to_uint8(_render_family(params, size))
