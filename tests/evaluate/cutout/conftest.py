"""Fixtures for cut-out tests: a small real UNet, float32, any input size."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def float32_unet():
    """A width-2 UNet with fresh weights, as `cutout` rebuilds a checkpoint's model."""
    from trainer.inference import float32_model
    from trainer.unet import build_unet

    return float32_model(build_unet(2))
