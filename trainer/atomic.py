"""Files that readers see whole or not at all: written under a temporary name beside the target, then renamed.

A process killed mid-write leaves only a `.tmp-<pid>-<name>` file, which no reader matches and which
`remove_stale` clears once that process is gone.
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

_TEMPORARY = re.compile(r"^\.tmp-(\d+)-")


def temporary_path(path: Path) -> Path:
    """Where to write `path` before renaming it into place (keeps the suffix: Keras insists on .keras)."""
    return path.with_name(f".tmp-{os.getpid()}-{path.name}")


def replace_text(path: Path, text: str) -> None:
    replace_bytes(path, text.encode())


def replace_bytes(path: Path, data: bytes) -> None:
    temporary = temporary_path(path)
    temporary.write_bytes(data)
    os.replace(temporary, path)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # another user's process: alive
    return True


def remove_stale(folder: Path) -> list[Path]:
    """Delete temporary files left in `folder` by processes that no longer run; returns them."""
    stale = [p for p in folder.glob(".tmp-*")
             if (match := _TEMPORARY.match(p.name)) and not _alive(int(match.group(1)))]
    for path in stale:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    return stale
