"""E4-E14 (Figures 4-14): the image experiments, judged per scale from each run's final.json and metrics.jsonl.

Inputs: the runs of a figure, `figure_runs(config images, "<figure stem>")`, each in results/<scale>/images/<run_id>/
(numerics_of_gans.images.train). What a scale can judge is read from the results, not from the scale's name:
- runs on tfds mock data, or shorter than the minimum below (smoke): `skip`, plumbing only;
- runs on the digits stand-in (cpu), scored by a stand-in classifier ("classifier score"): only the qualitative
  claims E5 (loss fluctuation) and E10 (SimGA worst), with bands over >= MIN_SEEDS_STANDIN seeds; every other claim
  `skip`, since a classifier score cannot judge an inception-score claim;
- runs on cifar-10/celebA of the paper's length scored by the Inception network (paper): every claim. Runs scored
  otherwise there are `skip` (wrong score).
A diverged run (final.json status "diverged") is a result: its final score is FAILED_SCORE and its losses count as
unbounded. "Final score" is the mean score of the evaluations in the last FINAL_FRACTION of the run's steps.

The paper prints no inception-score values (they are only in the plots of Figures 5, 7, 8, 11-14), so the absolute
thresholds are this file's, each with its reasoning. With several seeds of a setting, a threshold applies to the
seeds' mean minus 2 standard errors, and a difference must also exceed 2 SE of the difference of the means.
"""
from __future__ import annotations

import functools
import json
import math
import statistics
from dataclasses import dataclass

from numerics_of_gans import config as nog_config
from numerics_of_gans.images.runs import CONSENSUS, Run, figure_runs
from paper_checks.registry import Context, MissingResult, Verdict, check

STANDIN_MIN_STEPS = 3000      # cpu scale's budget (config/scales/cpu.yaml), at which the stand-in was calibrated
PAPER_MIN_STEPS = 150_000     # the paper's runs: 150000 steps (celebA ConOpt 1.5M; original code, SETUP.md)
MIN_SEEDS_STANDIN = 3         # a band over seeds needs >= 3 of them (as E3); cpu gives 3 for Figures 5 and 10
FINAL_FRACTION = 0.1          # final score: mean over the evaluations in the last 10% of the steps
FAILED_SCORE = 1.0            # a diverged run's score: the lowest an inception/classifier score can be (exp(0))
BN_ARCHS = ("dcgan3", "dcgan4")   # the architectures with batch normalization (SETUP.md)
# E5/E11: "well below" = ConOpt's std of the loss over the second half less than half of AltGA's, for D and G, and
# still below after adding 2 SE of the log-ratio over seeds. Measured at cpu (seed 1 ConOpt vs seed 0 AltGA, the
# pair present on 2026-11-23): ratio 0.13 (D) and 0.35 (G); the paper's Figure 5 gives no numbers.
WELL_BELOW_RATIO = 0.5
# A trained cifar-10 model: final IS >= 5. Real cifar-10 scores 11.24 (Salimans et al. 2016); DC-GANs are commonly
# reported near 6-6.5; a collapsed or noise generator scores about 1-3. 5 lies between, below the DC-GAN level.
IS_TRAINED = 5.0
IS_RANK_BAND = 0.5            # "A better than B" on final IS: by more than 0.5 (about 10% of a trained model's IS;
#                               meant to cover the seed noise of the single-seed paper runs, which nothing measured)
IS_MUCH_BETTER = 1.0          # E11 "much better end results": by more than twice the ranking band
STANDIN_SCORE_BAND = 0.5      # classifier score (1-10; real digits 9.8, a collapsed generator 1-2): ranking floor
LR_REQUIRED, MIN_LR_VALUES = (1e-4, 2e-4), 4      # CLAIMS.md E12: >= 4 learning rates incl. 1e-4 and 2e-4
GAMMA_SPAN = (0.01, 100.0)    # CLAIMS.md E14: the gamma grid spans at least 0.01 to 100
E13_GAMMA = {"dcgan3_nobn": 0.1, "dcgan4_nobn": 10.0}   # Figure 13 caption: gamma 0.1 on 3 conv, 10 on 4 conv layers
E14_LR = 2e-4                 # Figure 14 caption
STANDIN_REASON = ("the cpu scale trains the digits stand-in and scores it with a stand-in classifier ('classifier "
                  "score'), which cannot judge an inception-score claim; judged at paper scale")


