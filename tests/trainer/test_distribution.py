"""Training under MirroredStrategy: two replicas on two logical CPU devices train, checkpoint, resume, stay in step."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import protocol

ROOT = Path(__file__).resolve().parents[2]

# In a process of its own: logical devices must be made before TensorFlow first uses the CPU.
RUN = """
import json, logging, sys, threading
import numpy as np
import tensorflow as tf
cpu = tf.config.list_physical_devices("CPU")[0]
tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
from tests.trainer.conftest import small_run
from benchmarks.peer import push
from trainer.train import train
logging.basicConfig(level=logging.INFO)  # the trainer's own lines: strategy, model, resume
stop = threading.Event()
threading.Thread(target=push, args=(sys.argv[1], stop), daemon=True).start()
model = train(small_run(sys.argv[1], sys.argv[2], "--max-steps", sys.argv[3]))
stop.set()
copies = [variable.value.values for variable in model.weights]  # each replica's copy of each weight
spread = max(float(np.max(np.abs(np.asarray(copy) - np.asarray(each[0])))) for each in copies for copy in each)
print(json.dumps({"replicas": len(copies[0]), "spread": spread,
                  "step": int(model.optimizer.iterations.numpy()),
                  "lr": float(np.asarray(model.optimizer.learning_rate))}))
"""


def _train(run_dir: Path, max_steps: int) -> tuple[dict, str]:
    done = subprocess.run([sys.executable, "-c", RUN, protocol.free_address(), str(run_dir), str(max_steps)],
                          cwd=ROOT, capture_output=True, text=True, timeout=400)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stdout + done.stderr


def test_two_replicas_train_checkpoint_resume_and_stay_in_step(tmp_path: Path) -> None:
    run_dir = tmp_path / "run"
    first, log = _train(run_dir, 6)
    assert first["replicas"] == 2 and first["step"] == 6
    assert first["spread"] < 1e-6, "the replicas' weights drifted apart"
    assert "training on 2 replicas" in log
    assert "batch 16" in log and "x 2 replicas" in log  # --batch-size 8 per replica, the learning rate scaled
    resumed, log = _train(run_dir, 10)
    assert "resumed" in log and "at step 6" in log
    assert resumed["replicas"] == 2 and resumed["step"] == 10 and resumed["spread"] < 1e-6
    assert resumed["lr"] == first["lr"]  # a resumed run keeps its own learning rate
