"""E12-E14 (Figures 12-14): the learning-rate and gamma sweeps ran at every grid value the claims require, and every
run is accounted for; E12 and E13 state no finding (reproduced, then `skip`), E14 also that the largest gamma ends
below the best. What a scale can judge: paper_checks/gating.py; the thresholds: paper_checks/scorer.py.
"""
from __future__ import annotations

import math
import statistics

from numerics_of_gans.images.results import RunResult
from numerics_of_gans.images.runs import figure_runs
from numerics_of_gans.stats import gap
from paper_checks.gating import judged
from paper_checks.image_results import cells, gaps_text, scores
from paper_checks.registry import Context, Verdict, check

NO_FINDING = "the paper states no finding for this figure"   # E12, E13 (captions: "Effect of the learning rate")
LR_REQUIRED, MIN_LR_VALUES = (1e-4, 2e-4), 4      # claims.yaml E12: >= 4 learning rates incl. 1e-4 and 2e-4
GAMMA_SPAN = (0.01, 100.0)    # claims.yaml E14: the gamma grid spans at least 0.01 to 100
E13_GAMMA = {"dcgan3_nobn": 0.1, "dcgan4_nobn": 10.0}   # Figure 13 caption: gamma 0.1 on 3 conv, 10 on 4 conv layers
E14_LR = 2e-4                 # Figure 14 caption


def _accounting(r: RunResult) -> str | None:
    """Why a run's record is not a clean result (None if it is): a completed run reached its last step with
    finite losses and an inception score at every evaluation; a diverged run says where and why."""
    if r.diverged:
        return None if r.final.get("cause") else "diverged without a cause"
    last = r.metrics[-1]["step"] if r.metrics else None
    if r.final.get("step") != r.run.steps or last != r.run.steps:
        return f"completed at step {r.final.get('step')} with its last evaluation at {last}, not {r.run.steps}"
    vals = [m[k]["mean"] for m in r.metrics for k in ("d_loss", "g_loss")] + [m.get("score") for m in r.metrics]
    clean = all(isinstance(v, (int, float)) and math.isfinite(v) for v in vals)
    return None if clean else "non-finite loss or no score at an evaluation"


def _sweep(ctx: Context, stem: str, axis: str, grid_rules, no_finding: bool = False) -> Verdict:
    """`grid_rules(results, grids, cells, scorer)`: the figure's named requirements; grids: arch -> sorted axis
    values, cells: (arch, value) -> results. `no_finding` (E12, E13): the paper states none, so a sweep that holds is
    `skip` with that reason, never `pass` (a figure only: no precondition, no seeds needed on the stand-in); one that
    does not hold (grid short, runs unaccounted for) fails."""
    results, sc, skip = judged(ctx, stem, figure_only=no_finding)
    if skip:
        return skip
    problems = {r.run.run_id: p for r in results if (p := _accounting(r))}
    by = cells(results, "arch", axis)
    grids: dict[str, list] = {}
    for arch, value in sorted(by):
        grids.setdefault(arch, []).append(value)
    assertions = {**grid_rules(results, grids, by, sc),
                  f"every run completed or diverged with a cause, with its curve (problems: {problems})": not problems}
    best = {a: max(vs, key=lambda v, a=a: statistics.fmean(scores(by[(a, v)]))) for a, vs in grids.items()}
    measured = {"grid": grids, "final_score": {f"{a}/{axis}={v:g}": scores(g) for (a, v), g in by.items()},
                "best_by_final_score": best, "diverged": [r.run.run_id for r in results if r.diverged],
                "problems": problems}
    verdict = sc.judge(assertions, measured, {"grid": "claims.yaml E12-E14 requirements", "runs": "all accounted for"})
    if no_finding and verdict.status == "pass":   # reproduced, and nothing in the paper to judge it against
        held = verdict.reason.split("held: ", 1)[1]
        return sc.skip(f"{NO_FINDING}; reproduced: {held}", verdict.measured)
    return verdict


def _lr_scale(ctx: Context) -> float:
    """config images.lr_scale: every image run's learning rate is the paper's times this (a stand-in's pilot)."""
    return ctx.config["images"].get("lr_scale", 1)


def _lr_grid_ok(values, k: float) -> bool:
    return len(set(values)) >= MIN_LR_VALUES and all(any(math.isclose(v, k * x) for v in values) for x in LR_REQUIRED)


@check("E12")
def altga_lr(ctx: Context) -> Verdict:
    k = _lr_scale(ctx)
    return _sweep(ctx, "fig12_altga_learning_rate", "lr", lambda results, g, by, sc: {
        f"each learning-rate grid {g} has >= {MIN_LR_VALUES} values incl. {LR_REQUIRED} (x lr_scale {k:g})":
            bool(g) and all(_lr_grid_ok(v, k) for v in g.values())}, no_finding=True)


@check("E13")
def conopt_lr(ctx: Context) -> Verdict:
    fig12 = sorted({r.lr for r in figure_runs(ctx.config["images"], "fig12_altga_learning_rate")})

    def rules(results, g, by, sc):
        gammas = sorted({(r.run.arch, r.run.gamma) for r in results})
        return {f"both architectures {sorted(E13_GAMMA)} swept over Figure 12's grid {fig12}: {g}":
                set(g) == set(E13_GAMMA) and all(v == fig12 for v in g.values()) and _lr_grid_ok(fig12, _lr_scale(ctx)),
                f"gamma per architecture as in the caption {E13_GAMMA}: {gammas}": gammas == sorted(E13_GAMMA.items())}
    return _sweep(ctx, "fig13_conopt_learning_rate", "lr", rules, no_finding=True)


@check("E14")
def conopt_gamma(ctx: Context) -> Verdict:
    k = _lr_scale(ctx)

    def rules(results, g, by, sc):
        lrs = sorted({r.run.lr for r in results})
        # Section 6: "if the regularization parameter is chosen to be high ... this may lead to poor solutions"
        poor = {}
        for arch, gammas in g.items():
            best = max(gammas, key=lambda v, a=arch: statistics.fmean(scores(by[(a, v)])))
            poor[f"{arch}: best gamma {best:g} - largest {max(gammas):g}"] = gap(
                scores(by[(arch, best)]), scores(by[(arch, max(gammas))]), sc.band)
        return {f"each gamma grid {g} spans {GAMMA_SPAN[0]} to {GAMMA_SPAN[1]}":
                bool(g) and all(min(v) <= GAMMA_SPAN[0] and max(v) >= GAMMA_SPAN[1] for v in g.values()),
                f"learning rate {E14_LR} (x lr_scale {k:g}) throughout: {lrs}": all(math.isclose(x, k * E14_LR)
                                                                                    for x in lrs),
                f"the largest gamma's final {sc.short} below the best gamma's ({gaps_text(poor)})":
                    bool(poor) and all(d > b for d, b in poor.values())}
    return _sweep(ctx, "fig14_conopt_gamma", "gamma", rules)
