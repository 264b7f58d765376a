"""The theory checks (paper_checks/checks/main_theory.py, supplement_theory.py, minibatch_bias.py,
negative_momentum.py) on small results/<scale>/theory/<ID>.json files: every named assertion can be flipped to a fail
by one doctored input, and each check passes on an input like the real one.

Each builder gives the `metrics` of one theory module's compute (numerics_of_gans.theory.<module>) with the values of
a default run (config/config.yaml, seed 0) rounded; keyword arguments replace metrics. Non-finite numbers go through
JSON as strings, as numerics_of_gans.io.to_jsonable writes them. No TensorFlow: nothing here runs a compute.
"""
from __future__ import annotations

import json
import math

import pytest

from paper_checks.checks.main_theory import lemma1, lemma4, lemma7, lemma9
from paper_checks.checks.minibatch_bias import lemma15
from paper_checks.checks.negative_momentum import bilinear_table, theorem3
from paper_checks.checks.supplement_theory import lemma11, proposition13, proposition14
from paper_checks.registry import Context, claims, expected

CHECKS = {"L1": lemma1, "L4": lemma4, "L7": lemma7, "L9": lemma9, "L11": lemma11, "P13": proposition13,
          "P14": proposition14, "L15": lemma15, "NM1": bilinear_table, "NM3": theorem3}


# --- builders: the metrics of each theory result -----------------------------------------------------------------

def l1(**over) -> dict:
    counts = {f"n_{side}_{cat}": 100 for side in ("lhs", "rhs") for cat in ("definite", "semidefinite", "neither")}
    return {"n_games": 300, "n_dims_distinct": 25, "n_disagree_definite": 0, "n_disagree_semidefinite": 0,
            "n_disagree_category": 0, "n_mismatch_designed": 0, "max_rel_err_eq19": 9e-16,
            "max_rel_eig_at_or_below_tol": 2.3e-16, "min_rel_eig_above_tol": 2.9e-4, "rtol": 1e-9, **counts, **over}


def l4(**over) -> dict:
    return {"n_matrices": 240, "max_q": 1000.0000000000001, "max_rel_err": 5.4e-10, "slope_loglog": -1.998,
            "slope_q_min": 10.0, "fig_rho_simga": 1.223, "fig_rho_consensus": 0.880, **over}


L7_H = [0.01, 0.03, 0.1, 0.3]


def l7(**over) -> dict:
    return {"n_cases": 240, "n_skew": 80, "max_lam_max_sym": -8.4e-10, "max_ratio_to_eq25": -0.99999999995,
            "min_sigma_min_A": 1.000000000004, "eq16_fd_max_abs_err": 1.0e-11, "eq16_fixed_point_residual": 0.0,
            "bilinear_h": list(L7_H), "simga_log10_growth": [0.55, 7.3, 84.7, 667.2],
            "consensus_log10_ratio": [-11.1, -32.4, -104.5, -282.5], **over}


def l9(**over) -> dict:
    return {"n_matrices": 300, "gamma_min": 0.0, "gamma_max": 100.0, "max_rel_diff_c_methods": 1.1e-8,
            "max_c_bisection_where_c_zero": 7.0e-7, "n_normalised": 196, "max_ratio_printed_normalised": 0.912,
            "n_counterexample_matrices": 46, "n_counterexample_pairs": 548, "worst_ratio_printed": 419.6,
            "max_ratio_scale_free": 1.0000000000000004, **over}


def l11(**over) -> dict:
    return {"n_matrices": 800, "n_with_complex_spectrum": 618, "max_eig_error": 2.7e-14, "max_root_residual": 8.7e-14,
            "example_mu": [-0.05, 1.0], "example_gamma": 1.0, "example_max_re_root": 0.281,
            "example_predicted_unstable": True, "example_eig_error": 9e-16, "real_negative_max_re_root": -0.119,
            "mu_zero_max_re_root": 0.0, "example_min_rho_over_h": 1.00028, "real_negative_min_rho_over_h": 0.964,
            **over}


