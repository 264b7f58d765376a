"""NM3: Theorem 3 of the negative-momentum slides, eigenvalues of the heavy-ball operator's Jacobian."""
from __future__ import annotations

import json

import numpy as np

from numerics_of_gans.io import write_json
from numerics_of_gans.plots import nm3_momentum_spectrum as fig
from numerics_of_gans.theory import momentum_spectrum as ms
from paper_checks.checks.negative_momentum import theorem3
from paper_checks.registry import Context

SMALL = ms.Params(dims=(2, 5), n_per_dim=4, etas=(0.3,), betas=(-0.5, 0.0, 0.5))


def _ctx(tmp_path, result) -> Context:
    write_json(tmp_path / "theory" / "NM3.json", result)
    return Context("smoke", tmp_path)


def test_slide_square_root_branch():
    assert ms.sqrt_slide(np.array([-4.0]))[0] == 2j
    assert ms.sqrt_slide(np.array([complex(-4.0, -0.0)]))[0] == 2j    # numpy's principal root would give -2j
    assert ms.sqrt_slide(np.array([3 - 4j]))[0] == 2 - 1j              # positive real part


def test_hand_checked_scalar_cases():
    # beta = 0: J = [[1 - eta lam, 0], [1, 0]] -> {1 - eta lam, 0} = {mu_+, mu_-}.
    plus, minus = ms.mu_pm(0.0, 0.5, np.array([0.4]))
    assert np.isclose(plus[0], 0.8) and np.isclose(minus[0], 0.0)
    # eta lam = 1, beta = 0.25: c = 0.25, Delta = 1 - 16 = -15 -> mu = 0.25 (1 +- i sqrt 15) / 2, |mu|^2 = beta.
    plus, minus = ms.mu_pm(0.25, 1.0, np.array([1.0]))
    assert np.isclose(plus[0], 0.125 * (1 + 1j * np.sqrt(15))) and np.isclose(abs(minus[0]) ** 2, 0.25)
    eig = np.linalg.eigvals(ms.momentum_jacobian(np.array([[1.0]]), 1.0, 0.25))
    assert np.allclose(np.sort_complex(eig), np.sort_complex(np.concatenate([plus, minus])))


def test_taylor_expansion_and_exact_sum():
    lam = np.array([0.3 + 2j, 1.0 - 0.5j])
    for beta in (1e-3, -1e-3):
        plus, minus = ms.mu_pm(beta, 0.2, lam)
        tp, tm = ms.taylor(beta, 0.2, lam)
        assert np.abs(plus - tp).max() < 10 * beta ** 2 and np.abs(minus - tm).max() < 10 * beta ** 2
        assert np.allclose(plus + minus, 1 - 0.2 * lam + beta)   # Vieta: mu_+ + mu_- = 1 - eta lam + beta


def test_compute_small_and_check(tmp_path):
    result = ms.compute(SMALL)
    m = result["metrics"]
    assert m["max_error"] < 1e-10 and 1.9 < m["taylor_slope_min"] <= m["taylor_slope_max"] < 2.1
    assert theorem3(_ctx(tmp_path, result)).status == "pass"


def test_check_fails_on_doctored_results(tmp_path):
    result = ms.compute(SMALL)
    for key, value in (("max_error", 1e-5), ("taylor_slope_min", 1.0), ("n_negative_betas", 0)):
        bad = dict(result, metrics=dict(result["metrics"], **{key: value}))
        assert theorem3(_ctx(tmp_path, bad)).status == "fail", key


def test_plot(tmp_path):
    write_json(tmp_path / "r.json", ms.compute(SMALL))
    fig.plot(json.loads((tmp_path / "r.json").read_text()), tmp_path / "f.pdf", "smoke")
    assert (tmp_path / "f.png").exists()
