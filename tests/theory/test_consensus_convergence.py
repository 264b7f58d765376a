"""Lemmas 6-7: A v' = v' - gamma v'^T v' is negative definite; consensus converges on a bilinear game."""
from __future__ import annotations

import json

import numpy as np
import pytest

from numerics_of_gans.io import to_jsonable, write_json
from numerics_of_gans.plots import lemma7_consensus_convergence as fig
from numerics_of_gans.theory import consensus_convergence as cc
from paper_checks.checks.main_theory import lemma7
from paper_checks.registry import Context

SMALL = cc.Params(n_cases=12, dims=(2, 3, 4), bilinear_n=2, bilinear_h=(0.1, 0.3), bilinear_steps=2000,
                  n_checkpoints=11)


def _ctx(tmp_path, result) -> Context:
    write_json(tmp_path / "theory" / "L7.json", result)
    return Context("smoke", tmp_path)


def test_rotation_by_hand():
    # v' = [[0, w], [-w, 0]] (bilinear game): v'^T v' = w^2 I, so A v' = v' - gamma w^2 I,
    # sym part = -gamma w^2 I (negative definite) and eig = -gamma w^2 +- i w.
    w, g = 2.0, 0.5
    V = np.array([[0.0, w], [-w, 0.0]])
    AV = cc.consensus_matrix(V, g)
    assert np.allclose((AV + AV.T) / 2, -g * w**2 * np.eye(2))
    assert np.allclose(np.sort_complex(np.linalg.eigvals(AV)), [-g * w**2 - 1j * w, -g * w**2 + 1j * w])
    # SimGA multiplies the norm by |1 + i h w| = sqrt(1 + h^2 w^2) per step: grows for every h > 0.
    h = 0.1
    log_growth = cc.iterate_log_norm(np.eye(2) + h * V, np.array([1.0, 0.0]), 10, 2)[-1]
    assert log_growth == pytest.approx(10 * 0.5 * np.log10(1 + h**2 * w**2))


def test_random_nsd_invertible():
    rng = np.random.default_rng(3)
    for rank in (0, 1, 4):
        V = cc.random_nsd_invertible(rng, 4, rank, 5.0, 1e-3)
        assert np.linalg.eigvalsh((V + V.T) / 2).max() <= 1e-12
        assert np.linalg.norm(V, 2) == pytest.approx(5.0)
        assert np.linalg.svd(V, compute_uv=False)[-1] > 5e-3


def test_nonlinear_game_jacobian_is_analytic():
    rng = np.random.default_rng(0)
    v, vprime = cc.nonlinear_game(rng.standard_normal((2, 2)))
    x = rng.standard_normal(4)
    assert np.abs(cc.fd_jacobian(v, x, 1e-6) - vprime(x)).max() < 1e-7


def test_compute_small():
    m = cc.compute(SMALL)["metrics"]
    assert m["max_lam_max_sym"] < 0 and m["max_ratio_to_eq25"] <= -1 + 1e-8
    assert m["min_sigma_min_A"] >= 1 - 1e-12 and m["eq16_fd_max_abs_err"] < 1e-8
    assert all(g > 0 for g in m["simga_log10_growth"]) and all(c < -6 for c in m["consensus_log10_ratio"])
    assert cc.compute(SMALL)["metrics"] == m


def test_check_passes_on_real_and_fails_on_doctored(tmp_path):
    result = cc.compute(cc.Params())
    assert lemma7(_ctx(tmp_path, result)).status == "pass"
    m = result["metrics"]
    for key, value in (("max_lam_max_sym", 1e-9), ("max_ratio_to_eq25", -0.5), ("eq16_fd_max_abs_err", 1e-3),
                       ("consensus_log10_ratio", [-11.0, -5.0, -100.0, -200.0]),
                       ("simga_log10_growth", [-0.1] + m["simga_log10_growth"][1:]), ("n_skew", 0)):
        bad = dict(result, metrics=dict(m, **{key: value}))
        assert lemma7(_ctx(tmp_path, bad)).status == "fail", key


def test_plot(tmp_path):
    result = json.loads(json.dumps(to_jsonable(cc.compute(SMALL))))
    fig.plot(result, tmp_path / "l7.pdf", "smoke")
    assert (tmp_path / "l7.png").exists()
