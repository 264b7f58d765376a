"""Figure for Proposition 14: AltGA's Jacobian (I + hG2')(I + hG1') is an O(h^2) perturbation of I + h v'."""
from __future__ import annotations

import numpy as np

from numerics_of_gans.plots.lemma11_momentum_spectrum import as_complex
from numerics_of_gans.plots.style import plt, save


def plot(result: dict, pdf_path, scale: str | None = None) -> None:
    m, games = result["metrics"], result["games"]
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.6))

    ax = axes[0]
    for i, g in enumerate(games):
        h = np.asarray(g["h"], float)
        ax.loglog(h, g["delta_F"], "-", color="tab:blue", alpha=0.6,
                  label="delta_F = max|eig F' - eig(I + h v')|" if i == 0 else None)
        ax.loglog(h, g["delta_A"], "-", color="tab:orange", alpha=0.6,
                  label="delta_A = delta_F / h (eig A~_h vs eig v')" if i == 0 else None)
    h = np.asarray(games[0]["h"], float)
    ref = np.asarray(games[0]["delta_F"], float)[-1] * (h / h[-1]) ** 2
    ax.loglog(h, ref, "k--", lw=1, label="slope 2 reference")
    ax.set_xlabel("step size h")
    ax.set_ylabel("eigenvalue perturbation (optimal matching)")
    ax.set_title(f"Order of the perturbation: slope of delta_F in [{m['slope_F_min']:.3f}, {m['slope_F_max']:.3f}]")
    ax.legend(fontsize=7)

    g = games[0]
    ax = axes[1]
    h_run = float(g["h_run"])
    # (eig - 1) / h maps I + h v' to v' and AltGA's F' to A~_h = v' + h G2'G1': the perturbation made visible.
    sim, alt = (as_complex(g["eig_sim_run"]) - 1) / h_run, (as_complex(g["eig_F_run"]) - 1) / h_run
    ax.axvline(0, color="k", lw=0.8)
    ax.plot(sim.real, sim.imag, "o", mfc="none", ms=9, label="eig v'(x*)   (SimGA: I + h v')")
    ax.plot(alt.real, alt.imag, "x", ms=8, label="eig A~_h = v' + h G2'G1'   (AltGA)")
    ax.set_xlabel("Re")
    ax.set_ylabel("Im")
    ax.set_title(f"Game 1 at h = {h_run:.3g} ({m['run_fraction_of_simga_bound']:g} x SimGA's stable bound)")
    ax.legend(fontsize=7)

    ax = axes[2]
    for i, g in enumerate(games):
        y = np.maximum(np.asarray(g["run_norms"], float), 1e-300)
        t = np.asarray(g["run_t"], float) / max(float(g["run_steps"]), 1)
        ax.semilogy(t, y, color="tab:green" if g["zero_sum"] else "tab:purple", alpha=0.7,
                    label=("zero-sum games" if g["zero_sum"] else "general-sum games") if i < 2 else None)
    ax.set_xlabel("AltGA iteration t / run length (8 predicted decades; up to "
                  f"{m['run_steps_max']} steps)")
    ax.set_ylabel("||x_t - x*|| / ||x_0 - x*||")
    ax.set_title(f"Local convergence, Re eig v'(x*) <= {m['max_re_eig_v']:.2f}")
    ax.legend(fontsize=7)

    fig.suptitle("Proposition 14 / eq. (45): AltGA's Jacobian = I + h v' + h^2 G2'G1', locally convergent for small h")
    fig.tight_layout()
    save(fig, pdf_path, scale)
