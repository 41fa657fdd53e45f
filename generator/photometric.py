"""Optional photometric noise on the composited image: Gaussian blur, sensor noise, JPEG re-encode.

Applied per pair after compositing, to the image only (the alpha stays the clean target), in that order, the
order a camera applies them: optics, sensor, compression. Each step happens with its own probability; the
params record every number, including the seed of the noise, so `apply_photometric` reproduces it exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from generator.draws import int_in
from generator.knobs import UNIT, Knobs, knob


@dataclass(frozen=True)
class PhotometricRanges(Knobs):
    """Probabilities and ranges of each step (uniform draws). All probabilities 0 turns the noise off."""

    blur_probability: float = knob(0.2, "chance of a Gaussian blur", bounds=UNIT)
    blur_sigma: tuple[float, float] = knob((0.3, 1.2), "blur sigma in pixels")
    noise_probability: float = knob(0.3, "chance of Gaussian sensor noise", bounds=UNIT)
    noise_sigma: tuple[float, float] = knob((1.0, 8.0), "noise standard deviation in 8-bit sRGB levels")
    jpeg_probability: float = knob(0.3, "chance of a JPEG re-encode", bounds=UNIT)
    jpeg_quality: tuple[int, int] = knob((30, 95), "JPEG quality, inclusive", bounds=(0, 100))

    @classmethod
    def off(cls) -> PhotometricRanges:
        """Ranges that never alter an image."""
        return cls(blur_probability=0.0, noise_probability=0.0, jpeg_probability=0.0)


DEFAULT_PHOTOMETRIC = PhotometricRanges()


def draw_photometric(rng: np.random.Generator, ranges: PhotometricRanges = DEFAULT_PHOTOMETRIC) -> dict:
    """Params {"blur_sigma", "noise", "jpeg_quality"}; a step that does not happen is None."""
    blur = rng.random() < ranges.blur_probability
    noise = rng.random() < ranges.noise_probability
    jpeg = rng.random() < ranges.jpeg_probability
    return {
        "blur_sigma": float(rng.uniform(*ranges.blur_sigma)) if blur else None,
        "noise": ({"sigma": float(rng.uniform(*ranges.noise_sigma)), "seed": int(rng.integers(2**31))}
                  if noise else None),
        "jpeg_quality": int_in(rng, ranges.jpeg_quality) if jpeg else None,
    }


def blur(image: np.ndarray, sigma: float) -> np.ndarray:
    """Gaussian blur with the kernel size OpenCV derives from sigma."""
    return cv2.GaussianBlur(image, (0, 0), sigmaX=sigma, borderType=cv2.BORDER_REFLECT_101)


def sensor_noise(image: np.ndarray, sigma: float, seed: int) -> np.ndarray:
    """Add zero-mean Gaussian noise of `sigma` 8-bit levels per channel, reproducible from `seed`."""
    noise = np.random.default_rng(seed).standard_normal(image.shape, dtype=np.float32) * np.float32(sigma)
    return np.clip(np.rint(image + noise), 0, 255).astype(np.uint8)


def jpeg(image: np.ndarray, quality: int) -> np.ndarray:
    """Encode an RGB image as JPEG at `quality` in memory and decode it again."""
    ok, data = cv2.imencode(".jpg", cv2.cvtColor(image, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise RuntimeError(f"JPEG encoding failed at quality {quality}")
    return cv2.cvtColor(cv2.imdecode(data, cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)


def apply_photometric(image: np.ndarray, params: dict) -> np.ndarray:
    """Apply the steps recorded in params to an HxWx3 uint8 sRGB image; returns a new uint8 image."""
    if params["blur_sigma"] is not None:
        image = blur(image, params["blur_sigma"])
    if params["noise"] is not None:
        image = sensor_noise(image, params["noise"]["sigma"], params["noise"]["seed"])
    if params["jpeg_quality"] is not None:
        image = jpeg(image, params["jpeg_quality"])
    return image
