"""The ring's jobs (zoo.ring_settings) and its rows of the zoo's table (zoo.ring_table) on synthetic runs: E2's
measures per seed, their spread and bands, the best cell, a diverged seed, the markdown. No TensorFlow."""
import math

import pytest

from numerics_of_gans.config import resolve
from numerics_of_gans.zoo import ring_settings, ring_table, table


def test_jobs_follow_the_methods_and_the_ring_grid():
    cfg = resolve({"scale": "cpu"})
    zoo, mog = cfg["zoo"], cfg["mog"]
    jobs = ring_settings.jobs(zoo)
    assert jobs[:5] == [("simga", 0), ("altga", 0), ("conopt", 0), ("conopt", 1), ("conopt", 2)]
    assert len(jobs) == 25     # 7 labels without a hyperparameter, 6 with 3 values each
    conopt = [ring_settings.job(zoo, mog, "conopt", i) for i in range(3)]
    assert [j["hyper"]["value"] for j in conopt] == [10.0, 1.0, 100.0]   # the paper's gamma first
    assert ring_settings.job(zoo, mog, "sga", 0)["hyper"] == {"name": "gamma", "value": 1.0}   # the games' value
    assert not ring_settings.job(zoo, mog, "cgd", 0)["stacked"] and ring_settings.job(zoo, mog, "simga", 0)["stacked"]
    assert {k: conopt[0][k] for k in ("seeds", "learning_rate", "batch_size", "steps")} == {
        "seeds": [0, 1, 2, 3, 4], "learning_rate": 1e-4, "batch_size": 512, "steps": 20000}
    with pytest.raises(ValueError, match="value_index: 3"):
        ring_settings.job(zoo, mog, "conopt", 3)


def run(label, index, modes, hq, ed, value=None, finite=None):
    finite = finite or [True] * len(modes)
    seeds = {}
    for s, (m, q, e, f) in enumerate(zip(modes, hq, ed, finite)):
        occupancy = [1 / 8] * 8
        seeds[str(s)] = {"finite": f, "evals": [
            {"step": 10000, "modes_covered": m, "hq_fraction": q, "energy_distance": e, "occupancy": occupancy},
            {"step": 20000, "modes_covered": m, "hq_fraction": q, "energy_distance": e if f else "nan",
             "occupancy": occupancy if f else [0.0] * 8}]}
    return {"label": label, "method": label, "value_index": index, "seeds": seeds, "seconds_per_step": 1e-3,
            "hyper": None if value is None else {"name": "gamma", "value": value},
            "settings": {"learning_rate": 1e-4, "batch_size": 512, "steps": 20000, "seeds": list(range(len(modes)))}}


RUNS = [run("simga", 0, [3, 5, 0], [0.2, 0.5, 0.0], [0.1, 0.01, 1.0]),
        run("conopt", 0, [8, 8, 7], [0.7, 0.6, 0.8], [1e-3, 1e-3, 1e-3], value=10.0),
        run("conopt", 1, [8, 8, 8], [0.5, 0.5, 0.5], [1e-2, 1e-2, 1e-2], value=1.0),
        run("conopt", 2, [0, 0, 8], [0.0, 0.0, 0.9], [1e-2, 1e-2, 1e-2], value=100.0, finite=[False, False, True])]


def test_cells_spread_bands_and_best():
    rows = ring_table.rows(RUNS, ["simga", "altga", "conopt"])
    assert [r["label"] for r in rows] == ["simga", "conopt"]     # altga has no runs
    simga, conopt = rows
    c = simga["cells"][0]
    assert (c["modes"]["median"], c["modes"]["min"], c["modes"]["max"]) == (3, 0, 5)
    se = math.sqrt(((0.2 - 0.7 / 3) ** 2 + (0.5 - 0.7 / 3) ** 2 + (0.7 / 3) ** 2) / 2) / math.sqrt(3)
    assert c["hq_fraction"]["low_2se"] == pytest.approx(0.7 / 3 - 2 * se)
    assert c["log10_energy_distance"]["mean"] == pytest.approx(-1.0)
    # gamma 10 and 1 both cover a median of 8 modes; gamma 10's mean hq fraction is higher (0.7 > 0.5)
    assert conopt["best"] == 0 and [c["modes"]["median"] for c in conopt["cells"]] == [8, 8, 0]
    assert ring_table.best(conopt["cells"][1:]) == 0


def test_a_diverged_seed_counts_as_infinite_energy():
    cell = ring_table.cell(RUNS[3])
    assert cell["diverged_seeds"] == 2
    assert cell["log10_energy_distance"]["max"] == math.inf and "mean" not in cell["log10_energy_distance"]
    assert cell["occupancy_change_late"]["per_seed"]["0"] == 1.0


def test_the_table_and_markdown_carry_the_ring():
    settings = {"steps": 60, "band": 10.0, "target": 1e-3, "run": {"methods": ["simga", "conopt"], "games": []},
                "methods": {}, "games": {}}
    cost = {"relative_to_simga": {"simga": 1.0, "conopt": 2.5}}
    result = table.assemble(settings, [], RUNS, cost)
    text = table.markdown(result)
    assert "## The 8-Gaussian ring" in text and "| conopt | gamma=10 | 8 (7-8) |" in text
    assert "| 2.50 |" in text and "2/3" in text
