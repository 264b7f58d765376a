"""Shared drawing for the image figures 4-14 (claims E4-E14): sample-grid panels, D/G loss curves with their
per-interval range, score curves with the spread over seeds, and the stand-in caption. Each figure module
(plots/figNN_*.py) only chooses the layout; nothing here imports TensorFlow.

A run dict is what images.results.load(...).as_dict() gives: {"run_id", "spec" (images.runs.Run.as_dict()), "final"
(final.json), "metrics" (metrics.jsonl lines), "samples" (sample PNG paths, sorted by step)}. Runs whose specs differ
only in the seed are one *setting*: its curve is the median over seeds with the min-max band over seeds. A diverged
seed stops early, so later points of the median are over the seeds still running; its end is marked with an x.
"""
from __future__ import annotations

import json
import textwrap
import warnings

import matplotlib.image as mpimg
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

from numerics_of_gans.names import CONSENSUS
from numerics_of_gans.plots.style import save

METHOD_ORDER = ("simga", "altga", "conopt", "smoothing")
METHOD_LABELS = {"simga": "SimGA", "altga": "AltGA", "conopt": "ConOpt", "smoothing": "smoothing"}
METHOD_COLORS = {"simga": "tab:orange", "altga": "tab:green", "conopt": "tab:blue", "smoothing": "tab:purple"}
# The paper's names of the architectures (Figures 4-14 captions; README/SETUP map them to the original code's names).
ARCH_LABELS = {"dcgan3": "DC-GAN, 3 conv (BN)", "dcgan3_nobn": "DC-GAN, 3 conv, no BN",
               "dcgan4": "DC-GAN, 4 conv (BN)", "dcgan4_nobn": "DC-GAN, 4 conv, no BN",
               "dcgan4_nobn_cf": "no BN, constant filters", "conv4": "constant filters + FC in D",
               "resnet_cf": "resnet, constant filters"}
PAPER_DATASETS = {"cifar10": "cifar-10", "celeb_a": "celebA"}
OBJECTIVE_LABELS = {"standard": "standard GAN objective", "js": "Jensen-Shannon", "indicator": "indicator divergence",
                    "kl": "KL divergence", "tv": "total variation"}
BAND_ALPHA = 0.18       # min-max bands: light enough that the median lines of other settings stay readable
SEED_FIELDS = ("seed", "run_id")
CHARS_PER_INCH = 13     # of the 9 pt suptitle, to wrap it at the figure's width
MAX_PANELS_PER_ROW = 4  # Figure 7's four architectures in one row; more panels wrap
SCALE_STAMP_MARGIN = 0.025  # figure fraction kept free at the bottom for style.save's "scale: ..." stamp


# ----------------------------------------------------------------------------------------------- grouping, series
def setting_key(run: dict) -> str:
    """The run's spec without its seed: runs that differ only in the seed are one setting."""
    spec = run.get("spec") or {}
    if spec:
        return json.dumps({k: v for k, v in spec.items() if k not in SEED_FIELDS}, sort_keys=True)
    return run["run_id"].rsplit("-s", 1)[0]


def by_setting(runs: list[dict]) -> list[list[dict]]:
    """The runs grouped into settings (first appearance first), each group sorted by seed."""
    groups: dict[str, list[dict]] = {}
    for run in runs:
        groups.setdefault(setting_key(run), []).append(run)
    return [sorted(g, key=lambda r: r.get("spec", {}).get("seed", 0)) for g in groups.values()]


def _value(line: dict, key: str, agg: str | None):
    v = line.get(key)
    if isinstance(v, dict):
        v = v.get(agg or "mean")
    return None if v is None else float(v)


