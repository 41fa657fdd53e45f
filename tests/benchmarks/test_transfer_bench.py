"""The transfer benchmark's summary: a run judged by its mean over checkpoints, references left out."""

from __future__ import annotations

from benchmarks.transfer_bench import summarize


def test_the_summary_gives_each_runs_mean_and_best_iou_per_set() -> None:
    rows = [{"label": "a", "kind": "model", "set": "ecssd", "iou": iou} for iou in ("0.2", "0.4", "0.6")]
    rows += [{"label": "a", "kind": "model", "set": "portraits", "iou": "0.5"},
             {"label": "a", "kind": "ellipse 0.30x0.30", "set": "ecssd", "iou": "0.9"}]
    lines = summarize(rows).splitlines()
    assert len(lines) == 3
    assert lines[1].split() == ["a", "ecssd", "0.400", "0.600", "3"]
    assert lines[2].split() == ["a", "portraits", "0.500", "0.500", "1"]
