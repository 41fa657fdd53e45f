"""Transfer to real photos: train a fresh run from one generator for a fixed budget, then score every checkpoint
on every real set beside two model-free references (the best centred ellipse, all-foreground).

Content ablations compare at a fixed step budget (`--steps`: comparable across sessions on a drifting VM);
speed changes at equal minutes (`--minutes`). Metrics are the evaluator's at 64x64 (photos area-resized, alpha
cut at 0.5 for IoU/Dice); SAD/1000, MSE*1000, gradient/1000. Results are printed and appended to a CSV.

    .venv/bin/python -m benchmarks.transfer_bench --steps 6000 --label defaults
    .venv/bin/python -m benchmarks.transfer_bench --minutes 30 --generator-args "--world-probability 0"
"""

from __future__ import annotations

import argparse
import csv
import logging
import shlex
import subprocess
import sys
import time
from pathlib import Path

from evaluate.datasets import Dataset, load_folder
from evaluate.metrics import NAMES, mean_metrics
from evaluate.references import all_foreground, best_ellipse
from protocol import free_address
from trainer.checkpoints import list_checkpoints, step_of

ROOT = Path(__file__).resolve().parents[1]
SHARED_EVAL = ROOT.parent / "shared" / "eval"
SIZE = 64
CHECKPOINTS = 5  # evaluated per run, evenly over the budget
REPORT_EVERY_S = 60.0
COLUMNS = ("label", "kind", "budget", "step", "set", "n", *NAMES, "generator_args", "trainer_args", "seed", "repo")


def eval_folders(extra: list[str]) -> list[Path]:
    """Every set under ../shared/eval (when present) and the --data folders."""
    found = sorted(p for p in SHARED_EVAL.iterdir() if (p / "images").is_dir()) if SHARED_EVAL.is_dir() else []
    folders = found + [Path(p) for p in extra]
    if not folders:
        raise SystemExit(f"transfer_bench: no real sets: {SHARED_EVAL} is absent and no --data was given")
    return folders


def start(repo: Path, command: list[str], log_path: Path) -> subprocess.Popen:
    """A child process run from `repo`, stdout and stderr in a log file."""
    return subprocess.Popen(command, cwd=repo, stdout=log_path.open("w"), stderr=subprocess.STDOUT)


def last_step(run_dir: Path) -> int:
    """The trainer's last logged step (metrics.csv), 0 before the first period."""
    path = run_dir / "metrics.csv"
    if not path.is_file():
        return 0
    rows = path.read_text().strip().splitlines()
    return int(rows[-1].split(",")[1]) if len(rows) > 1 else 0


