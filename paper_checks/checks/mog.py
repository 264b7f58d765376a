"""E2 (Figure 2) and E3 (Figure 3): the mixture-of-Gaussians experiment, judged over seeds.

Inputs: results/<scale>/mog/<method>/seed<k>/run.json (numerics_of_gans.mog.train) and
results/<scale>/mog/conopt/seed<k>/spectrum.json (numerics_of_gans.mog.spectrum), for the seeds and settings of the
configuration the workflow ran with (results/<scale>/config.json, `mog`): E2 reads the runs of mog.seeds, E3 the
spectra of mog.spectrum_seeds. A configured seed without its file, or a file made with other settings, is a missing
result (rerun the mog rules), never judged; seed folders the configuration does not list are ignored (and reported).
Runs shorter than the paper's 20000 steps (the smoke scale) are not judged: `skip`, never `pass`.

Bands. Each absolute threshold below is a constant of this file, stated with the spread measured over the cpu
scale's 5 seeds (the same setting as the paper scale), so a reader sees how far the measurement is from the line.
Each comparison between two quantities must exceed a band computed from the seeds themselves: twice the standard
error of the difference of the two means over seeds (and at least a small fixed floor), so a difference that the
seed-to-seed noise could produce does not count.
"""
from __future__ import annotations

import math
import re
import statistics

from numerics_of_gans import stats
from numerics_of_gans.mog.settings import RunSettings   # no TensorFlow: the settings mog-train is given
from paper_checks.registry import Context, MissingResult, Verdict, check

PAPER_STEPS = 20000           # the paper's run length; shorter runs are not judged
MIN_SEEDS_E2 = 5              # claims.yaml E2: over >= 5 seeds
MIN_SEEDS_E3 = 3              # claims.yaml E3: bands from >= 3 seeds

# E2. Spread measured at cpu scale (= the paper's setting), seeds 0-4, 2026-11-23, at 20000 steps:
#   ConOpt modes covered 7, 7, 8, 8, 8 (8/8 in 3 of 5 seeds); hq fraction 0.520-0.795 (mean 0.639, sd 0.104,
#   mean - 2 SE = 0.547); log10 energy distance -2.78 to -2.44; occupancy TV 10000 -> 20000: 0.016-0.053.
#   SimGA modes covered 0-5 (never 8); hq 0.00-0.93; log10 energy distance -0.92 to 0.12; TV 0.11-1.00.
MOST = 0.5                    # "most seeds" = more than half
CONOPT_HQ_MIN = 0.5           # "converges to the target": most samples (> half) are high quality, i.e. the seeds'
#                               mean hq fraction minus 2 SE is above 0.5 (the target's own fraction is 0.989)
CHANGE_BAND = 0.1             # occupancy TV 10000 -> 20000 above this (10% of the mass moved): "keeps changing"
#                               (ConOpt's own late TV is 0.016-0.053, see above)

# E3 (fractions of the rotational eigenvalues, abs(Im) > 1e-2, after ConOpt training). Spread at cpu scale, seeds
# 0-4: 26-34 rotational eigenvalues per spectrum; fraction near the axis 1.00 for v' and 0.00 for w' in every
# seed; median Re/abs(Im) of v' -0.010 to 0.008, of w' -0.66 to -0.40 (shift 0.55, 2 SE 0.09). Before training:
# v' 0.33-1.00 of 4-8 rotational eigenvalues near the axis.
V_NEAR_AXIS_MIN = 0.5         # v': "many" = at least half of the rotational eigenvalues near the imaginary axis
W_NEAR_AXIS_MAX = 0.2         # w': few
SHIFT_FLOOR = 0.1             # median Re/abs(Im) of w' left of v' by at least max(this, 2 SE over seeds)


def _mog_config(ctx: Context) -> dict:
    return ctx.config["mog"]


def _unconfigured_seeds(ctx: Context, method: str, configured, filename: str) -> list[int]:
    """Seed folders holding `filename` that the configuration does not list: left from another configuration,
    ignored (reported in `measured`)."""
    base = ctx.results / "mog" / method
    found = []
    for d in sorted(base.glob("seed*")) if base.exists() else []:
        m = re.fullmatch(r"seed(\d+)", d.name)
        if m and (d / filename).exists() and int(m.group(1)) not in configured:
            found.append(int(m.group(1)))
    return sorted(found)


def _made_as_configured(path: str, made: dict, wanted: dict) -> None:
    """MissingResult unless the result at `path` was made with the `wanted` settings (both went through JSON: a
    tuple setting, the snapshots, arrives as a list)."""
    norm = lambda x: list(x) if isinstance(x, (list, tuple)) else x  # noqa: E731
    differ = {k: (made.get(k), v) for k, v in wanted.items() if norm(made.get(k)) != norm(v)}
    if differ:
        raise MissingResult(f"{path} was made with other settings than the configuration (setting: (result, "
                            f"config)) {differ}: not this run's result, rerun the mog rules")


