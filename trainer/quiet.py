"""TensorFlow imported as this project runs it: oneDNN's kernels on every x86 CPU, and without its native start-up
lines, which are notes for its developers, not for people.

TensorFlow turns its oneDNN kernels on by itself only on CPUs with AVX-512 VNNI, bfloat16 or AMX; elsewhere it
computes with Eigen's. On two cores of an AMD EPYC, with oneDNN capped to AVX2 (ONEDNN_MAX_CPU_ISA=AVX2), the
UNet's training step ran 1.6 times as fast with oneDNN as with Eigen (docs/experiments.md, *A faster training
step*), so TF_ENABLE_ONEDNN_OPTS defaults to 1 here; a user who sets it keeps their choice.

Its C++ core logs through absl before anything can configure absl: the oneDNN note comes once per native library
that carries a copy of absl, each after "All log messages before absl::InitializeLog() is called are written to
STDERR", and TF_CPP_MIN_LOG_LEVEL does not reach them (it still hides cpu_feature_guard's note and later C++
info and warning lines). So the import runs with file descriptor 2 captured, and what it wrote is passed on
except those lines: Python warnings and import errors still show.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from types import ModuleType

LOG_LEVEL_VARIABLE = "TF_CPP_MIN_LOG_LEVEL"
QUIET_LEVEL = "2"  # C++ errors only; a user who sets the variable (e.g. 0 for everything) keeps their choice
ONEDNN_VARIABLE = "TF_ENABLE_ONEDNN_OPTS"
_ABSL_PREAMBLE = "All log messages before absl::InitializeLog() is called are written to STDERR"
_ABSL_INFO = re.compile(r"^I\d{4} [\d:.]+\s+\d+ \S+:\d+\] ")  # absl's format, severity I(nfo)


def is_startup_noise(line: str) -> bool:
    """Whether a line written while TensorFlow loads is absl's preamble or a C++ info line."""
    return _ABSL_PREAMBLE in line or bool(_ABSL_INFO.match(line))


@contextlib.contextmanager
def filtered_stderr(drop: Callable[[str], bool]) -> Iterator[None]:
    """Capture what native code and Python write to file descriptor 2; on leaving, pass on the lines not dropped."""
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as capture:
        os.dup2(capture.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
            capture.seek(0)
            kept = [line for line in capture.read().decode(errors="replace").splitlines(keepends=True)
                    if not drop(line)]
            sys.stderr.write("".join(kept))
            sys.stderr.flush()


def import_tensorflow() -> ModuleType:
    """`import tensorflow` with oneDNN on (unless TF_ENABLE_ONEDNN_OPTS says otherwise), without its start-up notes
    unless TF_CPP_MIN_LOG_LEVEL asks for info lines (0).

    Call it before anything imports TensorFlow or Keras (later imports find it loaded).
    """
    os.environ.setdefault(LOG_LEVEL_VARIABLE, QUIET_LEVEL)
    os.environ.setdefault(ONEDNN_VARIABLE, "1")
    # its Python side's info lines ("Assets written to ...") would reach our commands' INFO-level log handlers
    logging.getLogger("tensorflow").setLevel(logging.WARNING)
    if "tensorflow" in sys.modules:
        return sys.modules["tensorflow"]
    quiet = os.environ[LOG_LEVEL_VARIABLE] != "0"
    with filtered_stderr(is_startup_noise) if quiet else contextlib.nullcontext():
        import tensorflow
    return tensorflow
