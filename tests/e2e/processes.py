"""Running the project's real commands as subprocesses for end-to-end tests: ports, logs, waiting, memory."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

from protocol import free_address
from tests.loopback import wait_until

REPO = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent


def quiet_env(**overrides: str) -> dict[str, str]:
    """The environment for a child: this interpreter's venv first on PATH, TF's start-up chatter off."""
    env = {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
           "TF_CPP_MIN_LOG_LEVEL": "2", "PYTHONUNBUFFERED": "1"}
    env.update(overrides)
    return env


def user_env(**overrides: str) -> dict[str, str]:
    """A user's shell: no virtual environment on PATH, so `./start` must set up its own, and no TensorFlow log
    setting, so the commands must keep its start-up notes out of the output themselves."""
    env = quiet_env(**overrides)
    env.pop("VIRTUAL_ENV", None)
    env.pop("TF_CPP_MIN_LOG_LEVEL", None)
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep)
                                  if p and Path(p).resolve() != VENV_BIN.resolve())
    return env


class Process:
    """A child process whose combined output goes to a log file that tests can poll."""

    def __init__(self, args: list[str], log: Path, env: dict[str, str]) -> None:
        self.log = log
        self._file = log.open("wb")
        self.popen = subprocess.Popen(args, cwd=REPO, env=env, stdout=self._file, stderr=subprocess.STDOUT,
                                      stdin=subprocess.DEVNULL, start_new_session=True)

    @property
    def pid(self) -> int:
        return self.popen.pid

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_for(self, pattern: str, timeout: float, count: int = 1) -> list[re.Match]:
        """Wait until `pattern` occurs `count` times in the output; fail with the output's tail if not."""
        wait_until(lambda: len(re.findall(pattern, self.output())) >= count, timeout,
                   lambda: f"{pattern!r} x{count} not seen in {self.log}:\n{self.output()[-3000:]}")
        return list(re.finditer(pattern, self.output()))

    def signal(self, signum: int) -> None:
        self.popen.send_signal(signum)

    def stop(self, timeout: float = 30.0) -> int:
        """SIGTERM, then the exit code (SIGKILL to the whole group if it does not exit in time)."""
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
        try:
            return self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait()
            raise AssertionError(f"{self.log.name} did not exit within {timeout}s of SIGTERM") from None
        finally:
            self._file.close()

    def kill(self) -> None:
        """kill -9 the process (only it: children it started are left to notice on their own)."""
        self.popen.kill()
        self.popen.wait()
        self._file.close()

    def end(self) -> None:
        """kill -9 the process and everything it started (its session), unless it has exited already."""
        if self.popen.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait()
        self._file.close()


class Children:
    """The processes a test started (see the `children` fixture): whatever the test's outcome, `end_all` ends every
    one still running, so a failed test leaves no generator rendering for nobody."""

    def __init__(self) -> None:
        self._owned: list[Process] = []

    def add(self, process: Process) -> Process:
        self._owned.append(process)
        return process

    def end_all(self) -> None:
        for process in self._owned:
            process.end()


def python_module(module: str, *args: str, log: Path, env: dict[str, str]) -> Process:
    return Process([sys.executable, "-m", module, *args], log, env)


def rss_mib(pid: int) -> float:
    """Resident memory of a process, from /proc."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024


TRAINER_FLAGS = ("--width", "4", "--batch-size", "8", "--shuffle-buffer", "32", "--log-every-steps", "5",
                 "--image-every-steps", "0")
STEP = r"step (\d+) \|"


def start_trainer(tmp_path: Path, address: str, log: str, *extra: str) -> Process:
    """A small, fast-logging trainer whose run directory is tmp_path/run."""
    return python_module("trainer", "--bind", address, "--run-dir", str(tmp_path / "run"), *TRAINER_FLAGS, *extra,
                         log=tmp_path / log, env=quiet_env())


def start_generator(tmp_path: Path, address: str, name: str, seed: int, *extra: str) -> Process:
    """A one-sample-per-pixel generator with id `name`, reporting every second."""
    return python_module("generator", "--connect", address, "--id", name, "--seed", str(seed), "--samples", "1",
                         "--report-every", "1", *extra, log=tmp_path / f"{name}.log", env=quiet_env())


def last_step(trainer: Process) -> int:
    steps = re.findall(STEP, trainer.output())
    return int(steps[-1]) if steps else -1


def small_run_env_file(tmp_path: Path, run_dir: Path) -> Path:
    """A honcho env file that makes every process of the Procfile finish its first cycle within a minute or two."""
    address = free_address()
    settings = {
        "RUN_DIR": str(run_dir), "TRAINER_BIND": address, "GENERATOR_CONNECT": address,
        "TRAINER_WIDTH": "4", "TRAINER_BATCH_SIZE": "8", "TRAINER_SHUFFLE_BUFFER": "32",
        "TRAINER_LOG_EVERY_STEPS": "5", "TRAINER_SAVE_EVERY_STEPS": "20", "TRAINER_IMAGE_EVERY_STEPS": "20",
        "GENERATOR_SAMPLES": "1", "GENERATOR_REPORT_EVERY": "1",
        "EVAL_SYNTHETIC": "8", "EVAL_POLL_SECONDS": "1", "TENSORBOARD_PORT": "0",
    }
    env_file = tmp_path / "test.env"
    env_file.write_text("".join(f"{key}={value}\n" for key, value in settings.items()))
    return env_file