@dataclass
class Result:
    run: Run
    final: dict
    metrics: list

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

    def loss_std(self, key: str) -> float:
        """Std of the per-step loss over the second half of the steps, pooled exactly from the evaluation
        intervals' (count, mean, std); infinite for a diverged run."""
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
        mean = sum(c * mu for c, mu, _ in parts) / n
        return math.sqrt(sum(c * (sd ** 2 + (mu - mean) ** 2) for c, mu, sd in parts) / n)


@functools.lru_cache(maxsize=None)
def images_config(scale: str) -> dict:
    """Config `images` of a scale (cached: every check of a run reads it; nothing mutates it)."""
    return nog_config.resolve({"scale": scale})["images"]


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
    return Result(run, final, metrics)


def figure(ctx: Context, stem: str) -> list[Result]:
    return [load(ctx, run) for run in figure_runs(images_config(ctx.scale), stem)]


def gate(results: list[Result]) -> tuple[str | None, Verdict | None]:
    """("standin" | "paper", None), or (None, a skip verdict) when these results cannot judge an image claim."""
    mock = [r.run.run_id for r in results if r.run.mock or r.final["settings"].get("mock")]
    if mock:
        return None, Verdict.skip(f"{len(mock)} of {len(results)} runs trained on tfds mock data: plumbing only")
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
    return "paper", None


def _paper_only(ctx: Context, stem: str) -> tuple[list[Result], Verdict | None]:
    results = figure(ctx, stem)
    mode, skip = gate(results)
    return results, skip or (Verdict.skip(STANDIN_REASON) if mode == "standin" else None)


def cells(results: list[Result], *fields: str) -> dict[tuple, list[Result]]:
    out: dict[tuple, list[Result]] = {}
    for r in results:
        out.setdefault(tuple(getattr(r.run, f) for f in fields), []).append(r)
    return out


def _se(xs) -> float:
    return statistics.stdev(xs) / math.sqrt(len(xs)) if len(xs) > 1 else 0.0


def lower(xs) -> float:
    """Mean minus 2 SE over seeds (the value itself for one seed)."""
    return statistics.fmean(xs) - 2 * _se(xs)


def gap(a, b, floor: float) -> tuple[float, float]:
    """mean(a) - mean(b) and its band: max(floor, 2 SE of the difference over seeds)."""
    return statistics.fmean(a) - statistics.fmean(b), max(floor, 2 * math.hypot(_se(a), _se(b)))


def scores(group: list[Result]) -> list[float]:
    return [r.final_score() for r in group]


def table(by: dict[tuple, list[Result]]) -> dict:
    return {"/".join(map(str, k)): {"final_score": scores(g), "diverged": [r.diverged for r in g]}
            for k, g in by.items()}


def _fmt(gaps: dict) -> str:
    return ", ".join(f"{'/'.join(map(str, k)) if isinstance(k, tuple) else k}: {d:.2f} vs band {b:.2f}"
                     for k, (d, b) in gaps.items())


# -- E5, E11: loss fluctuation and final score, ConOpt (no BN) against AltGA (BN) -------------------------------
def _shown(xs) -> list:
    """Loss stds for claims.json (strict JSON): a diverged run's infinite std as "diverged"."""
    return [x if math.isfinite(x) else "diverged" if math.isinf(x) else None for x in xs]


def _loss_ratio(con: list[Result], alt: list[Result], key: str) -> tuple[bool, dict, str]:
    c, a = [r.loss_std(key) for r in con], [r.loss_std(key) for r in alt]
    info = {"conopt_std": _shown(c), "altga_std": _shown(a)}
    if any(math.isinf(x) for x in c) or any(math.isnan(x) for x in c + a):
        return False, info, f"{key}: a ConOpt seed diverged or a run lacks second-half losses ({info})"
    a_ok = [x for x in a if math.isfinite(x)]      # a diverged AltGA seed fluctuates without bound
    if not a_ok:
        return True, info, f"{key}: every AltGA seed diverged (unbounded losses), ConOpt std {_shown(c)}"
    diff, band = gap([math.log(max(x, 1e-12)) for x in c], [math.log(max(x, 1e-12)) for x in a_ok], 0.0)
    info.update(ratio=math.exp(diff), ratio_upper_2se=math.exp(diff + band))
    return (diff + band < math.log(WELL_BELOW_RATIO), info, f"{key} std over the second half, ConOpt/AltGA = "
            f"{math.exp(diff):.3g} (upper 2 SE {math.exp(diff + band):.3g}) < {WELL_BELOW_RATIO}")