def series(runs: list[dict], key: str, agg: str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(steps, values [n_seeds, n_steps]) of a metric over the runs of one setting on the union of their evaluation
    steps; a seed without that step (it diverged earlier) is NaN there. `agg` picks mean/min/max of a loss dict."""
    steps = sorted({m["step"] for r in runs for m in r["metrics"] if _value(m, key, agg) is not None})
    index = {s: i for i, s in enumerate(steps)}
    table = np.full((len(runs), len(steps)), np.nan)
    for row, run in enumerate(runs):
        for m in run["metrics"]:
            v = _value(m, key, agg)
            if v is not None:
                table[row, index[m["step"]]] = v
    return np.asarray(steps), table


def seed_spread(runs: list[dict], key: str, agg: str | None = None) -> dict:
    """Median, min and max over the seeds of one setting at each step (NaN-aware), and the number of seeds."""
    steps, table = series(runs, key, agg)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)     # a step no seed reached: all-NaN column
        return {"step": steps, "median": np.nanmedian(table, 0), "min": np.nanmin(table, 0),
                "max": np.nanmax(table, 0), "n": len(runs)}


# ----------------------------------------------------------------------------------------------------- labels
_FORMATS = {"method": lambda s: METHOD_LABELS.get(s["method"], s["method"]),
            "gamma": lambda s: f"γ={s['gamma']:g}" if s["method"] in CONSENSUS else "",   # unused by SimGA/AltGA
            "lr": lambda s: f"lr={s['lr']:g}",
            "arch": lambda s: ARCH_LABELS.get(s["arch"], s["arch"]),
            "objective": lambda s: OBJECTIVE_LABELS.get(s["objective"], s["objective"])}


def label(run: dict, *fields: str) -> str:
    """A short legend label from the spec, e.g. label(run, "method", "gamma") -> "ConOpt, γ=10"."""
    parts = [_FORMATS.get(f, lambda s, f=f: f"{f}={s[f]}")(run["spec"]) for f in fields]
    return ", ".join(p for p in parts if p)


def score_name(runs: list[dict]) -> str | None:
    """The runs' score name ("inception score" | "classifier score"), None when no run has a score."""
    names = {r["final"].get("score_name") for r in runs} | {m.get("score_name") for r in runs for m in r["metrics"]}
    names.discard(None)
    if not any(m.get("score") is not None for r in runs for m in r["metrics"]):
        return None
    return " / ".join(sorted(names)) or "score"


def stand_in_note(runs: list[dict]) -> str:
    """'' at the paper's setting; else a plain statement of what the figure was made from and what its score is."""
    stand_in = [r for r in runs if r["spec"].get("dataset") != r["spec"].get("paper_dataset") or r["spec"].get("mock")]
    name = score_name(runs)
    notes = []
    if stand_in:
        # the paper's dataset next to what replaced it: the run's own label may name only one of the paper's datasets
        labels = sorted({f"{PAPER_DATASETS.get(r['spec'].get('paper_dataset'), r['spec'].get('paper_dataset'))} -> "
                         f"{r['final'].get('dataset_label') or r['spec'].get('dataset', '?')}" for r in stand_in})
        notes.append(f"STAND-IN, not the paper's data: {'; '.join(labels)}")
    if name is None:
        notes.append("no score at this scale")
    elif "random weights" in name:     # the rehearsal's Inception-v3: the paper's scorer without its meaning
        notes.append(f"score: {name}, Inception-v3 untrained: plumbing only, its values mean nothing")
    elif name != "inception score":
        notes.append(f"score: {name} of a small stand-in classifier, NOT the inception score, not comparable with "
                     "the paper's numbers")
    return " | ".join(notes)


def diverged(run: dict) -> bool:
    return run["final"].get("status") == "diverged"


def _legend(text: str, runs: list[dict]) -> str:
    """A setting's legend entry with its number of seeds and of diverged seeds, e.g. "ConOpt (3 seeds, 1 diverged)"."""
    n_div = sum(map(diverged, runs))
    extra = [f"{len(runs)} seeds"] * (len(runs) > 1) + [f"{n_div} diverged"] * (n_div > 0)
    return text + (f" ({', '.join(extra)})" if extra else "")


def _note(ax, text: str, **kw) -> None:
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, **kw)