def p13(**over) -> dict:
    return {"max_err_eq42_central_diff": 7.4e-13, "max_err_eq42_complex_step": 2.8e-16,
            "max_err_eigenvalues": 7.4e-13, "max_spectral_radius": 0.960, "run_final_ratio_stable_step": 2.6e-17,
            "eq41_corrected_max_rel_err": 1.1e-16, "eq41_bottom_left_numeric_over_printed": 2.0,
            "eq41_printed_max_rel_err": 0.137, **over}


def p14(**over) -> dict:
    return {"max_re_eig_v": -0.1, "slope_F_min": 1.994, "slope_F_max": 2.0004,
            "delta_F_vs_h_delta_A_max_rel_diff": 1.7e-10, "first_order_ratio_min": 0.99967,
            "first_order_ratio_max": 1.00002, "rho_altga_at_h_run_max": 0.994, "run_final_ratio_max": 2.5e-8, **over}


L15_B = [1, 2, 4, 8, 16, 32, 64, 128, 256]


def l15(batch_sizes=L15_B, debiased=None, z_at=None, zd_at=None, **over) -> dict:
    """`z_at` / `zd_at`: {B: z} replacing single bias / debiased z-scores; `debiased`: the B with a debiased
    estimate (default every B >= 2); whole lists (z_bias, ...) through `over`."""
    bs = list(batch_sizes)
    dbs = [b for b in bs if b >= 2] if debiased is None else list(debiased)
    zb = [(z_at or {}).get(b, 1e-7 if b == 1 else 0.5 * (-1) ** i) for i, b in enumerate(bs)]
    zd = [(zd_at or {}).get(b, 0.4 * (-1) ** i) for i, b in enumerate(dbs)]
    return {"batch_sizes": bs, "z_bias": zb, "debiased_batch_sizes": dbs, "z_debiased": zd, "slope": -1.001,
            "slope_se": 0.003, "slope_batch_sizes": bs, "L": 0.3, "L_se": 0.001, "var": 2.0,
            "bias": [1 / b for b in bs], "bias_se": [0.01] * len(bs), "predicted": [1 / b for b in bs],
            "debiased_minus_L": [0.0] * len(dbs),
            "debiased_minus_L_se": [0.01] * len(dbs), "n_params": 2000, "n_examples": 24576, "runtime_s": 10.0,
            **over}


NM1_BETAS = [-0.5, 0.0, 0.5]
NM1_TABLE = expected("NM1")["table"]   # the slide's [bounded, converges] per method and sign of beta
SIGN = lambda beta: "negative" if beta < 0 else "zero" if beta == 0 else "positive"  # noqa: E731
# (peak log10 max ratio, final log10 ratio, rho), each [min, max] over the random A, of a run that behaves as the
# slide says: unbounded (grows 100 decades), bounded and convergent, bounded and not convergent (rho = 1)
NM1_CELL = {(False, False): ([100.0, 120.0], [100.0, 120.0], [1.05, 1.06]),
            (True, True): ([0.0, 0.02], [-40.0, -20.0], [0.98, 0.99]),
            (True, False): ([0.01, 0.05], [-0.05, 0.02], [1.0, 1.0])}


def nm1(betas=NM1_BETAS, cells=None, **over) -> dict:
    """`cells`: {(method, beta): {"peak"|"final"|"rho": [min, max]}} replacing a cell's measurement."""
    table = NM1_TABLE
    m = {"betas": list(betas), "eta": 0.5, "steps": 10000, "n_seeds": 5, "sweep_sim_rho_min": 1.000016,
         "sweep_alt_pos_beta_rho_min": 1.000023, "sweep_alt_zero_beta_abs_rho_minus_1_max": 2e-15,
         "sweep_alt_neg_beta_fraction_rho_below_1": 0.82, "sweep_etas_all_negative_betas_converge": [0.05, 0.1, 0.2]}
    for method in table:
        key = method[:3]
        rows = []
        for beta in betas:
            peak, final, rho = NM1_CELL[tuple(table[method][SIGN(beta)])]
            row = {"peak": peak, "final": final, "rho": rho, **(cells or {}).get((method, beta), {})}
            rows.append(row)
        for name, field in (("log10_max_ratio", "peak"), ("log10_final_ratio", "final"), ("rho", "rho")):
            m[f"{key}_{name}_min"] = [r[field][0] for r in rows]
            m[f"{key}_{name}_max"] = [r[field][1] for r in rows]
    return {**m, **over}


