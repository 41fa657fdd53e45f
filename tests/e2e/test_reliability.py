"""Failures a long run meets: a generator killed, the trainer killed and restarted, garbage on the port."""

from __future__ import annotations

import re
import time
import zipfile
from pathlib import Path

import numpy as np
import zmq

import protocol
from protocol import free_address
from protocol.message import MAX_MESSAGE_BYTES
from tests.e2e.processes import STEP, Children, last_step, rss_mib, start_generator, start_trainer
from tests.loopback import wait_until


def push_frames(address: str, frames: list[bytes]) -> None:
    """Push raw frames over one connection of their own, as a hostile peer would, and wait until they left."""
    context = zmq.Context()
    push = context.socket(zmq.PUSH)
    push.connect(address)
    for frame in frames:
        push.send(frame)
    push.close(linger=30_000)
    context.term()


def malformed_frames() -> list[bytes]:
    """Frames the trainer reads and drops: random bytes, nothing, a truncated map, a truncated Stats."""
    stats = protocol.encode(protocol.Stats("x", 1, "h", 0, 0, 0, 0, 0, 0))
    return [np.random.default_rng(0).bytes(100), b"", b"\x81\xa1v\x01", stats[:-3]]


def test_training_goes_on_through_garbage_and_a_killed_generator(tmp_path: Path, children: Children) -> None:
    address = free_address()
    trainer = children.add(start_trainer(tmp_path, address, "trainer.log"))
    first = children.add(start_generator(tmp_path, address, "gen-a", 1))
    second = children.add(start_generator(tmp_path, address, "gen-b", 2))
    trainer.wait_for(r"\| 2 generators: gen-a .*gen-b", timeout=240)
    garbage = malformed_frames()
    push_frames(address, garbage)
    trainer.wait_for(rf"dropped \d+ \(total {len(garbage)}\)", timeout=180)
    # ZeroMQ itself refuses a frame over the size limit and cuts that peer's connection, with whatever of it was
    # still unread: so it comes on a connection of its own, after the others were counted. It is never counted.
    push_frames(address, [b"\x00" * (MAX_MESSAGE_BYTES + 1)])
    step_at_kill = last_step(trainer)
    second.kill()
    trainer.wait_for(r"\| 1 generators: gen-a [^,]*\| dropped", timeout=180)
    wait_until(lambda: last_step(trainer) >= step_at_kill + 10, 180,
               lambda: f"training stalled after the kill:\n{trainer.output()[-2000:]}")
    assert re.findall(r"\(total (\d+)\)", trainer.output())[-1] == str(len(garbage))
    assert {"trainer": trainer.stop(), "gen-a": first.stop()} == {"trainer": 0, "gen-a": 0}


def test_a_killed_trainer_blocks_its_generator_and_a_restarted_one_resumes(tmp_path: Path, children: Children) -> None:
    address = free_address()
    trainer = children.add(start_trainer(tmp_path, address, "trainer-1.log", "--save-every-steps", "10"))
    generator = children.add(start_generator(tmp_path, address, "gen-a", 3))
    trainer.wait_for(STEP, timeout=240, count=3)
    trainer.kill()
    checkpoints = sorted((tmp_path / "run" / "checkpoints").glob("ckpt-*.keras"))
    assert checkpoints, "no checkpoint before the kill"
    saved_step = int(re.search(r"ckpt-(\d+)", checkpoints[-1].name).group(1))
    # With nobody taking messages the generator fills its bounded queue and waits: memory stays flat. It may
    # still be drawing its first bodies (each mesh is read once per process) on a busy machine: let it settle.
    time.sleep(10)
    before = rss_mib(generator.pid)
    time.sleep(6)
    growth = rss_mib(generator.pid) - before
    assert growth < 20, f"generator memory grew by {growth:.1f} MiB while the trainer was away"
    assert generator.popen.poll() is None, "the generator died with its trainer"
    restarted = children.add(start_trainer(tmp_path, address, "trainer-2.log"))
    resumed = restarted.wait_for(r"resumed .* at step (\d+)", timeout=240)[0]
    assert int(resumed.group(1)) == saved_step
    wait_until(lambda: last_step(restarted) > saved_step, 180,
               lambda: f"the restarted trainer did not train:\n{restarted.output()[-2000:]}")
    restarted.wait_for(r"\| 1 generators: gen-a", timeout=120)
    assert {"generator": generator.stop(), "trainer": restarted.stop()} == {"generator": 0, "trainer": 0}
    # kill -9 never leaves a half-written file under a checkpoint's name: each is a complete Keras zip.
    for checkpoint in (tmp_path / "run" / "checkpoints").glob("ckpt-*.keras"):
        with zipfile.ZipFile(checkpoint) as archive:
            assert archive.testzip() is None, f"{checkpoint.name} is corrupt"
