"""E2 and E3 (paper_checks/checks/mog.py) on small result files written into tmp_path: every named assertion can be
flipped to a fail by one doctored input, and the checks read only the configured seeds and settings.

The files have the shapes their writers give them: run.json (numerics_of_gans.mog.train.train_run: `settings` =
RunSettings without `setting`, `evals` with step, modes_covered, hq_fraction, energy_distance, occupancy),
spectrum.json (numerics_of_gans.mog.spectrum.compute_spectrum: seed, gamma, n_minibatches, before/after with
summary_v/summary_w) and config.json (the resolved configuration, `mog` as in config/config.yaml). No TensorFlow.
"""
from __future__ import annotations

import json

import pytest

from paper_checks.checks.mog import mog_densities, mog_eigenvalues
from paper_checks.registry import Context, MissingResult, run_check

SCALE = "cpu"
SEEDS = [0, 1, 2, 3, 4]
UNIFORM = [1 / 8] * 8


def occupancy(modes) -> list[float]:
    return [1 / len(modes) if i in modes else 0.0 for i in range(8)]


# --- builders, one per file shape --------------------------------------------------------------------------------

def mog_config(**over) -> dict:
    """config.json with config/config.yaml's `mog` section (the paper's setting), `over` replacing fields."""
    mog = {"methods": ["simga", "altga", "conopt"], "learning_rate": 1e-4, "gamma": 10.0, "batch_size": 512,
           "steps": 20000, "snapshots": [0, 5000, 10000, 20000], "seeds": list(SEEDS), "eval_every": 500,
           "eval_samples": 2000, "quality_k": 3.0, "spectrum_seeds": list(SEEDS), "spectrum_minibatches": 10}
    return {"scale": SCALE, "mog": {**mog, **over}}


def run_json(method, seed, cfg, /, *, modes, hq, ed, occ_mid, occ_final, **settings) -> dict:
    """run.json of one (method, seed): settings as mog-train records them from the configuration, `settings`
    replacing some (a run made with another configuration); evaluations at steps/2 and at the end."""
    mog = cfg["mog"]
    made = {"method": method, "seed": seed, **{k: mog[k] for k in ("steps", "snapshots", "learning_rate", "gamma",
                                                                  "batch_size", "eval_every", "eval_samples",
                                                                  "quality_k")}, **settings}
    steps = made["steps"]
    ev = lambda step, m, occ: {"step": step, "modes_covered": m, "hq_fraction": hq, "energy_distance": ed,  # noqa: E731
                               "occupancy": occ}
    return {"settings": made, "evals": [ev(0, 0, occupancy([0])), ev(steps // 2, 8, occ_mid),
                                        ev(steps, modes, occ_final)]}


def spectrum_json(seed, cfg, /, *, v_axis, w_axis, v_med, w_med, **recorded) -> dict:
    """spectrum.json of one ConOpt seed; `recorded` replaces seed, gamma or n_minibatches."""
    def summary(axis, med):
        return {"frac_rotational_near_axis": axis, "median_re_over_abs_im": med, "n_rotational": 30,
                "n_near_zero": 4, "frac_rotational_re_positive": 0.0}
    return {"seed": seed, "gamma": cfg["mog"]["gamma"], "n_minibatches": cfg["mog"]["spectrum_minibatches"],
            **recorded, "before": {"summary_v": summary(0.5, -0.05), "summary_w": summary(0.0, -20.0)},
            "after": {"summary_v": summary(v_axis, v_med), "summary_w": summary(w_axis, w_med)}}


# Per-seed values like the cpu scale's measurements (mog.py's comments): ConOpt converged, SimGA not.
def paper_like(seeds=SEEDS, spectrum_seeds=SEEDS) -> dict:
    return {
        "conopt": {s: dict(modes=8, hq=0.70 + 0.01 * s, ed=0.002 + 1e-4 * s, occ_mid=UNIFORM, occ_final=UNIFORM)
                   for s in seeds},
        "simga": {s: dict(modes=5, hq=0.5, ed=0.2 + 0.01 * s, occ_mid=UNIFORM, occ_final=occupancy([0, 1, 2]))
                  for s in seeds},
        "altga": {s: dict(modes=6, hq=0.6, ed=0.05, occ_mid=UNIFORM, occ_final=occupancy(range(6))) for s in seeds},
        "spectra": {s: dict(v_axis=0.9 + 0.02 * s, w_axis=0.0, v_med=0.005 * s - 0.01, w_med=-0.6 - 0.02 * s)
                    for s in spectrum_seeds},
    }


def write_json(root, rel, data) -> None:
    path = root / SCALE / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data))


