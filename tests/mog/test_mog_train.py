"""Mixture-of-Gaussians training (numerics_of_gans.mog.train), its command line and the Figure 2 / metrics plots,
on tiny step counts."""
from __future__ import annotations

import numpy as np
import pytest

from numerics_of_gans import cli
from numerics_of_gans.mog.train import RunSettings, train_run


def test_settings_validation_and_eval_steps():
    s = RunSettings(steps=1000, snapshots=(0, 250, 1000), eval_every=400)
    assert s.eval_steps() == [0, 250, 400, 800, 1000]
    with pytest.raises(ValueError, match="snapshots"):
        RunSettings(steps=100, snapshots=(0, 200))


@pytest.fixture(scope="module")
def two_runs():
    common = dict(method="conopt", seed=3, steps=12, snapshots=(0, 6, 12), batch_size=64, eval_samples=200)
    return train_run(RunSettings(eval_every=3, **common), log=None), train_run(RunSettings(eval_every=12, **common), log=None)


def test_run_is_reproducible_and_independent_of_chunking(two_runs):
    (r1, w1), (r2, w2) = two_runs
    # stateless per-step minibatches: 4 compiled calls of 3 steps give the same parameters as 2 calls of 6
    np.testing.assert_allclose(w1["final"], w2["final"], rtol=0, atol=1e-6)
    np.testing.assert_array_equal(w1["initial"], w2["initial"])
    assert not np.allclose(w1["initial"], w1["final"])
    assert w1["final"].size == r1["n_parameters"] == 2003
    assert [e["step"] for e in r1["evals"]] == [0, 3, 6, 9, 12] and [e["step"] for e in r2["evals"]] == [0, 6, 12]
    assert r1["evals"][-1]["energy_distance"] == pytest.approx(r2["evals"][-1]["energy_distance"], rel=1e-4)


def test_run_result_contents(two_runs):
    r, _ = two_runs[0]
    assert sorted(r["snapshots"]) == ["0", "12", "6"] and np.asarray(r["snapshots"]["6"]).shape == (200, 2)
    e = r["evals"][-1]
    assert {"modes_covered", "hq_fraction", "energy_distance", "occupancy", "d_loss", "g_loss"} <= set(e)
    assert 0 <= e["hq_fraction"] <= 1 and len(e["occupancy"]) == 8 and np.isfinite(e["d_loss"])
    assert r["metric_definitions"]["quality_radius"] == pytest.approx(0.03)


def test_plots(two_runs, tmp_path):
    from numerics_of_gans.io import read_json, write_json
    from numerics_of_gans.plots import fig02_mog_densities, mog_metrics_over_steps
    write_json(tmp_path / "r.json", two_runs[0][0])
    run = read_json(tmp_path / "r.json")            # as the figure job sees it: through JSON
    fig02_mog_densities.plot({"runs": [run]}, tmp_path / "fig02_mog_densities.pdf", "test")
    mog_metrics_over_steps.plot({"runs": [run, run]}, tmp_path / "mog_metrics_over_steps.pdf", "test")
    assert (tmp_path / "fig02_mog_densities.png").stat().st_size > 0
    assert (tmp_path / "mog_metrics_over_steps.pdf").stat().st_size > 0


def test_density_of_degenerate_samples_falls_back_to_a_histogram():
    from numerics_of_gans.plots.fig02_mog_densities import density
    d = density(np.zeros((50, 2)), grid=20)           # singular covariance: no KDE
    assert d.shape == (20, 20) and d.sum() == 50


@pytest.mark.parametrize("argv, field", [
    (["mog-train", "--method", "sgd", "--out", "x"], "method"),
    (["mog-train", "--method", "conopt", "--steps", "0", "--out", "x"], "steps"),
    (["mog-train", "--method", "conopt", "--learning-rate", "-1", "--out", "x"], "learning_rate"),
    (["mog-train", "--method", "conopt", "--steps", "10", "--snapshots", "0", "20", "--out", "x"], "snapshots"),
    (["mog-spectrum", "--weights", "/nonexistent.npz", "--out", "x"], "weights"),
])
def test_command_rejects_bad_values(argv, field, capsys):
    assert cli.main(argv) == 2
    assert capsys.readouterr().err.startswith(f"error: {field}")
