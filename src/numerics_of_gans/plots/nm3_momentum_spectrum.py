"""Figure for Theorem 3 of the negative-momentum slides: eigenvalues of the heavy-ball operator's Jacobian."""
from __future__ import annotations

import numpy as np

from numerics_of_gans.plots.lemma11_momentum_spectrum import as_complex
from numerics_of_gans.plots.style import plt, save


def plot(result: dict, pdf_path, scale: str | None = None) -> None:
    m = result["metrics"]
    fig, axes = plt.subplots(1, 3, figsize=(16, 4.8))

    ax = axes[0]
    t = np.linspace(0, 2 * np.pi, 300)
    ax.plot(np.cos(t), np.sin(t), "k-", lw=0.8)
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for color, spec in zip(colors, result["spectra"]["per_beta"]):
        num = as_complex(spec["numeric"])
        plus, minus = as_complex(spec["plus"]), as_complex(spec["minus"])
        ax.plot(num.real, num.imag, "o", mfc="none", ms=8, color=color,
                label=f"beta = {spec['beta']:g}: numeric eig (rho = {np.abs(num).max():.3f})")
        ax.plot(plus.real, plus.imag, "x", color=color, label="  mu_+ (eq. 9)")
        ax.plot(minus.real, minus.imag, "+", color=color, label="  mu_- (eq. 9)")
    ax.set_aspect("equal")
    ax.set_xlabel("Re mu")
    ax.set_ylabel("Im mu")
    ax.set_title(f"Spectrum of the augmented Jacobian (eta = {result['spectra']['eta']:g}, n = 8)")
    ax.legend(fontsize=6, ncol=1, loc="center left", bbox_to_anchor=(1.0, 0.5))

    ax = axes[1]
    tay = result["taylor"]
    bs = np.asarray(tay["betas"], float)
    for which, marker in (("plus", "o"), ("minus", "s")):
        for sign, ls in (("pos", "-"), ("neg", "--")):
            ax.loglog(bs, tay[which][sign], ls, marker=marker, mfc="none",
                      label=f"mu_{'+' if which == 'plus' else '-'}, beta {'>' if sign == 'pos' else '<'} 0")
    ref = np.asarray(tay["plus"]["pos"], float)[-1] * (bs / bs[-1]) ** 2
    ax.loglog(bs, ref, "k:", label="slope 2")
    ax.set_xlabel("|beta|")
    ax.set_ylabel("|exact (9) - first-order (10)|, max over eig")
    ax.set_title(f"Taylor expansion (10): slopes in [{m['taylor_slope_min']:.3f}, {m['taylor_slope_max']:.3f}]")
    ax.legend(fontsize=7)

    ax = axes[2]
    cells = result["cells"]
    etas = sorted({c["eta"] for c in cells})
    betas = sorted({c["beta"] for c in cells})
    grid = np.full((len(etas), len(betas)), np.nan)
    for c in cells:
        grid[etas.index(c["eta"]), betas.index(c["beta"])] = np.log10(max(float(c["max_error"]), 1e-18))
    im = ax.imshow(grid, cmap="viridis", aspect="auto", vmin=-16, vmax=-8)
    for i in range(len(etas)):
        for j in range(len(betas)):
            ax.text(j, i, f"{grid[i, j]:.1f}", ha="center", va="center", color="w", fontsize=7)
    ax.set_xticks(range(len(betas)), [f"{b:g}" for b in betas])
    ax.set_yticks(range(len(etas)), [f"{e:g}" for e in etas])
    ax.set_xlabel("momentum beta")
    ax.set_ylabel("step size eta")
    fig.colorbar(im, ax=ax, label="log10 max |eig - formula| (tolerance: -8)")
    ax.set_title(f"Formula (9) vs numeric eigenvalues, {m['n_matrices']} random V")

    fig.suptitle("Theorem 3 (Gidel et al.): mu_pm = (1 - eta lambda + beta)(1 pm sqrt(Delta))/2, "
                 "Delta = 1 - 4 beta / (1 - eta lambda + beta)^2")
    fig.tight_layout()
    save(fig, pdf_path, scale)