def write_results(root, values=None, cfg=None) -> Context:
    """config.json, every run.json and spectrum.json of `values` (paper_like() by default) under root/cpu/."""
    values, cfg = values or paper_like(), cfg or mog_config()
    write_json(root, "config.json", cfg)
    for method in ("conopt", "simga", "altga"):
        for seed, row in values[method].items():
            write_json(root, f"mog/{method}/seed{seed}/run.json", run_json(method, seed, cfg, **row))
    for seed, row in values["spectra"].items():
        write_json(root, f"mog/conopt/seed{seed}/spectrum.json", spectrum_json(seed, cfg, **row))
    return Context(SCALE, root / SCALE)


# --- doctored inputs: each flips exactly one named assertion ------------------------------------------------------

def _set(method, field, per_seed):
    def doctor(values):
        for seed, x in zip(SEEDS, per_seed):
            values[method][seed][field] = x
    return doctor


def _both(*doctors):
    def doctor(values):
        for d in doctors:
            d(values)
    return doctor


CHECKS = {"E2": mog_densities, "E3": mog_eigenvalues}
CASES = [
    # E2 (a): 8/8 modes in 2 of 5 seeds is not "most seeds"
    ("E2", "ConOpt covers 8/8 modes", _set("conopt", "modes", [7, 7, 7, 8, 8])),
    # E2 (b): mean 0.6 > 0.5 but mean - 2 SE = 0.33 (the audit's case: the band, not the mean, is judged) ...
    ("E2", "ConOpt high-quality fraction", _set("conopt", "hq", [0.3, 0.9, 0.3, 0.9, 0.6])),
    # ... and a mean at the line
    ("E2", "ConOpt high-quality fraction", _set("conopt", "hq", [0.5] * 5)),
    # E2 (c): SimGA converged in every seed (8 modes, occupancy unchanged 10000 -> 20000) ...
    ("E2", "SimGA misses modes or keeps moving", _both(_set("simga", "modes", [8] * 5),
                                                       _set("simga", "occ_final", [UNIFORM] * 5))),
    # ... or unconverged in only 2 of 5 (one by moving mass with all 8 modes covered)
    ("E2", "SimGA misses modes or keeps moving", _both(_set("simga", "modes", [5, 8, 8, 8, 8]),
                                                       _set("simga", "occ_final", [UNIFORM, occupancy(range(6))]
                                                            + [UNIFORM] * 3))),
    # E2 (d): SimGA's energy distances as ConOpt's (difference 0) ...
    ("E2", "SimGA mean log10 energy distance", _set("simga", "ed", [0.002 + 1e-4 * s for s in SEEDS])),
    # ... or larger on average (0.9 decades) but within 2 SE of the seeds' spread (1.6 decades)
    ("E2", "SimGA mean log10 energy distance", _set("simga", "ed", [1e-3, 1.0, 5e-4, 2.0, 2e-3])),
    # E3 (a): the v' (near-axis) fraction below half, clearly and at the line
    ("E3", "fraction of v' rotational eigenvalues near the imaginary axis", _set("spectra", "v_axis", [0.3] * 5)),
    ("E3", "fraction of v' rotational eigenvalues near the imaginary axis",
     _set("spectra", "v_axis", [0.49, 0.48, 0.5, 0.5, 0.48])),
    # E3 (b): w' keeps many eigenvalues near the axis
    ("E3", "after training, w' fraction", _set("spectra", "w_axis", [0.5] * 5)),
    ("E3", "after training, w' fraction", _set("spectra", "w_axis", [0.0, 0.0, 0.0, 0.5, 0.51])),   # mean 0.202
    # E3 (c): no shift; a shift below the floor 0.1; a shift of 0.5 within 2 SE (1.26) of the seeds' spread
    ("E3", "median Re/|Im| of w' left of v'", lambda v: [r.update(w_med=r["v_med"]) for r in v["spectra"].values()]),
    ("E3", "median Re/|Im| of w' left of v'",
     lambda v: [r.update(w_med=r["v_med"] - 0.05) for r in v["spectra"].values()]),
    ("E3", "median Re/|Im| of w' left of v'", _both(_set("spectra", "v_med", [-1.0, 1.0, -1.0, 1.0, 0.0]),
                                                     _set("spectra", "w_med", [-1.5, 0.5, -1.5, 0.5, -0.5]))),
]