def _steadier(ctx: Context, stem: str, judge_at_standin: bool, margin: float | None) -> Verdict:
    """margin None (E5): ConOpt's final IS >= AltGA's - band; else (E11): above it by more than max(margin, 2 SE)."""
    results = figure(ctx, stem)
    mode, skip = gate(results)
    if skip or (mode == "standin" and not judge_at_standin):
        return skip or Verdict.skip(STANDIN_REASON)
    con, alt = ([r for r in results if r.run.method == m] for m in ("conopt", "altga"))
    if mode == "standin" and min(len(con), len(alt)) < MIN_SEEDS_STANDIN:
        return Verdict.skip(f"too few seeds to form a band: {len(con)} ConOpt, {len(alt)} AltGA < {MIN_SEEDS_STANDIN}")
    measured, assertions = {"seeds": [r.run.seed for r in con]}, {}
    for key in ("d_loss", "g_loss"):
        ok, measured[f"{key}_second_half"], text = _loss_ratio(con, alt, key)
        assertions[text] = ok
    sc, sa = scores(con), scores(alt)
    measured["final_score"] = {"name": con[0].final.get("score_name"), "conopt": sc, "altga": sa}
    expected = {"loss_std_ratio_below": WELL_BELOW_RATIO, "band": "2 SE of the log-ratio over seeds"}
    if mode == "standin":
        measured["final_score"]["note"] = "classifier score: reported, not judged"
    elif margin is None:
        diff, band = gap(sc, sa, IS_RANK_BAND)
        assertions[f"final IS ConOpt - AltGA = {diff:.2f} >= -{band:.2f}"] = diff >= -band
        expected["final_is_conopt_at_least"] = f"AltGA's - max({IS_RANK_BAND}, 2 SE)"
    else:
        diff, band = gap(sc, sa, margin)
        assertions[f"final IS ConOpt - AltGA = {diff:.2f} > {band:.2f}"] = diff > band
        expected["final_is_conopt_above_altga_by"] = f"max({margin}, 2 SE)"
    return Verdict.judge(assertions, measured, expected)


@check("E5")
def dcgan3_losses(ctx: Context) -> Verdict:
    return _steadier(ctx, "fig05_dcgan3_losses_inception", judge_at_standin=True, margin=None)


@check("E11")
def dcgan4_losses(ctx: Context) -> Verdict:
    return _steadier(ctx, "fig11_dcgan4_losses_inception", judge_at_standin=False, margin=IS_MUCH_BETTER)


# -- E4, E6-E10: final scores per cell ---------------------------------------------------------------------------
@check("E4")
def samples(ctx: Context) -> Verdict:
    results, skip = _paper_only(ctx, "fig04_samples")
    if skip:
        return skip
    cifar = scores([r for r in results if r.run.paper_dataset == "cifar10"])
    diverged = [r.run.run_id for r in results if r.diverged]
    return Verdict.judge({
        f"cifar-10 ConOpt final IS {cifar} (mean - 2 SE {lower(cifar):.2f}) >= {IS_TRAINED}":
            lower(cifar) >= IS_TRAINED,
        f"no run diverged (diverged: {diverged})": not diverged,
    }, {"runs": table(cells(results, "paper_dataset", "arch", "method")), "diverged": diverged},
        {"cifar10_final_is_at_least": IS_TRAINED, "celeb_a": "trains without divergence (its IS reported)"})


@check("E6")
def architectures(ctx: Context) -> Verdict:
    results, skip = _paper_only(ctx, "fig06_architecture_samples")
    if skip:
        return skip
    by = cells(results, "arch", "objective", "method")
    con = {"/".join(k): lower(scores(g)) for k, g in by.items() if k[2] == "conopt" and k[0] not in BN_ARCHS}
    failing = ["/".join(k) for k, g in by.items()
               if k[2] in ("simga", "altga") and statistics.fmean(scores(g)) < IS_TRAINED]
    return Verdict.judge({
        f"ConOpt final IS >= {IS_TRAINED} on every no-BN architecture: {con}":
            bool(con) and min(con.values()) >= IS_TRAINED,
        f"SimGA/AltGA fail (mean final IS < {IS_TRAINED}, diverged = {FAILED_SCORE}) on some: {failing}": bool(failing),
    }, {"cells": table(by), "simga_altga_failing": failing},
        {"conopt_no_bn_final_is_at_least": IS_TRAINED, "simga_or_altga_failing_cells_at_least": 1})