# ----------------------------------------------------------------------------------------------------- drawing
def draw_curves(ax, runs: list[dict], key: str, text: str, color=None) -> None:
    """One setting's score curve: the median over seeds, the min-max band over seeds, an x where a seed diverged."""
    s = seed_spread(runs, key)
    if len(s["step"]):
        line, = ax.plot(s["step"], s["median"], color=color, lw=1.6, marker=".", label=_legend(text, runs))
        if s["n"] > 1:
            ax.fill_between(s["step"], s["min"], s["max"], color=line.get_color(), alpha=BAND_ALPHA, lw=0)
        _mark_divergence(ax, runs, key, line.get_color())


def _mark_divergence(ax, runs: list[dict], key: str, color, agg: str | None = None) -> None:
    for run in filter(diverged, runs):
        steps, table = series([run], key, agg)
        if len(steps):
            ax.plot(steps[-1], table[0, -1], "x", color=color, ms=7, mew=2)


def draw_loss(ax, runs: list[dict], key: str, text: str, color=None) -> None:
    """Figures 5, 11: the loss averaged over each evaluation interval (median over seeds) as a line, and the
    interval's min-max (lowest min to highest max over seeds) as a light band; thin lines: single seeds' means."""
    steps, means = series(runs, key, "mean")
    if len(steps):
        mid = seed_spread(runs, key, "mean")["median"]
        lo, hi = seed_spread(runs, key, "min")["min"], seed_spread(runs, key, "max")["max"]
        line, = ax.plot(steps, mid, color=color, lw=1.5, marker=".", label=_legend(text, runs))
        ax.fill_between(steps, lo, hi, color=line.get_color(), alpha=BAND_ALPHA, lw=0)
        for row in means if len(runs) > 1 else ():
            ax.plot(steps, row, color=line.get_color(), lw=0.5, alpha=0.6)
        _mark_divergence(ax, runs, key, line.get_color(), "mean")


def time_unit(runs: list[dict]) -> tuple[str, float]:
    """Seconds, minutes or hours, whichever reads best for the longest training time of the runs."""
    longest = max((m.get("train_time_s") or 0.0 for r in runs for m in r["metrics"]), default=0.0)
    return ("s", 1.0) if longest < 600 else ("min", 60.0) if longest < 36000 else ("h", 3600.0)


def draw_over_time(ax, runs: list[dict], key: str, text: str, color=None, unit=("s", 1.0)) -> bool:
    """Figures 5c, 11c as the paper draws them: a metric against the accumulated wall-clock time of the training
    steps (each evaluation's train_time_s, the authors' Wall_clock_time), one line per seed (seeds do not share
    times); False when no evaluation recorded the time (runs from before it was recorded)."""
    drawn = False
    for i, run in enumerate(runs):
        points = [(m["train_time_s"], _value(m, key, None)) for m in run["metrics"]
                  if m.get("train_time_s") is not None and _value(m, key, None) is not None]
        if points:
            t, v = np.asarray(points).T
            ax.plot(t / unit[1], v, color=color, lw=1.2, marker=".", label=_legend(text, runs) if not drawn else None)
            drawn = True
    return drawn


def draw_samples(ax, run: dict | None, title: str) -> None:
    """The run's last sample grid titled with its final score; a diverged run greyed with when and why it diverged;
    no run (the scale's config does not list it): an empty panel that says so."""
    ax.set(xticks=[], yticks=[], aspect="equal")
    if run is None:
        ax.set_title(title, fontsize=7)
        ax.set_facecolor("0.95")
        return _note(ax, "no run for this panel", fontsize=7)
    final, bad = run["final"], diverged(run)
    score = (final.get("last_metrics") or {}).get("score")
    if bad:
        title += f"\ndiverged at step {final.get('step')}"
    elif score is not None:
        title += f"\n{final.get('score_name') or 'score'} {score:.2f} (step {final.get('step')})"
    ax.set_title(title, fontsize=7, color="tab:red" if bad else "black")
    if run["samples"]:
        image = mpimg.imread(run["samples"][-1])
        if bad:     # the last good samples, desaturated: they are not the run's result
            ax.imshow(image[..., :3].mean(-1), cmap="gray", vmin=0, vmax=1, alpha=0.35)
        else:
            ax.imshow(image)
    if bad:
        _note(ax, f"diverged at step {final.get('step')}\n{final.get('cause') or ''}".strip(), fontsize=6,
              color="tab:red", bbox=dict(fc="white", ec="tab:red", alpha=0.85))


