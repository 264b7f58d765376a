"""The zoo's table (issue 28, part 4) on the Dirac-GAN and the bilinear games: for each (method, game) of the
configured grid (config `zoo`), every cell (step size h, the method's hyperparameter, the game's regulariser weight)
with the spectral radius of the implemented update at the equilibrium (spectra.update_jacobian), its closed form
where one exists (spectra.closed_form_rho), the verdict the radius predicts, the simulated verdict (spectra.verdict
of a run of `steps` from the game's start point) and the steps to reach `target` times the start distance (None if
never within the run); and each (method, game)'s best cell (the smallest spectral radius, then the fewest steps).
Each game's part is computed by its own job (`compute`, `zoo-game`); `assemble` joins them with the 8-Gaussian
ring's rows (ring_table) and the ring's cost per step (ring_cost) into results/<scale>/zoo/table.json.

A method of the table is a configured label (e.g. "altga_negative_momentum") naming a game method of
consensus_optimization.names.GAME_METHODS and at most one hyperparameter of make_optimizer (gamma, momentum,
lookahead (k, alpha)) with its recommended value and a grid of 3; a game is a configured label naming the Dirac-GAN
(objective, start point, optionally the R1 weight `gamma` or the instance noise `sigma` as its swept weight and the
methods run on it) or the bilinear game x^T A y (dim, cond). Every game has its own step sizes.

    python -m numerics_of_gans zoo-game --params '<config zoo as JSON>' --game dirac_r1 \\
        --out results/cpu/zoo/games/dirac_r1.json
"""
from __future__ import annotations

import math
import time
from typing import Any

import numpy as np

from numerics_of_gans.errors import SettingsError
from numerics_of_gans.zoo.games import bilinear_game, dirac_f, dirac_gan
from numerics_of_gans.zoo import ring_table, spectra
from numerics_of_gans.zoo.sweeps import hyper_kwargs, values

STOP = 1e6                                    # a run ends once its distance left [d0 / STOP, d0 STOP]


def make_game(spec: dict, weight: float | None = None):
    """The ToyGame of a configured game (float64: update_jacobian differentiates in float64)."""
    if spec["game"] == "dirac":
        kwargs = {spec["weight"]["name"]: weight} if weight is not None else {}
        return dirac_gan(spec["objective"], start=tuple(spec["start"]), dtype="float64", **kwargs)
    if spec["game"] == "bilinear":
        return bilinear_game(spec["dim"], spec["cond"], seed=spec.get("seed", 0), dtype="float64")
    raise SettingsError(f"zoo game: unknown kind {spec['game']!r}; allowed: dirac, bilinear")


def largest_singular_value(spec: dict) -> float:
    """s_max of the game's antisymmetric Jacobian without regulariser: f'(0) of the Dirac-GAN, 1 for x^T A y (its
    singular values fall geometrically from 1): AltGA's update has rho = 1 for h s_max < 2."""
    return dirac_f(spec["objective"])[1] if spec["game"] == "dirac" else 1.0


def steps_to(distances: np.ndarray, target: float) -> int | None:
    """The first step t with d_t <= target d_0 (finite), or None."""
    hit = np.flatnonzero(np.isfinite(distances) & (distances <= target * distances[0]))
    return int(hit[0]) if hit.size else None


def cell(game, method: dict, h: float, value, steps: int, band: float, target: float) -> dict:
    """One cell: the radius through the implemented step, its closed form, both verdicts, the steps to target."""
    hyper = hyper_kwargs((method.get("hyper") or {}).get("name"), value)
    _, rho = spectra.update_jacobian(game, method["method"], h, **hyper)
    closed = spectra.closed_form_rho(game, method["method"], h, **hyper)
    distances = spectra.simulate(game, method["method"], h, steps, stop=max(STOP, band, 1 / target), **hyper)
    last = float(distances[-1] / distances[0])
    return {"h": h, "value": value, "rho": float(rho), "closed_form_rho": closed,
            "predicted": spectra.predicted_verdict(rho),
            # with lookahead (k, alpha) rho is the rate of a block of k steps: the run has steps / k of them
            "predicted_at_horizon": spectra.horizon_verdict(rho, steps / hyper.get("lookahead", (1,))[0], band),
            "simulated": spectra.verdict(distances, band),
            "steps_to_target": steps_to(distances, target), "steps_run": int(distances.size - 1),
            "final_ratio": last if math.isfinite(last) else "inf"}


def best(cells: list[dict]) -> dict:
    """The cell with the smallest spectral radius, ties broken by the fewest steps to target (None last)."""
    return min(cells, key=lambda c: (c["rho"], c["steps_to_target"] is None, c["steps_to_target"] or 0))


