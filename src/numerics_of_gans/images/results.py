"""One image run's results (results/<scale>/images/<run_id>/, written by images.train), read once for both the
figures of Figures 4-14 and their claim checks (paper_checks/image_results.py). Plain json/pathlib: no TensorFlow.

A diverged run (final.json status "diverged") is a result: its final score is FAILED_SCORE and its losses count as
unbounded. "Final score" is the mean score of the evaluations in the last FINAL_FRACTION of the run's steps.
"""
from __future__ import annotations

import json
import math
import statistics
from dataclasses import dataclass
from pathlib import Path

from numerics_of_gans.images.runs import Run
from numerics_of_gans.names import CONSENSUS

FINAL_FRACTION = 0.1          # final score: mean over the evaluations in the last 10% of the steps
FAILED_SCORE = 1.0            # a diverged run's score: the lowest an inception/classifier score can be (exp(0))
# what a run folder must have been trained with to stand for a Run (its run_id names these)
_IDENTITY = ("dataset", "arch", "objective", "method", "lr", "steps", "seed", "size")


class RunMissing(FileNotFoundError):
    """A run's results are not usable: final.json or metrics.jsonl is absent, the run did not finish, or it was
    trained with other settings than the run asks for."""


def read_metrics(path: Path) -> list[dict]:
    """The evaluation lines of metrics.jsonl, in order."""
    return [json.loads(line) for line in Path(path).read_text().splitlines() if line.strip()]


@dataclass
class RunResult:
    run: Run
    final: dict
    metrics: list
    folder: Path | None = None    # the run folder (its sample grids), None for results built in memory

    @property
    def diverged(self) -> bool:
        return self.final["status"] == "diverged"

    @property
    def samples(self) -> list[str]:
        """The sample grids (one per evaluation), in step order."""
        return [str(p) for p in sorted((self.folder / "samples").glob("step_*.png"))] if self.folder else []

    def scores(self) -> list[tuple[int, float]]:
        return [(m["step"], float(m["score"])) for m in self.metrics if m.get("score") is not None]

    def final_score(self) -> float:
        if self.diverged:
            return FAILED_SCORE
        pts = self.scores()
        late = [s for step, s in pts if step >= (1 - FINAL_FRACTION) * self.run.steps] or [s for _, s in pts[-1:]]
        return statistics.fmean(late) if late else math.nan

    def final_fid(self) -> float:
        """Mean FID over the evaluations in the last FINAL_FRACTION of the steps; infinite for a diverged run."""
        if self.diverged:
            return math.inf
        pts = [(m["step"], float(m["fid"])) for m in self.metrics if m.get("fid") is not None]
        late = [f for step, f in pts if step >= (1 - FINAL_FRACTION) * self.run.steps] or [f for _, f in pts[-1:]]
        return statistics.fmean(late) if late else math.nan

    def sample_change(self) -> float:
        """How much the samples keep changing late in training (Figure 10's "results keep changing"): the mean
        absolute pixel difference (0-1) between consecutive sample grids of the fixed latent batch over the second
        half of the steps; NaN without two such grids, infinite for a diverged run."""
        if self.diverged:
            return math.inf
        import matplotlib.image as mpimg
        late = [g for g in self.samples if int(Path(g).stem.split("_")[1]) >= self.run.steps / 2]
        if len(late) < 2:
            return math.nan
        images = [mpimg.imread(g)[..., :3] for g in late]
        return statistics.fmean(float(abs(a - b).mean()) for a, b in zip(images, images[1:]))

    def loss_std(self, key: str, drift: bool = False) -> float:
        """How much the per-step loss fluctuates over the second half of the steps, from the evaluation intervals'
        (count, mean, std): the root mean square of the within-interval stds (step-to-step fluctuation around the
        interval's mean), or with `drift` the pooled std of all those steps, which also counts the movement of the
        interval means (a run still improving drifts). Infinite for a diverged run."""
        if self.diverged:
            return math.inf
        parts, prev = [], 0
        for m in self.metrics:
            if prev >= self.run.steps / 2:
                parts.append((m["step"] - prev, m[key]["mean"], m[key]["std"]))
            prev = m["step"]
        n = sum(p[0] for p in parts)
        if not n:
            return math.nan
        sum_sq = sum(c * sd ** 2 for c, _, sd in parts)
        if drift:
            mean = sum(c * mu for c, mu, _ in parts) / n
            sum_sq += sum(c * (mu - mean) ** 2 for c, mu, _ in parts)
        return math.sqrt(sum_sq / n)


def by_setting(results: list[RunResult]) -> list[list[RunResult]]:
    """The runs grouped into cells, the runs that differ only in their seed (`Run.setting_id`), first appearance
    first, each sorted by seed: the one grouping of the image figures (plots/image_layouts.py) and their verdicts
    (paper_checks), so that a figure and its verdict cannot group runs differently."""
    groups: dict[str, list[RunResult]] = {}
    for r in results:
        groups.setdefault(r.run.setting_id, []).append(r)
    return [sorted(g, key=lambda r: r.run.seed) for g in groups.values()]


def _same(want, got) -> bool:
    return want == got or (isinstance(want, float) and isinstance(got, (int, float)) and math.isclose(want, got))


def load(folder: Path, run: Run) -> RunResult:
    """final.json + metrics.jsonl of the run folder of `run`; RunMissing when absent, unfinished or trained with
    other settings."""
    folder = Path(folder)
    for name in ("final.json", "metrics.jsonl"):
        if not (folder / name).exists():
            raise RunMissing(f"{folder / name} does not exist: run the workflow's image_train rule for {run.run_id}")
    final = json.loads((folder / "final.json").read_text())
    if final.get("status") not in ("completed", "diverged"):
        raise RunMissing(f"{folder}/final.json has status {final.get('status')!r}: the run did not finish")
    identity = _IDENTITY + ("gamma",) * (run.method in CONSENSUS)
    bad = [k for k in identity if not _same(getattr(run, k), final.get("settings", {}).get(k))]
    if bad:
        raise RunMissing(f"{folder}/final.json was made with other settings ({', '.join(bad)}): rerun it")
    return RunResult(run, final, read_metrics(folder / "metrics.jsonl"), folder)
