"""Mixture-of-Gaussians metrics (numerics_of_gans.mog.metrics) on hand-made point sets, and the E2/E3 checks
(paper_checks/checks/mog.py) on synthetic result files: they skip short runs, pass good results, fail doctored ones."""
from __future__ import annotations

import json

import numpy as np
import pytest

from numerics_of_gans.mog import metrics as mm, model as mog
from paper_checks.checks import mog as mog_checks
from paper_checks.registry import Context

MEANS = mog.target_means()
STD = 0.01


def test_nearest_mode_by_hand():
    idx, dist = mm.nearest_mode(np.array([[1.0, 0.0], [0.0, 0.9], [-0.7, -0.7]]), MEANS)
    assert idx.tolist() == [0, 2, 5]
    assert np.allclose(dist, [0.0, 0.1, np.hypot(0.7 - np.sqrt(0.5), 0.7 - np.sqrt(0.5))])


def test_points_on_every_mode_are_all_high_quality():
    x = np.repeat(MEANS, 10, axis=0)
    m = mm.sample_metrics(x, MEANS, STD)
    assert (m["hq_fraction"], m["modes_covered"], m["hq_counts"]) == (1.0, 8, [10] * 8)
    assert np.allclose(m["occupancy"], 1 / 8)


def test_quality_radius_is_k_std():
    # offsets of 2 std: high quality at k = 3, not at k = 1; an offset of 5 std never
    x = np.concatenate([MEANS + [0.02, 0.0], MEANS + [0.0, 0.05]])
    assert mm.sample_metrics(x, MEANS, STD, k=3)["hq_fraction"] == 0.5
    assert mm.sample_metrics(x, MEANS, STD, k=1)["hq_fraction"] == 0.0


def test_mode_collapse_and_coverage_threshold():
    # 80 samples: 76 on mode 0, 4 on mode 1. Fair share 10; covered needs >= 0.25 * 10 = 2.5 -> modes 0 and 1
    x = np.array([MEANS[0]] * 76 + [MEANS[1]] * 4)
    m = mm.sample_metrics(x, MEANS, STD)
    assert m["modes_covered"] == 2 and m["hq_counts"][:2] == [76, 4]
    x = np.array([MEANS[0]] * 78 + [MEANS[1]] * 2)
    assert mm.sample_metrics(x, MEANS, STD)["modes_covered"] == 1


def test_non_finite_samples():
    x = np.array([MEANS[0], [np.nan, 0.0], MEANS[1], [np.inf, 1.0]])
    m = mm.sample_metrics(x, MEANS, STD, reference=MEANS)
    assert m["finite_fraction"] == 0.5 and m["hq_fraction"] == 0.5
    assert np.isnan(m["energy_distance"])


def test_energy_distance_by_hand():
    a, b = np.array([[0.0, 0.0]]), np.array([[3.0, 4.0]])
    assert mm.energy_distance(a, b) == pytest.approx(10.0)            # 2 |a - b| - 0 - 0
    x = np.random.default_rng(0).normal(size=(50, 2))
    assert mm.energy_distance(x, x) == pytest.approx(0.0, abs=1e-12)  # V-statistic of identical sets
    y = x + [1.0, 0.0]
    assert mm.energy_distance(x, y) == pytest.approx(mm.energy_distance(y, x))
    assert mm.energy_distance(x, y) > 0.1
    # two-point sets {0, 2} vs {1, 1} on a line: 2*1 - (0+2+2+0)/4 - 0 = 1
    assert mm.energy_distance(np.array([[0.0, 0], [2, 0]]), np.array([[1.0, 0], [1, 0]])) == pytest.approx(1.0)
    assert mm.energy_distance(x, y, yy=mm.mean_pairwise_distance(y, y)) == pytest.approx(mm.energy_distance(x, y))


