"""Extra figure (claim E2): the mixture-of-Gaussians metrics against the training step, per method, with the spread
over seeds: modes covered, high-quality fraction (within k std of the nearest mode), energy distance to the target,
and the change of mode occupancy since the previous evaluation (total variation; large = the mass jumps between
modes). Thick line: median over seeds; band: min to max; thin lines: single seeds.
"""
from __future__ import annotations

import warnings
from collections import defaultdict

import numpy as np
import matplotlib.pyplot as plt

from numerics_of_gans.stats import total_variation
from numerics_of_gans.plots.style import METHOD_COLORS as COLORS, METHOD_LABELS as LABELS, save


def series(run: dict) -> dict:
    ev = run["evals"]
    steps = np.array([e["step"] for e in ev])
    change = [np.nan] + [total_variation(a["occupancy"], b["occupancy"]) for a, b in zip(ev[:-1], ev[1:])]
    ed = np.array([float(e["energy_distance"]) for e in ev])
    return {"step": steps, "modes": np.array([e["modes_covered"] for e in ev], float),
            "hq": np.array([e["hq_fraction"] for e in ev]), "ed": np.maximum(ed, 1e-6), "change": np.array(change)}


def plot(result: dict, pdf_path, scale: str | None) -> None:
    by_method = defaultdict(list)
    for run in result["runs"]:
        by_method[run["settings"]["method"]].append(series(run))
    panels = (("modes", "modes covered (of 8)", False), ("hq", "high-quality fraction", False),
              ("ed", "energy distance to target", True), ("change", "occupancy change since last eval (TV)", False))
    fig, axes = plt.subplots(1, 4, figsize=(16, 3.6))
    warnings.filterwarnings("ignore", "All-NaN slice", RuntimeWarning)   # the first occupancy change is undefined
    for method, runs in by_method.items():
        steps = runs[0]["step"]
        for ax, (key, label, log) in zip(axes, panels):
            y = np.array([r[key] for r in runs])
            for row in y:
                ax.plot(steps, row, color=COLORS.get(method, "k"), lw=0.5, alpha=0.35)
            ax.fill_between(steps, np.nanmin(y, 0), np.nanmax(y, 0), color=COLORS.get(method, "k"), alpha=0.15)
            ax.plot(steps, np.nanmedian(y, 0), color=COLORS.get(method, "k"), lw=2,
                    label=f"{LABELS.get(method, method)} ({len(runs)} seeds)")
            ax.set_xlabel("training step")
            ax.set_ylabel(label)
            if log:
                ax.set_yscale("log")
    axes[0].legend(fontsize=8)
    k = result["runs"][0]["metric_definitions"]["quality_k"]
    fig.suptitle(f"Mixture of Gaussians (Figure 2's runs): metrics against step; high quality = within {k:g} std of "
                 "the nearest mode; median (thick), min-max over seeds (band)", fontsize=10)
    fig.tight_layout()
    save(fig, pdf_path, scale)
