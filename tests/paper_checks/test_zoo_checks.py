"""Z1-Z5 (paper_checks/checks/zoo.py) on a small table.json written into tmp_path, in the shape
numerics_of_gans.zoo.table.compute gives it (settings with run/games, rows with game, method, base_method, hyper,
weight_name, weight, s_max, cells, best; the ring's rows as zoo.ring_table.rows gives them): the doctored table passes, one mutation per named assertion flips it to a
fail, too few steps skip, a missing table fails. No TensorFlow."""
from __future__ import annotations

import copy
import json

import pytest

from paper_checks.registry import Context, load_checks, run_check

SCALE = "cpu"


def cell(h, rho, simulated, value=None) -> dict:
    return {"h": h, "value": value, "rho": rho, "closed_form_rho": None, "predicted": "-", "simulated": simulated,
            "steps_to_target": 100 if simulated == "converges" else None, "steps_run": 2000, "final_ratio": 1.0}


def row(game, method, base, cells, hyper=None, weight_name=None, weight=None, s_max=1.0) -> dict:
    return {"game": game, "method": method, "base_method": base, "hyper": hyper, "weight_name": weight_name,
            "weight": weight, "s_max": s_max, "cells": cells, "best": min(cells, key=lambda c: c["rho"])}


DIVERGES = [cell(h, 1.01, "diverges") for h in (0.2, 0.5)]
CONVERGES = [cell(0.2, 0.999, "cycles"), cell(0.5, 0.9, "converges")]


def good_table() -> dict:
    games = {"dirac_standard": {"game": "dirac", "objective": "standard"},
             "dirac_r1": {"game": "dirac", "weight": {"name": "gamma"}},
             "dirac_noise": {"game": "dirac", "weight": {"name": "sigma"}},
             "bilinear_dim1": {"game": "bilinear", "dim": 1, "cond": 1.0}}
    rows = [row("dirac_standard", "simga", "simga", DIVERGES, s_max=0.5),
            row("dirac_standard", "altga", "altga", [cell(1.0, 1.0, "cycles"), cell(4.5, 1.3, "diverges")],
                s_max=0.5),
            row("dirac_standard", "conopt", "conopt", CONVERGES, hyper="gamma")]
    for game, name in (("dirac_r1", "gamma"), ("dirac_noise", "sigma")):
        rows += [row(game, "simga", "simga", CONVERGES, weight_name=name, weight=w) for w in (0.3, 1.0, 3.0)]
    rows += [row("bilinear_dim1", "simga", "simga", DIVERGES)]
    rows += [row("bilinear_dim1", m, m, CONVERGES, hyper="gamma" if m == "conopt" else None)
             for m in ("extragradient", "optimistic", "conopt", "cgd")]
    rows += [row("bilinear_dim1", "altga_negative_momentum", "altga",
                 [cell(0.5, 0.95, "converges", -0.5), cell(0.5, 1.0, "cycles", 0.0)], hyper="momentum"),
             row("bilinear_dim1", "simga_momentum", "simga",
                 [cell(0.5, 1.2, "diverges", -0.5), cell(0.5, 1.1, "diverges", 0.5)], hyper="momentum")]
    return {"settings": {"steps": 2000, "run": {"games": list(games)}, "games": games}, "rows": rows,
            "ring": {"settings": {"steps": 20000}, "rows": [ring_row("conopt", "gamma", [10.0, 1.0]),
                                                             ring_row("simga", None, [None])]}}


def ring_row(method, hyper, values) -> dict:
    """Modes 8, 8, 8, 7, 8 and hq 0.60-0.80 over 5 seeds (mean - 2 SE = 0.62) at every value."""
    hq = {str(s): 0.6 + 0.05 * s for s in range(5)}
    cells = [{"value": v, "value_index": i, "seeds": 5, "diverged_seeds": 0,
              "modes": {"per_seed": {str(s): 7 if s == 3 else 8 for s in range(5)}},
              "hq_fraction": {"per_seed": hq, "min": 0.6, "max": 0.8, "mean": 0.7, "low_2se": 0.62,
                              "high_2se": 0.78}} for i, v in enumerate(values)]
    return {"label": method, "method": method, "hyper_name": hyper, "cells": cells, "best": 0}


def find(table, game, method) -> dict:
    return next(r for r in table["rows"] if r["game"] == game and r["method"] == method)


def set_cells(table, game, method, **values):
    r = find(table, game, method)
    for c in r["cells"]:
        c.update(values)
    r["best"] = min(r["cells"], key=lambda c: c["rho"])


def drop(table, game, method):
    table["rows"].remove(find(table, game, method))


def weights(table, game, values):
    for r, w in zip([r for r in table["rows"] if r["game"] == game], values):
        r["weight"] = w


