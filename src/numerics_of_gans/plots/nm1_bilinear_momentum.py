"""Figure for NM1: the slide's bilinear-game table regenerated from runs, with the spectral radius behind each cell."""
from __future__ import annotations

import numpy as np
import yaml

from numerics_of_gans import paths
from numerics_of_gans.plots.style import plt, save
from numerics_of_gans.theory.bilinear_momentum import METHODS

# The slide's table as printed is data of the claim (NM1 `expected.table`), not of the code that reproduces it.
CLAIMS = paths.ROOT / "paper_checks" / "claims.yaml"

# Display thresholds of the measured verdicts; paper_checks/checks/negative_momentum.py judges with the same values
# (tests/theory/test_bilinear_momentum.py keeps them equal).
BOUND = 10.0        # bounded: max_t ||x_t|| / ||x_0|| < BOUND
CONVERGED = 1e-3    # converges: ||x_T|| / ||x_0|| < CONVERGED


def slide_table() -> dict:
    """method -> sign of beta -> [bounded, converges], as the slide prints it."""
    claims = yaml.safe_load(CLAIMS.read_text())["claims"]
    return next(c for c in claims if c["id"] == "NM1")["expected"]["table"]


def measured_verdicts(metrics: dict, method: str) -> list[tuple[str, str]]:
    """Per beta: (bounded, converges) as 'yes' / 'no' / 'mixed' over the random A."""
    key = method[:3]

    def word(all_true, any_true):
        return "yes" if all_true else ("mixed" if any_true else "no")

    out = []
    for i in range(len(metrics["betas"])):
        peak = (metrics[f"{key}_log10_max_ratio_min"][i], metrics[f"{key}_log10_max_ratio_max"][i])
        fin = (metrics[f"{key}_log10_final_ratio_min"][i], metrics[f"{key}_log10_final_ratio_max"][i])
        out.append((word(peak[1] < np.log10(BOUND), peak[0] < np.log10(BOUND)),
                    word(fin[1] < np.log10(CONVERGED), fin[0] < np.log10(CONVERGED))))
    return out


def plot(result: dict, pdf_path, scale: str | None = None) -> None:
    m = result["metrics"]
    betas = [float(b) for b in m["betas"]]
    t = np.asarray(result["trajectories"]["t"], float)
    logs = np.asarray(result["trajectories"]["log10_ratio"], float)   # (method, beta, t) for the first A
    fig = plt.figure(figsize=(16, 9))
    grid = fig.add_gridspec(2, 3, width_ratios=[1, 1, 1.25])
    cmap = plt.get_cmap("coolwarm")
    colors = [cmap(0.5 + 0.5 * b / max(abs(x) for x in betas)) if betas else "k" for b in betas]
    for i, method in enumerate(METHODS):
        ax = fig.add_subplot(grid[0, i])
        for j, b in enumerate(betas):
            ax.plot(t, logs[i, j], color=colors[j], label=f"beta = {b:g}")
        ax.axhline(np.log10(BOUND), color="k", ls="--", lw=0.8, label=f"bounded if below {BOUND:g}")
        ax.axhline(np.log10(CONVERGED), color="k", ls=":", lw=0.8, label=f"converged if final below {CONVERGED:g}")
        ax.set_xlabel("iteration t")
        ax.set_ylabel("log10 ||x_t|| / ||x_0||")
        ax.set_title(f"{method} GDA + heavy ball, eta = {m['eta']:g} (first random A)")
        ax.set_ylim(-12, 12) if method == "alternating" else None
        ax.legend(fontsize=7, ncol=2)

    ax = fig.add_subplot(grid[1, 0:2])
    sweep = result["sweep"]
    etas, sb = [float(e) for e in sweep["etas"]], [float(b) for b in sweep["betas"]]
    rho_alt = np.asarray(sweep["rho_max"], float)[1]                   # worst case over the random A
    im = ax.imshow(np.log10(rho_alt), cmap="RdBu_r", vmin=-0.01, vmax=0.01, aspect="auto", origin="lower")
    for a in range(len(etas)):
        for b in range(len(sb)):   # rho - 1, so that 0.9998 and 1.0002 are told apart
            ax.text(b, a, f"{rho_alt[a, b] - 1:+.0e}", ha="center", va="center", fontsize=5.5)
    ax.set_xticks(range(len(sb)), [f"{b:g}" for b in sb])
    ax.set_yticks(range(len(etas)), [f"{e:g}" for e in etas])
    ax.set_xlabel("momentum beta")
    ax.set_ylabel("step size eta")
    fig.colorbar(im, ax=ax, label="log10 rho (blue: convergent); cells print rho - 1")
    ax.set_title(f"Alternating: spectral radius of the update operator, max over {m['n_seeds']} random A "
                 f"(simultaneous: min over the grid {m['sweep_sim_rho_min']:.6f} > 1)")

    ax = fig.add_subplot(grid[:, 2])
    ax.axis("off")
    rows, slides = [], slide_table()
    for method in METHODS:
        verdicts = measured_verdicts(m, method)
        key = method[:3]
        for j, b in enumerate(betas):
            slide = slides[method]["negative" if b < 0 else "zero" if b == 0 else "positive"]
            meas = verdicts[j]
            rows.append([method[:3] + ".", f"{b:g}", "yes" if slide[0] else "no", "yes" if slide[1] else "no",
                         meas[0], meas[1], f"{m[f'{key}_rho_min'][j]:.4f}-{m[f'{key}_rho_max'][j]:.4f}"])
    table = ax.table(cellText=rows, colLabels=["method", "beta", "slide:\nbounded", "slide:\nconverges",
                                               "runs:\nbounded", "runs:\nconverges", "rho (over A)"],
                     loc="center", cellLoc="center")
    table.auto_set_font_size(False)
    table.set_fontsize(8)
    table.auto_set_column_width(list(range(7)))
    table.scale(1, 1.6)
    for r, row in enumerate(rows, start=1):
        ok = row[2] == row[4] and row[3] == row[5]
        for c in (4, 5):
            table[r, c].set_facecolor("#c8e6c9" if ok else "#ffcdd2")
    ax.set_title(f"Slide table vs runs (T = {m['steps']}, {m['n_seeds']} random A, sigma(A) in "
                 f"[{m['sigma_range'][0]:g}, {m['sigma_range'][1]:g}])\n"
                 f"bounded: max ratio < {BOUND:g}; converges: final ratio < {CONVERGED:g}", fontsize=9)

    fig.suptitle("Negative momentum (Gidel et al.) on min_theta max_phi theta^T A phi: "
                 "x_{t+1} = x_t - eta v(x_t) + beta (x_t - x_{t-1}); alternating: theta first")
    fig.tight_layout()
    save(fig, pdf_path, scale)
