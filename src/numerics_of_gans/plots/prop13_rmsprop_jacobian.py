"""Figure for Proposition 13: the RMSProp fixed-point Jacobian against the block form (42)."""
from __future__ import annotations

import numpy as np

from numerics_of_gans.plots.lemma11_momentum_spectrum import as_complex
from numerics_of_gans.plots.style import plt, save


def plot(result: dict, pdf_path, scale: str | None = None) -> None:
    m = result["metrics"]
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.6))

    ax = axes[0]
    fd = np.maximum(np.asarray(result["errors_central_diff"], float), 1e-18)
    cs = np.maximum(np.asarray(result["errors_complex_step"], float), 1e-18)
    idx = np.arange(len(fd))
    ax.semilogy(idx, fd, "o", label=f"central differences (dx = {m['fd_step_x']:g}, dbeta = {m['fd_step_beta']:g})")
    ax.semilogy(idx, cs, "s", mfc="none", label="complex step")
    ax.axhline(1e-6, color="r", ls="--", lw=1, label="tolerance 1e-6")
    ax.set_xlabel("random field v")
    ax.set_ylabel("max |numeric F'(x*, 0) - eq. (42)|")
    ax.set_title(f"Jacobian at the fixed point (eps = {m['eps']:g})")
    ax.legend(fontsize=7)

    ax = axes[1]
    eig = as_complex(result["fixed_point_eigs"])
    t = np.linspace(0, 2 * np.pi, 300)
    ax.plot(np.cos(t), np.sin(t), "k-", lw=0.8, label="unit circle")
    ax.plot(eig[:-1].real, eig[:-1].imag, "o", label="eig(I + h/sqrt(eps) v'(x*))")
    ax.plot(eig[-1].real, eig[-1].imag, "r*", ms=12, label="1 - alpha")
    ax.set_aspect("equal")
    ax.set_xlabel("Re")
    ax.set_ylabel("Im")
    ax.set_title("Eigenvalues of (42), field 1\n"
                 f"max matching error of numeric Jacobian: {m['max_err_eigenvalues']:.1e}")
    ax.legend(fontsize=7, loc="lower left")

    ax = axes[2]
    run = result["run"]
    for key, label in (("stable", f"h/sqrt(eps) = {run['step_fraction']:g} x stable bound"),
                       ("beyond_bound", "h/sqrt(eps) = 1.5 x stable bound")):
        y = np.maximum(np.asarray(run[key], float), 1e-300)
        ax.semilogy(np.arange(len(y)) * run["every"], y, label=label)
    ax.set_xlabel("iteration t of eq. (40)")
    ax.set_ylabel("||x_t - x*|| / ||x_0 - x*||")
    ax.set_title("Local convergence from (x*, 0) + small perturbation")
    ax.legend(fontsize=7)

    fig.suptitle("Proposition 13: RMSProp-rescaled updates, F'(x*, 0) = diag(I + h/sqrt(eps) v'(x*), 1 - alpha)")
    fig.tight_layout()
    save(fig, pdf_path, scale)