DOCTORED = {
    "Z1": {
        "with SimGA, AltGA and ConOpt rows": lambda t: drop(t, "dirac_standard", "altga"),
        "SimGA: rho > 1": lambda t: set_cells(t, "dirac_standard", "simga", rho=1.0),
        "SimGA: the run diverges": lambda t: set_cells(t, "dirac_standard", "simga", simulated="cycles"),
        "AltGA: rho = 1": lambda t: find(t, "dirac_standard", "altga")["cells"][0].update(rho=1.001),
        "AltGA: the run cycles": lambda t: find(t, "dirac_standard", "altga")["cells"][0].update(simulated="diverges"),
        "ConOpt: rho < 1": lambda t: set_cells(t, "dirac_standard", "conopt", rho=1.0),
        "ConOpt: the run converges": lambda t: set_cells(t, "dirac_standard", "conopt", simulated="cycles"),
    },
    "Z2": {
        "R1: SimGA rows": lambda t: weights(t, "dirac_r1", [0.3, 1.0, 1.0]),
        "R1: SimGA's rho": lambda t: set_cells(t, "dirac_r1", "simga", rho=1.0),
        "R1: SimGA's run": lambda t: set_cells(t, "dirac_r1", "simga", simulated="cycles"),
        "instance noise: SimGA rows": lambda t: weights(t, "dirac_noise", [0.0, 1.0, 2.0]),
        "instance noise: SimGA's rho": lambda t: set_cells(t, "dirac_noise", "simga", rho=1.2),
        "instance noise: SimGA's run": lambda t: set_cells(t, "dirac_noise", "simga", simulated="diverges"),
    },
    "Z3": {
        "bilinear games with SimGA rows": lambda t: drop(t, "bilinear_dim1", "simga"),
        "SimGA: rho > 1": lambda t: set_cells(t, "bilinear_dim1", "simga", rho=0.99),
        "SimGA: the run diverges": lambda t: set_cells(t, "bilinear_dim1", "simga", simulated="cycles"),
        **{f"{label}: rho": (lambda t, m=m: set_cells(t, "bilinear_dim1", m, rho=1.0))
           for m, label in (("extragradient", "extragradient"), ("optimistic", "optimistic gradient"),
                            ("conopt", "ConOpt"), ("cgd", "CGD"))},
        **{f"{label}: the run": (lambda t, m=m: set_cells(t, "bilinear_dim1", m, simulated="cycles"))
           for m, label in (("extragradient", "extragradient"), ("optimistic", "optimistic gradient"),
                            ("conopt", "ConOpt"), ("cgd", "CGD"))},
    },
    "Z4": {
        "simultaneous momentum rows": lambda t: drop(t, "bilinear_dim1", "simga_momentum"),
        "alternating, momentum < 0: rho": lambda t: find(t, "bilinear_dim1", "altga_negative_momentum")[
            "cells"][0].update(rho=1.0),
        "alternating, momentum < 0: the run": lambda t: find(t, "bilinear_dim1", "altga_negative_momentum")[
            "cells"][0].update(simulated="cycles"),
        "simultaneous with momentum: rho": lambda t: find(t, "bilinear_dim1", "simga_momentum")[
            "cells"][1].update(rho=0.99),
        "simultaneous with momentum: no run": lambda t: find(t, "bilinear_dim1", "simga_momentum")[
            "cells"][1].update(simulated="converges"),
    },
}


def ring_cell(table, **values):
    next(r for r in table["ring"]["rows"] if r["method"] == "conopt")["cells"][0].update(values)


DOCTORED["Z5"] = {
    "covers 8/8 modes": lambda t: ring_cell(t, modes={"per_seed": {"0": 8, "1": 8, "2": 7, "3": 7, "4": 6}}),
    "high-quality fraction": lambda t: ring_cell(t, hq_fraction={"min": 0.3, "max": 0.9, "mean": 0.6,
                                                                 "low_2se": 0.45, "high_2se": 0.75}),
}


def judge(tmp_path, claim, table):
    path = tmp_path / SCALE / "zoo" / "table.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(table))
    return run_check(claim, load_checks()[claim], Context(scale=SCALE, results=tmp_path / SCALE))


@pytest.mark.parametrize("claim", sorted(DOCTORED))
def test_the_good_table_passes_and_each_assertion_has_one_case(tmp_path, claim, judged, one_case_each):
    verdict = judge(tmp_path, claim, good_table())
    assert verdict.status == "pass", verdict.reason
    one_case_each(list(judged[-1]), list(DOCTORED[claim]))


@pytest.mark.parametrize("claim, phrase", [(c, p) for c in sorted(DOCTORED) for p in DOCTORED[c]])
def test_each_doctored_table_flips_its_assertion(tmp_path, claim, phrase, judged):
    table = copy.deepcopy(good_table())
    DOCTORED[claim][phrase](table)
    verdict = judge(tmp_path, claim, table)
    assert verdict.status == "fail"
    flipped = [name for name, ok in judged[-1].items() if not ok]
    assert any(phrase in name for name in flipped), (phrase, flipped)


@pytest.mark.parametrize("claim", sorted(DOCTORED))
def test_too_few_steps_skip_and_a_missing_table_fails(tmp_path, claim):
    table = good_table()
    table["settings"]["steps"] = 20
    table["ring"]["settings"]["steps"] = 300
    verdict = judge(tmp_path, claim, table)
    assert verdict.status == "skip" and "too few" in verdict.reason and "steps" in verdict.reason
    missing = run_check(claim, load_checks()[claim], Context(scale=SCALE, results=tmp_path / "nowhere"))
    assert missing.status == "fail" and "missing result" in missing.reason


def test_z5_skips_below_five_seeds_and_fails_without_a_conopt_row(tmp_path):
    table = good_table()
    ring_cell(table, seeds=3)
    verdict = judge(tmp_path, "Z5", table)
    assert verdict.status == "skip" and "too few seeds" in verdict.reason
    table["ring"]["rows"] = [r for r in table["ring"]["rows"] if r["method"] != "conopt"]
    verdict = judge(tmp_path, "Z5", table)
    assert verdict.status == "fail" and "no ring row of ConOpt" in verdict.reason
