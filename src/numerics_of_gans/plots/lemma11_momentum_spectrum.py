"""Figure for Lemma 11 / Corollary 12: where momentum's Jacobian G' = [[0, I], [v', -gamma I]] is stable."""
from __future__ import annotations

import numpy as np

from numerics_of_gans.plots.style import plt, save


def as_complex(values) -> np.ndarray:
    """Complex array from either a complex array or its JSON form (a list of [re, im] pairs)."""
    arr = np.asarray(values)
    if np.iscomplexobj(arr):
        return arr
    arr = np.asarray(arr, float)
    return arr[..., 0] + 1j * arr[..., 1]


def plot(result: dict, pdf_path, scale: str | None = None) -> None:
    m, grid = result["metrics"], result["map"]
    gamma = float(grid["gamma"])
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.6))

    ax = axes[0]
    re, im = np.asarray(grid["re"]), np.asarray(grid["im"])
    max_re = np.asarray(grid["max_re_root"], float)
    lim = np.abs(max_re).max()
    mesh = ax.pcolormesh(re, im, max_re, cmap="RdBu_r", vmin=-lim, vmax=lim, shading="auto")
    fig.colorbar(mesh, ax=ax, label="max Re l over roots of l(l+gamma) = mu")
    ys = np.linspace(im.min(), im.max(), 200)
    ax.plot(-(ys / gamma) ** 2, ys, "k--", lw=1, label="Re mu = -(Im mu / gamma)^2 (boundary)")
    mus = as_complex(grid["mus_random"])
    ax.plot(mus.real, mus.imag, "k.", ms=4, label="eig v' (random 16x16)")
    ex = as_complex(result["example"]["mus"])
    ax.plot(ex.real, ex.imag, "m*", ms=12, label="breakdown example")
    good = as_complex(result["real_negative"]["mus"])
    ax.plot(good.real, good.imag, "^", color="tab:green", ms=6, label="real negative spectrum")
    ax.set_xlim(re.min(), re.max())
    ax.set_ylim(im.min(), im.max())
    ax.set_xlabel("Re mu (eigenvalue of v')")
    ax.set_ylabel("Im mu")
    ax.set_title(f"Stability of momentum in the mu-plane (gamma = {gamma:g})")
    ax.legend(fontsize=7, loc="lower left")

    ax = axes[1]
    for key, color, label in (("example", "m", "complex mu near imag. axis"),
                              ("real_negative", "tab:green", "real negative spectrum")):
        eig = as_complex(result[key]["eig"])
        ax.plot(eig.real, eig.imag, "o", mfc="none", color=color, ms=8, label=f"eig G' ({label})")
    roots = as_complex(grid["roots_random"])
    ax.plot(roots.real, roots.imag, "x", color="0.5", ms=4, label="Lemma 11 roots for the random v'")
    ax.axvline(0, color="k", lw=0.8)
    ax.set_xlabel("Re l")
    ax.set_ylabel("Im l")
    ax.set_title(f"Eigenvalues of G'; max error vs Lemma 11: {m['max_eig_error']:.1e}\n"
                 f"({m['n_matrices']} random v')")
    ax.legend(fontsize=7)

    ax = axes[2]
    hs = np.asarray(result["h_grid"], float)
    ax.semilogx(hs, result["example"]["rho"], "m-o", label="complex mu example")
    ax.semilogx(hs, result["real_negative"]["rho"], "-o", color="tab:green", label="real negative spectrum")
    ax.axhline(1, color="k", lw=0.8, ls="--")
    ax.set_xlabel("step size h")
    ax.set_ylabel("spectral radius of I + h G'")
    ax.set_title("Corollary 12: convergent for small h only with real spectrum")
    ax.legend(fontsize=7)

    fig.suptitle("Lemma 11 / Corollary 12: l eigenvalue of G' iff l(l + gamma) eigenvalue of v'")
    fig.tight_layout()
    save(fig, pdf_path, scale)