def _run(ctx: Context, method: str, seed: int) -> dict:
    """The run.json of (method, seed), checked against the configuration: the settings mog-train was given
    (RunSettings.of_config), the method and the seed."""
    path = f"mog/{method}/seed{seed}/run.json"
    run = ctx.json(path)   # MissingResult when the configured seed has no run
    _made_as_configured(path, run.get("settings") or {},
                        {"method": method, "seed": seed, **RunSettings.of_config(_mog_config(ctx))})
    return run


def _runs(ctx: Context, method: str) -> dict[int, dict]:
    """The runs of every configured seed (mog.seeds) of `method`; a method the configuration does not run is
    missing too (E2 compares SimGA with ConOpt)."""
    cfg = _mog_config(ctx)
    if method not in cfg["methods"]:
        raise MissingResult(f"config mog.methods = {cfg['methods']} has no {method}: E2 needs its runs; add it and "
                            f"rerun the mog rules")
    if not cfg["seeds"]:
        raise MissingResult(f"config mog.seeds is empty: no {method} run to judge; rerun the mog rules with seeds")
    return {seed: _run(ctx, method, seed) for seed in cfg["seeds"]}


def _spectrum(ctx: Context, seed: int) -> dict:
    """spectrum.json of a configured spectrum seed, checked against the configuration (mog-spectrum is given
    --seed, --gamma mog.gamma and --minibatches mog.spectrum_minibatches)."""
    cfg, path = _mog_config(ctx), f"mog/conopt/seed{seed}/spectrum.json"
    spectrum = ctx.json(path)
    _made_as_configured(path, spectrum, {"seed": seed, "gamma": cfg["gamma"],
                                         "n_minibatches": cfg["spectrum_minibatches"]})
    return spectrum


def _eval_at(run: dict, step: int) -> dict:
    for e in run["evals"]:
        if e["step"] == step:
            return e
    raise MissingResult(f"the MoG run of seed {run['settings'].get('seed')} has no evaluation at step {step}")


