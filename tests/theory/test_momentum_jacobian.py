"""Lemma 11 / Corollary 12: eigenvalues of the momentum Jacobian G' = [[0, I], [v', -gamma I]]."""
from __future__ import annotations

import numpy as np

from numerics_of_gans.io import write_json
from numerics_of_gans.plots import lemma11_momentum_spectrum as fig
from numerics_of_gans.theory import momentum_jacobian as mj
from paper_checks.checks.supplement_theory import lemma11
from paper_checks.registry import Context

SMALL = mj.Params(dims=(4, 6), n_per_dim=5, gammas=(0.5, 2.0), grid_points=11)


def _ctx(tmp_path, result) -> Context:
    write_json(tmp_path / "theory" / "L11.json", result)
    return Context("smoke", tmp_path)


def test_hand_checked_2x2():
    # v' = diag(-2, 0), gamma = 3: l^2 + 3l + 2 = 0 -> {-1, -2}; l^2 + 3l = 0 -> {0, -3}.
    eig = np.linalg.eigvals(mj.momentum_jacobian(np.diag([-2.0, 0.0]), 3.0))
    assert np.allclose(np.sort(eig.real), [-3, -2, -1, 0]) and np.allclose(eig.imag, 0)
    roots = mj.lemma11_roots(np.array([-2.0, 0.0]), 3.0)
    a, b = mj.match_multisets(eig, roots)
    assert np.abs(a - b).max() < 1e-12


def test_match_multisets_is_one_to_one():
    # Greedy nearest neighbour would send both 1.0 and 1.2 to 1.1; the assignment must use 5.0 once.
    a, b = mj.match_multisets(np.array([1.0, 1.2]), np.array([1.1, 5.0]))
    assert sorted(b.real.tolist()) == [1.1, 5.0]
    assert np.abs(a - b).max() > 3   # the missing eigenvalue shows up as a large error


def test_closed_form_breakdown_region():
    rng = np.random.default_rng(1)
    for mu in rng.uniform(-2, 0.5, 200) + 1j * rng.uniform(-2, 2, 200):
        direct = mj.lemma11_roots(np.array([mu]), 0.7).real.max() >= 0
        assert mj.unstable(mu, 0.7) == direct
    # pure rotation (bilinear game, mu = +-i) always breaks Corollary 12
    assert mj.unstable(1j, 10.0)


def test_compute_small_and_check(tmp_path):
    result = mj.compute(SMALL)
    m = result["metrics"]
    assert m["n_matrices"] == 20 and m["max_eig_error"] < 1e-10
    assert m["example_max_re_root"] > 0 and m["real_negative_max_re_root"] < 0
    assert m["mu_zero_max_re_root"] == 0.0          # the proof's "non-positive" includes l = 0
    assert mj.compute(SMALL)["metrics"] == m         # deterministic
    assert lemma11(_ctx(tmp_path, result)).status == "pass"


def test_check_fails_on_doctored_results(tmp_path):
    result = mj.compute(SMALL)
    bad = dict(result, metrics=dict(result["metrics"], max_eig_error=1e-3))
    assert lemma11(_ctx(tmp_path, bad)).status == "fail"
    bad = dict(result, metrics=dict(result["metrics"], example_max_re_root=-0.1))
    assert lemma11(_ctx(tmp_path, bad)).status == "fail"


def test_plot(tmp_path):
    result = mj.compute(SMALL)
    write_json(tmp_path / "r.json", result)
    import json
    fig.plot(json.loads((tmp_path / "r.json").read_text()), tmp_path / "f.pdf", "smoke")
    assert (tmp_path / "f.pdf").exists() and (tmp_path / "f.png").exists()
