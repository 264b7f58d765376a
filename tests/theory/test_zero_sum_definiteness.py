"""Lemma 1: v' of a zero-sum game is negative (semi-)definite iff grad²_phi f <= 0 and grad²_theta f >= 0."""
from __future__ import annotations

import json

import numpy as np

from numerics_of_gans.io import to_jsonable, write_json
from numerics_of_gans.plots import lemma1_definiteness as fig
from numerics_of_gans.theory import zero_sum_definiteness as zs
from paper_checks.checks.main_theory import lemma1
from paper_checks.registry import Context

SMALL = zs.Params(n_games=30, dims=(1, 2, 3))


def _ctx(tmp_path, result) -> Context:
    write_json(tmp_path / "theory" / "L1.json", result)
    return Context("smoke", tmp_path)


def test_classify_by_hand():
    assert zs.classify(np.array([-2.0, -1.0]), 1e-12, sign=-1) == "definite"
    assert zs.classify(np.array([-2.0, 0.0]), 1e-12, sign=-1) == "semidefinite"
    assert zs.classify(np.array([-2.0, 1e-15]), 1e-12, sign=-1) == "semidefinite"   # round-off counts as zero
    assert zs.classify(np.array([-2.0, 1.0]), 1e-12, sign=-1) == "neither"
    assert zs.classify(np.array([3.0]), 1e-12, sign=+1) == "definite"
    assert zs.combine("definite", "semidefinite") == "semidefinite"
    assert zs.combine("definite", "neither") == "neither"


def test_vprime_of_a_1x1_game():
    # f = 1/2 p phi^2 + c phi theta + 1/2 q theta^2: v = (p phi + c theta, -(c phi + q theta)).
    J = zs.vprime(np.array([[-1.0]]), np.array([[5.0]]), np.array([[2.0]]))
    assert np.array_equal(J, [[-1.0, 5.0], [-5.0, -2.0]])
    # Coupling cancels in the symmetric part: sym(v') = diag(P, -Q) -> negative definite despite |c| >> |p|, |q|.
    assert zs.classify(np.linalg.eigvalsh((J + J.T) / 2), 1e-12, sign=-1) == "definite"
    # A bilinear game (P = Q = 0) is negative semi-definite but not definite.
    Jb = zs.vprime(np.zeros((1, 1)), np.array([[1.0]]), np.zeros((1, 1)))
    assert zs.classify(np.linalg.eigvalsh((Jb + Jb.T) / 2), 1e-12, sign=-1) == "semidefinite"


def test_compute_small_is_deterministic_and_consistent():
    r = zs.compute(SMALL)
    m = r["metrics"]
    assert m["n_games"] == 30 and m["n_disagree_category"] == 0 and m["n_mismatch_designed"] == 0
    assert all(m[f"n_lhs_{c}"] == 10 for c in zs.CATEGORIES)
    assert m["max_rel_err_eq19"] < 1e-12
    assert zs.compute(SMALL)["metrics"] == m


def test_check_passes_on_real_and_fails_on_doctored(tmp_path):
    result = zs.compute(zs.Params())
    assert lemma1(_ctx(tmp_path, result)).status == "pass"
    for key, value in (("n_disagree_semidefinite", 1), ("n_lhs_semidefinite", 0), ("n_games", 150),
                       ("max_rel_eig_at_or_below_tol", 1e-10)):
        bad = dict(result, metrics=dict(result["metrics"], **{key: value}))
        assert lemma1(_ctx(tmp_path, bad)).status == "fail", key
    # Too small games for the check's sample size: fails, not passes.
    assert lemma1(_ctx(tmp_path, zs.compute(SMALL))).status == "fail"


def test_plot(tmp_path):
    result = json.loads(json.dumps(to_jsonable(zs.compute(SMALL))))
    fig.plot(result, tmp_path / "l1.pdf", "smoke")
    assert (tmp_path / "l1.pdf").stat().st_size > 0 and (tmp_path / "l1.png").exists()
