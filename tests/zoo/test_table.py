"""The zoo's table (numerics_of_gans.zoo.table) on a tiny grid: every (method, game, weight) a row, every (step
size, hyperparameter) a cell with the radius through the implemented step equal to its closed form, the verdicts,
the steps to target; the best cell; the markdown; config.resolve's check of the labels."""
import json

import numpy as np
import pytest

from numerics_of_gans.config import ConfigError, resolve
from numerics_of_gans.errors import SettingsError
from numerics_of_gans.zoo import table

SETTINGS = {
    "steps": 60, "band": 10.0, "target": 1e-3,
    "run": {"methods": ["simga", "altga", "conopt"], "games": ["dirac_r1", "bilinear_dim1"]},
    "methods": {"simga": {"method": "simga"}, "altga": {"method": "altga"},
                "conopt": {"method": "conopt", "hyper": {"name": "gamma", "recommended": 1.0, "grid": [0.5, 1.0]}},
                "unused": {"method": "cgd"}},
    "games": {"dirac_r1": {"game": "dirac", "objective": "standard", "start": [0.1, 0.1], "step_sizes": [0.5],
                           "weight": {"name": "gamma", "recommended": 1.0, "grid": [3.0]}, "methods": ["simga"]},
              "bilinear_dim1": {"game": "bilinear", "dim": 1, "cond": 1.0, "step_sizes": [0.25, 0.5]}},
}


@pytest.fixture(scope="module")
def result():
    return table.assemble(SETTINGS, [table.compute(SETTINGS, g) for g in SETTINGS["run"]["games"]], [], None)


def test_rows_and_cells_follow_the_grid(result):
    keys = [(r["game"], r["method"], r["weight"]) for r in result["rows"]]
    assert keys == [("dirac_r1", "simga", 1.0), ("dirac_r1", "simga", 3.0), ("bilinear_dim1", "simga", None),
                    ("bilinear_dim1", "altga", None), ("bilinear_dim1", "conopt", None)]
    conopt = result["rows"][-1]
    assert [(c["h"], c["value"]) for c in conopt["cells"]] == [(0.25, 1.0), (0.25, 0.5), (0.5, 1.0), (0.5, 0.5)]
    assert conopt["best"] == min(conopt["cells"], key=lambda c: c["rho"])
    assert result["ring"]["rows"] == []


def test_cells_agree_with_the_closed_forms(result):
    by = {(r["game"], r["method"], r["weight"]): r for r in result["rows"]}
    for c in by["bilinear_dim1", "simga", None]["cells"]:   # sqrt(1 + h^2): diverges
        assert c["rho"] == pytest.approx(np.sqrt(1 + c["h"] ** 2), rel=1e-9) == c["closed_form_rho"]
        assert c["predicted"] == "diverges" and c["steps_to_target"] is None
    for c in by["bilinear_dim1", "altga", None]["cells"]:   # h < 2: rho = 1, a cycle
        assert c["rho"] == pytest.approx(1.0, abs=1e-9) and (c["predicted"], c["simulated"]) == ("cycles", "cycles")
    # ConOpt at h = 0.5, gamma = 1: |1 - h gamma + i h| = sqrt(0.25 + 0.25); 60 steps reach 1e-3 (0.707^20 = 1e-3)
    best = by["bilinear_dim1", "conopt", None]["best"]
    assert (best["h"], best["value"]) == (0.5, 1.0) and best["rho"] == pytest.approx(np.sqrt(0.5), rel=1e-9)
    assert best["simulated"] == "converges" and 19 <= best["steps_to_target"] <= 21
    # SimGA + R1 gamma = 1 on the Dirac-GAN: eigenvalues of v' -1/2 (double), 1 + h lam = 0.75
    r1 = by["dirac_r1", "simga", 1.0]["best"]
    assert r1["rho"] == pytest.approx(0.75, rel=1e-4) and r1["closed_form_rho"] == pytest.approx(0.75)


def test_runs_stop_early_once_the_verdict_is_clear():
    game = table.make_game(SETTINGS["games"]["bilinear_dim1"])
    c = table.cell(game, {"method": "simga"}, 0.5, None, steps=10_000, band=10.0, target=1e-3)
    assert c["simulated"] == "diverges" and c["steps_run"] < 10_000


def test_markdown_and_json(result, tmp_path):
    text = table.markdown(result)
    assert "| bilinear_dim1 | conopt | - | 0.5 | gamma=1 | 0.707107 |" in text
    assert "## Every cell" in text and "8-Gaussian ring" not in text   # no ring runs given
    json.dumps(result)
    assert table.summary(result)["cells"] == 2 + 2 + 2 + 4


def test_steps_to():
    assert table.steps_to(np.array([1.0, 0.5, 1e-3, 1e-4]), 1e-3) == 2
    assert table.steps_to(np.array([1.0, np.inf, 2.0]), 1e-3) is None


def test_assemble_needs_every_game():
    with pytest.raises(SettingsError, match="bilinear_dim1"):
        table.assemble(SETTINGS, [table.compute(SETTINGS, "dirac_r1")], [], None)


def test_config_rejects_undefined_labels():
    with pytest.raises(ConfigError, match="zoo.run.methods"):
        resolve({"scale": "smoke", "zoo": {"run": {"methods": ["adam"]}}})
    with pytest.raises(ConfigError, match="zoo.games.dirac_r1.methods"):
        resolve({"scale": "smoke", "zoo": {"run": {"methods": ["altga"]}}})
    with pytest.raises(ConfigError, match="zoo.ring.hyper.*simga"):
        resolve({"scale": "smoke", "zoo": {"ring": {"hyper": {"simga": {"grid": [1.0]}}}}})


def test_lookaheads_horizon_counts_blocks():
    """With lookahead (k, alpha) the radius is the rate of a block of k steps: a run of `steps` has steps / k."""
    from numerics_of_gans.zoo.spectra import horizon_verdict
    game = table.make_game(SETTINGS["games"]["bilinear_dim1"])
    method = {"method": "simga", "hyper": {"name": "lookahead", "recommended": [5, 0.8], "grid": [[5, 0.8]]}}
    c = table.cell(game, method, 0.2, [5, 0.8], steps=400, band=10.0, target=1e-3)   # rho 1.0066 a block
    assert horizon_verdict(c["rho"], 400 / 5) != horizon_verdict(c["rho"], 400)   # cycles, not diverges
    assert c["predicted_at_horizon"] == horizon_verdict(c["rho"], 400 / 5) == c["simulated"] == "cycles"
