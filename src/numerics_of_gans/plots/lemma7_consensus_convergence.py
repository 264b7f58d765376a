"""Lemma 7 / Corollary 8 figure: A v' is negative definite for negative semi-definite invertible v', and consensus
optimization converges on a bilinear game where SimGA diverges for every step size."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from numerics_of_gans.plots.style import save


def _c(pairs) -> np.ndarray:
    return np.array([complex(p[0], p[1]) if isinstance(p, (list, tuple)) else complex(p) for p in pairs])


def plot(result: dict, pdf_path, scale: str | None = None) -> None:
    cases, bil, m = result["cases"], result["bilinear"], result["metrics"]
    fig, (ax1, ax2, ax3) = plt.subplots(1, 3, figsize=(15, 4.4))

    for skew, color, label in ((False, "tab:green", "v' = -GG^T + K, 1 <= rank G <= n"),
                               (True, "tab:purple", "pure skew v' (bilinear game): on the bound")):
        sel = [r for r in cases if bool(r["skew"]) == skew]
        jitter = np.exp(np.random.default_rng(0).uniform(-0.15, 0.15, len(sel)))
        ax1.scatter([r["gamma"] * j for r, j in zip(sel, jitter)], [-r["ratio_to_eq25"] for r in sel], s=6,
                    alpha=0.5, color=color, label=label)
    ax1.axhline(1.0, color="k", lw=0.8, ls="--", label="eq. (25) bound: 1")
    ax1.set_xscale("log")
    ax1.set_yscale("log")
    ax1.set_xlabel("gamma")
    ax1.set_ylabel("-lambda_max(sym(A v')) / (gamma sigma_min(v')²)")
    ax1.set_title(f"A v' negative definite in all {m['n_cases']} x {m['n_gammas']} cases\n"
                  f"(max lambda_max = {float(m['max_lam_max_sym']):.2e} < 0; >= 1 means eq. 25 holds)", fontsize=10)
    ax1.legend(fontsize=7)

    ej, eaj = _c(bil["eig_J"]), _c(bil["eig_AJ"])
    ax2.scatter(ej.real, ej.imag, color="tab:red", label="eig(v') of the bilinear game: Re = 0")
    ax2.scatter(eaj.real, eaj.imag, color="tab:blue", marker="s",
                label=f"eig((I - gamma v'^T) v'), gamma = {float(m['bilinear_gamma']):g}")
    ax2.axvline(0, color="k", lw=0.8)
    ax2.set_xlabel("Re")
    ax2.set_ylabel("Im")
    ax2.set_title("consensus moves the imaginary eigenvalues left", fontsize=10)
    ax2.legend(fontsize=7)

    steps = int(bil["steps"])
    colors = plt.cm.viridis(np.linspace(0, 0.9, len(bil["h"])))
    for h, color in zip(bil["h"], colors):
        tr = bil["trajectories"][str(h)] if str(h) in bil["trajectories"] else bil["trajectories"][repr(h)]
        k = np.linspace(0, steps, len(tr["simga"]))
        ax3.plot(k, tr["simga"], "-", color=color, label=f"SimGA h={h:g}")
        ax3.plot(k, tr["consensus"], "--", color=color, label=f"consensus h={h:g}")
    ax3.axhline(-6, color="k", lw=0.8, ls=":", label="1e-6 of the start")
    ax3.axhline(0, color="0.6", lw=0.5)
    ax3.set_yscale("symlog", linthresh=10.0)      # linear in [-10, 10], where the 1e-6 line lies
    ax3.set_xlabel("iteration")
    ax3.set_ylabel("log10(||x_k|| / ||x_0||)")
    ax3.set_title("bilinear game v(x) = Jx: SimGA grows, consensus converges", fontsize=10)
    ax3.legend(fontsize=6, ncol=2)
    fig.suptitle("Lemmas 6-7, Corollary 8: consensus optimization x <- x + h (I - gamma v'^T) v")
    fig.tight_layout()
    save(fig, pdf_path, scale)