def test_occupancy_change_by_hand():
    from numerics_of_gans.stats import total_variation
    assert total_variation([0.5, 0.5, 0], [0, 0.5, 0.5]) == pytest.approx(0.5)
    assert total_variation([1, 0], [0, 1]) == 1.0


# --- the checks on synthetic result files --------------------------------------------------------------------

def _occ(modes):
    o = np.zeros(8)
    o[list(modes)] = 1 / len(modes)
    return o.tolist()


def _run(method, seed, steps, modes_final, hq, ed, occ_mid, occ_final):
    return {"settings": {"method": method, "seed": seed, "steps": steps, "gamma": 10.0},
            "evals": [{"step": steps // 2, "modes_covered": 8, "hq_fraction": hq, "energy_distance": ed,
                       "occupancy": occ_mid},
                      {"step": steps, "modes_covered": modes_final, "hq_fraction": hq, "energy_distance": ed,
                       "occupancy": occ_final}]}


def _write(root, rel, data):
    path = root / "cpu" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data))


def _spectrum(seed, v_axis, w_axis, v_med, w_med):
    s = lambda a, m: {"frac_rotational_near_axis": a, "median_re_over_abs_im": m, "n_rotational": 20,  # noqa: E731
                      "n_near_zero": 5, "frac_rotational_re_positive": 0.0}
    return {"seed": seed, "gamma": 10.0, "n_minibatches": 10,
            "before": {"summary_v": s(0.3, 0.1), "summary_w": s(0.0, -20)},
            "after": {"summary_v": s(v_axis, v_med), "summary_w": s(w_axis, w_med)}}


def _results(tmp_path, steps=20000, conopt_modes=8, simga_moves=True, w_axis=0.0):
    # the configuration the checks judge the runs against (results/<scale>/config.json): the runs' settings
    _write(tmp_path, "config.json", {"mog": {"methods": ["simga", "conopt"], "seeds": list(range(5)), "steps": steps,
                                             "gamma": 10.0, "spectrum_seeds": list(range(5)),
                                             "spectrum_minibatches": 10}})
    for seed in range(5):
        _write(tmp_path, f"mog/conopt/seed{seed}/run.json",
               _run("conopt", seed, steps, conopt_modes, 0.7 + 0.01 * seed, 0.002 + 1e-4 * seed, _occ(range(8)), _occ(range(8))))
        _write(tmp_path, f"mog/simga/seed{seed}/run.json",
               _run("simga", seed, steps, 8 if not simga_moves else 5, 0.5, 0.2 + 0.01 * seed,
                    _occ(range(8)), _occ(range(8)) if not simga_moves else _occ([0, 1, 2])))
        _write(tmp_path, f"mog/conopt/seed{seed}/spectrum.json",
               _spectrum(seed, 0.9 + 0.01 * seed, w_axis, 0.01 * seed, -0.6 - 0.01 * seed))
    return Context("cpu", tmp_path / "cpu")


def test_checks_pass_on_paper_like_results(tmp_path):
    ctx = _results(tmp_path)
    assert mog_checks.mog_densities(ctx).status == "pass"
    assert mog_checks.mog_eigenvalues(ctx).status == "pass"


def test_checks_skip_short_runs(tmp_path):
    ctx = _results(tmp_path, steps=300)
    for fn in (mog_checks.mog_densities, mog_checks.mog_eigenvalues):
        v = fn(ctx)
        assert v.status == "skip" and "too few steps" in v.reason


def test_checks_fail_on_doctored_results(tmp_path):
    v = mog_checks.mog_densities(_results(tmp_path / "a", conopt_modes=6))
    assert v.status == "fail" and "8/8 modes" in v.reason
    v = mog_checks.mog_densities(_results(tmp_path / "b", simga_moves=False))
    assert v.status == "fail" and "SimGA misses modes" in v.reason
    v = mog_checks.mog_eigenvalues(_results(tmp_path / "c", w_axis=0.8))
    assert v.status == "fail" and "w' fraction" in v.reason
