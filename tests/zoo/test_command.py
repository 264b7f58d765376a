"""The zoo's commands: a bad label, value or missing input names the field and writes nothing; the table and the
ring figures from a tiny ring run end to end."""
from __future__ import annotations

import json

import pytest

from numerics_of_gans.cli import main
from numerics_of_gans.config import resolve

CFG = resolve({"scale": "smoke"})
ZOO, MOG = json.dumps(CFG["zoo"]), json.dumps({**CFG["mog"], "steps": 4, "seeds": [0, 1], "eval_samples": 64})


@pytest.mark.parametrize("args, field", [
    (["zoo-ring", "--params", ZOO, "--mog", MOG, "--label", "adam", "--value-index", "0"], "label"),
    (["zoo-ring", "--params", ZOO, "--mog", MOG, "--label", "conopt", "--value-index", "5"], "value_index"),
    (["zoo-game", "--params", ZOO, "--game", "dirac_wgan"], "game"),
    (["plot-zoo", "ring-modes"], "table"),
    (["plot-zoo", "portraits"], "params"),
])
def test_bad_input_names_the_field(tmp_path, capsys, args, field):
    out = tmp_path / "out.json"
    flag = "--figure" if args[0] == "plot-zoo" else "--out"
    assert main(args + [flag, str(tmp_path / "out.pdf" if args[0] == "plot-zoo" else out)]) == 2
    assert capsys.readouterr().err.startswith(f"error: {field}:")
    assert list(tmp_path.iterdir()) == []


def test_ring_jobs_table_and_figures_end_to_end(tmp_path):
    runs = []
    for label in ("simga", "conopt"):
        runs.append(tmp_path / f"{label}.json")
        assert main(["zoo-ring", "--params", ZOO, "--mog", MOG, "--label", label, "--value-index", "0",
                     "--out", str(runs[-1])]) == 0
    games = tmp_path / "dirac_r1.json"
    zoo = json.dumps({**CFG["zoo"], "run": {**CFG["zoo"]["run"], "games": ["dirac_r1"],
                                            "methods": ["simga", "conopt"]}})
    assert main(["zoo-game", "--params", zoo, "--game", "dirac_r1", "--out", str(games)]) == 0
    out = tmp_path / "table.json"
    assert main(["zoo-table", "--params", zoo, "--games", str(games), "--ring", *map(str, runs),
                 "--out", str(out), "--markdown", str(tmp_path / "table.md")]) == 0
    ring = json.loads(out.read_text())["ring"]
    assert [r["label"] for r in ring["rows"]] == ["simga", "conopt"] and ring["rows"][1]["cells"][0]["seeds"] == 2
    assert "## The 8-Gaussian ring" in (tmp_path / "table.md").read_text()
    for kind in ("ring-samples", "ring-modes"):
        figure = tmp_path / f"{kind}.pdf"
        assert main(["plot-zoo", kind, "--table", str(out), "--ring", *map(str, runs), "--figure", str(figure)]) == 0
        assert figure.exists() and figure.with_suffix(".png").exists()
