"""Cut-out speed and memory on a large photo: seconds per photo for each step and the process's peak memory.

The photo is matplotlib's Grace Hopper enlarged to --width x --height with mild noise (a camera's JPEG, not a flat
image that codes in no time), written as a JPEG; each step is timed --repeats times and the median printed: reading
it, the model on the small copy, the guided filter up to full size, writing the two PNGs. The model is the
checkpoint's, or a fresh UNet of the default width when the run has none (speed does not depend on the weights).

    .venv/bin/python -m benchmarks.cutout_bench [--width 4000 --height 3000] [--checkpoint runs/default]
"""

from __future__ import annotations

import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import configargparse
import cv2
import matplotlib.cbook
import numpy as np

from trainer.config import DEFAULT_RUN_DIR, DEFAULT_WIDTH, DILATED
from trainer.quiet import import_tensorflow


def parse_args() -> configargparse.Namespace:
    p = configargparse.ArgumentParser(description=__doc__, formatter_class=configargparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--width", type=int, default=4000, env_var="CUTOUT_BENCH_WIDTH", help="photo width in px")
    p.add_argument("--height", type=int, default=3000, env_var="CUTOUT_BENCH_HEIGHT", help="photo height in px")
    p.add_argument("--repeats", type=int, default=3, env_var="CUTOUT_BENCH_REPEATS", help="timings per step")
    p.add_argument("--checkpoint", default=DEFAULT_RUN_DIR, env_var="CUTOUT_BENCH_CHECKPOINT",
                   help=".keras checkpoint or run directory; a fresh UNet when it has none")
    return p.parse_args()


def large_photo(path: Path, width: int, height: int) -> Path:
    """A photo-like JPEG of the given size."""
    with matplotlib.cbook.get_sample_data("grace_hopper.jpg") as file:
        small = cv2.imdecode(np.frombuffer(file.read(), np.uint8), cv2.IMREAD_COLOR)
    big = cv2.resize(small, (width, height), interpolation=cv2.INTER_CUBIC)
    rng = np.random.default_rng(0)
    for top in range(0, height, 256):  # in bands: the noise of a whole photo in float would outweigh a cut-out
        band = big[top:top + 256]
        band[:] = np.clip(band + rng.normal(0, 4, band.shape), 0, 255)
    cv2.imwrite(str(path), big, [cv2.IMWRITE_JPEG_QUALITY, 92])
    return path


def median_seconds(step: Callable[[], object], repeats: int) -> tuple[float, object]:
    """Median wall time of `step` and its last result."""
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = step()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def load(checkpoint: str):
    from trainer.checkpoints import CheckpointError, load_model, resolve_checkpoint
    from trainer.inference import float32_model
    from trainer.unet import build_unet

    try:
        path = resolve_checkpoint(checkpoint)
    except CheckpointError:
        print(f"no checkpoint in {checkpoint}: a fresh width-{DEFAULT_WIDTH} UNet")
        return float32_model(build_unet(DEFAULT_WIDTH, dilated=DILATED))
    print(f"checkpoint {path}")
    return float32_model(load_model(path))


def main() -> None:
    args = parse_args()
    import_tensorflow()
    from evaluate.cutout.matte import model_shape, predict_small, refine
    from evaluate.cutout.outputs import write_outputs
    from evaluate.cutout.photos import read_photo

    model = load(args.checkpoint)
    idle_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with tempfile.TemporaryDirectory() as scratch:
        path = large_photo(Path(scratch) / "photo.jpg", args.width, args.height)
        read, photo = median_seconds(lambda: read_photo(path), args.repeats)
        shape = model_shape(*photo.shape[:2])
        run, small = median_seconds(lambda: predict_small(model, photo, shape), args.repeats)
        upsample, alpha = median_seconds(lambda: refine(small, photo), args.repeats)
        write, _ = median_seconds(lambda: write_outputs(Path(scratch), "out", photo, alpha), args.repeats)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    megapixels = args.width * args.height / 1e6
    print(f"{args.width}x{args.height} ({megapixels:.1f} MP), model input {shape[1]}x{shape[0]}: "
          f"read {read:.2f} s, model {run:.3f} s, guided filter {upsample:.2f} s, write {write:.2f} s, "
          f"total {read + run + upsample + write:.2f} s per photo")
    print(f"peak memory {peak_mib:.0f} MiB, {peak_mib - idle_mib:.0f} MiB over the loaded model "
          f"({(peak_mib - idle_mib) * 2**20 / (megapixels * 1e6):.1f} bytes a pixel)")


if __name__ == "__main__":
    main()
