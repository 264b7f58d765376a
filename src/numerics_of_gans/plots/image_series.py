"""The numbers the image figures 4-14 (claims E4-E14) draw, read from run results (images.results.RunResult): a
metric of one setting's seeds on the union of their evaluation steps, its median and min-max over seeds, and the
unit of the training-time axis (Figures 5c, 11c). No drawing here.

A setting's seeds are one group of images.results.by_setting. A diverged seed stops early, so later points of the
median are over the seeds still running.
"""
from __future__ import annotations

import warnings

import numpy as np

from numerics_of_gans.images.results import RunResult


def value(line: dict, key: str, agg: str | None):
    """The metric `key` of one metrics.jsonl line as a float (None when absent); of a loss dict, its `agg`
    (mean, min or max; default mean)."""
    v = line.get(key)
    if isinstance(v, dict):
        v = v.get(agg or "mean")
    return None if v is None else float(v)


def series(runs: list[RunResult], key: str, agg: str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(steps, values [n_seeds, n_steps]) of a metric over the runs of one setting on the union of their evaluation
    steps; a seed without that step (it diverged earlier) is NaN there. `agg` picks mean/min/max of a loss dict."""
    steps = sorted({m["step"] for r in runs for m in r.metrics if value(m, key, agg) is not None})
    index = {s: i for i, s in enumerate(steps)}
    table = np.full((len(runs), len(steps)), np.nan)
    for row, run in enumerate(runs):
        for m in run.metrics:
            v = value(m, key, agg)
            if v is not None:
                table[row, index[m["step"]]] = v
    return np.asarray(steps), table


def seed_spread(runs: list[RunResult], key: str, agg: str | None = None) -> dict:
    """Median, min and max over the seeds of one setting at each step (NaN-aware), and the number of seeds."""
    steps, table = series(runs, key, agg)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)     # a step no seed reached: all-NaN column
        return {"step": steps, "median": np.nanmedian(table, 0), "min": np.nanmin(table, 0),
                "max": np.nanmax(table, 0), "n": len(runs)}


def time_unit(runs: list[RunResult]) -> tuple[str, float]:
    """Seconds, minutes or hours, whichever reads best for the longest training time of the runs."""
    longest = max((m.get("train_time_s") or 0.0 for r in runs for m in r.metrics), default=0.0)
    return ("s", 1.0) if longest < 600 else ("min", 60.0) if longest < 36000 else ("h", 3600.0)
