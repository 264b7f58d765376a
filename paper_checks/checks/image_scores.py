"""E4, E6-E10 (Figures 4, 6-10): the final scores of a figure's cells (samples, architectures, smoothing, an extra
FC layer, objectives; celebA's ResNet judged on FID). What a scale can judge: paper_checks/gating.py; the thresholds
and training statuses: paper_checks/scorer.py.
"""
from __future__ import annotations

import math
import statistics

from numerics_of_gans.images.results import FAILED_SCORE, RunResult
from numerics_of_gans.stats import gap, lower
from paper_checks.gating import figure_check
from paper_checks.image_results import cells, gaps_text, scores, shown, table
from paper_checks.registry import Verdict
from paper_checks.scorer import FAILED, TRAINED, Scorer, cell, statuses

BN_ARCHS = ("dcgan3", "dcgan4")   # the architectures with batch normalization (docs/setup.md)
# CLAIMS E6: Figure 6's columns are the DC-GAN with BN, without BN, with constant filters, and constant filters with
# the JS objective; ConOpt must train the three without BN, each of which must be there.
FIG6_NO_BN = (("dcgan4_nobn", "standard"), ("dcgan4_nobn_cf", "standard"), ("dcgan4_nobn_cf", "js"))
E9_OBJECTIVES = ("standard", "js", "indicator")   # CLAIMS E9: ConOpt trains with each
# E10 (FID to real celebA): "A better than B" by more than 5 FID points. Source: none measured here; this file's
# floor for one seed per method (the paper's), chosen before any paper-scale run, well above the FID's own
# sampling error at 6400 samples; the 2 SE over seeds replace it when larger.
FID_RANK_BAND = 5.0
STANDIN_FID_FLOOR = 0.0       # the stand-in's FID band: the 2 SE over seeds alone (celeba_resnet)


@figure_check("E4", "fig04_samples")
def samples(results: list[RunResult], sc: Scorer) -> Verdict:
    cifar = [r for r in results if r.run.paper_dataset == "cifar10"]
    celeba = [r for r in results if r.run.paper_dataset == "celeb_a"]
    diverged = [r.run.run_id for r in results if r.diverged]
    status = statuses(sc, [cifar, celeba] if sc.standin else [cifar])
    assertions = {
        f"cifar-10 ConOpt trained (final {sc.short} {scores(cifar)}, mean - 2 SE {lower(scores(cifar)):.2f} >= "
        f"{sc.trained:.2f})": status[cell(cifar)] == TRAINED,
        f"no run diverged (diverged: {diverged})": not diverged,
    }
    if sc.standin:   # the stand-in scores celebA's stand-in too; at paper scale no IS claim is made for celebA
        assertions[f"celebA ConOpt trained (final {sc.short} {scores(celeba)}, mean - 2 SE "
                   f"{lower(scores(celeba)):.2f} >= {sc.trained:.2f})"] = status[cell(celeba)] == TRAINED
    return sc.judge(assertions, {"runs": table(cells(results, "paper_dataset", "arch", "method")),
                                 "diverged": diverged, "training": status},
                    {"cifar10_final_score_at_least": sc.trained,
                     "celeb_a": "trains without divergence" + (f" (final score >= {sc.trained:.2f})" if sc.standin
                                                               else " (its IS reported)")})


@figure_check("E6", "fig06_architecture_samples")
def architectures(results: list[RunResult], sc: Scorer) -> Verdict:
    by = cells(results, "arch", "objective", "method")
    missing = ["/".join(c) for c in FIG6_NO_BN if (*c, "conopt") not in by]
    con = [by[(*c, "conopt")] for c in FIG6_NO_BN if (*c, "conopt") in by]
    baselines = [g for k, g in by.items() if k[2] in ("simga", "altga")]
    status = statuses(sc, con + baselines)
    failing = [cell(g) for g in baselines if status[cell(g)] == FAILED]
    return sc.judge({
        f"every no-BN ConOpt cell of Figure 6 present {['/'.join(c) for c in FIG6_NO_BN]} (missing: {missing})":
            not missing,
        f"ConOpt trained on every no-BN architecture (final {sc.short} mean - 2 SE >= {sc.trained:.2f}): "
        f"{ {cell(g): round(lower(scores(g)), 2) for g in con} }": all(status[cell(g)] == TRAINED for g in con),
        f"SimGA/AltGA fail (mean final {sc.short} < {sc.trained:.2f}, diverged = {FAILED_SCORE}) on some: {failing}":
            bool(failing),
    }, {"cells": table(by), "simga_altga_failing": failing, "training": status},
        {"conopt_no_bn_final_score_at_least": sc.trained, "simga_or_altga_failing_cells_at_least": 1})


