"""L15 (supplement, Lemma 15 and the debiasing remark): E[L_B] = L + Var[v_1]/(2B), and L_B - S/(2B-2) is unbiased.

Reads results/<scale>/theory/L15.json (numerics_of_gans.theory.minibatch_bias.compute: per-example gradients of the
mixture-of-Gaussians GAN at a fixed parameter point, disjoint minibatches of fresh data). Monte-Carlo, so the
thresholds are in standard errors; meaningful at every scale, never skips.
"""
from __future__ import annotations

import math

from paper_checks.registry import Context, Verdict, check

# claims.yaml: "within 3 standard errors for every B". B = 1 is an exact identity (z ~ 1e-7), leaving 8 random
# z-scores (t with 63 dof, correlated across B since every B reuses the same pools): a true lemma fails this by
# chance in at most ~3 % of seeds (8 x 0.38 %). The debiased z-scores equal the bias z-scores by algebra (see the
# module docstring), so they add no chance failures. Observed with the defaults, data seeds 0-7 at model_seed 0 and
# model_seeds 1-3 at seed 0 (11 runs): max |z| per run 0.67-2.49 (median 1.45).
Z_MAX = 3.0
SLOPE, SLOPE_TOL = -1.0, 0.1     # claims.yaml L15: log-log slope -1 +- 0.1 (observed -1.005 ... -0.997, each SE 0.003)
MIN_SLOPE_POINTS = 4             # the slope must rest on at least 4 resolved batch sizes (observed: all 9)


def _finite(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


@check("L15")
def lemma15(ctx: Context) -> Verdict:
    m = ctx.theory("L15")["metrics"]
    bs, z_bias = m["batch_sizes"], m["z_bias"]   # (a nan/inf comes back as a float: Context.json)
    dbs, z_deb = m["debiased_batch_sizes"], m["z_debiased"]
    slope, slope_pts = m["slope"], m["slope_batch_sizes"]
    assertions = {
        **{f"B={b}: |measured bias - Var/(2B)| <= {Z_MAX:g} SE (z = {z:+.2f})": _finite(z) and abs(z) <= Z_MAX
           for b, z in zip(bs, z_bias)},
        **{f"B={b}: |E[L_B - S/(2B-2)] - L| <= {Z_MAX:g} SE (z = {z:+.2f})": _finite(z) and abs(z) <= Z_MAX
           for b, z in zip(dbs, z_deb)},
        f"log-log slope of the bias against B = {slope} within {SLOPE:g} +- {SLOPE_TOL:g}":
            _finite(slope) and abs(slope - SLOPE) <= SLOPE_TOL,
        f"slope fitted on >= {MIN_SLOPE_POINTS} resolved batch sizes (got {len(slope_pts)})":
            len(slope_pts) >= MIN_SLOPE_POINTS,
        # bool(bs) first: an empty list is a fail with this reason, not a ValueError from min()
        "the bias covers B = 1 ... 256 (claims.yaml)":
            bool(bs) and min(bs) == 1 and max(bs) >= 256 and len(bs) == len(z_bias),
        "a debiased z-score for every B >= 2":
            sorted(dbs) == sorted(b for b in bs if b >= 2) and len(dbs) == len(z_deb),
    }
    measured = {k: m[k] for k in ("batch_sizes", "L", "L_se", "var", "bias", "bias_se", "predicted", "z_bias",
                                  "debiased_minus_L", "debiased_minus_L_se", "z_debiased", "slope", "slope_se",
                                  "slope_batch_sizes", "n_params", "n_examples", "runtime_s")}
    expected = {"z_abs_max": Z_MAX, "slope": SLOPE, "slope_tol": SLOPE_TOL, "min_slope_points": MIN_SLOPE_POINTS,
                "batch_sizes": "1, 2, 4, ..., 256"}
    return Verdict.judge(assertions, measured, expected)
