"""Your own object, measured on real photos: for each object of ../shared/objects (its 3D model and real photos of a
cluttered desk, cropped near and wide around it), train a fresh run on its model alone (`--target`, otherwise the
defaults) for a step budget, and score that object's `near` and `wide` photos beside the generic defaults' model
trained for the same budget without a target, the best centred ellipse and all-foreground. One table for all.

Metrics are the evaluator's at 64x64, of each run's last checkpoint. The photos are for measuring only. Every run
and its scores land in OUT (results.csv, one folder a run); a run already there is scored again, not retrained.

    .venv/bin/python -m benchmarks.object_bench --steps 4000 [--objects driller glue eggbox] [--seed 1]
    .venv/bin/python -m benchmarks.object_bench --minutes 25   (equal minutes instead: speed changes)
    .venv/bin/python -m benchmarks.object_bench --steps 4000 --from-generic   (each object fine-tunes the generic run)
"""

from __future__ import annotations

import argparse
import dataclasses
import time
from pathlib import Path

from benchmarks.transfer_bench import ROOT, append_csv, reference_rows, score_checkpoints, train
from evaluate.datasets import load_folder
from trainer.checkpoints import list_checkpoints, step_of

SHARED_OBJECTS = ROOT.parent / "shared" / "objects"
SETS = ("near", "wide")
SIZE = 64
GENERIC = "generic"


def cpu_model() -> str:
    """The CPU's model name and core count, as lscpu gives them."""
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        return "unknown CPU"
    names = [line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")]
    return f"{names[0]}, {len(names)} cores" if names else "unknown CPU"


def object_model(folder: Path) -> Path:
    """The one model file of an object's folder (model/*.ply)."""
    models = sorted((folder / "model").glob("*.ply"))
    if len(models) != 1:
        raise SystemExit(f"object_bench: {folder / 'model'} should hold one .ply model, found {len(models)}")
    return models[0]


def run(args: argparse.Namespace, label: str, generator_args: str, trainer_args: str) -> tuple[Path, float]:
    """Train one run (unless OUT/label has one already); its folder and the minutes it took (0: reused)."""
    run_dir = (Path(args.out) / label).resolve()
    if list_checkpoints(run_dir):
        print(f"{label}: reusing {run_dir}", flush=True)
        return run_dir, 0.0
    run_dir.mkdir(parents=True, exist_ok=True)
    print(f"{label}: training {budget_text(args)} -> {run_dir}", flush=True)
    budget = argparse.Namespace(steps=args.steps, minutes=args.minutes, seed=args.seed, repo=str(ROOT),
                                trainer_args=trainer_args, generator_args=generator_args)
    minutes = train(budget, run_dir) / 60
    steps = max(step_of(path) for path in list_checkpoints(run_dir))
    print(f"{label}: {steps} steps in {minutes:.1f} min", flush=True)
    return run_dir, minutes


def budget_text(args: argparse.Namespace) -> str:
    return f"{args.steps} steps" if args.steps else f"{args.minutes:g} min"


def last_rows(run_dir: Path, sets: list) -> list[dict]:
    """The scores of a run's last checkpoint only."""
    rows = score_checkpoints(run_dir, sets)
    last = max(step_of(path) for path in list_checkpoints(run_dir))
    return [row for row in rows if row["step"] == last]


def table(rows: list[dict], objects: list[str]) -> str:
    """IoU per object and set: the target run's, the generic run's, the ellipse's, all-foreground's."""
    def iou(kind: str, name: str) -> str:
        found = [float(row["iou"]) for row in rows if row["label"] == kind and row["set"] == name]
        return f"{found[0]:.3f}" if found else "-"

    lines = ["| object | set | target model | generic model | best centred ellipse | all-foreground |",
             "|---|---|---|---|---|---|"]
    for name in objects:
        for part in SETS:
            key = f"{name}-{part}"
            lines.append(f"| {name} | {part} | {iou(name, key)} | {iou(GENERIC, key)} | {iou('ellipse', key)} | "
                         f"{iou('all-foreground', key)} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    budget = parser.add_mutually_exclusive_group()
    budget.add_argument("--steps", type=int, default=4000, help="training steps of every run (content: equal steps)")
    budget.add_argument("--minutes", type=float, default=None,
                        help="train every run this many minutes instead of --steps (speed: equal minutes)")
    parser.add_argument("--objects", nargs="+", default=None,
                        help=f"object folders' names under {SHARED_OBJECTS} (default: all of them)")
    parser.add_argument("--objects-dir", default=str(SHARED_OBJECTS), help="folder of the object folders")
    parser.add_argument("--seed", type=int, default=1, help="generator and trainer seed of every run")
    parser.add_argument("--generator-args", default="", help="extra `python -m generator` flags of the target runs")
    parser.add_argument("--trainer-args", default="", help="extra `python -m trainer` flags of every run")
    parser.add_argument("--from-generic", action="store_true",
                        help="start each object's run from the generic run's last checkpoint (`python -m trainer "
                             "--init`): its steps come on top of the generic run's")
    parser.add_argument("--out", default="runs/objects", help="folder of the runs and of results.csv")
    args = parser.parse_args(argv)
    if args.minutes:
        args.steps = None
    root = Path(args.objects_dir)
    if not root.is_dir():
        raise SystemExit(f"object_bench: no objects folder at {root}")
    names = args.objects or sorted(p.name for p in root.iterdir() if (p / "model").is_dir())
    # one name per object and set in the table
    sets = {name: [dataclasses.replace(load_folder(root / name / part, SIZE), name=f"{name}-{part}") for part in SETS]
            for name in names}
    print(f"object_bench on {cpu_model()}: {', '.join(names)}, {budget_text(args)} each", flush=True)
    every_set = [dataset for loaded in sets.values() for dataset in loaded]
    rows = []
    generic_dir, generic_minutes = run(args, GENERIC, "", args.trainer_args)
    rows += [{**row, "label": GENERIC, "minutes": generic_minutes} for row in last_rows(generic_dir, every_set)]
    target_trainer_args = f"{args.trainer_args} --init {generic_dir}" if args.from_generic else args.trainer_args
    for name in names:
        run_dir, minutes = run(args, name, f"--target {object_model(root / name)} {args.generator_args}",
                               target_trainer_args)
        rows += [{**row, "label": name, "minutes": minutes, "trainer_args": target_trainer_args}
                 for row in last_rows(run_dir, sets[name])]
    for row in reference_rows(every_set):
        rows.append({**row, "label": row["kind"].split()[0]})
    common = {"budget": budget_text(args), "seed": args.seed, "trainer_args": args.trainer_args,
              "generator_args": args.generator_args, "repo": cpu_model()}
    append_csv(Path(args.out) / "results.csv", [{**common, **row} for row in rows])
    print(table(rows, names), flush=True)
    print(f"\n{time.strftime('%Y-%m-%d')}, {cpu_model()}; appended to {Path(args.out) / 'results.csv'}", flush=True)


if __name__ == "__main__":
    main()
