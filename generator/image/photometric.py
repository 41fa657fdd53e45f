"""The camera over the whole image: what a real camera does to subject and background alike, after compositing.

Steps, in a camera's order, on linear light: depth of field (the background layer only, before compositing:
`defocus`), auto exposure (the geometric mean of the luminance to a drawn value; in target frames, for the light on
the target instead) and white balance, vignetting, lens blur and motion blur (the alpha blurs with the image: a
blurred subject's true matte is blurred too), sensor noise with a shot (signal dependent) and a read part, for
some photos black and white (the luminance alone, noise included: film and monochrome sensors have no colour
noise), then the sRGB encoding to 8 bits and a JPEG re-encode.
Each step happens with its own probability; the params record every number, the noise's seed included, so
`develop` reproduces it exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from generator.image.colour import LUMA, linear_to_srgb8
from generator.knobs import POSITIVE, UNIT, Knobs, knob
from generator.scene.draws import int_in, log_uniform


@dataclass(frozen=True)
class PhotometricRanges(Knobs):
    """Probabilities and ranges of each step (uniform unless stated)."""

    exposure: tuple[float, float] = knob((0.06, 0.3), "geometric mean of the linear luminance the exposure aims at "
                                                      "(log-uniform)",
                                         bounds=POSITIVE)
    # A target frame is a close crop of a scene: metered on the crop, a dark driller filling it came out mid-grey
    # (median V 116 against 45 in LM-O's photos; docs/experiments.md, *Target frames as photos of a desk*)
    key: tuple[float, float] = knob((0.5, 2.0), "with --target the exposure is set for the light on the target, "
                                                "not for the crop's average: a white surface facing all the light "
                                                "comes out at this linear value (log-uniform)", bounds=POSITIVE)
    white_balance: float = knob(0.1, "standard deviation of the red and blue log gains against green")
    defocus_probability: float = knob(0.5, "chance the background is out of focus (depth of field)", bounds=UNIT)
    defocus_sigma: tuple[float, float] = knob((0.6, 3.0), "out-of-focus blur sigma of the background (and of the "
                                                          "rest of the scene, see below), output pixels "
                                                          "(log-uniform)", bounds=POSITIVE)
    defocus_scene_probability: float = knob(1.0, "chance that, with the background out of focus, so is the rest of "
                                                 "the scene (clutter, ground, objects in front): the subject alone "
                                                 "sharp, as in a photo focused on it (never with --target: the "
                                                 "distractors stand beside it)", bounds=UNIT)
    vignette_probability: float = knob(0.3, "chance of vignetting", bounds=UNIT)
    vignette: tuple[float, float] = knob((0.1, 0.5), "light lost in the corners")
    blur_probability: float = knob(0.2, "chance of a soft lens (Gaussian blur of the whole image)", bounds=UNIT)
    blur_sigma: tuple[float, float] = knob((0.3, 1.0), "lens blur sigma in pixels")
    motion_probability: float = knob(0.1, "chance of motion blur", bounds=UNIT)
    motion_length: tuple[float, float] = knob((1.0, 4.0), "motion blur length in pixels")
    # A photo downsized to 64 px keeps little of its sensor's grain: heavier grain (0.7, 0.0005-0.01, 0-0.005)
    # left real faces, smoother than any render, out of the mask (docs/experiments.md, *Lighter sensor noise*).
    noise_probability: float = knob(0.4, "chance of sensor noise", bounds=UNIT)
    read_noise: tuple[float, float] = knob((0.0002, 0.004), "read noise sd, linear light (log-uniform)",
                                           bounds=POSITIVE)
    shot_noise: tuple[float, float] = knob((0.0, 0.001), "shot noise: variance per unit of linear light")
    jpeg_probability: float = knob(0.6, "chance of a JPEG re-encode", bounds=UNIT)
    jpeg_quality: tuple[int, int] = knob((35, 95), "JPEG quality, inclusive", bounds=(0, 100))
    monochrome_probability: float = knob(0.08, "chance of a black-and-white photo (the luminance alone): "
                                               "portraits and street photos often are", bounds=UNIT)

    @classmethod
    def off(cls) -> PhotometricRanges:
        """Ranges that leave the composite as it is, but for its fixed exposure and sRGB encoding."""
        return cls(exposure=(0.18, 0.18), white_balance=0.0, defocus_probability=0.0, vignette_probability=0.0,
                   blur_probability=0.0, motion_probability=0.0, noise_probability=0.0, jpeg_probability=0.0,
                   monochrome_probability=0.0)


DEFAULT_PHOTOMETRIC = PhotometricRanges()


def draw_photometric(rng: np.random.Generator, ranges: PhotometricRanges = DEFAULT_PHOTOMETRIC,
                     incident: float | None = None) -> dict:
    """Params of every step; a step that does not happen is None. Given the `incident` light on a target
    (`generator.scene.lighting.incident`), the exposure is set for it: "incident" and a drawn "key"."""
    def maybe(probability: float) -> bool:
        return bool(rng.random() < probability)

    defocus, vignette, blur, motion, noise, jpeg_ = (maybe(p) for p in (
        ranges.defocus_probability, ranges.vignette_probability, ranges.blur_probability,
        ranges.motion_probability, ranges.noise_probability, ranges.jpeg_probability))
    red, blue = rng.normal(0.0, ranges.white_balance, size=2)
    return {
        "exposure": log_uniform(rng, ranges.exposure),
        "white_balance": [float(np.exp(red)), 1.0, float(np.exp(blue))],
        "defocus_sigma": log_uniform(rng, ranges.defocus_sigma) if defocus else None,
        "vignette": float(rng.uniform(*ranges.vignette)) if vignette else None,
        "blur_sigma": float(rng.uniform(*ranges.blur_sigma)) if blur else None,
        "motion": ({"length": float(rng.uniform(*ranges.motion_length)), "angle": float(rng.uniform(0, 180))}
                   if motion else None),
        "noise": ({"read": log_uniform(rng, ranges.read_noise), "shot": float(rng.uniform(*ranges.shot_noise)),
                   "seed": int(rng.integers(2**31))} if noise else None),
        "jpeg_quality": int_in(rng, ranges.jpeg_quality) if jpeg_ else None,
        "monochrome": maybe(ranges.monochrome_probability),
        "defocus_scene": maybe(ranges.defocus_scene_probability) if defocus else False,
    } | ({} if incident is None else {"incident": incident, "key": log_uniform(rng, ranges.key)})


def blur(image: np.ndarray, sigma: float) -> np.ndarray:
    """Gaussian blur with the kernel size OpenCV derives from sigma."""
    return cv2.GaussianBlur(image, (0, 0), sigmaX=sigma, borderType=cv2.BORDER_REFLECT_101)


def defocus(background: np.ndarray, params: dict, scale: float = 1.0) -> np.ndarray:
    """The background layer out of focus when the params say so; `scale` converts output pixels to its own."""
    sigma = params["defocus_sigma"]
    return background if sigma is None else blur(background, sigma * scale)


def motion_kernel(length: float, angle: float) -> np.ndarray:
    """A normalised line kernel `length` pixels long at `angle` degrees."""
    side = 2 * int(np.ceil(length / 2)) + 1
    kernel = np.zeros((side, side), np.float32)
    centre = side // 2
    dx, dy = np.cos(np.radians(angle)) * length / 2, np.sin(np.radians(angle)) * length / 2
    scale = 16  # sub-pixel precision of the drawn line
    cv2.line(kernel, (round((centre - dx) * scale), round((centre - dy) * scale)),
             (round((centre + dx) * scale), round((centre + dy) * scale)), 1.0, 1, cv2.LINE_AA, shift=4)
    return kernel / kernel.sum()


def vignetting(side: int, strength: float) -> np.ndarray:
    """A side x side x 1 gain falling from 1 at the centre to 1 - strength in the corners (cos^4-like)."""
    steps = (np.arange(side, dtype=np.float32) + 0.5) / side * 2 - 1
    radius2 = (steps[None, :] ** 2 + steps[:, None] ** 2) / 2
    return (1.0 - strength * radius2)[..., None]


def sensor_noise(image: np.ndarray, noise: dict) -> np.ndarray:
    """Gaussian noise of variance read^2 + shot * signal per channel, reproducible from its seed."""
    rng = np.random.default_rng(noise["seed"])
    sd = np.sqrt(noise["read"] ** 2 + noise["shot"] * np.clip(image, 0.0, None))
    return image + rng.standard_normal(image.shape, dtype=np.float32) * sd.astype(np.float32)


def jpeg(image: np.ndarray, quality: int) -> np.ndarray:
    """Encode an RGB image as JPEG at `quality` in memory and decode it again."""
    ok, data = cv2.imencode(".jpg", cv2.cvtColor(image, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise RuntimeError(f"JPEG encoding failed at quality {quality}")
    return cv2.cvtColor(cv2.imdecode(data, cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)


def log_average(image: np.ndarray) -> float:
    """Geometric mean of a linear image's luminance: what an exposure meter aims at mid-grey, unmoved by a sun or a
    lamp in the frame (the arithmetic mean would expose for them and leave the rest black)."""
    return float(np.exp(np.log(np.maximum(image @ LUMA, 1e-4)).mean()))


def develop(image: np.ndarray, alpha: np.ndarray, params: dict) -> tuple[np.ndarray, np.ndarray]:
    """A linear HxWx3 float32 composite and its HxW alpha through the camera: (uint8 sRGB image, float alpha)."""
    # a target frame's exposure is the photographer's, for the light on the target: how light or dark the thing
    # is, not how much of the crop it fills, decides its brightness
    gain = params["key"] / params["incident"] if "key" in params else params["exposure"] / log_average(image)
    image = image * (gain * np.asarray(params["white_balance"], np.float32))
    if params["vignette"] is not None:
        image = image * vignetting(image.shape[0], params["vignette"])
    optics = []
    if params["blur_sigma"] is not None:
        optics.append(lambda a: blur(a, params["blur_sigma"]))
    if params["motion"] is not None:
        kernel = motion_kernel(params["motion"]["length"], params["motion"]["angle"])
        optics.append(lambda a: cv2.filter2D(a, -1, kernel, borderType=cv2.BORDER_REFLECT_101))
    for step in optics:
        image, alpha = step(image), step(alpha)
    if params["noise"] is not None:
        image = sensor_noise(image, params["noise"])
    if params.get("monochrome"):  # pairs from before black and white have no such key
        image = np.repeat(image @ LUMA, 3).reshape(image.shape)
    encoded = linear_to_srgb8(image)
    if params["jpeg_quality"] is not None:
        encoded = jpeg(encoded, params["jpeg_quality"])
    return encoded, alpha
