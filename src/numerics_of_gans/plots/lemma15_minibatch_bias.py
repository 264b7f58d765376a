"""Figure for Lemma 15: the minibatch bias of the consensus loss L_B against B, and the debiased estimator."""
from __future__ import annotations

import numpy as np

from numerics_of_gans.plots.style import plt, save


def plot(result: dict, pdf_path, scale: str | None = None) -> None:
    m = result["metrics"]
    bs = np.asarray(m["batch_sizes"], float)
    bias, bias_se = np.asarray(m["bias"], float), np.asarray(m["bias_se"], float)
    var = float(m["var"])
    fig, axes = plt.subplots(1, 3, figsize=(17, 4.8))

    ax = axes[0]
    grid = np.geomspace(bs.min() / 1.3, bs.max() * 1.3, 100)
    ax.plot(grid, var / (2 * grid), "-", color="tab:red", lw=1.5, label="prediction Var[v_1] / (2B)")
    ax.errorbar(bs, bias, yerr=3 * bias_se, fmt="o", color="k", ms=5, capsize=3,
                label="measured E[L_B] - L (bars: 3 SE)")
    fit = np.asarray(m.get("slope_batch_sizes", []), float)
    if fit.size >= 2 and isinstance(m.get("slope"), (int, float)):
        ax.plot([], [], " ", label=f"fitted log-log slope {m['slope']:.3f} +- {m['slope_se']:.3f} (lemma: -1)")
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xlabel("minibatch size B")
    ax.set_ylabel("bias of L_B = 1/2 ||mean of B v_i||^2")
    ax.set_title(f"Lemma 15: bias of L_B (L = {m['L']:.4g}, Var = {var:.4g})")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)

    ax = axes[1]
    pred = np.asarray(m["predicted"], float)
    rel = np.asarray(m["bias_minus_predicted"], float) / pred
    rel_se = np.asarray(m["bias_minus_predicted_se"], float) / pred
    ax.axhline(0.0, color="tab:red", lw=1.5, label="Lemma 15: 0")
    ax.errorbar(bs, rel, yerr=3 * rel_se, fmt="o", color="k", ms=5, capsize=3,
                label="(measured - Var/(2B)) / (Var/(2B)) (bars: 3 SE)")
    ax.set_xscale("log", base=2)
    ax.set_xlabel("minibatch size B")
    ax.set_ylabel("relative deviation from Var/(2B)")
    ax.set_title("Lemma 15: measured bias against the prediction")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)

    ax = axes[2]
    db = np.asarray(m["debiased_batch_sizes"], float)
    dev, dev_se = np.asarray(m["debiased_minus_L"], float), np.asarray(m["debiased_minus_L_se"], float)
    raw = bias[np.isin(bs, db)]
    ax.axhline(0.0, color="tab:red", lw=1.5, label="unbiased: 0")
    ax.errorbar(db, dev, yerr=3 * dev_se, fmt="s", color="tab:blue", ms=5, capsize=3,
                label="E[L_B - S/(2B-2)] - L (bars: 3 SE)")
    ax.plot(db, raw, "x", color="0.5", label="E[L_B] - L without the correction")
    ax.set_xscale("log", base=2)
    # linear around 0 (where the debiased means sit), logarithmic beyond (where the uncorrected bias sits)
    lin = 10.0 ** np.ceil(np.log10(max(float(np.max(np.abs(dev) + 3 * dev_se)), 1e-12)))
    ax.set_yscale("symlog", linthresh=lin, linscale=3)
    top = max(float(raw.max()) * 2, lin)
    ax.set_ylim(-lin, top)
    ticks = [-lin, -lin / 2, 0.0, lin / 2] + [lin * 10.0 ** k for k in range(int(np.log10(top / lin)) + 1)]
    ax.set_yticks(ticks, [f"{t:.0e}" if t else "0" for t in ticks])
    ax.set_xlabel("minibatch size B")
    ax.set_ylabel("mean of the estimator minus L (linear near 0, log beyond)")
    ax.set_title("Debiased estimator (supplement, after Lemma 15)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)

    n = m.get("n_examples")
    fig.suptitle(f"Per-example gradients of the MoG GAN ({m.get('n_params', '?')} parameters), "
                 f"{n} fresh examples in {m.get('n_pools', '?')} pools", fontsize=10)
    fig.tight_layout()
    save(fig, pdf_path, scale)
