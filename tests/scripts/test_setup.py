"""scripts/setup.sh chooses TensorFlow's CUDA build where nvidia-smi lists a GPU: a stand-in nvidia-smi, a dry run."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TF_PIN = next(line for line in (ROOT / "requirements.txt").read_text().splitlines()
              if line.startswith("tensorflow_cpu=="))


def dry_run(tmp_path: Path, nvidia_smi: str | None) -> str:
    """What `setup.sh --dry-run` prints with a stand-in nvidia-smi (this script's body) first on PATH, or none."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    if nvidia_smi is not None:
        stand_in = bin_dir / "nvidia-smi"
        stand_in.write_text(f"#!/bin/sh\n{nvidia_smi}\n")
        stand_in.chmod(0o755)
    # the stand-in, then only the system's own folders: a real nvidia-smi elsewhere must not decide
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}/usr/bin{os.pathsep}/bin"}
    done = subprocess.run([str(ROOT / "scripts" / "setup.sh"), "--dry-run", "requirements.txt"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.skipif(Path("/usr/bin/nvidia-smi").exists() or Path("/bin/nvidia-smi").exists(),
                    reason="this machine's own nvidia-smi is on the system PATH")
@pytest.mark.parametrize(("nvidia_smi", "build"), [
    ('[ "$1" = -L ] && echo "GPU 0: NVIDIA H100 80GB HBM3 (UUID: GPU-0000)"', "tensorflow[and-cuda]=="),
    ('echo "NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver." >&2; exit 9', TF_PIN),
    (None, TF_PIN),
])
def test_the_cuda_build_only_where_nvidia_smi_lists_a_gpu(tmp_path: Path, nvidia_smi: str | None, build: str) -> None:
    output = dry_run(tmp_path, nvidia_smi)
    assert output.startswith("would install ") and build in output, output
    assert len(output.splitlines()) == 1
    if build != TF_PIN:
        assert TF_PIN.split("==")[1] in output and "GPU 0: NVIDIA H100" in output  # the pinned version, and why
