"""The ring's rows of the zoo's table (issue 28, part 4): per method label, every hyperparameter value's cell with
E2's metrics over the seeds (modes covered, high-quality fraction, energy distance at the end; the occupancy's
change between half the steps and the end) and the best cell; the cost per step relative to SimGA (ring_cost).

Bands, as E2 states them (paper_checks/checks/mog.py): the high-quality fraction's mean minus and plus 2 standard
errors over the seeds, and log10 of the energy distance likewise (spread over decades). Best cell: the most modes
covered (median over seeds), then the highest mean high-quality fraction, then the lowest mean log10 energy distance.
No verdict here: the literature has none for these methods on the ring (claim Z5 judges ConOpt alone, as E2 does).
"""
from __future__ import annotations

import math
import statistics

from numerics_of_gans import stats


def _band(values: list[float]) -> dict:
    mean = statistics.fmean(values)
    se = statistics.stdev(values) / math.sqrt(len(values)) if len(values) > 1 else float("nan")
    return {"mean": mean, "low_2se": mean - 2 * se, "high_2se": mean + 2 * se}


def _spread(per_seed: dict) -> dict:
    values = list(per_seed.values())
    return {"per_seed": per_seed, "median": statistics.median(values), "min": min(values), "max": max(values)}


def _log10(value) -> float:
    """log10 of an energy distance; a diverged seed's (NaN, or recorded as a string) counts as +inf."""
    value = float(value) if value is not None else float("nan")
    return math.log10(max(value, 1e-12)) if math.isfinite(value) else math.inf


def cell(run: dict) -> dict:
    """One (label, value): E2's per-seed measures at the end and their spread and bands over the seeds."""
    final = {s: r["evals"][-1] for s, r in run["seeds"].items()}
    mid = {s: r["evals"][0] for s, r in run["seeds"].items()}
    hq = {s: e["hq_fraction"] for s, e in final.items()}
    log_ed = {s: _log10(e["energy_distance"]) for s, e in final.items()}
    finite = [v for v in log_ed.values() if math.isfinite(v)]
    return {"value": (run["hyper"] or {}).get("value"), "value_index": run["value_index"],
            "seeds": len(final), "diverged_seeds": sum(not r["finite"] for r in run["seeds"].values()),
            "modes": _spread({s: e["modes_covered"] for s, e in final.items()}),
            "hq_fraction": {**_spread(hq), **_band(list(hq.values()))},
            "log10_energy_distance": {**_spread(log_ed), **(_band(finite) if len(finite) == len(log_ed) else {})},
            "occupancy_change_late": _spread({s: stats.total_variation(mid[s]["occupancy"], e["occupancy"])
                                              if run["seeds"][s]["finite"] else 1.0 for s, e in final.items()}),
            "seconds_per_step": run["seconds_per_step"]}


def best(cells: list[dict]) -> int:
    """Index of the best cell: most modes (median), then highest mean hq fraction, then lowest log10 energy."""
    def key(i):
        c = cells[i]
        return (-c["modes"]["median"], -c["hq_fraction"]["mean"], statistics.fmean(
            c["log10_energy_distance"]["per_seed"].values()))
    return min(range(len(cells)), key=key)


def rows(runs: list[dict], labels: list[str]) -> list[dict]:
    """One row per method label (in `labels` order), its cells in value order."""
    out = []
    for label in labels:
        mine = sorted((r for r in runs if r["label"] == label), key=lambda r: r["value_index"])
        if not mine:
            continue
        cells = [cell(r) for r in mine]
        out.append({"label": label, "method": mine[0]["method"], "hyper_name": (mine[0]["hyper"] or {}).get("name"),
                    "cells": cells, "best": best(cells)})
    return out


def _value(name, value) -> str:
    if name is None:
        return "-"
    return f"{name}=" + (f"({value[0]}, {value[1]})" if isinstance(value, (list, tuple)) else f"{value:g}")


def markdown(ring: dict, cost: dict | None) -> list[str]:
    """The ring's lines of the zoo's markdown: best cell per method, then every cell."""
    ratios = (cost or {}).get("relative_to_simga", {})
    s = ring["settings"]
    head = ["## The 8-Gaussian ring", "",
            f"The paper's setting (RMSProp {s['learning_rate']:g}, batch {s['batch_size']}, {s['steps']} steps), "
            f"seeds {s['seeds']}, E2's metrics at the end: modes covered (median, range), high-quality fraction "
            "(mean, band = mean +- 2 SE over seeds), log10 energy distance (mean, band), occupancy change from half "
            "the steps to the end (median). Cost: time per step relative to SimGA, one seed, one process.", ""]
    table = ["| method | hyperparameter | modes (median, range) | hq fraction (band) | log10 energy (band) | "
             "late occupancy change | diverged seeds | cost vs SimGA |", "|---|---|---|---|---|---|---|---|"]

    def line(row, c):
        hq, ed = c["hq_fraction"], c["log10_energy_distance"]
        ed_text = (f"{ed['mean']:.2f} ({ed['low_2se']:.2f}, {ed['high_2se']:.2f})" if "mean" in ed else
                   "inf (diverged seeds)")
        ratio = ratios.get(row["label"])
        return (f"| {row['label']} | {_value(row['hyper_name'], c['value'])} | {c['modes']['median']:g} "
                f"({c['modes']['min']}-{c['modes']['max']}) | {hq['mean']:.3f} ({hq['low_2se']:.3f}, "
                f"{hq['high_2se']:.3f}) | {ed_text} | {c['occupancy_change_late']['median']:.3f} | "
                f"{c['diverged_seeds']}/{c['seeds']} | {'-' if ratio is None else f'{ratio:.2f}'} |")
    bests = [line(row, row["cells"][row["best"]]) for row in ring["rows"]]
    every = [line(row, c) for row in ring["rows"] for c in row["cells"]]
    return head + ["### Best cell per method", ""] + table + bests + ["", "### Every cell", ""] + table + every + [""]
