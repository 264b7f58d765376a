"""Lemma 1 figure: the definiteness category of v' (eq. 6) against that of the Hessian blocks, on random games."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from numerics_of_gans.plots.style import save

_COLORS = {"definite": "tab:blue", "semidefinite": "tab:orange", "neither": "tab:red"}


def plot(result: dict, pdf_path, scale: str | None = None) -> None:
    games, cats, m = result["games"], result["categories"], result["metrics"]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4.2))
    x = np.arange(len(cats))
    lhs = [m[f"n_lhs_{c}"] for c in cats]
    rhs = [m[f"n_rhs_{c}"] for c in cats]
    ax1.bar(x - 0.2, lhs, 0.4, label="left side: v' (eq. 6), negative ...", color="0.35")
    ax1.bar(x + 0.2, rhs, 0.4, label="right side: -grad²_phi f and grad²_theta f, positive ...", color="0.7")
    ax1.set_xticks(x, [c.replace("semidefinite", "semi-definite\n(not definite)") for c in cats])
    ax1.set_ylabel("number of games")
    ax1.set_title(f"categories of both sides ({m['n_games']} games,\n"
                  f"{m['n_disagree_category']} disagreements)", fontsize=10)
    ax1.legend(fontsize=7, loc="lower center")

    # Largest eigenvalue of sym(v') against the largest 'wrong-sign' eigenvalue of the blocks, in units of the
    # per-game tolerance, on a signed log axis: both sides coincide (eq. 19); exact zeros fall inside |value| <= 1.
    def slog(v):
        v = np.asarray(v, dtype=float)
        return np.sign(v) * np.log10(1.0 + np.abs(v))

    for cat in cats:
        sel = [g for g in games if g["designed"] == cat]
        xs = slog([g["max_eig_blocks"] / g["tol"] for g in sel])
        ys = slog([g["max_eig_sym_vprime"] / g["tol"] for g in sel])
        ax2.scatter(xs, ys, s=12, alpha=0.7, color=_COLORS.get(cat, "k"), label=f"designed {cat} ({len(sel)})")
    lim = 1.05 * max(abs(v) for g in games for v in slog([g["max_eig_blocks"] / g["tol"],
                                                            g["max_eig_sym_vprime"] / g["tol"]]))
    ax2.plot([-lim, lim], [-lim, lim], "k:", lw=0.8, label="y = x")
    ax2.axvspan(-slog(1.0), slog(1.0), color="0.85", zorder=0, label="zero within tolerance")
    ax2.axhspan(-slog(1.0), slog(1.0), color="0.85", zorder=0)
    ticks = [t for t in (-1e8, -1e4, 0.0, 1e4, 1e8) if abs(slog(t)) <= lim]
    labels = ["0" if t == 0 else f"{'-' if t < 0 else ''}1e{int(np.log10(abs(t)))}" for t in ticks]
    ax2.set_xticks(slog(ticks), labels)
    ax2.set_yticks(slog(ticks), labels)
    ax2.set_xlabel("max(eig(grad²_phi f), -eig(grad²_theta f)) / tol")
    ax2.set_ylabel("max eig((v' + v'^T)/2) / tol")
    ax2.set_title(f"both sides per game (tol = {float(m['rtol']):.0e} ||v'||_2; signed log axes)", fontsize=10)
    ax2.legend(fontsize=7, loc="upper left")
    fig.suptitle("Lemma 1: for zero-sum games v' is negative (semi-)definite iff the Hessian blocks are")
    fig.tight_layout()
    save(fig, pdf_path, scale)
