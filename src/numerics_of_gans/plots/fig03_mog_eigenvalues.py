"""Figure 3 (claim E3): eigenvalues of v'(x) and of w'(x) = v'(x) - gamma v'(x)^T v'(x) in the complex plane,
before and after consensus-optimization training on the mixture of Gaussians (full Jacobian over all 2003
parameters, averaged over 10 minibatches). The first spectrum seed is drawn; the statistics of E3 over all seeds
are printed in each panel. Axis box as the original figure (real [-3.5, 0.75], imaginary [-1.2, 1.2]); points
outside it (the real part of w' before training) are clipped to its edge for display, as the paper did.
"""
from __future__ import annotations

import numpy as np
import matplotlib.pyplot as plt

from numerics_of_gans.plots.style import save

RE_BOX, IM_BOX = (-3.5, 0.75), (-1.2, 1.2)


def _complex(pairs) -> np.ndarray:
    a = np.asarray(pairs, float).reshape(-1, 2)
    return a[:, 0] + 1j * a[:, 1]


def plot(result: dict, pdf_path, scale: str | None) -> None:
    spectra = sorted(result["spectra"], key=lambda s: s["seed"])
    first = spectra[0]
    fig, axes = plt.subplots(2, 2, figsize=(9, 6.5), squeeze=False)
    for r, when in enumerate(("before", "after")):
        for c, (key, name) in enumerate((("v", "v'(x)"), ("w", "w'(x) = v' - γ v'ᵀv'"))):
            ax = axes[r, c]
            eig = _complex(first[when][f"eig_{key}"])
            re = np.clip(eig.real, *RE_BOX)
            clipped = int(np.sum(re != eig.real))
            ax.scatter(re, np.clip(eig.imag, *IM_BOX), s=6, alpha=0.6, color="tab:blue" if key == "v" else "tab:green")
            ax.axvline(0, color="0.5", lw=0.6)
            ax.axhline(0, color="0.5", lw=0.6)
            ax.set_xlim(RE_BOX[0] - 0.1, RE_BOX[1] + 0.1)
            ax.set_ylim(IM_BOX[0] - 0.05, IM_BOX[1] + 0.05)
            ax.set_title(f"{name}, {when} training (seed {first['seed']})", fontsize=9)
            ax.set_xlabel("Re λ")
            ax.set_ylabel("Im λ")
            stats = np.array([[s[when][f"summary_{key}"][f] for f in
                               ("frac_rotational_near_axis", "median_re_over_abs_im", "n_rotational", "n_near_zero")]
                              for s in spectra], float)
            txt = (f"over {len(spectra)} seeds (mean [min, max]):\n"
                   f"|Im|>0.01: {stats[:, 2].mean():.0f} eigenvalues\n"
                   f"frac |Re|<0.1|Im|: {stats[:, 0].mean():.2f} [{stats[:, 0].min():.2f}, {stats[:, 0].max():.2f}]\n"
                   f"median Re/|Im|: {np.nanmedian(stats[:, 1]):.3g} [{stats[:, 1].min():.3g}, {stats[:, 1].max():.3g}]\n"
                   f"near-zero (separate): {stats[:, 3].mean():.0f}")
            if clipped:
                txt += f"\n{clipped} points clipped to the box"
            ax.text(0.02, 0.98, txt, transform=ax.transAxes, fontsize=6.5, va="top",
                    bbox=dict(boxstyle="round", fc="white", alpha=0.8))
    fig.suptitle(f"Figure 3: eigenvalues of the Jacobians, mixture of Gaussians, ConOpt γ={first['gamma']:g} "
                 f"({first['n_minibatches']} minibatches of {first['batch_size']}, {first['n_parameters']} parameters)",
                 fontsize=10)
    fig.tight_layout()
    save(fig, pdf_path, scale)