def _failed(calls) -> list[str]:
    return [name for name, ok in calls[-1].items() if not ok]


@pytest.mark.parametrize("claim, phrase, doctor", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_doctored_input_fails_exactly_that_assertion(tmp_path, judged, claim, phrase, doctor):
    values = paper_like()
    doctor(values)
    v = CHECKS[claim](write_results(tmp_path, values))
    assert v.status == "fail"
    failed = _failed(judged)
    assert len(failed) == 1 and phrase in failed[0], failed
    assert failed[0] in v.reason


@pytest.mark.parametrize("claim", CHECKS)
def test_passes_on_paper_like_results_and_every_assertion_has_a_flipping_case(tmp_path, judged, one_case_each, claim):
    v = CHECKS[claim](write_results(tmp_path))
    assert v.status == "pass", v.reason
    names = list(judged[-1])
    phrases = {phrase for c, phrase, _ in CASES if c == claim}
    one_case_each(names, phrases)


# --- input strictness: the configured seeds, with the configured settings -----------------------------------------

def test_seed_folders_the_configuration_does_not_list_are_ignored_and_reported(tmp_path):
    """A seed9 left from another configuration (bad values, other settings) changes nothing; measured names it."""
    ctx = write_results(tmp_path)
    other = mog_config(steps=300, seeds=[9])
    bad = dict(modes=0, hq=0.0, ed=5.0, occ_mid=UNIFORM, occ_final=occupancy([0]))
    for method in ("conopt", "simga"):
        write_json(tmp_path, f"mog/{method}/seed9/run.json", run_json(method, 9, other, **bad))
    write_json(tmp_path, "mog/conopt/seed9/spectrum.json",
               spectrum_json(9, other, v_axis=0.0, w_axis=1.0, v_med=-5.0, w_med=5.0, n_minibatches=2))
    e2, e3 = mog_densities(ctx), mog_eigenvalues(ctx)
    assert e2.status == e3.status == "pass", (e2.reason, e3.reason)
    assert e2.measured["ignored_seed_folders_not_in_config_mog_seeds"] == {"conopt": [9], "simga": [9]}
    assert sorted(e2.measured["per_seed"]["conopt"]) == SEEDS
    assert e3.measured["ignored_spectra_not_in_config_mog_spectrum_seeds"] == [9] and e3.measured["seeds"] == SEEDS


def test_only_the_configured_seeds_are_judged(tmp_path):
    """Spectra of seeds 0-4 on disk, a failing one of seed 0, mog.spectrum_seeds [1, 2, 3]: E3 judges 1-3 only."""
    values = paper_like()
    values["spectra"][0].update(v_axis=0.0, w_axis=1.0)
    v = mog_eigenvalues(write_results(tmp_path, values, mog_config(spectrum_seeds=[1, 2, 3])))
    assert v.status == "pass" and v.measured["seeds"] == [1, 2, 3]
    assert v.measured["ignored_spectra_not_in_config_mog_spectrum_seeds"] == [0, 4]


@pytest.mark.parametrize("check, rel", [(mog_densities, "mog/simga/seed3/run.json"),
                                        (mog_densities, "mog/conopt/seed0/run.json"),
                                        (mog_densities, "mog/altga/seed4/run.json"),   # altga is configured
                                        (mog_eigenvalues, "mog/conopt/seed2/spectrum.json"),
                                        (mog_eigenvalues, "mog/conopt/seed1/run.json"),
                                        (mog_densities, "config.json")])
def test_a_configured_result_missing_is_a_missing_result(tmp_path, check, rel):
    ctx = write_results(tmp_path)
    (ctx.results / rel).unlink()
    with pytest.raises(MissingResult):
        check(ctx)
    assert run_check(check.__name__, check, Context(SCALE, ctx.results)).status == "fail"   # fail, never a pass


def test_altga_is_not_required_when_not_configured(tmp_path):
    values = paper_like()
    values["altga"] = {}
    ctx = write_results(tmp_path, values, mog_config(methods=["simga", "conopt"]))
    v = mog_densities(ctx)
    assert v.status == "pass" and set(v.measured["per_seed"]) == {"simga", "conopt"}


def test_a_configuration_without_simga_cannot_be_judged(tmp_path):
    ctx = write_results(tmp_path, cfg=mog_config(methods=["altga", "conopt"]))
    with pytest.raises(MissingResult, match="has no simga"):
        mog_densities(ctx)


RUN_SETTINGS = [("steps", 30000), ("learning_rate", 2e-4), ("gamma", 1.0), ("batch_size", 256), ("eval_every", 1000),
                ("eval_samples", 500), ("quality_k", 2.0), ("snapshots", [0, 10000, 20000]), ("seed", 7),
                ("method", "altga")]


@pytest.mark.parametrize("key, value", RUN_SETTINGS)
@pytest.mark.parametrize("method", ["simga", "conopt"])
def test_a_run_made_with_other_settings_is_not_this_runs_result(tmp_path, method, key, value):
    ctx = write_results(tmp_path)
    cfg = mog_config()
    write_json(tmp_path, f"mog/{method}/seed2/run.json",
               run_json(method, 2, cfg, **{**paper_like()[method][2], key: value}))
    checks = [mog_densities] + ([mog_eigenvalues] if method == "conopt" else [])   # E3 reads the ConOpt runs too
    for check in checks:
        with pytest.raises(MissingResult, match=f"seed2/run.json was made with other settings.*'{key}'.*rerun the mog"
                                                f" rules"):
            check(Context(SCALE, ctx.results))
    v = run_check("E2", mog_densities, Context(SCALE, ctx.results))
    assert v.status == "fail" and "rerun the mog rules" in v.reason


def test_the_configuration_changed_after_the_runs(tmp_path):
    """Results of the paper setting judged against a configuration asking for another learning rate: missing."""
    ctx = write_results(tmp_path)
    write_json(tmp_path, "config.json", mog_config(learning_rate=3e-4))
    for check in (mog_densities, mog_eigenvalues):
        with pytest.raises(MissingResult, match="learning_rate"):
            check(Context(SCALE, ctx.results))


@pytest.mark.parametrize("key, value", [("gamma", 1.0), ("n_minibatches", 2), ("seed", 3)])
def test_a_spectrum_made_with_other_settings_is_not_this_runs_result(tmp_path, key, value):
    ctx = write_results(tmp_path)
    write_json(tmp_path, "mog/conopt/seed1/spectrum.json",
               spectrum_json(1, mog_config(), **{**paper_like()["spectra"][1], key: value}))
    with pytest.raises(MissingResult, match=f"seed1/spectrum.json was made with other settings.*'{key}'"):
        mog_eigenvalues(ctx)
    assert mog_densities(Context(SCALE, ctx.results)).status == "pass"   # E2 does not read the spectra


def test_short_runs_and_too_few_seeds_skip_never_pass(tmp_path):
    smoke = mog_config(steps=300, snapshots=[0, 100, 200, 300], seeds=[0, 1], eval_every=100, spectrum_seeds=[0],
                       spectrum_minibatches=2)
    ctx = write_results(tmp_path / "smoke", paper_like(seeds=[0, 1], spectrum_seeds=[0]), smoke)
    for check in (mog_densities, mog_eigenvalues):
        v = check(ctx)
        assert v.status == "skip" and "too few steps" in v.reason
    ctx = write_results(tmp_path / "few", cfg=mog_config(seeds=[0, 1, 2, 3], spectrum_seeds=[0, 1]))
    for check in (mog_densities, mog_eigenvalues):
        v = check(ctx)
        assert v.status == "skip" and "too few seeds" in v.reason


def test_a_run_without_its_mid_run_evaluation_is_a_missing_result(tmp_path):
    """E2's late occupancy change needs the evaluation at half the steps: a run without it fails, not crashes."""
    ctx = write_results(tmp_path)
    path = ctx.results / "mog/conopt/seed1/run.json"
    run = json.loads(path.read_text())
    run["evals"] = [e for e in run["evals"] if e["step"] != run["settings"]["steps"] // 2]
    path.write_text(json.dumps(run))
    with pytest.raises(MissingResult, match="seed 1 has no evaluation at step"):
        mog_densities(ctx)
    assert run_check("mog_densities", mog_densities, Context(SCALE, ctx.results)).status == "fail"
