"""Lemma 4 / Figure 1: rho(I + hA) < 1 iff h < 2|Re l| / |l|^2 for every eigenvalue l."""
from __future__ import annotations

import json

import numpy as np
import pytest

from numerics_of_gans.io import to_jsonable, write_json
from numerics_of_gans.plots import fig01_eigenvalue_projection as fig
from numerics_of_gans.theory import step_size_bound as sb
from paper_checks.checks.main_theory import lemma4
from paper_checks.registry import Context

SMALL = sb.Params(n_matrices=12, dims=(2, 4), slope_q=(10.0, 100.0, 1000.0))


def _ctx(tmp_path, result) -> Context:
    write_json(tmp_path / "theory" / "L4.json", result)
    return Context("smoke", tmp_path)


def test_closed_form_by_hand():
    # l = -1 +- 1i: h < 2 * 1 / 2 = 1;  l = -2 (real): h < 2/2 = 1;  l = -1 +- 3i: 2/10 = 0.2 binds.
    assert sb.closed_form_hmax(np.array([-1 + 1j, -1 - 1j])) == pytest.approx(1.0)
    assert sb.closed_form_hmax(np.array([-2.0, -1 + 3j, -1 - 3j])) == pytest.approx(0.2)
    with pytest.raises(ValueError):
        sb.closed_form_hmax(np.array([0.1 + 1j]))


def test_bisection_on_a_2x2_rotation():
    A = np.array([[-1.0, 3.0], [-3.0, -1.0]])       # eigenvalues -1 +- 3i: h_max = 2/(1 + 9) = 0.2
    assert sb.bisect_hmax(A) == pytest.approx(0.2, rel=1e-10)
    assert sb.spectral_radius(np.eye(2) + 0.19 * A) < 1 < sb.spectral_radius(np.eye(2) + 0.21 * A)


def test_construction_has_the_chosen_spectrum_and_condition():
    rng = np.random.default_rng(0)
    spec = [complex(-0.5, 200.0), complex(-2.0, 0.0)]
    S = sb.random_similarity(rng, 3, 10.0)
    assert np.linalg.cond(S) == pytest.approx(10.0)
    A = S @ sb.real_block_diagonal(spec) @ np.linalg.inv(S)
    got = np.sort_complex(np.linalg.eigvals(A))
    assert np.allclose(got, np.sort_complex(sb.full_spectrum(spec)), rtol=1e-12, atol=1e-10)


def test_compute_small():
    m = sb.compute(SMALL)["metrics"]
    assert m["n_matrices"] == 12 and m["max_rel_err"] < 1e-8
    assert m["max_q"] == pytest.approx(1e3)
    assert abs(m["slope_loglog"] + 2) < 0.01
    assert m["fig_rho_simga"] > 1 > m["fig_rho_consensus"]
    assert sb.compute(SMALL)["metrics"] == m


def test_check_passes_on_real_and_fails_on_doctored(tmp_path):
    result = sb.compute(sb.Params())
    assert lemma4(_ctx(tmp_path, result)).status == "pass"
    for key, value in (("max_rel_err", 1e-5), ("slope_loglog", -1.9), ("max_q", 50.0), ("fig_rho_consensus", 1.01)):
        bad = dict(result, metrics=dict(result["metrics"], **{key: value}))
        assert lemma4(_ctx(tmp_path, bad)).status == "fail", key


def test_plot(tmp_path):
    result = json.loads(json.dumps(to_jsonable(sb.compute(SMALL))))
    fig.plot(result, tmp_path / "f1.pdf", "smoke")
    assert (tmp_path / "f1.png").exists()