def nm3(**over) -> dict:
    return {"n_matrices": 2100, "max_error": 2.7e-14, "taylor_slope_min": 1.997, "taylor_slope_max": 2.003,
            "n_negative_betas": 3, **over}


BUILDERS = {"L1": l1, "L4": l4, "L7": l7, "L9": l9, "L11": l11, "P13": p13, "P14": p14, "L15": l15, "NM1": nm1,
            "NM3": nm3}


def write_theory(root, claim, metrics) -> Context:
    path = root / "cpu" / "theory" / f"{claim}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"metrics": metrics}))
    return Context("cpu", root / "cpu")


# --- doctored inputs: (claim, a phrase of the one assertion that must fail, the builder's arguments) --------------

def _l1_cases():
    cases = [("n_games = ", dict(n_games=199)), ("distinct (dim phi, dim theta)", dict(n_dims_distinct=2)),
             ("negative definite iff", dict(n_disagree_definite=1)),
             ("negative semi-definite iff", dict(n_disagree_semidefinite=1)),
             ("category (definite/semi/neither)", dict(n_disagree_category=1)),
             ("classified as designed", dict(n_mismatch_designed=1)), ("eq. (19)", dict(max_rel_err_eq19=1e-11)),
             ("eq. (19)", dict(max_rel_err_eq19="nan")),
             ("tolerance margin", dict(max_rel_eig_at_or_below_tol=1e-11)),   # exact zeros too close to rtol
             ("tolerance margin", dict(min_rel_eig_above_tol=1e-7))]          # nonzero eigenvalues too close
    cases += [(f"{side} '{cat}' games", {f"n_{side}_{cat}": 9})
              for side in ("lhs", "rhs") for cat in ("definite", "semidefinite", "neither")]
    return [("L1", *c) for c in cases]


def _l7_cases():
    cases = [("n_cases = ", dict(n_cases=199)), ("pure skew-symmetric", dict(n_skew=9)),
             ("max eig of sym(A v')", dict(max_lam_max_sym=1e-9)), ("eq. (25)", dict(max_ratio_to_eq25=-0.5)),
             ("invertible: min sigma_min(A)", dict(min_sigma_min_A=0.99)),
             ("Lemma 6 eq. (16)", dict(eq16_fd_max_abs_err=1e-3)),
             ("stationary point is a fixed point", dict(eq16_fixed_point_residual=1e-9)),
             # two step sizes; a non-positive one (per-h results kept consistent)
             ("step sizes tried", dict(bilinear_h=L7_H[:2], simga_log10_growth=[0.5, 7.0],
                                       consensus_log10_ratio=[-11.0, -32.0])),
             ("step sizes tried", dict(bilinear_h=[0.0] + L7_H[1:])),
             # per-h lists empty or short: zip would drop their assertions, this one fails instead
             ("one SimGA growth and one consensus ratio per step size", dict(simga_log10_growth=[])),
             ("one SimGA growth and one consensus ratio per step size", dict(consensus_log10_ratio=[])),
             ("one SimGA growth and one consensus ratio per step size",
              dict(simga_log10_growth=[0.55, 7.3, 84.7], consensus_log10_ratio=[-11.1, -32.4, -104.5]))]
    for i, h in enumerate(L7_H):   # one h whose SimGA run shrinks, one whose consensus run ends at 1e-5 only
        sim, con = l7()["simga_log10_growth"], l7()["consensus_log10_ratio"]
        sim[i], con[i] = -0.1, -5.0
        cases += [(f"h={h:g}: SimGA", dict(simga_log10_growth=sim)),
                  (f"h={h:g}: consensus", dict(consensus_log10_ratio=con))]
    return [("L7", *c) for c in cases]


