"""A run's evaluation history: `RUN_DIR/eval/history.csv` (one row per checkpoint and set) and its plot."""

from __future__ import annotations

import csv
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only, never a window: the watcher runs headless
import matplotlib.pyplot as plt

from evaluate.metrics import ASPECT_SUFFIX, COLUMNS, NAMES

EVAL_DIR = "eval"
FIELDS = ("step", "checkpoint", "set", "n", *COLUMNS)


def history_csv(run_dir: str | Path) -> Path:
    return Path(run_dir) / EVAL_DIR / "history.csv"


def history_png(run_dir: str | Path) -> Path:
    return Path(run_dir) / EVAL_DIR / "history.png"


def read_rows(run_dir: str | Path) -> list[dict[str, str]]:
    """Every row so far (none before the first evaluation)."""
    try:
        with history_csv(run_dir).open(newline="") as f:
            return list(csv.DictReader(f))
    except FileNotFoundError:
        return []


def evaluated(run_dir: str | Path) -> set[str]:
    """File names of the checkpoints already evaluated, so a restarted watcher skips them."""
    return {row["checkpoint"] for row in read_rows(run_dir)}


def _header(path: Path) -> list[str] | None:
    """The columns of an existing history.csv, or None when there is none."""
    try:
        with path.open(newline="") as f:
            return next(csv.reader(f), None)
    except FileNotFoundError:
        return None


def append(run_dir: str | Path, step: int, checkpoint: str, results: dict[str, dict[str, float]]) -> None:
    """Add one row per set of a checkpoint's results ({set: {"n": .., metric: ..}}). A history begun before
    some columns existed keeps its own: rows stay under their headings."""
    path = history_csv(run_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    header = _header(path)
    with path.open("a", newline="") as f:
        writer = csv.DictWriter(f, header or FIELDS, extrasaction="ignore")
        if header is None:
            writer.writeheader()
        for name, values in results.items():
            writer.writerow({"step": step, "checkpoint": checkpoint, "set": name, **values})


def plot(run_dir: str | Path) -> Path:
    """Redraw history.png: one panel per metric, one line per set against the training step, dashed at the
    photos' own aspect where that was scored."""
    rows = read_rows(run_dir)
    sets = sorted({row["set"] for row in rows})
    fig, axes = plt.subplots(2, 3, figsize=(13, 7), sharex=True)
    for ax, metric in zip(axes.flat, NAMES, strict=True):
        for colour, name in enumerate(sets):
            for column, style in ((metric, "-"), (metric + ASPECT_SUFFIX, "--")):
                points = sorted((int(r["step"]), float(r[column])) for r in rows if r["set"] == name and r.get(column))
                ax.plot([s for s, _ in points], [v for _, v in points], style, color=f"C{colour}", marker=".",
                        label=name if style == "-" else None)
        ax.set_title(metric)
        ax.grid(alpha=0.3)
    for ax in axes[-1]:
        ax.set_xlabel("training step")
    axes.flat[0].legend()
    fig.tight_layout()
    path = history_png(run_dir)
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path
