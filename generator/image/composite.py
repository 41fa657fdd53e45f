"""One pair from one render: frame it (a crop of the render), put the background behind it, develop it through the
camera (`generator.image.photometric`), and the per-pair draw of all that.

Colour space: Blender's render is scene-linear light with PREMULTIPLIED alpha (transparent film, "Standard"
view transform). Blending happens in linear light at the crop's own resolution, before the crop is area-resized
to the image size, so subject and background share the same resampling:

    out_linear = fg_premultiplied_rgb + (1 - alpha) * background_linear

Crops of other aspects than square are squeezed into the square image, as the evaluator does with photos.
The background is what the frame's camera sees of its panorama (`generator.image.panorama`, cropped like the render)
or, in frames without one, a pasted background (`generator.image.backgrounds`, sRGB, drawn per pair). The pair's alpha
is the subject's coverage through the same crop, resize and optics, soft values kept.
"""

from __future__ import annotations

from dataclasses import replace

import cv2
import numpy as np

from generator.image.backgrounds import Backgrounds
from generator.image.colour import srgb8_to_linear, unit_to_uint8
from generator.image.cutouts import CutoutError, Cutouts
from generator.image.framing import DEFAULT_FRAMING, FramingRanges, crop, crop_box, draw_framing
from generator.image.layers import over, subject_share
from generator.image.photometric import (
    DEFAULT_PHOTOMETRIC,
    PhotometricRanges,
    blur,
    defocus,
    develop,
    draw_photometric,
)

WORLD = {"kind": "world"}  # a pair's background params in a frame that stands in a panorama


def defocus_around_subject(image: np.ndarray, layer: np.ndarray, sigma: float) -> np.ndarray:
    """The linear composite `image` with all but the subject out of focus: `layer` is the premultiplied render it
    was composited from (HxWx4, or HxWx5 with the subject's own coverage last).

    A render is sharp at every depth, so with only the backdrop blurred an object behind the subject stood out as
    sharply as the subject, a cue no photo focused on its subject has. The subject's share of each pixel is kept;
    the rest (clutter, ground, backdrop: premultiplied by 1 - coverage) is blurred by normalised convolution, so
    the subject's colour does not bleed into its surround.
    """
    coverage = np.clip(layer[..., -1], 0.0, 1.0)
    subject = layer[..., :3] * subject_share(layer)[..., None]
    rest = 1.0 - coverage
    surround = blur(image - subject, sigma) / np.maximum(blur(rest, sigma), 1e-6)[..., None]
    return subject + rest[..., None] * surround


def draw_pair(rng: np.random.Generator, backgrounds: Backgrounds, world: bool,
              framing: FramingRanges = DEFAULT_FRAMING,
              photometric: PhotometricRanges = DEFAULT_PHOTOMETRIC, portrait: bool = False,
              greenery: bool = False, cutouts: Cutouts | None = None, target: bool = False,
              incident: float | None = None) -> dict:
    """Per-pair params {"background", "framing", "photometric"}, and "cutout" and "backdrop_cutouts" where `cutouts`
    draws them (never in a `portrait`; in a `target` frame only those behind the subject): plain msgpack-able
    types; in a frame that stands in a panorama (`world`) the background is the panorama itself, in one in
    `greenery` foliage; a `portrait` frame's framing keeps the face; a `target` frame's exposure is set for the
    `incident` light on its target (`generator.scene.lighting.incident`) and only its backdrop may be out of
    focus."""
    background = WORLD if world else backgrounds.draw(rng, greenery)
    if target:  # its distractors stand beside it, as sharp as it is: a lone sharp thing is no cue in a real desk photo
        photometric = replace(photometric, defocus_scene_probability=0.0)
    params = {"background": background, "framing": draw_framing(rng, framing, portrait),
              "photometric": draw_photometric(rng, photometric, incident)}
    # a portrait keeps its rendered person: no stamp is a portrait, and portraits-dev fell without them; a target
    # is the user's object, never a stamp in its place
    if cutouts is not None and not portrait:
        if not target and (cutout := cutouts.draw(rng)) is not None:
            params["cutout"] = cutout
        if backdrop := cutouts.draw_backdrop(rng):
            params["backdrop_cutouts"] = backdrop
    return params


def background_layer(params: dict, backgrounds: Backgrounds, box: tuple[int, int, int, int],
                     world_view: np.ndarray | None) -> np.ndarray:
    """The linear background behind the crop `box`, at the crop's resolution."""
    if params.get("kind") == WORLD["kind"]:
        if world_view is None:
            raise ValueError("a world background needs the frame's panorama view")
        return crop(world_view, box)
    width, height = box[2:]
    backdrop = backgrounds.render(params, max(width, height))
    return srgb8_to_linear(cv2.resize(backdrop, (width, height), interpolation=cv2.INTER_AREA))


def make_pair(render: np.ndarray, params: dict, backgrounds: Backgrounds,
              world_view: np.ndarray | None = None, grain: np.ndarray | None = None,
              cutouts: Cutouts | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(image HxWx3 uint8 sRGB, alpha HxW uint8) of one pair from a float32 RxRx4 linear premultiplied render
    (RxRx5: the subject's own alpha last, when other things are in the scene), in a frame with a panorama the
    RxRx3 linear view of it (`generator.image.panorama.view`), the RxRx3 gains of the render's grain on the
    backdrop (`generator.image.grain`), and the cut-outs a pair's "cutout" and "backdrop_cutouts" params name."""
    if render.ndim != 3 or render.shape[2] not in (4, 5):
        raise ValueError(f"render must be HxWx4 (premultiplied RGBA) or HxWx5 (and the subject's alpha), "
                         f"got shape {render.shape}")
    named = ([params["cutout"]] if "cutout" in params else []) + params.get("backdrop_cutouts", [])
    if named and cutouts is None:
        raise CutoutError(f"pair params name the cut-out {named[0]['path']!r}, but no cut-out folder is given "
                          "(--cutouts)")
    if "cutout" in params:
        render = cutouts.replace_subject(render, params["cutout"])
    if "backdrop_cutouts" in params:  # behind the subject, rendered or cut out
        render = cutouts.add_backdrop(render, params["backdrop_cutouts"])
    box = crop_box(params["framing"], render.shape[0])
    layer = np.ascontiguousarray(crop(render, box), dtype=np.float32)
    size = backgrounds.size
    photometric, scale = params["photometric"], max(box[2:]) / size
    scene_defocus = photometric.get("defocus_scene", False)  # pairs from before it have no such key
    background = background_layer(params["background"], backgrounds, box, world_view)
    if not scene_defocus:
        background = defocus(background, photometric, scale)
    if grain is not None:
        background = background * crop(grain, box)
    image = over(layer, background)
    if scene_defocus:
        image = defocus_around_subject(image, layer, photometric["defocus_sigma"] * scale)
    alpha = np.clip(layer[..., -1], 0.0, 1.0)
    if box[2:] != (size, size):
        image, alpha = (cv2.resize(a, (size, size), interpolation=cv2.INTER_AREA) for a in (image, alpha))
    if params["framing"]["flip"]:
        image, alpha = image[:, ::-1], alpha[:, ::-1]
    image, alpha = develop(np.ascontiguousarray(image), np.ascontiguousarray(alpha), params["photometric"])
    return image, unit_to_uint8(alpha)