def _l15_cases():
    cases = [("log-log slope of the bias", dict(slope=-0.85)), ("log-log slope of the bias", dict(slope=-1.15)),
             ("log-log slope of the bias", dict(slope="nan")),   # fewer than 2 resolved B: compute wrote nan
             ("slope fitted on >= 4", dict(slope_batch_sizes=[1, 2, 4])),
             ("the bias covers B = 1 ... 256", dict(batch_sizes=L15_B[:-1])),               # up to 128
             ("the bias covers B = 1 ... 256", dict(batch_sizes=L15_B[1:])),                # from 2
             ("the bias covers B = 1 ... 256", dict(z_bias=[1e-7] + [0.5] * 9)),            # a z without its B
             ("the bias covers B = 1 ... 256", dict(batch_sizes=[], debiased=[], slope_batch_sizes=L15_B)),  # none
             ("a debiased z-score for every B >= 2", dict(debiased=L15_B[2:])),             # B = 2 left out
             ("a debiased z-score for every B >= 2", dict(z_debiased=[0.4] * 9))]           # a z without its B
    cases += [(f"B={b}: |measured bias", dict(z_at={b: 3.2 * (-1) ** i})) for i, b in enumerate(L15_B)]
    cases += [(f"B={b}: |E[L_B", dict(zd_at={b: -3.2 * (-1) ** i})) for i, b in enumerate(L15_B[1:])]
    cases += [("B=16: |measured bias", dict(z_at={16: "nan"})), ("B=16: |E[L_B", dict(zd_at={16: "inf"}))]
    return [("L15", *c) for c in cases]


def _nm1_cases():
    cases = [("beta grid has negative, zero and positive", dict(betas=[0.0, 0.5])),
             ("beta grid has negative, zero and positive", dict(betas=[-0.5, 0.5])),
             ("beta grid has negative, zero and positive", dict(betas=[-0.5, 0.0])),
             ("beta grid has negative, zero and positive", dict(betas=[])),
             ("T >= ", dict(steps=9999)), ("at least 3 random A", dict(n_seeds=2)),
             ("simultaneous: rho > 1 on every (eta, beta)", dict(sweep_sim_rho_min=1.0)),
             ("alternating, beta > 0: rho > 1", dict(sweep_alt_pos_beta_rho_min=1.0)),
             ("alternating, beta = 0: rho = 1", dict(sweep_alt_zero_beta_abs_rho_minus_1_max=1e-6)),
             # a per-beta list one short: a fail naming it, not an IndexError
             ("one result per beta for every method", dict(alt_rho_max=[1.0, 1.0]))]
    table = NM1_TABLE
    for method in table:
        for beta in NM1_BETAS:
            bounded, converges = table[method][SIGN(beta)]
            cell = f"{method}, beta = {beta:g} (slide: bounded {bounded}, converges {converges}): "
            # runs: a bounded cell that reaches 100x / an unbounded one whose smallest peak stays below 10x; a
            # convergent cell that ends at 1e-2 / a non-convergent one whose smallest end is 1e-4
            peak = [0.0, 2.0] if bounded else [0.5, 120.0]
            final = [-40.0, -2.0] if converges else [-4.0, 0.0]
            # rho: an unbounded cell with rho = 1 on some A, a convergent one with rho = 1, a rho = 1 cell at 0.9999
            rho = [1.0, 1.06] if not bounded else [0.98, 1.0] if converges else [0.9999, 1.0]
            cases += [(cell + "runs agree on every A", dict(cells={(method, beta): {"peak": peak}})),
                      (cell + "runs agree on every A", dict(cells={(method, beta): {"final": final}})),
                      (cell + "spectral radius agrees on every A", dict(cells={(method, beta): {"rho": rho}}))]
    return [("NM1", *c) for c in cases]