@check("E7")
def smoothing(ctx: Context) -> Verdict:
    results, skip = _paper_only(ctx, "fig07_architecture_inception")
    if skip:
        return skip
    by = cells(results, "arch", "objective", "method")
    s = {k: (scores(by[(*k, "smoothing")]), scores(by[(*k, "conopt")])) for k in sorted({k[:2] for k in by})}
    bn = {k: gap(sm, co, IS_RANK_BAND) for k, (sm, co) in s.items() if k[0] in BN_ARCHS}       # smoothing - ConOpt
    nobn = {k: gap(co, sm, IS_RANK_BAND) for k, (sm, co) in s.items() if k[0] not in BN_ARCHS}  # ConOpt - smoothing
    worse = ["/".join(k) for k, (d, b) in nobn.items() if d > b]
    return Verdict.judge({
        f"with BN, smoothing's final IS above ConOpt's ({_fmt(bn)})": bool(bn) and all(d > b for d, b in bn.values()),
        f"with BN, smoothing trains (final IS >= {IS_TRAINED})":
            bool(bn) and all(lower(s[k][0]) >= IS_TRAINED for k in bn),
        f"without BN, smoothing below ConOpt in most cells ({_fmt(nobn)})": len(worse) > len(nobn) / 2,
    }, {"cells": table(by), "smoothing_worse_than_conopt": worse},
        {"ranking_band": f"max({IS_RANK_BAND}, 2 SE)", "smoothing_trains_bn_at_least": IS_TRAINED})


@check("E8")
def extra_fc(ctx: Context) -> Verdict:
    results, skip = _paper_only(ctx, "fig08_extra_fc_inception")
    if skip:
        return skip
    by = cells(results, "arch", "objective", "method")
    cf = sorted({k[0] for k in by if k[1] == "standard"})    # conv4: constant filters + FC, standard objective
    con = {a: scores(by[(a, "standard", "conopt")]) for a in cf}
    gaps = {a: gap(con[a], scores(by[(a, "standard", "smoothing")]), IS_RANK_BAND) for a in cf}
    return Verdict.judge({
        f"ConOpt succeeds (final IS >= {IS_TRAINED}): {con}":
            bool(cf) and all(lower(v) >= IS_TRAINED for v in con.values()),
        f"ConOpt above smoothing by more than the band ({_fmt(gaps)})":
            bool(cf) and all(d > b for d, b in gaps.values()),
    }, {"cells": table(by)},
        {"conopt_final_is_at_least": IS_TRAINED, "conopt_minus_smoothing_above": f"max({IS_RANK_BAND}, 2 SE)"})


@check("E9")
def objectives(ctx: Context) -> Verdict:
    results, skip = _paper_only(ctx, "fig09_objective_samples")
    if skip:
        return skip
    by = cells(results, "objective")
    low = {k[0]: lower(scores(g)) for k, g in by.items()}
    diverged = [r.run.run_id for r in results if r.diverged]
    return Verdict.judge({
        f"every objective's final IS >= {IS_TRAINED}: {low}": min(low.values()) >= IS_TRAINED,
        f"no divergence (diverged: {diverged})": not diverged,
    }, {"cells": table(by)}, {"final_is_at_least": IS_TRAINED, "diverged": []})


