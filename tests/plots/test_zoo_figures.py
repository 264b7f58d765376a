"""The zoo's figures: trajectories on the Dirac-GAN against their linear rates, the portraits' field against the
game's gradients, and each figure written as PDF + PNG (portraits on the real config at 50 steps; the ring's from
synthetic runs)."""
import copy
import json
import math
from pathlib import Path

import numpy as np
import pytest
import yaml
from matplotlib.collections import PathCollection

from consensus_optimization.games import player_gradients
from numerics_of_gans.plots import zoo_dirac_portraits, zoo_ring
from numerics_of_gans.zoo.games import bilinear_game, dirac_gan
from numerics_of_gans.zoo.trajectories import trajectory

CONFIG = Path(__file__).resolve().parents[2] / "config" / "config.yaml"
H = 0.5


def norms(points):
    return np.linalg.norm(points, axis=1)


def test_simga_spirals_out_and_conopt_in_at_their_linear_rates():
    """Near 0 the Dirac-GAN is the bilinear game with s = f'(0) = 1/2, both updates normal matrices, so
    ||z_t|| = rho^t ||z_0|| up to the softplus's curvature: SimGA (I + hV) rho = sqrt(1 + h^2/4) > 1; ConOpt
    (1 - h gamma s^2) I + hV, rho = sqrt((1 - h gamma / 4)^2 + h^2 / 4) < 1."""
    game = dirac_gan("standard", start=(0.05, 0.05), dtype="float64")
    simga = trajectory(game, "simga", H, 20)
    conopt = trajectory(game, "conopt", H, 20, gamma=1.0)
    np.testing.assert_array_equal(game.point(), [0.05, 0.05])                # the point restored
    assert simga.shape == conopt.shape == (21, 2)
    np.testing.assert_allclose(simga[0], [0.05, 0.05])
    t = np.arange(21)
    rho_simga, rho_conopt = math.sqrt(1 + H ** 2 / 4), math.sqrt((1 - H / 4) ** 2 + H ** 2 / 4)
    assert rho_simga > 1 > rho_conopt
    assert np.all(np.diff(norms(simga)) > 0) and np.all(np.diff(norms(conopt)) < 0)
    np.testing.assert_allclose(norms(simga), norms(simga)[0] * rho_simga ** t, rtol=1e-2)
    np.testing.assert_allclose(norms(conopt), norms(conopt)[0] * rho_conopt ** t, rtol=1e-2)


def test_a_diverging_run_stops_before_the_first_point_beyond_the_bound():
    """SimGA on x y with h = 1: ||z_t|| = sqrt(2)^(t + 1) from (1, 1), beyond 1e3 sqrt(2) first at t = 20."""
    game = bilinear_game(1, dtype="float64")
    points = trajectory(game, "simga", 1.0, 100)
    assert len(points) == 20
    np.testing.assert_allclose(norms(points), math.sqrt(2) ** (np.arange(20) + 1))


@pytest.mark.parametrize("objective, gamma, sigma", [("standard", 0.0, 0.0), ("standard", 0.7, 0.0),
                                                     ("standard", 0.0, 0.8), ("non_saturating", 0.0, 0.5),
                                                     ("wgan", 0.0, 0.0)])
def test_the_drawn_field_is_the_games_minus_f(objective, gamma, sigma):
    game = dirac_gan(objective, gamma=gamma, sigma=sigma, dtype="float64")
    for point in [(0.3, -1.2), (-2.0, 0.5), (1.5, 1.5)]:
        game.reset(point)
        g_grads, d_grads, _, _ = player_gradients(game.loss_fn, game.d_vars, game.g_vars)
        expected = -np.array([float(g_grads[0]), float(d_grads[0])])
        drawn = zoo_dirac_portraits.field(np.array(point[0]), np.array(point[1]), objective, gamma, sigma)
        np.testing.assert_allclose(np.array(drawn, float), expected, rtol=1e-9, atol=1e-12)


def written(tmp_path, name):
    return (tmp_path / f"{name}.pdf").stat().st_size > 0 and (tmp_path / f"{name}.png").stat().st_size > 0