CASES = [
    *_l1_cases(),
    *[("L4", p, a) for p, a in [
        ("n_matrices = ", dict(n_matrices=199)), ("max |Im/Re|", dict(max_q=999.0)),
        ("bisection vs eq. (10)", dict(max_rel_err=2e-6)), ("bisection vs eq. (10)", dict(max_rel_err="inf")),
        ("log-log slope", dict(slope_loglog=-1.94)), ("log-log slope", dict(slope_loglog=-2.06)),
        ("slope fitted on large q only", dict(slope_q_min=3.0)),
        ("SimGA unstable", dict(fig_rho_simga=0.99)), ("consensus stable", dict(fig_rho_consensus=1.01))]],
    *_l7_cases(),
    *[("L9", p, a) for p, a in [
        ("n_matrices = ", dict(n_matrices=199)),
        ("gamma grid", dict(gamma_max=50.0)), ("gamma grid", dict(gamma_min=0.5)),
        ("c: generalized eigenproblem and bisection agree", dict(max_rel_diff_c_methods=1e-5)),
        ("c = 0 confirmed by bisection", dict(max_c_bisection_where_c_zero=1e-4)),
        ("matrices with ||A - A^T||_2 <= 1 >=", dict(n_normalised=49)),
        ("(a) printed bound (18) on them", dict(max_ratio_printed_normalised=1.01)),
        # (b) the erratum: no counter-example found, or "counter-examples" that do not break the bound
        ("(b) printed bound fails without", dict(n_counterexample_matrices=0, n_counterexample_pairs=0)),
        ("(b) printed bound fails without", dict(worst_ratio_printed=1.0)),
        ("(c) scale-free bound", dict(max_ratio_scale_free=1.001))]],
    *[("L11", p, a) for p, a in [
        ("multisets matched", dict(max_eig_error=1e-6)),
        ("has l(l + gamma) in spec(v')", dict(max_root_residual=1e-6)),
        ("most random v' have complex spectra", dict(n_with_complex_spectrum=399)),
        ("breakdown example: mu in the open left half plane", dict(example_mu=[0.05, 1.0])),
        ("breakdown example: mu in the open left half plane", dict(example_max_re_root=-0.01)),
        ("breakdown example: mu in the open left half plane", dict(example_eig_error=1e-6)),
        ("closed form Re mu >= -(Im mu / gamma)^2", dict(example_predicted_unstable=False)),
        ("spectral radius of I + hG' > 1", dict(example_min_rho_over_h=0.999)),
        ("real negative spectrum: every root has Re < 0", dict(real_negative_max_re_root=0.0)),
        ("real negative spectrum: I + hG' contracts", dict(real_negative_min_rho_over_h=1.0))]],
    *[("P13", p, a) for p, a in [
        ("central-difference Jacobian", dict(max_err_eq42_central_diff=2e-6)),
        ("complex-step Jacobian", dict(max_err_eq42_complex_step=2e-6)),
        ("eig of the numeric Jacobian", dict(max_err_eigenvalues=2e-6)),
        ("assumption held (spectral radius < 1)", dict(max_spectral_radius=1.0)),
        ("iteration of eq. (40) converges", dict(run_final_ratio_stable_step=1e-3)),
        ("eq. (41) with bottom-left 2 alpha", dict(eq41_corrected_max_rel_err=2e-6)),
        # the erratum: the printed block turns out right (ratio 1), or the printed (41) matches the Jacobian
        ("off by the factor 2 (erratum)", dict(eq41_bottom_left_numeric_over_printed=1.0)),
        ("off by the factor 2 (erratum)", dict(eq41_bottom_left_numeric_over_printed=2.001)),
        ("off by the factor 2 (erratum)", dict(eq41_printed_max_rel_err=1e-12))]],
    *[("P14", p, a) for p, a in [
        ("games have Re eig v'(x*) < 0", dict(max_re_eig_v=0.0)),
        ("log-log slope of delta_F(h)", dict(slope_F_min=1.89)),
        ("log-log slope of delta_F(h)", dict(slope_F_max=2.11)),
        ("delta_F computed from eig F'", dict(delta_F_vs_h_delta_A_max_rel_diff=1e-6)),
        ("first-order coefficient", dict(first_order_ratio_min=0.89)),
        ("first-order coefficient", dict(first_order_ratio_max=1.11)),
        ("AltGA's Jacobian at the run's h is contractive", dict(rho_altga_at_h_run_max=1.0)),
        ("AltGA converges locally", dict(run_final_ratio_max=1e-3))]],
    *_l15_cases(),
    *[("NM3", p, a) for p, a in [
        ("eq. (9) = eigenvalues", dict(max_error=1e-7)),
        ("negative momentum values were tested", dict(n_negative_betas=0)),
        ("Taylor expansion (10)", dict(taylor_slope_min=1.89)),
        ("Taylor expansion (10)", dict(taylor_slope_max=2.11))]],
    *_nm1_cases(),
]


