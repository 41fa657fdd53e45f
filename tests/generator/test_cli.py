"""`python -m generator` as a subprocess: streams to a real PULL socket, reproducibly; bad inputs give one-line
errors; SIGTERM stops it cleanly; replay re-renders a received sample; the seed's Mario loads."""

from __future__ import annotations

import inspect
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import cv2
import numpy as np
import pytest
import zmq

import protocol
from generator.blender.taskpool import DEFAULT_THREADS
from generator.cli import check_inputs, load_cutouts, preview_parser, replay_parser, stream_parser
from generator.progress import REPORT_EVERY, Progress
from generator.scene.frame import DEFAULT_MATERIALS, FrameRanges, draw_frame, frame_rng
from generator.stream import FrameMaker, stream
from tests.generator.image.test_cutouts import write_disc

ROOT = Path(__file__).resolve().parents[2]
MODELS = ROOT / ".venv" / "share" / "sweethome3d-furniture" / "models"  # scripts/fetch_models.py
MARIO = ROOT.parent / "shared" / "seed" / "mario" / "Mario.blend"
FAST = ["--size", "32", "--samples", "2"]


def generator(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "generator", *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kwargs)


def collect(seed: int, pairs: int, composites: int, *extra: str) -> tuple[list, str]:
    """Run a --max-samples generator into a fresh PULL socket; (decoded messages, stderr)."""
    sock = protocol.bind_pull("tcp://127.0.0.1:*")
    try:
        proc = generator("--connect", protocol.endpoint(sock), "--seed", str(seed), "--max-samples", str(pairs),
                         "--composites-per-render", str(composites), *FAST, *extra)
        messages = []
        while (data := protocol.recv(sock, 60_000)) is not None:
            messages.append(protocol.decode(data))
            if sum(len(m.pairs) for m in messages if isinstance(m, protocol.Sample)) == pairs:
                break
        _, stderr = proc.communicate(timeout=60)
        assert proc.returncode == 0, stderr
        return messages, stderr
    finally:
        protocol.close(sock)