def score_axes(ax, runs: list[dict], ylabel: bool = True) -> bool:
    """Label a score panel (its y-axis only when `ylabel`: panels sharing it are labelled once); False (and a note
    in the panel) when the runs have no score at this scale."""
    _iteration_axis(ax)
    ax.ticklabel_format(axis="y", useOffset=False)      # scores near 1 would otherwise read as "+1.001"
    name = score_name(runs)
    if name is None:
        _note(ax, "no score at this scale")
        return False
    if ylabel:
        ax.set_ylabel(name)
    return True


def _iteration_axis(ax) -> None:
    ax.set_xlabel("iteration")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))      # evaluation steps are whole iterations


def finish(fig, title: str, runs: list[dict], pdf_path, scale: str | None) -> None:
    """The suptitle (with the stand-in statement when the data or score is not the paper's, wrapped to the figure's
    width so narrow figures keep it readable), layout, save."""
    note = stand_in_note(runs)
    width = max(40, int(fig.get_figwidth() * CHARS_PER_INCH))
    text = "\n".join(textwrap.fill(part, width) for part in (title, note) if part)
    fig.suptitle(text, fontsize=9, color="darkred" if note else "black")
    fig.get_layout_engine().set(rect=(0, SCALE_STAMP_MARGIN, 1, 1 - SCALE_STAMP_MARGIN))
    save(fig, pdf_path, scale)


def _match(run: dict, where: dict) -> bool:
    return all(run["spec"].get(k) == v for k, v in where.items())


# ----------------------------------------------------------------------------------------------------- layouts
def sample_figure(result: dict, rows: list[tuple[str, dict]], cols: list[tuple[str, dict]], title: str, pdf_path,
                  scale: str | None) -> None:
    """Figures 4, 6, 9, 10: a grid of sample panels; panel (row, column) shows the run matching both selectors (spec
    field -> value), titled with the column's label and the run's final score, the row's label on the left. With
    several seeds every layout row repeats once per seed, so every run gets its panel."""
    runs = result["runs"]
    seeds = sorted({r["spec"].get("seed", 0) for r in runs})
    grid = rows if len(seeds) == 1 else [(", ".join(filter(None, (name, f"seed {s}"))), {**where, "seed": s})
                                         for name, where in rows for s in seeds]
    fig, axes = plt.subplots(len(grid), len(cols), figsize=(2.4 * len(cols), 2.6 * len(grid)), squeeze=False,
                             layout="constrained")
    for r, (row_label, row_where) in enumerate(grid):
        for c, (col_label, col_where) in enumerate(cols):
            run = next((x for x in runs if _match(x, {**row_where, **col_where})), None)
            draw_samples(axes[r, c], run, col_label)
        axes[r, 0].set_ylabel(row_label, fontsize=8)
    finish(fig, title, runs, pdf_path, scale)


