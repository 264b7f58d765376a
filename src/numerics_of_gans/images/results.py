"""Reading the result folder of one image run (results/<scale>/images/<run_id>/, written by images.train) for the
figures of Figures 4-14 and their claim checks. Plain json/pathlib: no TensorFlow."""
from __future__ import annotations

import json
from pathlib import Path


class RunMissing(FileNotFoundError):
    """A run's final.json or metrics.jsonl is not there (the run has not finished, or never ran)."""


def read_metrics(path: Path) -> list[dict]:
    """The evaluation lines of metrics.jsonl, in order."""
    return [json.loads(line) for line in Path(path).read_text().splitlines() if line.strip()]


def load_run(run_dir: Path, spec: dict | None = None) -> dict:
    """{"run_id", "spec", "final", "metrics", "samples"} of one run folder; `spec` is the Run.as_dict() that made it."""
    run_dir = Path(run_dir)
    final, metrics = run_dir / "final.json", run_dir / "metrics.jsonl"
    for path in (final, metrics):
        if not path.exists():
            raise RunMissing(f"{path} does not exist: run the training rule for {run_dir.name} first")
    return {"run_id": run_dir.name, "spec": spec or {}, "final": json.loads(final.read_text()),
            "metrics": read_metrics(metrics),
            "samples": [str(p) for p in sorted((run_dir / "samples").glob("step_*.png"))]}
