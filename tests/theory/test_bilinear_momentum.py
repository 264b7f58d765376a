"""NM1: the slides' bilinear-game table (simultaneous / alternating GDA with heavy-ball momentum)."""
from __future__ import annotations

import json

import numpy as np

from numerics_of_gans.io import write_json
from numerics_of_gans.plots import nm1_bilinear_momentum as fig
from numerics_of_gans.theory import bilinear_momentum as bm
from paper_checks.checks import negative_momentum as chk
from paper_checks.registry import Context

SMALL = bm.Params(n=3, n_seeds=3, sweep_etas=(0.1, 0.5), sweep_betas=(-0.5, 0.0, 0.5))


def _ctx(tmp_path, result) -> Context:
    write_json(tmp_path / "theory" / "NM1.json", result)
    return Context("smoke", tmp_path)


def test_hand_checked_scalar_game():
    # n = 1, A = [[s]], beta = 0: simultaneous eig 1 +- i eta s (rho = sqrt(1 + eta^2 s^2));
    # alternating [[1, -eta s], [eta s, 1 - eta^2 s^2]]: det 1, trace 2 - eta^2 s^2 -> |eig| = 1 for eta s < 2.
    a, eta = np.array([[0.8]]), 0.5
    assert np.isclose(bm.spectral_radius(a, eta, 0.0, "simultaneous"), np.sqrt(1 + 0.16))
    assert abs(bm.spectral_radius(a, eta, 0.0, "alternating") - 1) < 1e-14


def test_operator_matches_update_rules():
    rng = np.random.default_rng(0)
    params = bm.Params(n=3)
    a = bm.random_matrix(rng, params)
    assert np.linalg.cond(a) <= params.sigma_max / params.sigma_min + 1e-9
    x0 = rng.standard_normal(6)
    for method in bm.METHODS:
        for beta in (-0.4, 0.0, 0.3):
            final, _, _ = bm.run(a[None], x0[None], 0.5, np.array([beta]), np.array([method == "alternating"]), 37, 1)
            s = np.linalg.matrix_power(bm.operator(a, 0.5, beta, method), 37) @ np.concatenate([x0, x0])
            assert np.isclose(final[0], np.log10(np.linalg.norm(s[:6]) / np.linalg.norm(x0)))


def test_rescaling_keeps_huge_growth_exact():
    a = np.array([[1.0]])
    final, peak, _ = bm.run(a[None], np.array([[1.0, 0.0]]), 1.0, np.array([0.0]), np.array([False]), 2000, 100)
    # simultaneous, beta = 0: |x_t| = (1 + eta^2)^(t/2) exactly (the operator is a scaled rotation)
    assert np.isclose(final[0], 1000 * np.log10(2.0)) and np.isclose(peak[0], final[0])


def test_player_order_does_not_change_the_spectrum():
    # phi first: phi' uses theta, theta' uses phi'. The full step is the product of the two half steps in the other
    # order, and AB and BA have the same eigenvalues.
    rng = np.random.default_rng(1)
    a = bm.random_matrix(rng, bm.Params(n=3))
    n, eta, beta = 3, 0.7, -0.3
    eye, zero = np.eye(n), np.zeros((n, n))
    phi_row = np.hstack([eta * a.T, (1 + beta) * eye, zero, -beta * eye])
    theta_row = np.hstack([(1 + beta) * eye, zero, -beta * eye, zero]) - eta * a @ phi_row
    m = np.vstack([theta_row, phi_row, np.hstack([np.eye(2 * n), np.zeros((2 * n, 2 * n))])])
    assert np.isclose(np.abs(np.linalg.eigvals(m)).max(), bm.spectral_radius(a, eta, beta, "alternating"))


def test_the_check_and_the_figure_read_the_slide_table_from_the_claim():
    """claims.yaml holds the slide's table; a check that took it from the theory module would judge the code by
    itself."""
    assert fig.slide_table() == {"simultaneous": {"negative": [False, False], "zero": [False, False],
                                              "positive": [False, False]},
                             "alternating": {"negative": [True, True], "zero": [True, False],
                                             "positive": [False, False]}}
    assert [chk.slide_verdict("alternating", b) for b in (-0.1, 0.0, 0.1)] == [(True, True), (True, False),
                                                                              (False, False)]


def test_compute_and_check(tmp_path):
    result = bm.compute(SMALL)
    m = result["metrics"]
    i0 = m["betas"].index(0.0)
    assert abs(m["alt_rho_max"][i0] - 1) < 1e-12 and min(m["sim_rho_min"]) > 1
    assert chk.bilinear_table(_ctx(tmp_path, result)).status == "pass"


def test_check_fails_on_doctored_results(tmp_path):
    result = bm.compute(SMALL)
    m = result["metrics"]
    neg = m["betas"].index(-0.5)
    rho = list(m["alt_rho_max"])
    rho[neg] = 1.01
    bad = dict(result, metrics=dict(m, alt_rho_max=rho))
    assert chk.bilinear_table(_ctx(tmp_path, bad)).status == "fail"
    final = list(m["alt_log10_final_ratio_max"])
    final[neg] = -1.0            # did not get below 1e-3
    bad = dict(result, metrics=dict(m, alt_log10_final_ratio_max=final))
    assert chk.bilinear_table(_ctx(tmp_path, bad)).status == "fail"
    assert chk.bilinear_table(_ctx(tmp_path, dict(result, metrics=dict(m, steps=100)))).status == "fail"


def test_plot_thresholds_match_check(tmp_path):
    assert fig.BOUND == chk.BOUND and fig.CONVERGED == chk.CONVERGED
    write_json(tmp_path / "r.json", bm.compute(SMALL))
    fig.plot(json.loads((tmp_path / "r.json").read_text()), tmp_path / "f.pdf", "smoke")
    assert (tmp_path / "f.png").exists()
