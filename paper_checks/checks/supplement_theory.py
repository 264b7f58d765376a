"""Checks of the supplement's momentum, RMSProp and alternating-updates results (L11, P13, P14).

Every check reads results/<scale>/theory/<ID>.json (written by numerics_of_gans.theory.<module>.compute) and judges
its `metrics`; the thresholds live here, never in compute. These are exact linear-algebra checks, meaningful at every
scale, so none of them skips.
"""
from __future__ import annotations

from paper_checks.registry import Context, Verdict, check

EIG_TOL = 1e-8          # L11: eigenvalues of G' vs the roots of l^2 + gamma l - mu (observed ~3e-14)
JAC_TOL = 1e-6          # P13: numeric Jacobian vs block form (42) (observed ~7e-13 central differences)
SLOPE, SLOPE_TOL = 2.0, 0.1   # P14: log-log slope of the eigenvalue perturbation (observed 1.994-2.000)
RUN_CONVERGED = 1e-3    # P13/P14: ||x_T - x*|| / ||x_0 - x*|| of the runs (observed: P13 ~1e-28, P14 <= 6.4e-6)


@check("L11")
def lemma11(ctx: Context) -> Verdict:
    m = ctx.theory("L11")["metrics"]
    assertions = {
        f"eig G' = roots of l^2 + gamma l - mu, multisets matched, max error <= {EIG_TOL:g}":
            m["max_eig_error"] <= EIG_TOL,
        f"every eig l of G' has l(l + gamma) in spec(v') within {EIG_TOL:g}": m["max_root_residual"] <= EIG_TOL,
        "most random v' have complex spectra": m["n_with_complex_spectrum"] >= m["n_matrices"] / 2,
        "breakdown example: mu in the open left half plane yet a root has Re >= 0":
            m["example_mu"][0] < 0 and m["example_max_re_root"] >= 0 and m["example_eig_error"] <= EIG_TOL,
        "closed form Re mu >= -(Im mu / gamma)^2 predicts the breakdown": bool(m["example_predicted_unstable"]),
        "breakdown example: spectral radius of I + hG' > 1 for every tried h": m["example_min_rho_over_h"] > 1,
        "real negative spectrum: every root has Re < 0": m["real_negative_max_re_root"] < 0,
        "real negative spectrum: I + hG' contracts for some small h": m["real_negative_min_rho_over_h"] < 1,
    }
    measured = {k: m[k] for k in ("n_matrices", "n_with_complex_spectrum", "max_eig_error", "max_root_residual",
                                  "example_mu", "example_gamma", "example_max_re_root", "example_min_rho_over_h",
                                  "real_negative_max_re_root", "real_negative_min_rho_over_h", "mu_zero_max_re_root")}
    return Verdict.judge(assertions, measured, {"eig_tol": EIG_TOL, "complex_fraction_min": 0.5})


@check("P13")
def proposition13(ctx: Context) -> Verdict:
    m = ctx.theory("P13")["metrics"]
    assertions = {
        f"central-difference Jacobian at (x*, 0) = block form (42) within {JAC_TOL:g}":
            m["max_err_eq42_central_diff"] <= JAC_TOL,
        f"complex-step Jacobian = (42) within {JAC_TOL:g}": m["max_err_eq42_complex_step"] <= JAC_TOL,
        f"eig of the numeric Jacobian = eig(I + h/sqrt(eps) v') and 1 - alpha within {JAC_TOL:g}":
            m["max_err_eigenvalues"] <= JAC_TOL,
        "the proposition's assumption held (spectral radius < 1)": m["max_spectral_radius"] < 1,
        f"iteration of eq. (40) converges locally (final ratio < {RUN_CONVERGED:g})":
            m["run_final_ratio_stable_step"] < RUN_CONVERGED,
        # Away from x*: eq. (41) needs 2 alpha v'^T v (d||v||^2/dx = 2 v'^T v); the printed alpha v'^T v is off by 2.
        f"eq. (41) with bottom-left 2 alpha v'^T v matches the Jacobian off the fixed point within {JAC_TOL:g}":
            m["eq41_corrected_max_rel_err"] <= JAC_TOL,
        "printed eq. (41) bottom-left block is off by the factor 2 (erratum)":
            abs(m["eq41_bottom_left_numeric_over_printed"] - 2) < 1e-6 and m["eq41_printed_max_rel_err"] > JAC_TOL,
    }
    return Verdict.judge(assertions, dict(m), {"jac_tol": JAC_TOL, "run_converged": RUN_CONVERGED})


@check("P14")
def proposition14(ctx: Context) -> Verdict:
    m = ctx.theory("P14")["metrics"]
    lo, hi = SLOPE - SLOPE_TOL, SLOPE + SLOPE_TOL
    assertions = {
        "games have Re eig v'(x*) < 0": m["max_re_eig_v"] < 0,
        f"log-log slope of delta_F(h) = max|eig F' - eig(I + h v')| in [{lo:g}, {hi:g}] for every game":
            lo <= m["slope_F_min"] and m["slope_F_max"] <= hi,
        "delta_F computed from eig F' equals h delta_A from eig A~_h (rel. 1e-6)":
            m["delta_F_vs_h_delta_A_max_rel_diff"] < 1e-6,
        "delta_A / h tends to the first-order coefficient max|c_k| (ratio within 10%)":
            0.9 <= m["first_order_ratio_min"] and m["first_order_ratio_max"] <= 1.1,
        "AltGA's Jacobian at the run's h is contractive": m["rho_altga_at_h_run_max"] < 1,
        f"AltGA converges locally (final ratio < {RUN_CONVERGED:g} in every game)":
            m["run_final_ratio_max"] < RUN_CONVERGED,
    }
    return Verdict.judge(assertions, dict(m), {"slope": [lo, hi], "run_converged": RUN_CONVERGED})