def train(args: argparse.Namespace, run_dir: Path) -> float:
    """One trainer and one generator until the trainer's budget is spent; returns the wall seconds."""
    address = free_address()
    budget = (["--max-steps", str(args.steps), "--save-every-steps", str(max(1, args.steps // CHECKPOINTS)),
               "--save-every-seconds", "0"] if args.steps else
              ["--max-minutes", str(args.minutes), "--save-every-steps", "0", "--first-save-seconds", "0",
               "--save-every-seconds", str(args.minutes * 60 / CHECKPOINTS)])
    repo = Path(args.repo).resolve()
    trainer = start(repo, [sys.executable, "-m", "trainer", "--bind", address, "--run-dir", str(run_dir),
                     "--seed", str(args.seed), "--keep", "1000", "--image-every-steps", "0", *budget,
                     *shlex.split(args.trainer_args)], run_dir / "trainer.log")
    generator = start(repo, [sys.executable, "-m", "generator", "--connect", address, "--seed", str(args.seed),
                       "--id", "transfer", *shlex.split(args.generator_args)], run_dir / "generator.log")
    started = reported = time.monotonic()
    try:
        while trainer.poll() is None:
            time.sleep(1)
            if generator.poll() is not None:
                raise SystemExit(f"transfer_bench: the generator exited {generator.returncode}, "
                                 f"see {run_dir / 'generator.log'}")
            if time.monotonic() - reported >= REPORT_EVERY_S:
                reported = time.monotonic()
                elapsed, step = reported - started, last_step(run_dir)
                if args.steps:
                    eta = f"{(args.steps - step) * elapsed / step / 60:.1f} min" if step else "unknown"
                else:
                    eta = f"{args.minutes - elapsed / 60:.1f} min"
                print(f"  {elapsed / 60:.1f} min: step {step}, {step / elapsed:.1f} steps/s, ETA {eta}", flush=True)
    finally:
        for process in (generator, trainer):
            process.terminate()
        for process in (generator, trainer):
            process.wait(timeout=60)
    if trainer.returncode != 0:
        raise SystemExit(f"transfer_bench: the trainer exited {trainer.returncode}, see {run_dir / 'trainer.log'}")
    return time.monotonic() - started


def score_checkpoints(run_dir: Path, sets: list[Dataset]) -> list[dict]:
    """Rows of every checkpoint of the run on every set."""
    from evaluate.evaluation import predict
    from trainer.checkpoints import load_model  # TensorFlow: only now

    rows = []
    for checkpoint in list_checkpoints(run_dir):
        model = load_model(checkpoint)
        for dataset in sets:
            rows.append({"kind": "model", "step": step_of(checkpoint), "set": dataset.name,
                         **mean_metrics(predict(model, dataset), dataset.alphas)})
    return rows


def reference_rows(sets: list[Dataset]) -> list[dict]:
    """The model-free references on every set."""
    rows = []
    for dataset in sets:
        ellipse, axes = best_ellipse(dataset)
        rows.append({"kind": f"ellipse {axes[0]:.2f}x{axes[1]:.2f}", "step": 0, "set": dataset.name, **ellipse})
        rows.append({"kind": "all-foreground", "step": 0, "set": dataset.name, **all_foreground(dataset)})
    return rows


def format_rows(rows: list[dict]) -> str:
    header = f"{'kind':<22}{'step':>7}  {'set':<16}" + "".join(f"{name:>8}" for name in NAMES)
    lines = [header] + [f"{row['kind']:<22}{row['step']:>7}  {row['set']:<16}"
                        + "".join(f"{row[name]:>8.3f}" for name in NAMES) for row in rows]
    return "\n".join(lines)


def summarize(rows: list[dict]) -> str:
    """Per label and set, the model's IoU as the mean over its checkpoints and the best of them: one checkpoint
    and the next swing by up to 0.15, so a run is judged by its mean."""
    ious: dict[tuple[str, str], list[float]] = {}
    for row in rows:
        if row["kind"] == "model":
            ious.setdefault((row["label"], row["set"]), []).append(float(row["iou"]))
    lines = [f"{'label':<24}{'set':<16}{'mean IoU':>9}{'best':>7}{'checkpoints':>12}"]
    lines += [f"{label:<24}{name:<16}{sum(v) / len(v):>9.3f}{max(v):>7.3f}{len(v):>12}"
              for (label, name), v in ious.items()]
    return "\n".join(lines)


def append_csv(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    new = not path.exists()
    with path.open("a", newline="") as f:
        writer = csv.DictWriter(f, COLUMNS, extrasaction="ignore")
        if new:
            writer.writeheader()
        writer.writerows(rows)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    budget = parser.add_mutually_exclusive_group(required=True)
    budget.add_argument("--summary", action="store_true",
                        help="only print the mean and best IoU of every run in OUT/results.csv")
    budget.add_argument("--minutes", type=float, help="train for this many minutes (speed changes)")
    budget.add_argument("--steps", type=int, help="train for this many steps (content ablations)")
    parser.add_argument("--generator-args", default="", help="extra `python -m generator` flags, one string")
    parser.add_argument("--trainer-args", default="", help="extra `python -m trainer` flags, one string")
    parser.add_argument("--seed", type=int, default=1, help="generator and trainer seed")
    parser.add_argument("--data", action="append", default=[], help="another real set (images/ + alphas/)")
    parser.add_argument("--label", default=None, help="name of this row in the CSV (default: the run folder)")
    parser.add_argument("--out", default="runs/transfer", help="folder of the runs and of results.csv")
    parser.add_argument("--repo", default=str(ROOT),
                        help="checkout whose trainer and generator train (e.g. a worktree of an older commit)")
    parser.add_argument("--score-only", default=None, metavar="RUN_DIR",
                        help="skip training: score the checkpoints of an earlier run")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.summary:
        with (Path(args.out) / "results.csv").open(newline="") as f:
            print(summarize(list(csv.DictReader(f))))
        return
    logging.basicConfig(level=logging.WARNING)
    sets = [load_folder(folder, SIZE) for folder in eval_folders(args.data)]
    out = Path(args.out)
    label = args.label or time.strftime("%Y%m%d-%H%M%S")
    if args.score_only:
        run_dir = Path(args.score_only)
    else:
        run_dir = (out / label).resolve()
        if list_checkpoints(run_dir):
            raise SystemExit(f"transfer_bench: {run_dir} already holds a run; pick another --label")
        run_dir.mkdir(parents=True, exist_ok=True)
        what = f"{args.steps} steps" if args.steps else f"{args.minutes:g} minutes"
        print(f"transfer_bench {label}: training {what} -> {run_dir}", flush=True)
        seconds = train(args, run_dir)
        print(f"trained {last_step(run_dir)} steps in {seconds / 60:.1f} min", flush=True)
    rows = score_checkpoints(run_dir, sets) + reference_rows(sets)
    common = {"label": label, "budget": f"{args.steps} steps" if args.steps else f"{args.minutes:g} min",
              "generator_args": args.generator_args, "trainer_args": args.trainer_args, "seed": args.seed,
              "repo": args.repo}
    rows = [{**common, **row} for row in rows]
    print(format_rows(rows), flush=True)
    print(summarize(rows), flush=True)
    append_csv(out / "results.csv", rows)
    print(f"appended to {out / 'results.csv'}", flush=True)


if __name__ == "__main__":
    main()