@check("E10")
def celeba_resnet(ctx: Context) -> Verdict:
    results = figure(ctx, "fig10_celeba_resnet_samples")
    mode, skip = gate(results)
    if skip:
        return skip
    by = {k[0]: g for k, g in cells(results, "method").items()}
    if mode == "standin" and min(len(g) for g in by.values()) < MIN_SEEDS_STANDIN:
        return Verdict.skip(f"too few seeds to form a band: {({m: len(g) for m, g in by.items()})} seeds per "
                            f"method < {MIN_SEEDS_STANDIN}")
    floor = STANDIN_SCORE_BAND if mode == "standin" else IS_RANK_BAND
    s = {m: scores(g) for m, g in by.items()}
    late = {m: [statistics.pstdev([x for st, x in r.scores() if st >= r.run.steps / 2] or [0.0]) for r in g]
            for m, g in by.items()}
    gaps = {f"{other} - simga": gap(s[other], s["simga"], floor) for other in ("altga", "conopt")}
    assertions = {f"SimGA's final score below the others' ({_fmt(gaps)})": all(d > b for d, b in gaps.values())}
    if mode == "paper":
        d, b = gap(s["conopt"], s["altga"], floor)
        assertions[f"ConOpt's final IS above AltGA's by {d:.2f} > {b:.2f}"] = d > b
    measured = {"score_name": results[0].final.get("score_name"), "final_score": s,
                "diverged": {m: [r.diverged for r in g] for m, g in by.items()},
                "score_std_over_second_half (keeps changing; reported)": late}
    return Verdict.judge(assertions, measured, {"simga_worst_by": f"max({floor}, 2 SE); a diverged run scores "
                                                f"{FAILED_SCORE}", "conopt_above_altga": "paper scale only"})


# -- E12-E14: the sweeps ran at every grid value, and every run is accounted for ---------------------------------
def _accounting(r: Result) -> str | None:
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


def _sweep(ctx: Context, stem: str, axis: str, grid_rules) -> Verdict:
    """`grid_rules(results, grids)`: the figure's named grid requirements; grids: arch -> sorted axis values."""
    results, skip = _paper_only(ctx, stem)
    if skip:
        return skip
    problems = {r.run.run_id: p for r in results if (p := _accounting(r))}
    by = cells(results, "arch", axis)
    grids: dict[str, list] = {}
    for arch, value in sorted(by):
        grids.setdefault(arch, []).append(value)
    assertions = {**grid_rules(results, grids),
                  f"every run completed or diverged with a cause, with its curve (problems: {problems})": not problems}
    best = {a: max(vs, key=lambda v, a=a: statistics.fmean(scores(by[(a, v)]))) for a, vs in grids.items()}
    measured = {"grid": grids, "final_is": {f"{a}/{axis}={v:g}": scores(g) for (a, v), g in by.items()},
                "best_by_final_is": best, "diverged": [r.run.run_id for r in results if r.diverged],
                "problems": problems}
    return Verdict.judge(assertions, measured, {"grid": "CLAIMS.md requirements", "runs": "all accounted for"})


def _lr_grid_ok(values) -> bool:
    return len(set(values)) >= MIN_LR_VALUES and all(any(math.isclose(v, x) for v in values) for x in LR_REQUIRED)


@check("E12")
def altga_lr(ctx: Context) -> Verdict:
    return _sweep(ctx, "fig12_altga_learning_rate", "lr", lambda results, g: {
        f"each learning-rate grid {g} has >= {MIN_LR_VALUES} values incl. {LR_REQUIRED}":
            bool(g) and all(map(_lr_grid_ok, g.values()))})


@check("E13")
def conopt_lr(ctx: Context) -> Verdict:
    fig12 = sorted({r.lr for r in figure_runs(images_config(ctx.scale), "fig12_altga_learning_rate")})

    def rules(results, g):
        gammas = sorted({(r.run.arch, r.run.gamma) for r in results})
        return {f"both architectures {sorted(E13_GAMMA)} swept over Figure 12's grid {fig12}: {g}":
                set(g) == set(E13_GAMMA) and all(v == fig12 for v in g.values()) and _lr_grid_ok(fig12),
                f"gamma per architecture as in the caption {E13_GAMMA}: {gammas}": gammas == sorted(E13_GAMMA.items())}
    return _sweep(ctx, "fig13_conopt_learning_rate", "lr", rules)


@check("E14")
def conopt_gamma(ctx: Context) -> Verdict:
    def rules(results, g):
        lrs = sorted({r.run.lr for r in results})
        return {f"each gamma grid {g} spans {GAMMA_SPAN[0]} to {GAMMA_SPAN[1]}":
                bool(g) and all(min(v) <= GAMMA_SPAN[0] and max(v) >= GAMMA_SPAN[1] for v in g.values()),
                f"learning rate {E14_LR} throughout: {lrs}": all(math.isclose(x, E14_LR) for x in lrs)}
    return _sweep(ctx, "fig14_conopt_gamma", "gamma", rules)
