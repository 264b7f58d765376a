"""Checks of the negative-momentum slides (Gidel et al., AISTATS 2019): the bilinear table (NM1) and Theorem 3 (NM3).

Both are exact numpy computations, meaningful at every scale; the thresholds are here, compute only measures.
"""
from __future__ import annotations

import math

from paper_checks.registry import Context, Verdict, check, expected

BOUND = 10.0          # NM1 "bounded": max_t ||x_t|| / ||x_0|| < 10 over T steps (alt., beta <= 0: observed <= 1.14)
CONVERGED = 1e-3      # NM1 "converges": ||x_T|| / ||x_0|| < 1e-3 (alt., beta < 0: observed <= 1e-22)
MIN_STEPS = 10_000    # NM1: T large enough that rho - 1 ~ 2e-4 shows as growth/decay by 10x
RHO_TOL = 1e-9        # NM1: |rho - 1| below this counts as rho = 1 (observed 2e-15 for alternating, beta = 0)
NM3_TOL = 1e-8        # NM3: formula (9) vs eigenvalues (observed ~3e-14)
TAYLOR_SLOPE, TAYLOR_TOL = 2.0, 0.1   # NM3: error of (10) is O(beta^2) (observed 1.997-2.003)


def slide_verdict(method: str, beta: float) -> tuple[bool, bool]:
    """(bounded, converges) of the slide's table (claims.yaml, NM1 expected.table) for this method and beta."""
    sign = "negative" if beta < 0 else "zero" if beta == 0 else "positive"
    bounded, converges = expected("NM1")["table"][method][sign]
    return bounded, converges


PER_BETA = ("log10_max_ratio_min", "log10_max_ratio_max", "log10_final_ratio_min", "log10_final_ratio_max",
            "rho_min", "rho_max")   # NM1's results with one value per beta, for each method


def _per_beta_complete(m: dict) -> bool:
    return all(len(m.get(f"{method[:3]}_{stat}", [])) == len(m["betas"])
               for method in expected("NM1")["table"] for stat in PER_BETA)


def _cell_assertions(m: dict) -> tuple[dict, list]:
    assertions, table = {}, []
    lb, lc = math.log10(BOUND), math.log10(CONVERGED)
    for method in expected("NM1")["table"]:
        key = method[:3]
        for i, beta in enumerate(m["betas"]):
            bounded, converges = slide_verdict(method, beta)
            peak_lo, peak_hi = m[f"{key}_log10_max_ratio_min"][i], m[f"{key}_log10_max_ratio_max"][i]
            fin_lo, fin_hi = m[f"{key}_log10_final_ratio_min"][i], m[f"{key}_log10_final_ratio_max"][i]
            rho_lo, rho_hi = m[f"{key}_rho_min"][i], m[f"{key}_rho_max"][i]
            runs_ok = (peak_hi < lb if bounded else peak_lo >= lb) and (fin_hi < lc if converges else fin_lo >= lc)
            if not bounded:
                rho_ok = rho_lo > 1 + RHO_TOL
            elif not converges:
                rho_ok = abs(rho_lo - 1) <= RHO_TOL and abs(rho_hi - 1) <= RHO_TOL
            else:
                rho_ok = rho_hi < 1 - RHO_TOL
            name = f"{method}, beta = {beta:g} (slide: bounded {bounded}, converges {converges})"
            assertions[f"{name}: runs agree on every A"] = runs_ok
            assertions[f"{name}: spectral radius agrees on every A"] = rho_ok
            table.append({"method": method, "beta": beta, "slide": [bounded, converges],
                          "log10_max_ratio": [peak_lo, peak_hi], "log10_final_ratio": [fin_lo, fin_hi],
                          "rho": [rho_lo, rho_hi]})
    return assertions, table


@check("NM1")
def bilinear_table(ctx: Context) -> Verdict:
    m = ctx.theory("NM1")["metrics"]
    betas = m["betas"]
    assertions = {
        "beta grid has negative, zero and positive values":   # bool(betas): an empty grid fails, min() would raise
            bool(betas) and min(betas) < 0 and 0 in betas and max(betas) > 0,
        f"T >= {MIN_STEPS}": m["steps"] >= MIN_STEPS,
        "at least 3 random A": m["n_seeds"] >= 3,
    }
    complete = _per_beta_complete(m)   # else a short list would end the check with an IndexError, not a verdict
    assertions["one result per beta for every method"] = complete
    cells, table = _cell_assertions(m) if complete else ({}, [])
    assertions.update(cells)
    # The slide's "beta in R" for simultaneous and "> 0" for alternating, over the whole (eta, beta) grid tried.
    assertions["simultaneous: rho > 1 on every (eta, beta) of the sweep"] = m["sweep_sim_rho_min"] > 1 + RHO_TOL
    assertions["alternating, beta > 0: rho > 1 on every eta of the sweep"] = (
        m["sweep_alt_pos_beta_rho_min"] > 1 + RHO_TOL)
    assertions["alternating, beta = 0: rho = 1 on every eta of the sweep"] = (
        m["sweep_alt_zero_beta_abs_rho_minus_1_max"] <= RHO_TOL)
    measured = {"eta": m["eta"], "steps": m["steps"], "n_seeds": m["n_seeds"], "cells": table,
                "sweep_sim_rho_min": m["sweep_sim_rho_min"],
                "sweep_alt_pos_beta_rho_min": m["sweep_alt_pos_beta_rho_min"],
                # Not asserted: negative momentum converges only for suitable (eta, beta), not for every beta < 0.
                "sweep_alt_neg_beta_fraction_rho_below_1": m["sweep_alt_neg_beta_fraction_rho_below_1"],
                "sweep_etas_all_negative_betas_converge": m["sweep_etas_all_negative_betas_converge"]}
    expected = {"bounded": f"max ratio < {BOUND:g}", "converges": f"final ratio < {CONVERGED:g}",
                "min_steps": MIN_STEPS, "rho_tol": RHO_TOL}
    return Verdict.judge(assertions, measured, expected)


@check("NM3")
def theorem3(ctx: Context) -> Verdict:
    m = ctx.theory("NM3")["metrics"]
    lo, hi = TAYLOR_SLOPE - TAYLOR_TOL, TAYLOR_SLOPE + TAYLOR_TOL
    assertions = {
        f"eq. (9) = eigenvalues of the augmented Jacobian, max error <= {NM3_TOL:g}": m["max_error"] <= NM3_TOL,
        "negative momentum values were tested": m["n_negative_betas"] >= 1,
        f"Taylor expansion (10): error slope in beta within [{lo:g}, {hi:g}] (O(beta^2)), both signs of beta":
            lo <= m["taylor_slope_min"] and m["taylor_slope_max"] <= hi,
    }
    return Verdict.judge(assertions, dict(m), {"tol": NM3_TOL, "taylor_slope": [lo, hi]})
