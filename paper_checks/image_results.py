"""The image runs' results for the E4-E14 checks (paper_checks/checks/image_*.py): the runs of a figure (read by
numerics_of_gans.images.results, the loader the figures use too; only if they finished with the settings the config
asks for), what a set of runs can judge (`gate`), the scorer's calibration (the Inception network's against the
published real cifar-10 score; the stand-in classifier's real and one-class scores), and whether a stand-in passed
its positive controls (`controls_failure`, from results/<scale>/controls.json: paper_checks/controls.py); and how a
verdict shows its cells, loss stds and gaps.
"""
from __future__ import annotations

import math

from numerics_of_gans.images import results as run_results
from numerics_of_gans.images.results import RunResult
from numerics_of_gans.images.runs import Run, figure_runs
from paper_checks.registry import Context, MissingResult, Verdict

STANDIN_MIN_STEPS = 2000      # cpu scale (config/scales/cpu.yaml): at 16x16 ConOpt on the no-BN DC-GAN scores 6.3 by then
PAPER_MIN_STEPS = 150_000     # the paper's runs: 150000 steps (celebA ConOpt 1.5M; original code, docs/setup.md)


def load(ctx: Context, run: Run) -> RunResult:
    """One run's results (images/results.py); MissingResult when absent, unfinished or made with other settings."""
    try:
        return run_results.load(ctx.results / "images" / run.run_id, run)
    except run_results.RunMissing as exc:
        raise MissingResult(str(exc)) from None


def figure(ctx: Context, stem: str) -> list[RunResult]:
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


STAND_IN_RECORD = "images/classifier.json"    # the stand-in classifier's record (rule image_classifier)


def standin_calibration(ctx: Context) -> dict:
    """The stand-in classifier's score of real digits and of real digits of one class only (a generator collapsed
    onto one mode), at the evaluation's sample count: the two ends its runs' final scores are read between."""
    record = ctx.json(STAND_IN_RECORD)
    if "calibration" not in record:
        raise MissingResult(f"{ctx.results / STAND_IN_RECORD} has no calibration: rerun the image_classifier rule")
    return {"scorer": "stand-in classifier", "dataset": record.get("dataset"),
            "holdout_accuracy": record.get("holdout_accuracy"), **record["calibration"]}


CONTROLS_FILE = "controls.json"   # the positive controls' record (rule image_controls, paper_checks/controls.py)
NO_CONTROLS = "no positive controls configured at this scale (config images.controls)"


def controls_failure(ctx: Context) -> str | None:
    """Why the image claims of this scale cannot rest on its stand-in (positive controls): None when its controls
    passed, or at a scale that judges on the real data and the Inception network and configures none; the failed
    controls with their numbers; NO_CONTROLS at a stand-in scale that configures none. MissingResult when the
    scale configures controls and results/<scale>/controls.json is absent."""
    images = ctx.config["images"]
    if not images.get("controls"):   # .get: a config.json recorded before controls existed has none
        standin = images.get("classifier") == "stand-in" or any(v != k for k, v in images["datasets"].items())
        return NO_CONTROLS if standin else None
    record = ctx.json(CONTROLS_FILE)
    if record["passed"]:
        return None
    return "the stand-in failed its controls: " + "; ".join(record["failed"])


def gate(results: list[RunResult], ctx: Context | None = None) -> tuple[str | None, Verdict | None]:
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


def cells(results: list[RunResult], *fields: str) -> dict[tuple, list[RunResult]]:
    """The cells of `results` (images.results.by_setting) keyed by the fields a figure varies; two cells under one
    key (the runs differ in a field not named) are an error, not a silent merge."""
    out: dict[tuple, list[RunResult]] = {}
    for group in run_results.by_setting(results):
        key = tuple(getattr(group[0].run, f) for f in fields)
        if key in out:
            raise ValueError(f"cells by {fields}: {out[key][0].run.setting_id} and {group[0].run.setting_id} differ "
                             f"in a field not among them")
        out[key] = group
    return out


def scores(group: list[RunResult]) -> list[float]:
    return [r.final_score() for r in group]


def table(by: dict[tuple, list[RunResult]]) -> dict:
    return {"/".join(map(str, k)): {"final_score": scores(g), "diverged": [r.diverged for r in g]}
            for k, g in by.items()}


def shown(xs) -> list:
    """Loss stds (or FIDs, sample changes) for claims.json (strict JSON): a diverged run's infinite value as
    "diverged"."""
    return [x if math.isfinite(x) else "diverged" if math.isinf(x) else None for x in xs]


def gaps_text(gaps: dict) -> str:
    """The (difference, band) of each key, for an assertion's text."""
    return ", ".join(f"{'/'.join(map(str, k)) if isinstance(k, tuple) else k}: {d:.2f} vs band {b:.2f}"
                     for k, (d, b) in gaps.items())
