"""The stage: rendering only the region the object can cover."""

from __future__ import annotations

import numpy as np

from generator.scene.frame import FrameRanges, draw_frame, frame_rng

SIZE = 48


def test_rendering_only_the_objects_region_changes_no_pixel(renderer, monkeypatch) -> None:
    """Of the path-traced render; the denoiser, which sees less around a region, moves the colour a little."""
    from generator.blender.scene import Stage

    frames = [draw_frame(frame_rng(5, index), FrameRanges(), size=SIZE, samples=2, oidn=oidn) for index in range(8)
              for oidn in (False, True)]
    region = Stage.frame_region
    shares = []

    def recorded(stage: Stage, points, size: int) -> None:
        region(stage, points, size)
        settings = stage.scene.render
        shares.append((settings.border_max_x - settings.border_min_x) * (settings.border_max_y - settings.border_min_y)
                      if settings.use_border else 1.0)

    monkeypatch.setattr(Stage, "frame_region", recorded)
    cropped = [renderer.render(frame) for frame in frames]
    assert min(shares) < 0.7  # the region did leave pixels out
    monkeypatch.setattr(Stage, "frame_region", lambda stage, points, size: region(stage, None, size))
    for frame, render in zip(frames, cropped, strict=True):
        whole = renderer.render(frame)
        if frame["oidn"]:
            assert np.array_equal(whole[..., 3:], render[..., 3:]) and np.abs(whole - render).mean() < 0.005
        else:
            assert np.array_equal(whole, render)