def test_portraits_on_the_configured_zoo(tmp_path):
    zoo = copy.deepcopy(yaml.safe_load(CONFIG.read_text())["zoo"])
    zoo["steps"] = 50
    portraits = zoo_dirac_portraits.compute(zoo)
    json.dumps(portraits)                                                     # JSON-able as documented
    assert list(portraits) == zoo["run"]["methods"] + ["simga + R1", "simga + instance noise"]
    start = zoo["games"]["dirac_standard"]["start"]
    for label, entry in portraits.items():
        assert 2 <= len(entry["points"]) <= 51 and all(len(p) == 2 for p in entry["points"])
        if label in zoo["methods"]:
            assert entry["points"][0] == pytest.approx(start) and entry["h"] == 0.5
    assert portraits["lookahead_simga"]["hyper"] == {"name": "lookahead", "value": [5, 0.5]}
    assert portraits["simga + R1"]["hyper"] == {"name": "gamma", "value": 1.0}
    assert portraits["simga + R1"]["game"]["gamma"] == 1.0 and portraits["simga + R1"]["h"] == 0.2
    zoo_dirac_portraits.plot(portraits, tmp_path / "portraits.pdf", "test")
    assert written(tmp_path, "portraits")


def ring_data():
    """Three labels x three seeds; conopt's seed 1 diverged, altga has no run at its best cell."""
    rng = np.random.default_rng(0)
    table, runs = {"rows": []}, {}
    for label, hyper, best in (("simga", None, 0), ("altga", None, 0), ("conopt", "gamma", 1)):
        cells = []
        for index, value in enumerate([None] if hyper is None else [10.0, 1.0]):
            modes = {str(s): int(rng.integers(1, 9)) for s in range(3)}
            hq = {str(s): float(rng.uniform()) for s in range(3)}
            cells.append({"value": value, "value_index": index,
                          "modes": {"per_seed": modes, "median": float(np.median(list(modes.values())))},
                          "hq_fraction": {"per_seed": hq, "median": float(np.median(list(hq.values())))}})
            seeds = {}
            for s in range(3):
                finite = not (label == "conopt" and s == 1)
                samples = zoo_ring.MEANS[rng.integers(0, 8, 200)] + 0.05 * rng.normal(size=(200, 2))
                seeds[str(s)] = {"samples": (samples if finite else np.full((200, 2), np.nan)).tolist(),
                                 "finite": finite, "evals": []}
            if label != "altga":
                runs[(label, index)] = {"label": label, "method": label, "value_index": index, "seeds": seeds,
                                        "hyper": hyper and {"name": hyper, "value": value}}
        table["rows"].append({"label": label, "method": label, "hyper_name": hyper, "best": best, "cells": cells})
    return table, runs


@pytest.fixture
def figures(monkeypatch):
    """The figures zoo_ring saved, still open for inspection (after being written)."""
    saved = []

    def keep(fig, pdf_path, scale=None):
        saved.append(fig)
        fig.savefig(pdf_path)
        fig.savefig(Path(pdf_path).with_suffix(".png"), dpi=40)
    monkeypatch.setattr(zoo_ring, "save", keep)
    return saved


def test_ring_samples_one_row_per_label_and_the_diverged_seed_says_so(tmp_path, figures):
    table, runs = ring_data()
    zoo_ring.plot_samples(table, runs, tmp_path / "samples.pdf", "test")
    assert written(tmp_path, "samples")
    axes = np.array(figures[0].axes).reshape(3, 3)
    assert [ax.get_ylabel() for ax in axes[:, 0]] == ["SimGA", "AltGA", "ConOpt\ngamma=1"]
    assert [t.get_text() for t in axes[2, 1].texts] == ["diverged"]
    assert all([t.get_text() for t in ax.texts] == ["no run"] for ax in axes[1])
    assert len(axes[0, 0].collections) == 1 and not axes[2, 1].collections  # samples drawn only where finite


def test_ring_modes_dots_per_seed_and_median_bars(tmp_path, figures):
    table, _ = ring_data()
    zoo_ring.plot_modes(table, tmp_path / "modes.pdf", "test")
    assert written(tmp_path, "modes")
    modes_ax, hq_ax = figures[0].axes
    assert modes_ax.get_ylim() == (-0.4, 8.4) and hq_ax.get_ylim() == (-0.04, 1.04)
    dots = [c for c in modes_ax.collections if isinstance(c, PathCollection)]
    assert len(dots) == 3
    conopt = table["rows"][2]["cells"][1]["modes"]["per_seed"]
    assert sorted(dots[2].get_offsets()[:, 1]) == sorted(conopt.values())


def test_real_save_writes_both_ring_files(tmp_path):
    table, runs = ring_data()
    zoo_ring.plot_modes(table, tmp_path / "modes.pdf", None)
    zoo_ring.plot_samples(table, runs, tmp_path / "samples.pdf", None)
    assert written(tmp_path, "modes") and written(tmp_path, "samples")
