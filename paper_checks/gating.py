"""What a figure's runs can judge, for the E4-E14 checks (paper_checks/checks/image_*.py): `judged` gives a figure's
results with the `Scorer` they are judged with (paper_checks/scorer.py), or the skip verdict of a figure that cannot
judge its claim; `figure_check` registers a check that judges one figure's runs after it.

Inputs: the runs of a figure, `figure_runs(config images, "<figure stem>")` with the config the workflow ran with
(results/<scale>/config.json), each in results/<scale>/images/<run_id>/ (numerics_of_gans.images.train), and the
scorer's real-data calibration (results/<scale>/images/calibration.json). What a scale can judge is read from the
results, not from the scale's name:
- runs on tfds mock data, or shorter than the minimum (image_results.gate; smoke, rehearsal): `skip`, plumbing only;
- runs on the digits stand-in (cpu), scored by a stand-in classifier ("classifier score"): every claim, judged on
  the stand-in and labelled so (STANDIN_LABEL), against the paper-scale thresholds mapped onto the classifier's
  scale (`Scorer`), with bands over >= MIN_SEEDS_STANDIN seeds for every cell a verdict rests on; a figure in which
  nothing trains at this budget cannot judge its claim (`skip` with the measured best score);
- runs on cifar-10/celebA of the paper's length scored by the Inception network (paper): every claim, if the scorer
  reproduces the published real cifar-10 score (else `skip`); runs scored otherwise there are `skip` (wrong score).
  E10 is judged on FID to real celebA and on how much the samples keep changing (the authors computed no score for
  celebA); E12 and E13 state no finding: reproduced, then `skip`, never `pass`.
Every judged verdict carries the scorer's calibration (`scorer_calibration`) and what it was judged on (`judged_on`);
so does a stand-in figure's "nothing trains" skip, whose reason rests on the calibration.
Loading and final scores: numerics_of_gans/images/results.py; a set of runs' gate (`gate`) and calibration
records: paper_checks/image_results.py; the statistics over seeds: numerics_of_gans/stats.py.
"""
from __future__ import annotations

import functools
import statistics
from typing import Callable

from numerics_of_gans.images.results import RunResult, by_setting
from paper_checks.image_results import controls_failure, figure, gate, scores
from paper_checks.registry import CheckFn, Context, Verdict, check
from paper_checks.scorer import STANDIN_LABEL, Scorer, cell


def judged(ctx: Context, stem: str, calibrated: bool = True,
           figure_only: bool = False) -> tuple[list[RunResult], Scorer | None, Verdict | None]:
    """A figure's results, the Scorer they are judged with, or the skip verdict of a figure that cannot judge its
    claim: mock data, too short, wrongly scored or (`calibrated`) an uncalibrated Inception network; on the stand-in
    also a figure in which nothing trained at all at this budget (no cell's mean final score above a collapsed
    generator's by more than the ranking band: the precondition of every image claim), then cells with fewer than
    MIN_SEEDS_STANDIN seeds (neither for a `figure_only` claim, which judges no score). Before any of that, a
    stand-in must have passed its positive controls (results/<scale>/controls.json): else every claim is `skip`."""
    results = figure(ctx, stem)
    mode, skip = gate(results, ctx if calibrated else None)
    if skip:
        return results, None, skip
    if mode == "standin" and (why := controls_failure(ctx)):   # positive controls before any contrast
        return results, None, Verdict.skip(f"{STANDIN_LABEL}: {why}")
    sc = Scorer.of(ctx, mode)
    if sc.standin and not figure_only:
        by = {cell(g): g for g in by_setting(results)}
        means = {k: statistics.fmean(scores(g)) for k, g in by.items()}
        best = max(means, key=means.get)
        if means[best] <= sc.collapsed + sc.band:
            return results, None, sc.skip(
                f"nothing trains in this figure at this budget: the best cell, {best}, ends at a mean final "
                f"{sc.short} of {means[best]:.2f}, within {sc.band:.2f} of a collapsed generator's "
                f"{sc.collapsed:.2f}", {"mean_final_score": means, "scorer_calibration": sc.calibration})
        few = {k: len(g) for k, g in by.items() if len(g) < sc.min_seeds}
        if few:
            return results, None, sc.skip(f"too few seeds to form a band: {few} < {sc.min_seeds} per cell")
    return results, sc, None


def figure_check(claim_id: str, stem: str, calibrated: bool = True) -> Callable[[Callable], CheckFn]:
    """Register `body(results, scorer)` as the check of `claim_id` on figure `stem`'s runs: `judged` first, whose
    skip verdict is returned without running the body."""
    def register(body: Callable[[list[RunResult], Scorer], Verdict]) -> CheckFn:
        @functools.wraps(body)
        def run(ctx: Context) -> Verdict:
            results, sc, skip = judged(ctx, stem, calibrated)
            return skip if skip else body(results, sc)
        return check(claim_id)(run)
    return register
