"""Shared drawing for the image figures 4-14: sample-grid panels, D/G loss curves, score curves with the spread over
seeds, and the stand-in label. Each figure module (plots/figNN_*.py) only chooses the layout.

A run dict is what images.results.load_run gives: {"run_id", "spec" (images.runs.Run.as_dict()), "final",
"metrics" (metrics.jsonl lines), "samples" (sample PNG paths)}.
"""
from __future__ import annotations

from collections import defaultdict

import matplotlib.image as mpimg
import matplotlib.pyplot as plt
import numpy as np

from numerics_of_gans.plots.style import save

METHOD_LABELS = {"simga": "SimGA", "altga": "AltGA", "conopt": "ConOpt", "smoothing": "smoothing"}
METHOD_COLORS = {"simga": "tab:orange", "altga": "tab:green", "conopt": "tab:blue", "smoothing": "tab:purple"}


def setting_key(run: dict) -> str:
    """The run's id without its seed: runs that differ only in the seed are one setting."""
    return run["run_id"].rsplit("-s", 1)[0]


def by_setting(runs: list[dict]) -> dict[str, list[dict]]:
    groups = defaultdict(list)
    for run in runs:
        groups[setting_key(run)].append(run)
    return dict(groups)


def label(run: dict, *fields: str) -> str:
    """A short legend label from the spec, e.g. label(run, "method", "gamma") -> "ConOpt, gamma 10"."""
    spec, parts = run["spec"], []
    for f in fields:
        if f == "method":
            parts.append(METHOD_LABELS.get(spec["method"], spec["method"]))
        elif f == "gamma":
            if spec["method"] in ("conopt", "smoothing"):
                parts.append(f"γ={spec['gamma']:g}")
        elif f == "lr":
            parts.append(f"lr={spec['lr']:g}")
        else:
            parts.append(str(spec[f]))
    return ", ".join(parts)


def score_name(runs: list[dict]) -> str | None:
    names = {m.get("score_name") for r in runs for m in r["metrics"] if m.get("score_name")}
    return names.pop() if len(names) == 1 else (", ".join(sorted(names)) if names else None)


def stand_in_note(runs: list[dict]) -> str:
    """'' at the paper's setting; else a plain statement of what the figure was made from."""
    stand_in = [r for r in runs if r["spec"].get("dataset") != r["spec"].get("paper_dataset") or r["spec"].get("mock")]
    if not stand_in:
        return ""
    labels = sorted({r["final"].get("dataset_label", r["spec"].get("dataset", "?")) for r in stand_in})
    score = score_name(runs) or "no score"
    return (f"STAND-IN: {'; '.join(labels)}; {score} of a stand-in classifier, not comparable with the paper's "
            f"inception scores")


def series(runs: list[dict], key: str, agg: str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(steps, values [n_seeds, n_steps]) of a metric over the runs of one setting, on the steps all runs share
    (a diverged seed stops early: its missing steps are NaN)."""
    steps = sorted({m["step"] for r in runs for m in r["metrics"] if _value(m, key, agg) is not None})
    table = np.full((len(runs), len(steps)), np.nan)
    index = {s: i for i, s in enumerate(steps)}
    for row, run in enumerate(runs):
        for m in run["metrics"]:
            v = _value(m, key, agg)
            if v is not None:
                table[row, index[m["step"]]] = v
    return np.asarray(steps), table


def _value(line: dict, key: str, agg: str | None):
    v = line.get(key)
    if isinstance(v, dict):
        v = v.get(agg or "mean")
    return None if v is None else float(v)


def draw_curves(ax, runs: list[dict], key: str, label_text: str, color=None, agg: str | None = None) -> None:
    """One setting's curve: the median over seeds, the min-max band when there are several seeds."""
    steps, table = series(runs, key, agg)
    if not len(steps):
        return
    with np.errstate(all="ignore"):
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            mid, lo, hi = np.nanmedian(table, 0), np.nanmin(table, 0), np.nanmax(table, 0)
    n = len(runs)
    line, = ax.plot(steps, mid, color=color, lw=1.6, label=label_text + (f" ({n} seeds)" if n > 1 else ""))
    if n > 1:
        ax.fill_between(steps, lo, hi, color=line.get_color(), alpha=0.2)
    for run in runs:
        if run["final"].get("status") == "diverged":
            ax.axvline(run["final"].get("step", 0), color=line.get_color(), ls=":", lw=1)


def draw_loss_band(ax, runs: list[dict], key: str, label_text: str, color=None) -> None:
    """Per-interval mean loss of the first seed, with the interval's min-max as a light band (Figures 5, 11)."""
    run = runs[0]
    steps = [m["step"] for m in run["metrics"] if key in m]
    if not steps:
        return
    mean = [m[key]["mean"] for m in run["metrics"] if key in m]
    lo = [m[key]["min"] for m in run["metrics"] if key in m]
    hi = [m[key]["max"] for m in run["metrics"] if key in m]
    line, = ax.plot(steps, mean, color=color, lw=1.4, label=f"{label_text} (seed {run['spec'].get('seed', 0)})")
    ax.fill_between(steps, lo, hi, color=line.get_color(), alpha=0.2)


def draw_samples(ax, run: dict | None, title: str) -> None:
    """The run's last sample grid; a diverged run greyed with when it diverged; no run: an empty panel."""
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title, fontsize=8)
    if run is None:
        ax.text(0.5, 0.5, "not run at this scale", ha="center", va="center", fontsize=7, transform=ax.transAxes)
        return
    final = run["final"]
    if run["samples"]:
        ax.imshow(mpimg.imread(run["samples"][-1]), alpha=0.35 if final.get("status") == "diverged" else 1.0)
    score = (final.get("last_metrics") or {}).get("score")
    if final.get("status") == "diverged":
        ax.text(0.5, 0.5, f"diverged at step {final.get('step')}", ha="center", va="center", fontsize=7,
                color="tab:red", transform=ax.transAxes, bbox=dict(fc="white", alpha=0.8))
    elif score is not None:
        ax.set_xlabel(f"score {score:.2f} at step {final.get('step')}", fontsize=7)