def e2_measure(runs: dict[str, dict[int, dict]]) -> dict:
    """Per method and seed: final modes, hq fraction, energy distance, occupancy change 10000 -> 20000."""
    out = {}
    for method, by_seed in runs.items():
        rows = {}
        for seed, run in by_seed.items():
            steps = run["settings"]["steps"]
            final, mid = _eval_at(run, steps), _eval_at(run, steps // 2)
            rows[seed] = {"modes_covered": final["modes_covered"], "hq_fraction": final["hq_fraction"],
                          "energy_distance": float(final["energy_distance"]),
                          "occupancy_change_late": stats.total_variation(mid["occupancy"], final["occupancy"])}
        out[method] = rows
    return out


@check("E2")
def mog_densities(ctx: Context) -> Verdict:
    # AltGA is an extra row: judged nowhere, but when configured its runs are required like the others'
    methods = ["simga", "conopt"] + (["altga"] if "altga" in _mog_config(ctx)["methods"] else [])
    runs = {m: _runs(ctx, m) for m in methods}
    ignored = {m: s for m in runs if (s := _unconfigured_seeds(ctx, m, runs[m], "run.json"))}
    steps = min(r["settings"]["steps"] for by_seed in runs.values() for r in by_seed.values())
    if steps < PAPER_STEPS:
        return Verdict.skip(f"too few steps to judge: runs have {steps} < {PAPER_STEPS} steps (the paper's)")
    n_seeds = min(len(runs["simga"]), len(runs["conopt"]))
    if n_seeds < MIN_SEEDS_E2:
        return Verdict.skip(f"too few seeds to judge: {n_seeds} < {MIN_SEEDS_E2}")
    per_seed = e2_measure(runs)
    con, sim = per_seed["conopt"], per_seed["simga"]
    con_full = sum(r["modes_covered"] == 8 for r in con.values())
    con_hq = stats.summary([r["hq_fraction"] for r in con.values()])
    hq_lower = con_hq["mean"] - 2.0 * con_hq["std"] / math.sqrt(len(con))
    sim_unconverged = {s: r["modes_covered"] < 8 or r["occupancy_change_late"] > CHANGE_BAND for s, r in sim.items()}
    sim_rate = sum(sim_unconverged.values()) / len(sim)
    # Energy distances are positive and spread over decades (a collapsed seed is 100x a good one): compare logs.
    con_ed, sim_ed = ([math.log10(max(r["energy_distance"], 1e-12)) for r in rows.values()] for rows in (con, sim))
    ed_band = stats.gap(sim_ed, con_ed, floor=0.0)[1]
    summary = {m: {k: stats.summary([r[k] for r in rows.values()]) for k in next(iter(rows.values()))}
               for m, rows in per_seed.items()}
    measured = {"per_seed": per_seed, "summary": summary, "conopt_seeds_with_8_modes": con_full,
                "simga_unconverged_rate": sim_rate, "conopt_hq_mean_minus_2se": hq_lower, "simga_unconverged": sim_unconverged,
                "log10_energy_distance_difference_simga_minus_conopt": statistics.fmean(sim_ed) - statistics.fmean(con_ed),
                "log10_energy_distance_band_2se": ed_band,
                "ignored_seed_folders_not_in_config_mog_seeds": ignored}
    expected = {"conopt_8_of_8_modes_in_more_than": f"{MOST:.0%} of seeds", "conopt_hq_mean_minus_2se_above": CONOPT_HQ_MIN,
                "conopt_hq_seed_spread": [con_hq["min"], con_hq["max"]],
                "simga_unconverged_in_more_than": f"{MOST:.0%} of seeds (modes < 8 or occupancy TV 10000->20000 > "
                                                  f"{CHANGE_BAND})",
                "simga_mean_log10_energy_distance_above_conopt_by": "2 SE over seeds"}
    n, ed_diff = len(con), measured["log10_energy_distance_difference_simga_minus_conopt"]
    return Verdict.judge({
        f"ConOpt covers 8/8 modes at {steps} steps in {con_full}/{n} seeds (> {MOST:.0%})": con_full > MOST * n,
        f"ConOpt high-quality fraction mean - 2 SE = {hq_lower:.3f} > {CONOPT_HQ_MIN} (seeds {con_hq['min']:.3f}"
        f"-{con_hq['max']:.3f})": hq_lower > CONOPT_HQ_MIN,
        f"SimGA misses modes or keeps moving in {sum(sim_unconverged.values())}/{len(sim)} seeds (> {MOST:.0%})":
            sim_rate > MOST,
        f"SimGA mean log10 energy distance exceeds ConOpt's by {ed_diff:.2f} > 2 SE = {ed_band:.2f}": ed_diff > ed_band,
    }, measured, expected)


@check("E3")
def mog_eigenvalues(ctx: Context) -> Verdict:
    wanted = _mog_config(ctx)["spectrum_seeds"]
    if not wanted:
        raise MissingResult("config mog.spectrum_seeds is empty: no spectrum to judge; rerun the mog rules with seeds")
    spectra = {seed: _spectrum(ctx, seed) for seed in wanted}
    steps = min(_run(ctx, "conopt", s)["settings"]["steps"] for s in spectra)   # the spectra's runs: this config's
    ignored = _unconfigured_seeds(ctx, "conopt", spectra, "spectrum.json")
    if steps < PAPER_STEPS:
        return Verdict.skip(f"too few steps to judge: ConOpt runs have {steps} < {PAPER_STEPS} steps (the paper's)")
    if len(spectra) < MIN_SEEDS_E3:
        return Verdict.skip(f"too few seeds to judge: {len(spectra)} spectra < {MIN_SEEDS_E3}")
    get = lambda when, key, field: [s[when][f"summary_{key}"][field] for s in spectra.values()]  # noqa: E731
    v_axis, w_axis = (stats.summary(get("after", key, "frac_rotational_near_axis")) for key in ("v", "w"))
    v_med, w_med = get("after", "v", "median_re_over_abs_im"), get("after", "w", "median_re_over_abs_im")
    shift = statistics.fmean(v_med) - statistics.fmean(w_med)
    band = stats.gap(v_med, w_med, SHIFT_FLOOR)[1]
    measured = {
        "seeds": sorted(spectra),
        "after": {f"{key}_{field}": stats.summary(get("after", key, field)) for key in ("v", "w") for field in
                  ("frac_rotational_near_axis", "median_re_over_abs_im", "n_rotational", "n_near_zero",
                   "frac_rotational_re_positive")},
        "before": {f"{key}_{field}": stats.summary(get("before", key, field)) for key in ("v", "w") for field in
                   ("frac_rotational_near_axis", "median_re_over_abs_im", "n_rotational", "n_near_zero")},
        "median_shift_v_minus_w": shift, "shift_band": band,
        "ignored_spectra_not_in_config_mog_spectrum_seeds": ignored,
    }
    expected = {"v_after_frac_near_axis_at_least": V_NEAR_AXIS_MIN, "w_after_frac_near_axis_at_most": W_NEAR_AXIS_MAX,
                "w_median_left_of_v_by_at_least": f"max({SHIFT_FLOOR}, 2 SE over seeds) = {band:.3g}",
                "definitions": "rotational: abs(Im) > 1e-2; near axis: abs(Re) < 0.1 abs(Im); near-zero eigenvalues"
                               " (abs <= 1e-5 max abs) reported separately"}
    return Verdict.judge({
        f"after training, mean fraction of v' rotational eigenvalues near the imaginary axis {v_axis['mean']:.2f} "
        f"(seeds {v_axis['min']:.2f}-{v_axis['max']:.2f}) >= {V_NEAR_AXIS_MIN}": v_axis["mean"] >= V_NEAR_AXIS_MIN,
        f"after training, w' fraction {w_axis['mean']:.2f} (seeds {w_axis['min']:.2f}-{w_axis['max']:.2f}) <= "
        f"{W_NEAR_AXIS_MAX}": w_axis["mean"] <= W_NEAR_AXIS_MAX,
        f"median Re/|Im| of w' left of v' by {shift:.3g} >= {band:.3g}": shift >= band,
    }, measured, expected)
