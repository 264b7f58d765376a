"""The three layouts of the image figures 4-14 (claims E4-E14), from run results (images.results.RunResult): a grid
of sample panels (`sample_figure`: Figures 4, 6, 9, 10), the losses and the score of two methods (`loss_figure`:
Figures 5, 11), and score panels with one line per setting (`score_figure`: Figures 7, 8, 12, 13, 14). Each figure
module (plots/figNN_*.py) only chooses the panels, rows and columns; nothing here imports TensorFlow.

A setting is a group of images.results.by_setting (the runs that differ only in their seed), the grouping the
figures' verdicts (paper_checks) use too.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from numerics_of_gans.images.results import RunResult, by_setting
from numerics_of_gans.plots.image_draw import (draw_curves, draw_loss, draw_over_time, draw_samples, finish,
                                               iteration_axis, note, score_axes)
from numerics_of_gans.plots.image_labels import label, method_rank, score_name
from numerics_of_gans.plots.style import METHOD_COLORS
from numerics_of_gans.plots.image_series import time_unit

MAX_PANELS_PER_ROW = 4  # Figure 7's four architectures in one row; more panels wrap


def match(result: RunResult, where: dict) -> bool:
    """Does the run have every setting of the selector (Run field -> value)?"""
    return all(getattr(result.run, k, None) == v for k, v in where.items())


def sample_figure(result: dict, rows: list[tuple[str, dict]], cols: list[tuple[str, dict]], title: str, pdf_path,
                  scale: str | None) -> None:
    """Figures 4, 6, 9, 10: a grid of sample panels; panel (row, column) shows the run matching both selectors (Run
    field -> value), titled with the column's label and the run's final score, the row's label on the left. With
    several seeds every layout row repeats once per seed, so every run gets its panel."""
    runs = result["runs"]
    seeds = sorted({r.run.seed for r in runs})
    grid = rows if len(seeds) == 1 else [(", ".join(filter(None, (name, f"seed {s}"))), {**where, "seed": s})
                                         for name, where in rows for s in seeds]
    fig, axes = plt.subplots(len(grid), len(cols), figsize=(2.4 * len(cols), 2.6 * len(grid)), squeeze=False,
                             layout="constrained")
    for r, (row_label, row_where) in enumerate(grid):
        for c, (col_label, col_where) in enumerate(cols):
            run = next((x for x in runs if match(x, {**row_where, **col_where})), None)
            draw_samples(axes[r, c], run, col_label)
        axes[r, 0].set_ylabel(row_label, fontsize=8)
    finish(fig, title, runs, pdf_path, scale)


def loss_figure(result: dict, title: str, pdf_path, scale: str | None, fields=("method", "arch")) -> None:
    """Figures 5, 11: (a) discriminator loss, (b) generator loss against the iteration (per-interval mean, min-max
    band), (c) the score against the iteration (median and range over seeds) and against the accumulated training
    time (the paper's "over time"); AltGA first, then ConOpt."""
    runs = result["runs"]
    groups = sorted(by_setting(runs), key=lambda g: method_rank(g[0]))
    fig, axes = plt.subplots(1, 4, figsize=(17, 3.6), layout="constrained")
    has_score = score_axes(axes[2], runs)
    unit, timed = time_unit(runs), False
    for group in groups:
        color, text = METHOD_COLORS.get(group[0].run.method), label(group[0], *fields)
        draw_loss(axes[0], group, "d_loss", text, color)
        draw_loss(axes[1], group, "g_loss", text, color)
        if has_score:
            draw_curves(axes[2], group, "score", text, color)
            timed = draw_over_time(axes[3], group, "score", text, color, unit) or timed
    if has_score:
        axes[3].set_ylabel(score_name(runs))
    if not timed:
        note(axes[3], "no training time recorded" if has_score else "no score at this scale")
    for ax in axes[:2]:
        iteration_axis(ax)
    axes[3].set_xlabel(f"training time ({unit[0]}, training steps only)")
    for ax, name in zip(axes, ("(a) discriminator loss", "(b) generator loss", "(c) score by iteration",
                               "(d) score over time (as the paper draws it)")):
        ax.set_title(name, fontsize=9)
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=7)
    axes[0].set_ylabel("discriminator loss")
    axes[1].set_ylabel("generator loss")
    finish(fig, title, runs, pdf_path, scale)


def score_figure(result: dict, panels: list[tuple[str, dict]], line_field: str, title: str, pdf_path,
                 scale: str | None, line_fields: tuple | None = None) -> None:
    """Figures 7, 8, 12, 13, 14: the score against the iteration, one panel per (title, Run selector) in the given
    order (runs matching no selector get a panel of their own, so none is dropped), one line per setting ordered by
    `line_field` (method order, or ascending lr/gamma) and labelled by `line_fields` (default: that field).
    The panels share the y-axis, so the settings of different panels compare at a glance."""
    runs = result["runs"]
    chosen = [(name, [r for r in runs if match(r, where)]) for name, where in panels]
    rest = [r for r in runs if not any(match(r, where) for _, where in panels)]
    chosen += [(name, [r for r in rest if match(r, where)]) for name, where in panels_by(rest, "arch", "objective")]
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
            note(ax, "no run for this panel")
            continue
        if not score_axes(ax, panel_runs, ylabel=i % ncols == 0):
            continue
        groups = sorted(by_setting(panel_runs), key=lambda g: _line_rank(g[0], line_field))
        for group, color in zip(groups, _line_colors(groups, line_field)):
            draw_curves(ax, group, "score", label(group[0], *(line_fields or (line_field,))), color)
        ax.legend(fontsize=7)
    finish(fig, title, runs, pdf_path, scale)


def panels_by(runs: list[RunResult], *fields: str) -> list[tuple[str, dict]]:
    """One (title, selector) per distinct combination of the Run `fields` among the runs, in the runs' order."""
    out: list[tuple[str, dict]] = []
    for run in runs:
        where = {f: getattr(run.run, f) for f in fields}
        if all(where != w for _, w in out):
            out.append((label(run, *fields), where))
    return out


def _line_rank(result: RunResult, field: str):
    return method_rank(result) if field == "method" else getattr(result.run, field)


def _line_colors(groups: list[list[RunResult]], field: str) -> list:
    """Method lines in their fixed colours; a sweep (lr, gamma) from light to dark in the order of its values."""
    if field == "method":
        return [METHOD_COLORS.get(g[0].run.method) for g in groups]
    return list(plt.cm.viridis(np.linspace(0.0, 0.8, len(groups))[::-1]))