@figure_check("E7", "fig07_architecture_inception")
def smoothing(results: list[RunResult], sc: Scorer) -> Verdict:
    by = cells(results, "arch", "objective", "method")
    s = {k: (scores(by[(*k, "smoothing")]), scores(by[(*k, "conopt")])) for k in sorted({k[:2] for k in by})}
    bn = {k: gap(sm, co, sc.band) for k, (sm, co) in s.items() if k[0] in BN_ARCHS}       # smoothing - ConOpt
    nobn = {k: gap(co, sm, sc.band) for k, (sm, co) in s.items() if k[0] not in BN_ARCHS}  # ConOpt - smoothing
    worse = ["/".join(k) for k, (d, b) in nobn.items() if d > b]
    status = statuses(sc, [by[(*k, m)] for k in bn for m in ("smoothing", "conopt")])
    return sc.judge({
        f"with BN, ConOpt fails (mean final {sc.short} < {sc.trained:.2f}): "
        f"{ {'/'.join(k): statistics.fmean(s[k][1]) for k in bn} }":
            bool(bn) and all(status[cell(by[(*k, "conopt")])] == FAILED for k in bn),
        f"with BN, smoothing's final {sc.short} above ConOpt's ({gaps_text(bn)})":
            bool(bn) and all(d > b for d, b in bn.values()),
        f"with BN, smoothing trains (final {sc.short} mean - 2 SE >= {sc.trained:.2f})":
            bool(bn) and all(status[cell(by[(*k, "smoothing")])] == TRAINED for k in bn),
        f"without BN, smoothing below ConOpt in most cells ({gaps_text(nobn)})": len(worse) > len(nobn) / 2,
    }, {"cells": table(by), "smoothing_worse_than_conopt": worse, "training": status},
        {"ranking_band": f"max({sc.band:.2f}, 2 SE)", "smoothing_trains_bn_at_least": sc.trained,
         "conopt_bn_mean_below": sc.trained})


@figure_check("E8", "fig08_extra_fc_inception")
def extra_fc(results: list[RunResult], sc: Scorer) -> Verdict:
    by = cells(results, "arch", "objective", "method")
    cf = sorted({k[0] for k in by if k[1] == "standard"})    # conv4: constant filters + FC, standard objective
    con = {a: scores(by[(a, "standard", "conopt")]) for a in cf}
    gaps = {a: gap(con[a], scores(by[(a, "standard", "smoothing")]), sc.band) for a in cf}
    status = statuses(sc, [by[(a, "standard", "conopt")] for a in cf])
    return sc.judge({
        f"ConOpt succeeds (final {sc.short} mean - 2 SE >= {sc.trained:.2f}): {con}":
            bool(cf) and all(x == TRAINED for x in status.values()),
        f"ConOpt above smoothing by more than the band ({gaps_text(gaps)})":
            bool(cf) and all(d > b for d, b in gaps.values()),
    }, {"cells": table(by), "training": status},
        {"conopt_final_score_at_least": sc.trained, "conopt_minus_smoothing_above": f"max({sc.band:.2f}, 2 SE)"})