def game_rows(name: str, spec: dict, settings: dict) -> list[dict]:
    """The rows of one configured game: one per (method, regulariser weight), each with all its cells and the best.
    Its methods: zoo.run.methods, limited to the game's `methods` where it lists some."""
    rows = []
    methods = [m for m in settings["run"]["methods"] if m in (spec.get("methods") or settings["run"]["methods"])]
    for weight in values(spec.get("weight")):
        game = make_game(spec, weight)
        for label in methods:
            method = settings["methods"][label]
            cells = [cell(game, method, float(h), value, settings["steps"], settings["band"], settings["target"])
                     for h in spec["step_sizes"] for value in values(method.get("hyper"))]
            rows.append({"game": name, "method": label, "base_method": method["method"],
                         "hyper": (method.get("hyper") or {}).get("name"),
                         "weight_name": (spec.get("weight") or {}).get("name"), "weight": weight,
                         "s_max": largest_singular_value(spec), "cells": cells, "best": best(cells)})
    return rows


def compute(settings: dict, game: str) -> dict:
    """One game's part of the table of config `zoo` (config.resolve has checked that every label run is defined)."""
    start = time.perf_counter()
    return {"game": game, "rows": game_rows(game, settings["games"][game], settings),
            "elapsed_s": time.perf_counter() - start}


def assemble(settings: dict, games: list[dict], ring_runs: list[dict], cost: dict | None) -> dict:
    """The whole table: every configured game's rows (in zoo.run.games order), the ring's rows and the cost."""
    by_game = {g["game"]: g for g in games}
    missing = [g for g in settings["run"]["games"] if g not in by_game]
    if missing:
        raise SettingsError(f"games: no part of the table for {missing}; run zoo-game for each of zoo.run.games")
    ring = {"settings": ring_runs[0]["settings"] if ring_runs else None,
            "rows": ring_table.rows(ring_runs, settings["run"]["methods"])}
    return {"settings": settings, "rows": [r for g in settings["run"]["games"] for r in by_game[g]["rows"]],
            "ring": ring, "ring_cost": cost, "elapsed_s": sum(g["elapsed_s"] for g in games)}


def _number(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, (list, tuple)):
        return "(" + ", ".join(_number(v) for v in value) + ")"
    if isinstance(value, str):
        return value
    return f"{value:.6g}"


def markdown(table: dict) -> str:
    """A readable markdown table: one line per (game, method, weight) at its best cell, then every cell."""
    s = table["settings"]
    head = ["# The zoo: methods x games at the equilibrium", "",
            f"{s['steps']} simulated steps per cell; verdicts by the distance ratio over the run (band {s['band']:g}); "
            f"steps to {s['target']:g} of the start distance. rho: spectral radius of the implemented update "
            "(central differences through the implemented step); closed form where one exists.", "",
            "## Best cell per (game, method)", "",
            "| game | method | weight | h | hyperparameter | rho | closed form | predicted | at horizon | simulated | "
            "steps to target |",
            "|---|---|---|---|---|---|---|---|---|---|---|"]
    lines, every = [], []
    for row in table["rows"]:
        b = row["best"]
        weight = f"{row['weight_name']}={_number(row['weight'])}" if row["weight_name"] else "-"
        hyper = f"{row['hyper']}={_number(b['value'])}" if row["hyper"] else "-"
        lines.append(f"| {row['game']} | {row['method']} | {weight} | {_number(b['h'])} | {hyper} | "
                     f"{b['rho']:.6f} | {_number(b['closed_form_rho'])} | {b['predicted']} | "
                     f"{b['predicted_at_horizon']} | {b['simulated']} | "
                     f"{_number(b['steps_to_target'])} |")
        for c in row["cells"]:
            every.append(f"| {row['game']} | {row['method']} | {weight} | {_number(c['h'])} | "
                         f"{_number(c['value'])} | {c['rho']:.6f} | {c['predicted']} | {c['predicted_at_horizon']} | "
                         f"{c['simulated']} | "
                         f"{_number(c['steps_to_target'])} |")
    tail = ["", "## Every cell", "",
            "| game | method | weight | h | hyperparameter | rho | predicted | at horizon | simulated | "
            "steps to target |",
            "|---|---|---|---|---|---|---|---|---|---|"]
    ring = ring_table.markdown(table["ring"], table["ring_cost"]) if table["ring"]["rows"] else []
    return "\n".join(head + lines + tail + every + [""] + ring) + "\n"


def summary(table: dict) -> dict[str, Any]:
    """Counts for the log: rows, cells, cells whose simulated verdict is not the one predicted at the simulated
    horizon (rho^steps; the asymptotic verdict differs where rho is within about log(band)/steps of 1)."""
    cells = [c for r in table["rows"] for c in r["cells"]]
    return {"rows": len(table["rows"]), "cells": len(cells),
            "disagreeing_cells": sum(c["predicted_at_horizon"] != c["simulated"] for c in cells),
            "slow_cells": sum(c["predicted_at_horizon"] != c["predicted"] for c in cells)}
