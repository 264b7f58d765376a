"""Zoo figures on the paper's 8-Gaussian ring ("The Numerics of GANs", Section 5, Figure 2; runs of
numerics_of_gans.zoo.ring, one per (method label, hyperparameter value) with all seeds), each method label at its
best cell of the ring table (`row["best"]`, an index into its cells):
- `plot_samples`: rows = method labels, columns = seeds; each panel the seed's final generated samples (dots) over
  the 8 target means (red x) in [-1.6, 1.6]^2, its modes covered in the corner; a diverged seed (non-finite samples)
  is an empty panel saying so. Compare Figure 2 of the paper (SimGA / AltGA collapse or cycle, ConOpt covers all).
- `plot_modes`: per method label, each seed's modes covered (of 8) and high-quality fraction (mog.metrics: within
  quality_k std of the nearest mode) as jittered dots, the median over seeds as a bar.
"""
from __future__ import annotations

import math

import numpy as np
import matplotlib.pyplot as plt

from numerics_of_gans.plots.style import save
from numerics_of_gans.plots.zoo_dirac_portraits import display, label_colors

MODES = 8
LIM = 1.6
# mog.model.target_means of the default MoGSetting (radius 1), without importing the TensorFlow model
MEANS = np.stack([np.cos(2 * np.pi * np.arange(MODES) / MODES), np.sin(2 * np.pi * np.arange(MODES) / MODES)], 1)


def _value(value) -> str:
    if isinstance(value, (list, tuple)):
        return "(" + ", ".join(_value(v) for v in value) + ")"
    return "-" if value is None else f"{value:g}"


def _best(row: dict) -> dict:
    return row["cells"][row["best"]]


def _row_title(row: dict) -> str:
    name = row.get("hyper_name")
    return display(row["label"]) + (f"\n{name}={_value(_best(row)['value'])}" if name else "")


def _seeds(table: dict, runs: dict) -> list[str]:
    """Every seed of any best cell or its run, in numeric order (JSON keys are strings)."""
    seeds = set()
    for row in table["rows"]:
        cell = _best(row)
        seeds |= set(cell.get("modes", {}).get("per_seed", {}))
        seeds |= set((runs.get((row["label"], cell["value_index"])) or {}).get("seeds", {}))
    return sorted(seeds, key=int)


def _samples_panel(ax, seed_run: dict | None, modes, color) -> None:
    ax.plot(MEANS[:, 0], MEANS[:, 1], "x", color="red", ms=4, mew=1.0, alpha=0.8, zorder=3)
    if seed_run is None:
        ax.text(0.5, 0.5, "no run", ha="center", va="center", transform=ax.transAxes, fontsize=8, color="0.4")
        return
    samples = np.asarray(seed_run["samples"], dtype=float)     # JSON null (NaN written out) reads as nan
    if not seed_run.get("finite", True) or not np.all(np.isfinite(samples)):
        ax.text(0.5, 0.5, "diverged", ha="center", va="center", transform=ax.transAxes, fontsize=9,
                color="darkred")
        return
    # rasterised: thousands of dots per panel would make the PDF slow to open
    ax.scatter(samples[:, 0], samples[:, 1], s=0.6, color=color, alpha=0.35, lw=0, rasterized=True, zorder=2)
    if modes is not None:
        ax.text(0.03, 0.97, f"{modes}/{MODES}", ha="left", va="top", transform=ax.transAxes, fontsize=7)


def plot_samples(table: dict, runs: dict, pdf_path, scale: str | None) -> None:
    rows, seeds = table["rows"], _seeds(table, runs)
    colors = label_colors([r["label"] for r in rows])
    nrows, ncols = max(len(rows), 1), max(len(seeds), 1)
    fig, axes = plt.subplots(nrows, ncols, figsize=(1.45 * ncols + 0.8, 1.45 * nrows + 0.6), squeeze=False,
                             layout="constrained")                     # constrained: room for the suptitle
    for i, row in enumerate(rows):
        cell = _best(row)
        run = runs.get((row["label"], cell["value_index"]))
        per_seed = cell.get("modes", {}).get("per_seed", {})
        for j, seed in enumerate(seeds):
            ax = axes[i, j]
            _samples_panel(ax, (run or {}).get("seeds", {}).get(seed), per_seed.get(seed), colors[row["label"]])
            ax.set(xlim=(-LIM, LIM), ylim=(-LIM, LIM), aspect="equal", xticks=[], yticks=[])
            if i == 0:
                ax.set_title(f"seed {seed}", fontsize=8)
        axes[i, 0].set_ylabel(_row_title(row), fontsize=7)
    fig.suptitle("8-Gaussian ring: final samples of each seed (dots) at each method's best cell; red x: target "
                 "means; corner: modes covered", fontsize=9)
    fig.get_layout_engine().set(rect=(0, 0.012, 1, 0.988))    # a margin for save's scale stamp in the corner
    save(fig, pdf_path, scale)


def _finite(values) -> list[float]:
    return [float(v) for v in values if v is not None and math.isfinite(float(v))]


def _spread_panel(ax, rows: list, key: str, colors: dict, rng: np.random.Generator) -> None:
    for x, row in enumerate(rows):
        stats = _best(row).get(key, {})
        ys = _finite(stats.get("per_seed", {}).values())
        # jitter sideways only: seeds with equal values (modes are integers) stay visible
        ax.scatter(x + rng.uniform(-0.15, 0.15, len(ys)), ys, s=14, color=colors[row["label"]], alpha=0.75,
                   lw=0, zorder=3)
        if stats.get("median") is not None:
            ax.hlines(stats["median"], x - 0.3, x + 0.3, color=colors[row["label"]], lw=2.5, zorder=2)
    ax.set_xticks(range(len(rows)), [_row_title(r).replace("\n", " ") for r in rows], rotation=40, ha="right",
                  fontsize=7)
    ax.set_xlim(-0.6, len(rows) - 0.4)
    ax.grid(axis="y", color="0.9", zorder=0)


def plot_modes(table: dict, pdf_path, scale: str | None) -> None:
    rows = table["rows"]
    colors = label_colors([r["label"] for r in rows])
    fig, axes = plt.subplots(1, 2, figsize=(max(6.0, 0.55 * len(rows)) * 2, 4.2))
    rng = np.random.default_rng(0)    # a fixed jitter: the same table draws the same figure
    _spread_panel(axes[0], rows, "modes", colors, rng)
    axes[0].set(ylim=(-0.4, MODES + 0.4), yticks=range(MODES + 1), ylabel=f"modes covered (of {MODES})")
    _spread_panel(axes[1], rows, "hq_fraction", colors, rng)
    axes[1].set(ylim=(-0.04, 1.04), ylabel="high-quality fraction")
    fig.suptitle("8-Gaussian ring at each method's best cell: each seed (dots) and the median over seeds (bar)",
                 fontsize=10)
    fig.tight_layout()
    save(fig, pdf_path, scale)