def loss_figure(result: dict, title: str, pdf_path, scale: str | None, fields=("method", "arch")) -> None:
    """Figures 5, 11: (a) discriminator loss, (b) generator loss against the iteration (per-interval mean, min-max
    band), (c) the score against the iteration (median and range over seeds) and against the accumulated training
    time (the paper's "over time"); AltGA first, then ConOpt."""
    runs = result["runs"]
    groups = sorted(by_setting(runs), key=lambda g: _method_rank(g[0]))
    fig, axes = plt.subplots(1, 4, figsize=(17, 3.6), layout="constrained")
    has_score = score_axes(axes[2], runs)
    unit, timed = time_unit(runs), False
    for group in groups:
        color, text = METHOD_COLORS.get(group[0]["spec"]["method"]), label(group[0], *fields)
        draw_loss(axes[0], group, "d_loss", text, color)
        draw_loss(axes[1], group, "g_loss", text, color)
        if has_score:
            draw_curves(axes[2], group, "score", text, color)
            timed = draw_over_time(axes[3], group, "score", text, color, unit) or timed
    if has_score:
        axes[3].set_ylabel(score_name(runs))
    if not timed:
        _note(axes[3], "no training time recorded" if has_score else "no score at this scale")
    for ax in axes[:2]:
        _iteration_axis(ax)
    axes[3].set_xlabel(f"training time ({unit[0]}, training steps only)")
    for ax, name in zip(axes, ("(a) discriminator loss", "(b) generator loss", "(c) score by iteration",
                               "(d) score over time (as the paper draws it)")):
        ax.set_title(name, fontsize=9)
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=7)
    axes[0].set_ylabel("discriminator loss")
    axes[1].set_ylabel("generator loss")
    finish(fig, title, runs, pdf_path, scale)


def _method_rank(run: dict) -> int:
    m = run["spec"].get("method")
    return METHOD_ORDER.index(m) if m in METHOD_ORDER else len(METHOD_ORDER)


def score_figure(result: dict, panels: list[tuple[str, dict]], line_field: str, title: str, pdf_path,
                 scale: str | None, line_fields: tuple | None = None) -> None:
    """Figures 7, 8, 12, 13, 14: the score against the iteration, one panel per (title, spec selector) in the given
    order (runs matching no selector get a panel of their own, so none is dropped), one line per setting ordered by
    `line_field` (method order, or ascending lr/gamma) and labelled by `line_fields` (default: that field).
    The panels share the y-axis, so the settings of different panels compare at a glance."""
    runs = result["runs"]
    chosen = [(name, [r for r in runs if _match(r, where)]) for name, where in panels]
    rest = [r for r in runs if not any(_match(r, where) for _, where in panels)]
    chosen += [(name, [r for r in rest if _match(r, where)]) for name, where in panels_by(rest, "arch", "objective")]
    ncols = min(len(chosen), MAX_PANELS_PER_ROW)
    nrows = -(-len(chosen) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(max(6.0, 4.0 * ncols), 3.4 * nrows), squeeze=False, sharex=True,
                             sharey=True, layout="constrained")
    for i, ax in enumerate(axes.flat):
        if i >= len(chosen):
            ax.set_axis_off()
            continue
        name, panel_runs = chosen[i]
        ax.set_title(name, fontsize=9)
        if not panel_runs:
            _note(ax, "no run for this panel")
            continue
        if not score_axes(ax, panel_runs, ylabel=i % ncols == 0):
            continue
        groups = sorted(by_setting(panel_runs), key=lambda g: _line_rank(g[0], line_field))
        for group, color in zip(groups, _line_colors(groups, line_field)):
            draw_curves(ax, group, "score", label(group[0], *(line_fields or (line_field,))), color)
        ax.legend(fontsize=7)
    finish(fig, title, runs, pdf_path, scale)


def panels_by(runs: list[dict], *fields: str) -> list[tuple[str, dict]]:
    """One (title, selector) per distinct combination of the spec `fields` among the runs, in the runs' order."""
    out: list[tuple[str, dict]] = []
    for run in runs:
        where = {f: run["spec"][f] for f in fields}
        if all(where != w for _, w in out):
            out.append((label(run, *fields), where))
    return out


def _line_rank(run: dict, field: str):
    return _method_rank(run) if field == "method" else run["spec"][field]


def _line_colors(groups: list[list[dict]], field: str) -> list:
    """Method lines in their fixed colours; a sweep (lr, gamma) from light to dark in the order of its values."""
    if field == "method":
        return [METHOD_COLORS.get(g[0]["spec"]["method"]) for g in groups]
    return list(plt.cm.viridis(np.linspace(0.0, 0.8, len(groups))[::-1]))