def score_axes(ax, runs: list[dict]) -> bool:
    """Label a score panel; False (and a note in the panel) when the runs have no score at this scale."""
    name = score_name(runs)
    ax.set_xlabel("iteration")
    if name is None:
        ax.text(0.5, 0.5, "no score at this scale", ha="center", va="center", transform=ax.transAxes)
        return False
    ax.set_ylabel(name)
    return True


def finish(fig, title: str, runs: list[dict], pdf_path, scale: str | None) -> None:
    note = stand_in_note(runs)
    fig.suptitle(title + (f"\n{note}" if note else ""), fontsize=9, color="black")
    fig.tight_layout()
    save(fig, pdf_path, scale)


def _match(run: dict, where: dict) -> bool:
    return all(run["spec"].get(k) == v for k, v in where.items())


def sample_figure(result: dict, rows: list[tuple[str, dict]], cols: list[tuple[str, dict]], title: str, pdf_path,
                  scale: str | None) -> None:
    """Figures 4, 6, 9, 10: a grid of sample panels; panel (r, c) shows the first seed's run matching both
    selectors (spec field -> value); a layout cell without a run at this scale stays empty and says so."""
    runs = sorted(result["runs"], key=lambda r: r["spec"].get("seed", 0))
    fig, axes = plt.subplots(len(rows), len(cols), figsize=(2.3 * len(cols), 2.4 * len(rows)), squeeze=False)
    for r, (row_label, row_where) in enumerate(rows):
        for c, (col_label, col_where) in enumerate(cols):
            run = next((x for x in runs if _match(x, {**row_where, **col_where})), None)
            draw_samples(axes[r, c], run, f"{row_label}\n{col_label}".strip())
    finish(fig, title, result["runs"], pdf_path, scale)


def loss_figure(result: dict, title: str, pdf_path, scale: str | None, fields=("method", "arch")) -> None:
    """Figures 5, 11: (a) discriminator loss, (b) generator loss against the step (per-interval mean, min-max band),
    (c) the score against the step (median and range over seeds), one colour per setting."""
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.6))
    groups = by_setting(result["runs"])
    for runs in groups.values():
        color, text = METHOD_COLORS.get(runs[0]["spec"]["method"]), label(runs[0], *fields)
        draw_loss_band(axes[0], runs, "d_loss", text, color)
        draw_loss_band(axes[1], runs, "g_loss", text, color)
        if score_axes(axes[2], result["runs"]):
            draw_curves(axes[2], runs, "score", text, color)
    for ax, name in zip(axes[:2], ("(a) discriminator loss", "(b) generator loss")):
        ax.set_xlabel("iteration")
        ax.set_ylabel(name)
        ax.legend(fontsize=7)
    axes[2].set_title("(c) score", fontsize=9)
    if axes[2].get_legend_handles_labels()[0]:
        axes[2].legend(fontsize=7)
    finish(fig, title, result["runs"], pdf_path, scale)


def score_figure(result: dict, panel_field: str | None, line_fields: tuple, title: str, pdf_path,
                 scale: str | None, panel_names: dict | None = None) -> None:
    """Figures 7, 8, 12, 13, 14: the score against the iteration, one panel per value of `panel_field` (e.g. the
    architecture), one line per setting labelled by `line_fields` (median and range over seeds)."""
    panels = defaultdict(list)
    for run in result["runs"]:
        key = _panel_key(run, panel_field)
        panels[key].append(run)
    keys = list(panels)
    fig, axes = plt.subplots(1, len(keys), figsize=(4.2 * len(keys), 3.6), squeeze=False)
    for ax, key in zip(axes[0], keys):
        if score_axes(ax, panels[key]):
            for runs in by_setting(panels[key]).values():
                color = METHOD_COLORS.get(runs[0]["spec"]["method"]) if line_fields == ("method",) else None
                draw_curves(ax, runs, "score", label(runs[0], *line_fields), color)
            ax.legend(fontsize=7)
        ax.set_title((panel_names or {}).get(key, key), fontsize=9)
    finish(fig, title, result["runs"], pdf_path, scale)


def _panel_key(run: dict, field: str | None) -> str:
    if field is None:
        return ""
    if field == "arch+objective":
        spec = run["spec"]
        return spec["arch"] + (f" + {spec['objective']}" if spec["objective"] != "standard" else "")
    return str(run["spec"][field])
