"""Figure 1 of the paper redrawn (Lemma 4): eigenvalues of A, their projection 1 + h l along rays from 1, and the
consensus-modified matrix A - gamma A^T A moving them left; plus the q^-2 law of the admissible step size."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from numerics_of_gans.plots.style import save


def _c(pairs) -> np.ndarray:
    """Complex numbers came back from JSON as [re, im] pairs."""
    return np.array([complex(p[0], p[1]) if isinstance(p, (list, tuple)) else complex(p) for p in pairs])


def _unit_circle(ax) -> None:
    t = np.linspace(0, 2 * np.pi, 400)
    ax.plot(np.cos(t), np.sin(t), "k-", lw=0.8, label="unit circle")
    ax.axhline(0, color="0.7", lw=0.5)
    ax.axvline(0, color="0.7", lw=0.5)
    ax.set_aspect("equal")


def _rays(ax, lam: np.ndarray, h: float, color: str, label: str) -> None:
    """Rays from 1 in direction l: 1 + h l slides along them as h grows (inside the circle iff h < h_max(l))."""
    for i, l in enumerate(lam):
        end = 1 + 2.2 * l / abs(l)
        ax.plot([1, end.real], [0, end.imag], "-", color=color, lw=0.6, alpha=0.5, label=label if i == 0 else None)


def plot(result: dict, pdf_path, scale: str | None = None) -> None:
    f = result["figure1"]
    h, g = float(f["h"]), float(f["gamma"])
    lam, lam_c = _c(f["eig_A"]), _c(f["eig_Ac"])
    mu, mu_c = _c(f["eig_I_plus_hA"]), _c(f["eig_I_plus_hAc"])
    fig, axes = plt.subplots(2, 2, figsize=(10, 9))
    (a, b), (c, d) = axes

    a.scatter(lam.real, lam.imag, color="tab:red", zorder=3, label="eigenvalues l of A = v'")
    a.scatter(lam_c.real, lam_c.imag, color="tab:blue", marker="s", zorder=3,
              label=f"eigenvalues of A - gamma A^T A (gamma={g:g})")
    for l0, l1 in zip(sorted(lam, key=lambda z: (z.imag, z.real)), sorted(lam_c, key=lambda z: (z.imag, z.real))):
        a.annotate("", xy=(l1.real, l1.imag), xytext=(l0.real, l0.imag),
                   arrowprops=dict(arrowstyle="->", color="0.5", lw=0.7))
    a.axvline(0, color="k", lw=0.8)
    a.axhline(0, color="0.7", lw=0.5)
    a.set_xlabel("Re")
    a.set_ylabel("Im")
    a.set_title("(a) Jacobian eigenvalues; consensus moves them left", fontsize=10)
    a.legend(fontsize=7, loc="lower left")

    _unit_circle(b)
    _rays(b, lam, h, "tab:red", "rays from 1 in direction l")
    b.scatter(mu.real, mu.imag, color="tab:red", zorder=3,
              label=f"eig(I + hA), h={h:g}: rho = {float(f['rho_simga']):.3f}")
    b.set_title(f"(b) SimGA: projected along rays from 1;\n"
                f"h_max (eq. 10) = {float(f['hmax_simga']):.3g} < h: some land outside", fontsize=10)
    b.set_xlabel("Re")
    b.set_ylabel("Im")
    b.set_xlim(-1.3, 1.3)
    b.set_ylim(-1.3, 1.3)
    b.legend(fontsize=7, loc="lower left")

    _unit_circle(c)
    _rays(c, lam_c, h, "tab:blue", "rays from 1")
    c.scatter(mu_c.real, mu_c.imag, color="tab:blue", marker="s", zorder=3,
              label=f"eig(I + h(A - gamma A^T A)): rho = {float(f['rho_consensus']):.3f}")
    c.set_title(f"(c) consensus: same h lands inside;\nh_max = {float(f['hmax_consensus']):.3g} > h", fontsize=10)
    c.set_xlabel("Re")
    c.set_ylabel("Im")
    c.set_xlim(-1.3, 1.3)
    c.set_ylim(-1.3, 1.3)
    c.legend(fontsize=7, loc="lower left")

    rows, slope = result["slope"], result["metrics"]["slope_loglog"]
    mats = result["matrices"]
    q_all = np.array([r["q_max"] for r in mats])
    d.scatter([r["q"] for r in rows], [r["h_bisect"] for r in rows], color="k", zorder=3,
              label=f"bisection on rho(I + hA), l = -1 +- iq (slope {float(slope):.3f})")
    qq = np.logspace(0, 3.2, 200)
    d.plot(qq, 2 / (1 + qq**2), "k-", lw=0.8, label="eq. (10): 2/(1 + q²)")
    d.plot(qq, 2 / qq**2, "k:", lw=0.8, label="2 q^-2")
    d.set_xscale("log")
    d.set_yscale("log")
    d.set_xlabel("q = |Im l / Re l|")
    d.set_ylabel("largest stable h (|Re l| = 1)")
    d.set_title(f"(d) h_max ~ q^-2; random matrices: max rel. error\n"
                f"bisection vs eq. (10) = {float(result['metrics']['max_rel_err']):.1e} "
                f"({len(mats)} matrices, q up to {q_all.max():.0f})", fontsize=10)
    d.legend(fontsize=7)
    fig.suptitle("Figure 1 / Lemma 4: eigenvalues of I + hA lie in the unit ball iff h < 2|Re l| / |l|² for all l")
    fig.tight_layout()
    save(fig, pdf_path, scale)
