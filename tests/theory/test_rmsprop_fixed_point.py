"""Proposition 13: Jacobian of the RMSProp-like map (40) at a fixed point against the block form (42)."""
from __future__ import annotations

import json

import numpy as np

from numerics_of_gans.io import write_json
from numerics_of_gans.plots import prop13_rmsprop_jacobian as fig
from numerics_of_gans.theory import rmsprop_fixed_point as rp
from paper_checks.checks.supplement_theory import proposition13
from paper_checks.registry import Context

SMALL = rp.Params(dim=3, n_fields=4)


def _ctx(tmp_path, result) -> Context:
    write_json(tmp_path / "theory" / "P13.json", result)
    return Context("smoke", tmp_path)


def test_hand_checked_1d():
    # v(x) = -x, eps = 1e-4, h = 0.01: h/sqrt(eps) = 1, so F'(0, 0) = diag(1 - 1, 1 - alpha) = diag(0, 0.9).
    field = rp.Field(np.array([[-1.0]]), np.zeros((1, 1)), 0.0, 0.0)
    fn = lambda z: rp.rmsprop_map(field, z, 0.01, 1e-4, 0.1)  # noqa: E731
    num = rp.central_jacobian(fn, np.zeros(2), np.array([1e-6, 1e-6]))
    assert np.allclose(num, np.diag([0.0, 0.9]), atol=1e-9)
    assert np.allclose(rp.eq42(np.array([[-1.0]]), 0.01, 1e-4, 0.1), np.diag([0.0, 0.9]))
    # Off the fixed point, d/dx alpha x^2 = 2 alpha x; the printed (41) gives alpha v' v = alpha x.
    x = np.array([0.5])
    ref = rp.complex_step_jacobian(fn, np.array([0.5, 0.01]))
    assert np.isclose(ref[1, 0], 2 * 0.1 * 0.5)
    assert np.isclose(rp.eq41(field, x, 0.01, 0.01, 1e-4, 0.1, 1.0)[1, 0], 0.1 * 0.5)
    assert np.allclose(rp.eq41(field, x, 0.01, 0.01, 1e-4, 0.1, 2.0), ref)


def test_field_jacobian_and_stable_step():
    rng = np.random.default_rng(0)
    field = rp.random_field(rng, SMALL)
    x = rng.standard_normal(3)
    assert np.allclose(rp.complex_step_jacobian(field, x), field.jacobian(x), atol=1e-12)
    assert np.all(field(np.zeros(3)) == 0)
    assert np.isclose(rp.stable_step(np.array([[-1.0]])), 2.0)
    a, b = 0.1, 2.0   # eigenvalues -a +- ib: bound 2a / (a^2 + b^2) (Lemma 4)
    assert np.isclose(rp.stable_step(np.array([[-a, b], [-b, -a]])), 2 * a / (a * a + b * b))


def test_compute_small_and_check(tmp_path):
    result = rp.compute(SMALL)
    m = result["metrics"]
    assert m["max_err_eq42_central_diff"] < 1e-9 and m["max_err_eigenvalues"] < 1e-9
    assert m["max_spectral_radius"] < 1 and m["run_final_ratio_stable_step"] < 1e-6
    assert abs(m["eq41_bottom_left_numeric_over_printed"] - 2) < 1e-9
    assert proposition13(_ctx(tmp_path, result)).status == "pass"


def test_check_fails_on_doctored_results(tmp_path):
    result = rp.compute(SMALL)
    for key, value in (("max_err_eq42_central_diff", 1e-4), ("run_final_ratio_stable_step", 0.5),
                       ("max_spectral_radius", 1.2)):
        bad = dict(result, metrics=dict(result["metrics"], **{key: value}))
        assert proposition13(_ctx(tmp_path, bad)).status == "fail", key


def test_plot(tmp_path):
    write_json(tmp_path / "r.json", rp.compute(SMALL))
    fig.plot(json.loads((tmp_path / "r.json").read_text()), tmp_path / "f.pdf", "smoke")
    assert (tmp_path / "f.png").exists()
