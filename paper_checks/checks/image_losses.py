"""E5, E11 (Figures 5 and 11): ConOpt without BN against AltGA with BN, on how much the losses fluctuate and on the
final score. What a scale can judge: paper_checks/gating.py; the thresholds: paper_checks/scorer.py.
"""
from __future__ import annotations

import math

from numerics_of_gans.images.results import RunResult
from numerics_of_gans.stats import gap
from paper_checks.gating import figure_check
from paper_checks.image_results import scores, shown
from paper_checks.registry import Verdict
from paper_checks.scorer import Scorer

WELL_BELOW_RATIO = 0.5   # "well below": ConOpt's loss std less than this times AltGA's (_steadier)


def _loss_ratio(con: list[RunResult], alt: list[RunResult], key: str) -> tuple[bool, dict, str]:
    c, a = [r.loss_std(key, drift=True) for r in con], [r.loss_std(key, drift=True) for r in alt]
    info = {"conopt_std": shown(c), "altga_std": shown(a),
            "within_interval (reported)": {"conopt": shown([r.loss_std(key) for r in con]),
                                           "altga": shown([r.loss_std(key) for r in alt])}}
    if any(math.isinf(x) for x in c) or any(math.isnan(x) for x in c + a):
        return False, info, f"{key}: a ConOpt seed diverged or a run lacks second-half losses ({info})"
    a_ok = [x for x in a if math.isfinite(x)]      # a diverged AltGA seed fluctuates without bound
    if not a_ok:
        return True, info, f"{key}: every AltGA seed diverged (unbounded losses), ConOpt std {shown(c)}"
    diff, band = gap([math.log(max(x, 1e-12)) for x in c], [math.log(max(x, 1e-12)) for x in a_ok], 0.0)
    info.update(ratio=math.exp(diff), ratio_upper_2se=math.exp(diff + band))
    return (diff + band < math.log(WELL_BELOW_RATIO), info, f"{key} std over the second half, ConOpt/AltGA = "
            f"{math.exp(diff):.3g} (upper 2 SE {math.exp(diff + band):.3g}) < {WELL_BELOW_RATIO}")


def _steadier(results: list[RunResult], sc: Scorer, much_better: bool) -> Verdict:
    """E5: ConOpt's final score >= AltGA's - band; E11 (`much_better`): above it by more than max(much_better, 2 SE).
    Both: ConOpt's losses fluctuate well below AltGA's: its std of the D and of the G loss over the second half of
    the steps (every step's loss about their common mean, drift included: CLAIMS' "std of D and G losses over the
    second half") less than WELL_BELOW_RATIO times AltGA's, still below after adding 2 SE of the log-ratio over
    seeds. Figure 5 gives no numbers: 0.5 is this file's reading of "well below", chosen before the cpu runs. The
    within-interval std (drift excluded) is reported and decides nothing; it decided from 2026-11-23 to 2026-12-06,
    a change made after cpu ratios had been seen, since reverted (docs/images.md: "Criteria changed after results were
    seen")."""
    con, alt = ([r for r in results if r.run.method == m] for m in ("conopt", "altga"))
    measured, assertions = {"seeds": [r.run.seed for r in con]}, {}
    for key in ("d_loss", "g_loss"):
        ok, measured[f"{key}_second_half"], text = _loss_ratio(con, alt, key)
        assertions[text] = ok
    sc_con, sc_alt = scores(con), scores(alt)
    measured["final_score"] = {"name": con[0].final.get("score_name"), "conopt": sc_con, "altga": sc_alt}
    expected = {"loss_std_ratio_below": WELL_BELOW_RATIO, "band": "2 SE of the log-ratio over seeds"}
    if much_better:
        diff, band = gap(sc_con, sc_alt, sc.much_better)
        assertions[f"final {sc.short} ConOpt - AltGA = {diff:.2f} > {band:.2f}"] = diff > band
        expected["final_score_conopt_above_altga_by"] = f"max({sc.much_better:.2f}, 2 SE)"
    else:
        diff, band = gap(sc_con, sc_alt, sc.band)
        assertions[f"final {sc.short} ConOpt - AltGA = {diff:.2f} >= -{band:.2f}"] = diff >= -band
        expected["final_score_conopt_at_least"] = f"AltGA's - max({sc.band:.2f}, 2 SE)"
    return sc.judge(assertions, measured, expected)


@figure_check("E5", "fig05_dcgan3_losses_inception")
def dcgan3_losses(results: list[RunResult], sc: Scorer) -> Verdict:
    return _steadier(results, sc, much_better=False)


@figure_check("E11", "fig11_dcgan4_losses_inception")
def dcgan4_losses(results: list[RunResult], sc: Scorer) -> Verdict:
    return _steadier(results, sc, much_better=True)
