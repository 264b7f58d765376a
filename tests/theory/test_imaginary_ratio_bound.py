"""Lemma 9: q(gamma) for A - gamma A^T A, the constant c of eq. (17), the printed and the scale-free bound."""
from __future__ import annotations

import json

import numpy as np
import pytest
import scipy.optimize

from numerics_of_gans.io import to_jsonable, write_json
from numerics_of_gans.plots import lemma9_bound as fig
from numerics_of_gans.theory import imaginary_ratio_bound as ib
from paper_checks.checks.main_theory import lemma9
from paper_checks.registry import Context

SMALL = ib.Params(n_matrices=20, dims=(2, 3), n_gamma=6)


def _ctx(tmp_path, result) -> Context:
    write_json(tmp_path / "theory" / "L9.json", result)
    return Context("smoke", tmp_path)


def _ratio(A, v):
    """|v^H (A + A^T) v| / |v^H (A - A^T) v| for one complex v (eq. 17's objective)."""
    return abs(v.conj() @ (A + A.T) @ v) / abs(v.conj() @ (A - A.T) @ v)


def _brute_force_c(A, rng, n_samples=20000):
    n = A.shape[0]
    V = rng.standard_normal((n_samples, n)) + 1j * rng.standard_normal((n_samples, n))
    num = np.abs(np.einsum("ki,ij,kj->k", V.conj(), A + A.T, V))
    den = np.abs(np.einsum("ki,ij,kj->k", V.conj(), A - A.T, V))
    best = V[np.argmin(num / den)]
    # polish the best sample with a local optimiser over (Re v, Im v)
    f = lambda z: _ratio(A, z[:n] + 1j * z[n:])  # noqa: E731
    res = scipy.optimize.minimize(f, np.concatenate([best.real, best.imag]), method="Nelder-Mead",
                                  options=dict(xatol=1e-12, fatol=1e-14, maxiter=20000))
    return float((num / den).min()), float(res.fun)


def test_two_by_two_by_hand():
    # A = [[-a, b], [-b, -a]]: c = a/b, rho^2 = a^2 + b^2, ||A - A^T|| = 2b, eigenvalues of
    # A - gamma A^T A = -(a + gamma (a^2 + b^2)) +- i b, so q = b / (a + gamma (a^2 + b^2)).
    a, b = 0.3, 2.0
    A = np.array([[-a, b], [-b, -a]])
    assert ib.consensus_c(A) == pytest.approx(a / b, rel=1e-12)
    assert ib.c_by_bisection(A) == pytest.approx(a / b, rel=1e-9)
    for g in (0.0, 0.1, 10.0):
        q = ib.q_of_gamma(A, g)
        assert q == pytest.approx(b / (a + g * (a**2 + b**2)), rel=1e-12)
        scale_free = 1 / (a / b + 2 * (a**2 + b**2) * g / (2 * b))
        assert q == pytest.approx(scale_free, rel=1e-12)                   # the scale-free bound is attained
        printed = 1 / (a / b + 2 * (a**2 + b**2) * g)
        assert (q > printed * (1 + 1e-9)) == (g > 0)               # b > 1/2: (18) fails for gamma > 0


def test_c_matches_brute_force_search():
    rng = np.random.default_rng(0)
    for n in (2, 3, 4):
        for _ in range(3):
            A = ib.random_nsd_invertible(rng, n, 1e-3, full_rank_fraction=1.0)
            c = ib.consensus_c(A)
            sampled, polished = _brute_force_c(A, rng)
            assert sampled >= c * (1 - 1e-9)           # no v beats the exact minimum
            assert polished >= c * (1 - 1e-7)
            assert polished == pytest.approx(c, rel=1e-4)   # and the minimum is attained
            assert ib.c_by_bisection(A) == pytest.approx(c, rel=1e-7)


def test_c_is_zero_for_singular_symmetric_part():
    # Pure skew A (bilinear game): v^H (A + A^T) v = 0 for all v, so c = 0; so does a rank-deficient P generically.
    A = np.array([[0.0, 1.0, 0.0, 0.0], [-1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 2.0], [0.0, 0.0, -2.0, 0.0]])
    assert ib.consensus_c(A) == 0.0 and ib.c_by_bisection(A) < 1e-7
    B = A.copy()
    B[0, 0] = -1.0
    assert ib.consensus_c(B) == 0.0
    # a damped rotation has definite symmetric part and c = a/b > 0
    assert ib.consensus_c(np.array([[-1.0, 1.0], [-1.0, -1.0]])) == pytest.approx(1.0)
    # S vanishing on null(P) forces A null(P) = 0, i.e. a singular A (outside Lemma 9); eq. (17) then lives on the
    # range of P: diag(damped rotation, 0) has c = 1.
    C = np.zeros((3, 3))
    C[:2, :2] = [[-1.0, 1.0], [-1.0, -1.0]]
    assert ib.consensus_c(C) == pytest.approx(1.0)


def test_scaling_maps_q_gamma_to_q_t_gamma():
    rng = np.random.default_rng(1)
    A = ib.random_nsd_invertible(rng, 4, 1e-3)
    t, g = 7.0, 0.3
    assert ib.q_of_gamma(t * A, g) == pytest.approx(ib.q_of_gamma(A, t * g), rel=1e-9)
    assert ib.consensus_c(t * A) == pytest.approx(ib.consensus_c(A), rel=1e-9, abs=1e-15)


def test_compute_small():
    r = ib.compute(SMALL)
    m = r["metrics"]
    assert m["max_ratio_scale_free"] <= 1 + 1e-9
    assert m["n_violations_printed_normalised"] == 0
    assert "erratum" in r and "||A - A^T||_2" in r["erratum"]
    assert ib.compute(SMALL)["metrics"] == m


def test_check_passes_on_real_and_fails_on_doctored(tmp_path):
    result = ib.compute(ib.Params())
    assert lemma9(_ctx(tmp_path, result)).status == "pass"
    for key, value in (("max_ratio_printed_normalised", 1.01), ("max_ratio_scale_free", 1.001),
                       ("n_counterexample_matrices", 0), ("gamma_max", 10.0), ("max_rel_diff_c_methods", 1e-3),
                       ("max_c_bisection_where_c_zero", 1e-3)):
        bad = dict(result, metrics=dict(result["metrics"], **{key: value}))
        assert lemma9(_ctx(tmp_path, bad)).status == "fail", key
    verdict = lemma9(_ctx(tmp_path, dict(result, erratum="")))   # the module's prose is not what is judged
    assert verdict.status == "pass" and verdict.expected["erratum"].startswith("(18) holds when ||A - A^T||_2 <= 1")


def test_plot(tmp_path):
    result = json.loads(json.dumps(to_jsonable(ib.compute(SMALL))))
    fig.plot(result, tmp_path / "l9.pdf", "smoke")
    assert (tmp_path / "l9.png").exists()
