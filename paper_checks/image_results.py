"""The image runs' results for the E4-E14 checks (paper_checks/checks/images.py): loading a run's final.json and
metrics.jsonl (only if it finished with the settings the config asks for), what a set of runs can judge (`gate`),
and the statistics over seeds (mean - 2 SE, differences with a band).

A diverged run (final.json status "diverged") is a result: its final score is FAILED_SCORE and its losses count as
unbounded. "Final score" is the mean score of the evaluations in the last FINAL_FRACTION of the run's steps.
"""
from __future__ import annotations

import json
import math
import statistics
from dataclasses import dataclass
from pathlib import Path

from numerics_of_gans.images.runs import Run, figure_runs
from numerics_of_gans.names import CONSENSUS
from paper_checks.registry import Context, MissingResult, Verdict

STANDIN_MIN_STEPS = 3000      # cpu scale's budget (config/scales/cpu.yaml), at which the stand-in was calibrated
PAPER_MIN_STEPS = 150_000     # the paper's runs: 150000 steps (celebA ConOpt 1.5M; original code, SETUP.md)
FINAL_FRACTION = 0.1          # final score: mean over the evaluations in the last 10% of the steps
FAILED_SCORE = 1.0            # a diverged run's score: the lowest an inception/classifier score can be (exp(0))
STANDIN_REASON = ("the cpu scale trains the digits stand-in and scores it with a stand-in classifier ('classifier "
                  "score'), which cannot judge an inception-score claim; judged at paper scale")


@dataclass
class Result:
    run: Run
    final: dict
    metrics: list
    folder: Path | None = None    # the run folder (its sample grids), None for results built in memory

    @property
    def diverged(self) -> bool:
        return self.final["status"] == "diverged"

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
        grids = sorted((self.folder / "samples").glob("step_*.png")) if self.folder else []
        late = [g for g in grids if int(g.stem.split("_")[1]) >= self.run.steps / 2]
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


def _same(want, got) -> bool:
    return want == got or (isinstance(want, float) and isinstance(got, (int, float)) and math.isclose(want, got))


def load(ctx: Context, run: Run) -> Result:
    """final.json + metrics.jsonl of one run; MissingResult when absent, unfinished or made with other settings."""
    base = ctx.results / "images" / run.run_id
    for name in ("final.json", "metrics.jsonl"):
        if not (base / name).exists():
            raise MissingResult(f"{base / name} does not exist: run the image rules for scale {ctx.scale}")
    final = json.loads((base / "final.json").read_text())
    if final.get("status") not in ("completed", "diverged"):
        raise MissingResult(f"{base}/final.json has status {final.get('status')!r}: the run did not finish")
    fields = ["dataset", "arch", "objective", "method", "lr", "steps", "seed"] + ["gamma"] * (run.method in CONSENSUS)
    bad = [k for k in fields if not _same(getattr(run, k), final.get("settings", {}).get(k))]
    if bad:
        raise MissingResult(f"{base}/final.json was made with other settings ({', '.join(bad)}): rerun it")
    metrics = [json.loads(ln) for ln in (base / "metrics.jsonl").read_text().splitlines() if ln.strip()]
    return Result(run, final, metrics, base)


def figure(ctx: Context, stem: str) -> list[Result]:
    return [load(ctx, run) for run in figure_runs(ctx.config["images"], stem)]


# The scorer's real-data calibration (rule calibrate_scorer): Salimans et al. (2016, "Improved techniques for training
# GANs", Table 2) report 11.24 +- 0.12 (std over 10 splits) for the 50000 real cifar-10 training images, with the 2015
# Inception graph and the code this paper's authors used. Accepted: within 0.5 of it, about 4 times that split std;
# another Inception network or preprocessing moves the same images' score by more than 1 (Barratt and Sharma 2018,
# "A note on the inception score": 9.7 with torchvision's Inception-v3). Not measured here (no network, no GPU).
PUBLISHED_REAL_SCORE = {"samples": 50000, "splits": 10, "score": 11.24, "std": 0.12,
                        "source": "Salimans et al. 2016, Table 2 (real cifar-10 training images)"}
CALIBRATION_BAND = 0.5
CALIBRATION_FILE = "images/calibration.json"


def calibration(ctx: Context) -> tuple[dict, str | None]:
    """The scorer's calibration as the checks report it, and why inception-score verdicts cannot be judged (None
    when the scorer reproduces the published real-data score within CALIBRATION_BAND)."""
    record = ctx.json(CALIBRATION_FILE)
    got = record["scores"].get(str(PUBLISHED_REAL_SCORE["samples"]))
    summary = {"scorer": record.get("scorer"), "dataset": record.get("dataset"), "scores": record["scores"],
               "published": PUBLISHED_REAL_SCORE, "accepted_within": CALIBRATION_BAND}
    if got is None or record.get("splits") != PUBLISHED_REAL_SCORE["splits"]:
        return summary, (f"the scorer was not calibrated on {PUBLISHED_REAL_SCORE['samples']} real images in "
                         f"{PUBLISHED_REAL_SCORE['splits']} splits (config images.calibration)")
    if abs(got["score"] - PUBLISHED_REAL_SCORE["score"]) > CALIBRATION_BAND:
        return summary, (f"the scorer does not reproduce the published real-data score: real cifar-10 scores "
                         f"{got['score']:.2f}, published {PUBLISHED_REAL_SCORE['score']} (accepted within "
                         f"{CALIBRATION_BAND})")
    return summary, None


def gate(results: list[Result], ctx: Context | None = None) -> tuple[str | None, Verdict | None]:
    """("standin" | "paper", None), or (None, a skip verdict) when these results cannot judge an image claim. Given
    `ctx`, a paper-scale inception-score verdict also needs the scorer's calibration to hold."""
    mock = [r.run.run_id for r in results if r.run.mock or r.final["settings"].get("mock")]
    if mock:
        return None, Verdict.skip(f"{len(mock)} of {len(results)} runs trained on tfds mock data (smoke, rehearsal): "
                                  "plumbing only")
    standin = any(r.run.dataset != r.run.paper_dataset for r in results)
    steps, need = min(r.run.steps for r in results), STANDIN_MIN_STEPS if standin else PAPER_MIN_STEPS
    if steps < need:
        return None, Verdict.skip(f"too few steps to judge: runs of {steps} < {need} steps")
    if standin:
        return "standin", None
    names = sorted({str(r.final.get("score_name")) for r in results})
    if names != ["inception score"]:
        return None, Verdict.skip(f"wrong score: the runs are scored by {names}; the paper's claims need the "
                                  "inception score")
    if ctx is not None and (why := calibration(ctx)[1]):
        return None, Verdict.skip(why)
    return "paper", None


def paper_only(ctx: Context, stem: str) -> tuple[list[Result], Verdict | None]:
    """A figure's results and, unless they are paper-scale runs, the skip verdict of a claim only the paper can judge."""
    results = figure(ctx, stem)
    mode, skip = gate(results, ctx)
    return results, skip or (Verdict.skip(STANDIN_REASON) if mode == "standin" else None)


def cells(results: list[Result], *fields: str) -> dict[tuple, list[Result]]:
    out: dict[tuple, list[Result]] = {}
    for r in results:
        out.setdefault(tuple(getattr(r.run, f) for f in fields), []).append(r)
    return out


def scores(group: list[Result]) -> list[float]:
    return [r.final_score() for r in group]


def table(by: dict[tuple, list[Result]]) -> dict:
    return {"/".join(map(str, k)): {"final_score": scores(g), "diverged": [r.diverged for r in g]}
            for k, g in by.items()}