@figure_check("E9", "fig09_objective_samples")
def objectives(results: list[RunResult], sc: Scorer) -> Verdict:
    by = {k[0]: g for k, g in cells(results, "objective").items()}
    missing = [o for o in E9_OBJECTIVES if o not in by]
    low = {o: lower(scores(g)) for o, g in by.items()}
    diverged = [r.run.run_id for r in results if r.diverged]
    status = statuses(sc, list(by.values()))
    return sc.judge({
        f"every objective of the claim ran {list(E9_OBJECTIVES)} (missing: {missing})": not missing,
        f"ConOpt trained with every objective (final {sc.short} mean - 2 SE >= {sc.trained:.2f}): {low}":
            all(x == TRAINED for x in status.values()),
        f"no divergence (diverged: {diverged})": not diverged,
    }, {"cells": table(cells(results, "objective")), "training": status},
        {"objectives": list(E9_OBJECTIVES), "final_score_at_least": sc.trained, "diverged": []})


def _fid_gap(a: list[float], b: list[float], floor: float) -> tuple[float, float]:
    """gap() of two FID lists in which a diverged run's FID is infinite: the mean of a list with one is infinite,
    so it lies above the other by any band (both: undefined, no ranking). A missing FID (NaN) ranks nothing."""
    if any(math.isnan(x) for x in a + b):
        return math.nan, floor
    ia, ib = (any(math.isinf(x) for x in xs) for xs in (a, b))
    if ia or ib:
        return (math.inf if not ib else -math.inf if not ia else math.nan), floor
    return gap(a, b, floor)


@figure_check("E10", "fig10_celeba_resnet_samples", calibrated=False)   # judged on FID, not on the score
def celeba_resnet(results: list[RunResult], sc: Scorer) -> Verdict:
    """Figure 10's caption on FID to real data (the authors computed no score for celebA): SimGA worst, ConOpt
    best; AltGA's samples keep changing late in training more than ConOpt's; the score reported. On the stand-in
    (FID of the stand-in classifier's features to real digits) ConOpt must also have trained, as in E4. That FID's
    scale has no published anchor to map the 5 points of FID_RANK_BAND onto, so its band is the 2 SE over seeds
    alone (STANDIN_FID_FLOOR 0, set 2026-12-06, before any stand-in FID was judged)."""
    by = {k[0]: g for k, g in cells(results, "method").items()}
    s = {m: scores(g) for m, g in by.items()}
    change = {m: [r.sample_change() for r in g] for m, g in by.items()}
    fid = {m: [r.final_fid() for r in g] for m, g in by.items()}
    floor = STANDIN_FID_FLOOR if sc.standin else FID_RANK_BAND
    missing = [m for m, xs in fid.items() if any(math.isnan(x) for x in xs)]
    worst = {f"simga - {m}": _fid_gap(fid["simga"], fid[m], floor) for m in ("altga", "conopt")}
    best = _fid_gap(fid["altga"], fid["conopt"], floor)
    con, alt = statistics.fmean(change["conopt"]), statistics.fmean(change["altga"])
    assertions = {
        f"every run recorded FID (missing: {missing})": not missing,
        f"SimGA's final FID the worst ({gaps_text(worst)})": all(d > b for d, b in worst.values()),
        f"ConOpt's final FID the best (altga - conopt: {best[0]:.2f} vs band {best[1]:.2f})": best[0] > best[1],
        f"AltGA's samples keep changing late in training more than ConOpt's (mean change {alt:.4f} vs {con:.4f})":
            con < alt,
    }
    measured = {"final_fid": {m: shown(x) for m, x in fid.items()}, f"final_{sc.short} (reported)": s,
                "late_sample_change": {m: shown(x) for m, x in change.items()},
                "diverged": {m: [r.diverged for r in g] for m, g in by.items()}}
    if sc.standin:
        measured["training"] = statuses(sc, [by["conopt"]])
        assertions[f"ConOpt trained (final {sc.short} {s['conopt']}, mean - 2 SE {lower(s['conopt']):.2f} >= "
                   f"{sc.trained:.2f})"] = measured["training"][cell(by["conopt"])] == TRAINED
    return sc.judge(assertions, measured, {"fid_ranking_band": f"max({floor:g}, 2 SE); a diverged run's FID is "
                                           "infinite", "late_sample_change": "AltGA above ConOpt",
                                           **({"conopt_final_score_at_least": sc.trained} if sc.standin else {})})