@pytest.mark.parametrize("claim, phrase, args", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_doctored_input_fails_exactly_that_assertion(tmp_path, judged, claim, phrase, args):
    v = CHECKS[claim](write_theory(tmp_path, claim, BUILDERS[claim](**args)))
    assert v.status == "fail"
    failed = [name for name, ok in judged[-1].items() if not ok]
    assert len(failed) == 1 and phrase in failed[0], failed
    assert failed[0] in v.reason


@pytest.mark.parametrize("claim", CHECKS)
def test_passes_on_a_real_like_result_and_every_assertion_has_a_flipping_case(tmp_path, judged, one_case_each, claim):
    v = CHECKS[claim](write_theory(tmp_path, claim, BUILDERS[claim]()))
    assert v.status == "pass", v.reason
    names = list(judged[-1])
    phrases = {phrase for c, phrase, _ in CASES if c == claim}
    one_case_each(names, phrases)


def test_l7_empty_per_h_lists_fail_with_a_reason(tmp_path):
    """The audit's case: per-h lists empty, everything else good; zip made it a pass before."""
    v = lemma7(write_theory(tmp_path, "L7", l7(simga_log10_growth=[], consensus_log10_ratio=[])))
    assert v.status == "fail" and "one SimGA growth and one consensus ratio per step size (0 and 0 for 4 h)" in v.reason


def test_l9_reports_the_erratum_of_claims_yaml(tmp_path):
    v = lemma9(write_theory(tmp_path, "L9", l9()))
    assert v.status == "pass" and v.expected["erratum"] == expected("L9")["erratum"]
    assert "||A - A^T||_2" in v.expected["erratum"] and "fails in general" in v.expected["erratum"]


def test_p13_erratum_is_the_factor_two(tmp_path):
    """P13 has no `expected` in claims.yaml: the erratum asserted is the factor 2 of eq. (41)'s bottom-left block
    (2 alpha v'^T v, d||v||^2/dx = 2 v'^T v), the ratio of the numeric block to the printed one."""
    v = proposition13(write_theory(tmp_path, "P13", p13()))
    assert v.status == "pass" and math.isclose(v.measured["eq41_bottom_left_numeric_over_printed"], 2.0)
    assert "expected" not in next(c for c in claims() if c["id"] == "P13")


@pytest.mark.parametrize("claim, build, key, text", [
    ("P14", p14, "slope_F_min", "nan"), ("P14", p14, "slope_F_max", "inf"), ("L11", l11, "max_eig_error", "nan"),
    ("L11", l11, "max_eig_error", "inf"), ("P13", p13, "max_err_eq42_central_diff", "inf")])
def test_a_non_finite_metric_as_written_fails_its_assertion_instead_of_crashing(tmp_path, claim, build, key, text):
    """numerics_of_gans.io writes nan/inf as the strings "nan", "inf"; the checks read them back as numbers."""
    check = {"P14": proposition14, "L11": lemma11, "P13": proposition13}[claim]
    verdict = check(write_theory(tmp_path, claim, build(**{key: text})))
    assert verdict.status == "fail", verdict.reason
