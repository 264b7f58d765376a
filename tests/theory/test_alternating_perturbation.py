"""Proposition 14, eqs. (43)-(45): AltGA's Jacobian is an O(h^2) perturbation of SimGA's."""
from __future__ import annotations

import json

import numpy as np

from numerics_of_gans.io import write_json
from numerics_of_gans.plots import prop14_alternating_perturbation as fig
from numerics_of_gans.theory import alternating_perturbation as ap
from numerics_of_gans.theory.rmsprop_fixed_point import Field
from paper_checks.checks.supplement_theory import proposition14
from paper_checks.registry import Context

SMALL = ap.Params(n_phi=2, n_theta=2, n_games=3, n_h=5)


def _ctx(tmp_path, result) -> Context:
    write_json(tmp_path / "theory" / "P14.json", result)
    return Context("smoke", tmp_path)


def test_hand_checked_bilinear_2x2():
    # v' = [[0, 1], [-1, 0]]: G1' = [[0, 1], [0, 0]], G2' = [[0, 0], [-1, 0]],
    # F' = [[1, h], [-h, 1 - h^2]]: det 1, trace 2 - h^2, so |eig| = 1 for h < 2.
    h = 0.3
    f = ap.altga_jacobian(np.array([[0.0, 1.0], [-1.0, 0.0]]), 1, h)
    assert np.allclose(f, [[1, h], [-h, 1 - h * h]])
    assert np.allclose(np.abs(np.linalg.eigvals(f)), 1.0)


def test_eq45_expansion():
    rng = np.random.default_rng(0)
    v = ap.random_game(rng, 3, 2, 3.0, zero_sum=False)
    g1, g2 = ap.split_jacobians(v, 3)
    assert np.allclose(g1 + g2, v)
    h = 0.07
    assert np.allclose(ap.altga_jacobian(v, 3, h), np.eye(5) + h * v + h * h * g2 @ g1)
    assert np.linalg.eigvals(v).real.max() < 0


def test_first_order_coefficients_match_finite_difference():
    rng = np.random.default_rng(2)
    v = ap.random_game(rng, 2, 2, 3.0, zero_sum=True)
    g1, g2 = ap.split_jacobians(v, 2)
    coef = ap.first_order_coefficients(v, 2)
    lam = np.linalg.eigvals(v)
    h = 1e-6
    moved, base = ap.match_multisets(np.linalg.eigvals(v + h * g2 @ g1), lam)
    for value, origin in zip(moved, base):   # d lambda / dh for each eigenvalue
        k = np.argmin(np.abs(lam - origin))
        assert abs((value - origin) / h - coef[k]) < 1e-4


def test_linear_run_matches_jacobian_power():
    rng = np.random.default_rng(3)
    v = ap.random_game(rng, 2, 1, 2.0, zero_sum=True)
    x0 = np.array([1.0, -0.5, 0.25])
    norms = ap.altga_run(Field(v, np.zeros((3, 3)), 0.0, 0.0), 2, x0, 0.1, 20)
    expected = np.linalg.matrix_power(ap.altga_jacobian(v, 2, 0.1), 20) @ x0
    assert np.isclose(norms[-1], np.linalg.norm(expected) / np.linalg.norm(x0))


def test_compute_small_and_check(tmp_path):
    result = ap.compute(SMALL)
    m = result["metrics"]
    assert 1.9 < m["slope_F_min"] <= m["slope_F_max"] < 2.1
    assert 0.9 < m["slope_A_min"] <= m["slope_A_max"] < 1.1
    assert m["run_final_ratio_max"] < 1e-3
    assert proposition14(_ctx(tmp_path, result)).status == "pass"


def test_check_fails_on_doctored_results(tmp_path):
    result = ap.compute(SMALL)
    for key, value in (("slope_F_min", 1.0), ("run_final_ratio_max", 2.0), ("max_re_eig_v", 0.1)):
        bad = dict(result, metrics=dict(result["metrics"], **{key: value}))
        assert proposition14(_ctx(tmp_path, bad)).status == "fail", key


def test_plot(tmp_path):
    write_json(tmp_path / "r.json", ap.compute(SMALL))
    fig.plot(json.loads((tmp_path / "r.json").read_text()), tmp_path / "f.pdf", "smoke")
    assert (tmp_path / "f.png").exists()