def test_stream_sends_exactly_max_samples_reproducibly_and_replays(tmp_path: Path) -> None:
    first, stderr = collect(seed=21, pairs=5, composites=2)
    assert "seed 21" in stderr
    samples = [m for m in first if isinstance(m, protocol.Sample)]
    assert isinstance(first[0], protocol.Stats) and first[0].seed == 21
    assert [len(s.pairs) for s in samples] == [2, 2, 1] and [s.seq for s in samples] == [0, 1, 2]
    assert all(s.seed == 21 and s.height == s.width == 32 for s in samples)
    second = [m for m in collect(seed=21, pairs=5, composites=2)[0] if isinstance(m, protocol.Sample)]
    for a, b in zip(samples, second, strict=True):
        assert a.params == b.params
        for pa, pb in zip(a.pairs, b.pairs, strict=True):
            assert np.array_equal(pa.image, pb.image) and np.array_equal(pa.alpha, pb.alpha)
    message = tmp_path / "sample.msgpack"
    message.write_bytes(protocol.encode(samples[1]))
    replay = subprocess.run([sys.executable, "-m", "generator", "replay", "--params", str(message), "--out",
                             str(tmp_path / "out"), *FAST], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert replay.returncode == 0, replay.stderr
    for k, pair in enumerate(samples[1].pairs):
        image = cv2.imread(str(tmp_path / "out" / f"sample-{k}-image.png"))[..., ::-1]
        alpha = cv2.imread(str(tmp_path / "out" / f"sample-{k}-alpha.png"), cv2.IMREAD_GRAYSCALE)
        assert np.array_equal(image, pair.image) and np.array_equal(alpha, pair.alpha)


@pytest.mark.parametrize("flag", ["--assets", "--backgrounds", "--cutouts"])
def test_a_bad_path_is_a_one_line_error_naming_it(tmp_path: Path, flag: str) -> None:
    missing = tmp_path / "no-such-thing"
    proc = subprocess.run([sys.executable, "-m", "generator", flag, str(missing), "--max-samples", "1"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and str(missing) in lines[0], proc.stderr


@pytest.mark.parametrize("flag", ["--composites-per-render", "--samples", "--size", "--threads"])
def test_counts_below_one_are_refused(flag: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "generator", flag, "0"], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 2
    assert f"{flag}: must be at least 1, got 0" in proc.stderr


def test_an_empty_assets_folder_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "readme.txt").write_text("not a model")
    proc = subprocess.run([sys.executable, "-m", "generator", "preview", "--assets", str(tmp_path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0 and proc.stderr.count("\n") == 1 and str(tmp_path) in proc.stderr


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_a_generator_waiting_for_its_trainer_with_exit_0(signum: int) -> None:
    proc = generator("--connect", "tcp://127.0.0.1:9", *FAST)  # nobody listens: it blocks at the queue
    for line in proc.stderr:
        if "scene ready" in line:
            break
    proc.send_signal(signum)
    _, stderr = proc.communicate(timeout=10)
    assert proc.returncode == 0, stderr
    assert "stopped after 0 pairs" in stderr


def test_preview_writes_a_contact_sheet(tmp_path: Path) -> None:
    out = tmp_path / "grid.png"
    proc = subprocess.run([sys.executable, "-m", "generator", "preview", "--out", str(out), "--count", "6",
                           "--seed", "4", *FAST], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    sheet = cv2.imread(str(out))
    assert sheet is not None and sheet.shape[1] > sheet.shape[0] > 32


@pytest.mark.skipif(not MARIO.is_file(), reason="needs ../shared/seed/mario/Mario.blend beside the repository")
@pytest.mark.parametrize("materials", ["keep", "randomize"])
def test_the_seeds_mario_loads_reports_missing_textures_once_and_is_never_magenta(materials: str) -> None:
    messages, stderr = collect(5, 4, 1, "--assets", str(MARIO), "--materials", materials,
                               "--object-asset-probability", "1", "--camera-closeup-probability", "0",
                               "--photometric-noise-probability", "0",
                               "--camera-fill", "0.8,1.0", "--camera-jitter", "0")
    assert stderr.count("missing") == 1, stderr
    for sample in (m for m in messages if isinstance(m, protocol.Sample)):
        assert sample.params["object"] == {**sample.params["object"], "kind": "asset", "path": str(MARIO)}
        pair = sample.pairs[0]
        covered = pair.image[pair.alpha > 230].astype(int)
        assert len(covered) > 10
        magenta = (covered[:, 0] > 180) & (covered[:, 1] < 80) & (covered[:, 2] > 180)
        assert magenta.mean() < 0.05


@pytest.mark.skipif(not MODELS.is_dir(), reason="needs Sweet Home 3D's models (scripts/fetch_models.py fetches them)")
def test_sweet_home_3ds_models_load_upright_with_their_own_textures_and_stand_as_the_subject() -> None:
    messages, stderr = collect(6, 3, 1, "--assets", str(MODELS), "--materials", "keep",
                               "--object-asset-probability", "1", "--camera-closeup-probability", "0")
    assert "scene ready, 0 targets, 750 assets" in stderr and "Traceback" not in stderr, stderr
    for sample in (m for m in messages if isinstance(m, protocol.Sample)):
        assert sample.params["object"]["kind"] == "asset" and sample.params["materials"] == "keep"
        assert sample.params["object"]["path"].startswith(str(MODELS))
        assert max(abs(angle) for angle in sample.params["object"]["rotation"][:2]) <= 0.18  # 10 degrees
        assert (sample.pairs[0].alpha > 128).mean() > 0.01


def rebind(address: str) -> zmq.Socket:
    """Bind again where a just-closed socket was; ZeroMQ releases the port asynchronously."""
    for _ in range(100):
        try:
            return protocol.bind_pull(address)
        except zmq.ZMQError as error:
            if error.errno != zmq.EADDRINUSE:
                raise
            time.sleep(0.05)
    return protocol.bind_pull(address)


def test_the_stream_carries_on_when_the_trainer_restarts() -> None:
    sock = protocol.bind_pull("tcp://127.0.0.1:*")
    address = protocol.endpoint(sock)
    proc = generator("--connect", address, "--seed", "8", "--composites-per-render", "1", *FAST)
    try:
        before = [protocol.decode(protocol.recv(sock, 60_000)) for _ in range(3)]
        protocol.close(sock)  # the trainer goes away ...
        sock = rebind(address)  # ... and comes back on the same address
        after = [protocol.decode(protocol.recv(sock, 60_000)) for _ in range(3)]
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=10)
        protocol.close(sock)
    assert proc.returncode == 0
    seqs = [m.seq for m in before + after if isinstance(m, protocol.Sample)]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs) and max(seqs) >= 3


TETRAHEDRON = "v 0 0 0\nv 1 0 0\nv 0 1 0\nv 0 0 1\nf 1 3 2\nf 1 2 4\nf 1 4 3\nf 2 3 4\n"


def test_an_assets_folder_loads_models_and_skips_a_broken_one_with_one_warning(tmp_path: Path) -> None:
    (tmp_path / "models" / "sub").mkdir(parents=True)
    (tmp_path / "models" / "sub" / "tetra.obj").write_text(TETRAHEDRON)
    broken = tmp_path / "models" / "broken.ply"
    broken.write_text("not a ply file")
    out = tmp_path / "sheet.png"
    proc = subprocess.run([sys.executable, "-m", "generator", "preview", "--assets", str(tmp_path / "models"),
                           "--object-asset-probability", "1", "--count", "2", "--out", str(out), *FAST],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert [line for line in proc.stderr.splitlines() if "broken.ply" in line] == [
        next(line for line in proc.stderr.splitlines() if line.startswith("generator: skipping"))]
    assert cv2.imread(str(out)) is not None
    alone = subprocess.run([sys.executable, "-m", "generator", "preview", "--assets", str(broken), "--out",
                            str(out)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert alone.returncode != 0 and alone.stderr.count("\n") == 1 and str(broken) in alone.stderr


@pytest.mark.parametrize(("flag", "value", "message"), [
    ("--lighting-count", "0,9", "must lie within [1, 8]"),
    ("--lighting-types", "POINT,FOO", "unknown FOO; choose from POINT,AREA,SPOT,SUN"),
    ("--material-textures", "foo", "unknown foo"),
    ("--shape-families", "foo", "unknown foo"),
    ("--procedural-families", "foo", "unknown foo"),
    ("--camera-lens", "0,50", "must lie within [1, 2000]"),
    ("--framing-flip-probability", "1.5", "must lie within [0, 1]"),
    ("--photo-probability", "-0.1", "must lie within [0, 1]"),
    ("--seed", "-1", "must lie within [0, 2^64)"),
    ("--seed", str(2**64), "must lie within [0, 2^64)"),
    ("--max-samples", "-1", "must be at least 1"),
    ("--max-samples", "0", "must be at least 1"),
    ("--id", "x" * 129, "must be 1 to 128 printable characters"),
])
def test_a_value_out_of_range_is_refused_at_start(flag: str, value: str, message: str) -> None:
    """Not at the first frame that happens to draw it, minutes into a run."""
    proc = subprocess.run([sys.executable, "-m", "generator", flag, value], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 2
    assert f"argument {flag}: {message}" in proc.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize("parser", [stream_parser, preview_parser, replay_parser])
def test_background_knobs_reach_the_backgrounds_from_the_environment(monkeypatch: pytest.MonkeyPatch,
                                                                     tmp_path: Path, parser) -> None:
    assert cv2.imwrite(str(tmp_path / "photo.png"), np.full((40, 40, 3), 128, np.uint8))
    monkeypatch.setenv("GENERATOR_BACKGROUNDS", str(tmp_path))
    monkeypatch.setenv("GENERATOR_PHOTO_PROBABILITY", "0.25")
    monkeypatch.setenv("GENERATOR_PHOTO_CROP_SIDE", "0.5,0.6")
    monkeypatch.setenv("GENERATOR_PROCEDURAL_FAMILIES", "gradient,checker")
    backgrounds = check_inputs(parser().parse_args([]))
    assert backgrounds.photo_probability == 0.25 and backgrounds.photos.ranges.crop_side == (0.5, 0.6)
    assert backgrounds.procedural_ranges.families == ("gradient", "checker")
    backgrounds.photo_probability = 0.0  # only procedural draws from here on
    rng = np.random.default_rng(0)
    assert {backgrounds.draw(rng)["family"] for _ in range(40)} == {"gradient", "checker"}


@pytest.mark.parametrize("parser", [stream_parser, preview_parser, replay_parser])
def test_cutout_knobs_reach_the_cutouts_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                            parser) -> None:
    write_disc(tmp_path / "disc.png")
    monkeypatch.setenv("GENERATOR_CUTOUTS", str(tmp_path))
    monkeypatch.setenv("GENERATOR_CUTOUT_FILL", "0.5,0.6")
    cutouts = load_cutouts(parser().parse_args([]))
    assert cutouts.paths == ["disc.png"] and cutouts.ranges.fill == (0.5, 0.6)
    assert load_cutouts(parser().parse_args(["--cutout-probability", "0"])) is not None  # still behind subjects
    assert load_cutouts(parser().parse_args(["--cutout-probability", "0", "--cutout-backdrop-probability", "0"])) \
        is None
    monkeypatch.delenv("GENERATOR_CUTOUTS")
    assert load_cutouts(parser().parse_args(["--packs", "off"])) is None


def test_a_family_preview_has_no_cut_outs() -> None:
    args = preview_parser().parse_args(["--family", "animal"])
    assert args.cutout_probability == 0.0 and args.cutout_backdrop_probability == 0.0


@pytest.mark.parametrize("content", ['{"frame": [1, 2]}', '{"frame": {"format": 1}}'])
def test_replay_of_a_malformed_description_is_a_one_line_error(tmp_path: Path, content: str) -> None:
    params = tmp_path / "edited.json"
    params.write_text(content)
    proc = subprocess.run([sys.executable, "-m", "generator", "replay", "--params", str(params), "--out",
                           str(tmp_path / "out")], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert str(params) in lines[-1] and "Traceback" not in proc.stderr, proc.stderr


def test_replay_of_an_asset_that_is_not_loaded_is_a_one_line_error(tmp_path: Path) -> None:
    frame = draw_frame(frame_rng(3, 0), FrameRanges())
    frame["object"] = {"kind": "asset", "path": "/nowhere/chair.blend", "rotation": [0.0, 0.0, 0.0]}
    params = tmp_path / "foreign.json"
    params.write_text(json.dumps({"frame": frame}))
    proc = subprocess.run([sys.executable, "-m", "generator", "replay", "--params", str(params), "--out",
                           str(tmp_path / "out"), *FAST], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    last = proc.stderr.strip().splitlines()[-1]
    assert str(params) in last and "'/nowhere/chair.blend' is not loaded" in last


def test_a_gpu_backend_this_machine_lacks_is_a_one_line_error(tmp_path: Path) -> None:
    """Metal exists on Apple's machines only: on this one Cycles finds no such device."""
    proc = subprocess.run([sys.executable, "-m", "generator", "preview", "--device", "metal", "--count", "1",
                           "--out", str(tmp_path / "sheet.png"), *FAST], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == (
        "generator: --device metal: Cycles finds no METAL device on this machine (use --device cpu or auto)")
    assert not (tmp_path / "sheet.png").exists()


def test_a_bad_connect_address_is_one_line_before_blender_starts() -> None:
    proc = subprocess.run([sys.executable, "-m", "generator", "--connect", "foo"], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == ["generator: --connect foo: Invalid argument"], proc.stderr


def test_max_samples_without_a_trainer_fails_once_the_flush_wait_runs_out() -> None:
    """Not exit 0 with the pairs still queued: the evaluator would take a lost set for a sent one."""
    proc = subprocess.run([sys.executable, "-m", "generator", "--connect", "tcp://127.0.0.1:9", "--max-samples", "1",
                           "--flush-timeout", "1", *FAST], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == (
        "generator: made 1 pairs but the last were still queued after 1 s: no trainer took them")


def test_each_default_is_the_one_constant() -> None:
    args = stream_parser().parse_args([])
    assert (args.report_every, args.materials, args.threads) == (REPORT_EVERY, DEFAULT_MATERIALS, DEFAULT_THREADS)
    assert Progress("g", 0).every == REPORT_EVERY
    assert inspect.signature(stream).parameters["report_every"].default == REPORT_EVERY
    assert inspect.signature(draw_frame).parameters["materials"].default == DEFAULT_MATERIALS
    assert FrameMaker.__dataclass_fields__["materials"].default == DEFAULT_MATERIALS
