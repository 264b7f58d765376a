"""Statistics over seeds and distances between distributions, used by the plots and by paper_checks (one place).

A band over seeds is twice the standard error: a setting's value is judged by mean - 2 SE (`lower`), a difference
of two settings by mean(a) - mean(b) against max(floor, 2 SE of the difference) (`gap`).
"""
from __future__ import annotations

import math
import statistics


def standard_error(xs) -> float:
    """The standard error of the mean over seeds (0 for one seed)."""
    return statistics.stdev(xs) / math.sqrt(len(xs)) if len(xs) > 1 else 0.0


def lower(xs) -> float:
    """Mean minus 2 SE over seeds (the value itself for one seed)."""
    return statistics.fmean(xs) - 2 * standard_error(xs)


def gap(a, b, floor: float) -> tuple[float, float]:
    """mean(a) - mean(b) and its band: max(floor, 2 SE of the difference over seeds)."""
    return statistics.fmean(a) - statistics.fmean(b), max(floor, 2 * math.hypot(standard_error(a), standard_error(b)))


def summary(xs) -> dict:
    """min, median, max, mean, std and the values, for claims.json."""
    xs = [float(x) for x in xs]
    return {"min": min(xs), "median": statistics.median(xs), "max": max(xs), "mean": statistics.fmean(xs),
            "std": statistics.stdev(xs) if len(xs) > 1 else 0.0, "values": xs}


def total_variation(p, q) -> float:
    """1/2 sum |p - q| between two distributions over the same bins (0: equal, 1: disjoint)."""
    return 0.5 * sum(abs(float(a) - float(b)) for a, b in zip(p, q, strict=True))
