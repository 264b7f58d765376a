"""Figure 2 (claim E2): densities of the mixture-of-Gaussians generator after 0, 5000, 10000, 20000 steps, one row
per method (SimGA and consensus optimization as in the paper, AltGA as an extra row), and the target in red.

Gaussian KDE of the stored generator samples on the box [-1.6, 1.6]^2 (docs/setup.md), each panel annotated with the
E2 metrics of that snapshot (modes covered, high-quality fraction, energy distance).
"""
from __future__ import annotations

import numpy as np
import matplotlib.pyplot as plt
from scipy.stats import gaussian_kde

from numerics_of_gans.names import CONSENSUS
from numerics_of_gans.plots.style import METHOD_LABELS, save

ORDER = ("simga", "conopt", "altga", "smoothing")   # the paper's rows first, AltGA as an extra row
BOX, GRID = 1.6, 160


def density(samples, box: float = BOX, grid: int = GRID) -> np.ndarray:
    """KDE of 2-d samples on a grid x grid lattice of [-box, box]^2 (rows = y); a histogram if the KDE is singular."""
    x = np.asarray(samples, float)
    x = x[np.all(np.isfinite(x), axis=1)]
    axis = np.linspace(-box, box, grid)
    xx, yy = np.meshgrid(axis, axis)
    try:
        return gaussian_kde(x.T)(np.vstack([xx.ravel(), yy.ravel()])).reshape(grid, grid)
    except (np.linalg.LinAlgError, ValueError):
        h, _, _ = np.histogram2d(x[:, 1], x[:, 0], bins=grid, range=[[-box, box], [-box, box]]) if len(x) else \
            (np.zeros((grid, grid)), None, None)
        return h


def _row_label(settings: dict) -> str:
    """e.g. "ConOpt (γ=10)", "AltGA (extra)": the paper's figure has no AltGA row."""
    method = settings["method"]
    return METHOD_LABELS[method] + (f" (γ={settings['gamma']:g})" if method in CONSENSUS else "") + \
        (" (extra)" if method == "altga" else "")


def plot(result: dict, pdf_path, scale: str | None) -> None:
    runs = sorted(result["runs"], key=lambda r: ORDER.index(r["settings"]["method"]))
    steps = sorted(int(s) for s in runs[0]["snapshots"])
    fig, axes = plt.subplots(len(runs), len(steps) + 1, figsize=(2.0 * (len(steps) + 1), 2.1 * len(runs)),
                             squeeze=False)
    ext = [-BOX, BOX, -BOX, BOX]
    for r, run in enumerate(runs):
        evals = {e["step"]: e for e in run["evals"]}
        for c, step in enumerate(steps):
            ax = axes[r, c]
            ax.imshow(density(run["snapshots"][str(step)]), origin="lower", extent=ext, cmap="Blues")
            e = evals[step]
            ax.text(0.03, 0.03, f"modes {e['modes_covered']}/8  hq {e['hq_fraction']:.2f}\nED {e['energy_distance']:.3g}",
                    transform=ax.transAxes, fontsize=6, va="bottom")
            if r == 0:
                ax.set_title(f"step {step}", fontsize=9)
        axes[r, 0].set_ylabel(f"{_row_label(run['settings'])}\nseed {run['settings']['seed']}", fontsize=9)
        axes[r, -1].imshow(density(run["target_sample"]), origin="lower", extent=ext, cmap="Reds")
        if r == 0:
            axes[r, -1].set_title("target", fontsize=9, color="tab:red")
    for ax in axes.ravel():
        ax.set_xticks([])
        ax.set_yticks([])
    k = runs[0]["metric_definitions"]["quality_k"]
    fig.suptitle("Figure 2: mixture of 8 Gaussians (std 0.01), generator KDE after n steps (RMSProp 1e-4, batch 512)\n"
                 f"hq = fraction within {k:g} std of the nearest mode; ED = energy distance to the target", fontsize=9)
    fig.tight_layout()
    save(fig, pdf_path, scale)
