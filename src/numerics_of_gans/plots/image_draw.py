"""Drawing one panel of the image figures 4-14 (claims E4-E14) from run results (images.results.RunResult): a sample
grid (Figures 4, 6, 9, 10), one setting's D/G loss with its per-interval range (Figures 5, 11), one setting's score
curve with its min-max band over seeds (Figures 5, 7, 8, 11-14) and against the training time (Figures 5c, 11c), the
score axes, and the figure's title with the stand-in statement (`finish`, every figure). Nothing here imports
TensorFlow.

A curve is the median over a setting's seeds with the min-max band over seeds (plots/image_series.py); a diverged
seed's end is marked with an x.
"""
from __future__ import annotations

import textwrap

import matplotlib.image as mpimg
import numpy as np
from matplotlib.ticker import MaxNLocator

from numerics_of_gans.images.results import RunResult
from numerics_of_gans.plots.image_labels import legend, score_name, stand_in_note
from numerics_of_gans.plots.image_series import seed_spread, series, value
from numerics_of_gans.plots.style import save

BAND_ALPHA = 0.18       # min-max bands: light enough that the median lines of other settings stay readable
CHARS_PER_INCH = 13     # of the 9 pt suptitle, to wrap it at the figure's width
SCALE_STAMP_MARGIN = 0.025  # figure fraction kept free at the bottom for style.save's "scale: ..." stamp


def note(ax, text: str, **kw) -> None:
    """A text in the middle of the panel (what is missing from it)."""
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, **kw)


def iteration_axis(ax) -> None:
    ax.set_xlabel("iteration")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))      # evaluation steps are whole iterations


def draw_curves(ax, runs: list[RunResult], key: str, text: str, color=None) -> None:
    """One setting's score curve: the median over seeds, the min-max band over seeds, an x where a seed diverged."""
    s = seed_spread(runs, key)
    if len(s["step"]):
        line, = ax.plot(s["step"], s["median"], color=color, lw=1.6, marker=".", label=legend(text, runs))
        if s["n"] > 1:
            ax.fill_between(s["step"], s["min"], s["max"], color=line.get_color(), alpha=BAND_ALPHA, lw=0)
        _mark_divergence(ax, runs, key, line.get_color())


def _mark_divergence(ax, runs: list[RunResult], key: str, color, agg: str | None = None) -> None:
    for run in runs:
        if run.diverged:
            steps, table = series([run], key, agg)
            if len(steps):
                ax.plot(steps[-1], table[0, -1], "x", color=color, ms=7, mew=2)


def draw_loss(ax, runs: list[RunResult], key: str, text: str, color=None) -> None:
    """Figures 5, 11: the loss averaged over each evaluation interval (median over seeds) as a line, and the
    interval's min-max (lowest min to highest max over seeds) as a light band; thin lines: single seeds' means."""
    steps, means = series(runs, key, "mean")
    if len(steps):
        mid = seed_spread(runs, key, "mean")["median"]
        lo, hi = seed_spread(runs, key, "min")["min"], seed_spread(runs, key, "max")["max"]
        line, = ax.plot(steps, mid, color=color, lw=1.5, marker=".", label=legend(text, runs))
        ax.fill_between(steps, lo, hi, color=line.get_color(), alpha=BAND_ALPHA, lw=0)
        for row in means if len(runs) > 1 else ():
            ax.plot(steps, row, color=line.get_color(), lw=0.5, alpha=0.6)
        _mark_divergence(ax, runs, key, line.get_color(), "mean")


def draw_over_time(ax, runs: list[RunResult], key: str, text: str, color=None, unit=("s", 1.0)) -> bool:
    """Figures 5c, 11c as the paper draws them: a metric against the accumulated wall-clock time of the training
    steps (each evaluation's train_time_s, the authors' Wall_clock_time), one line per seed (seeds do not share
    times); False when no evaluation recorded the time (runs from before it was recorded)."""
    drawn = False
    for run in runs:
        points = [(m["train_time_s"], value(m, key, None)) for m in run.metrics
                  if m.get("train_time_s") is not None and value(m, key, None) is not None]
        if points:
            t, v = np.asarray(points).T
            ax.plot(t / unit[1], v, color=color, lw=1.2, marker=".", label=legend(text, runs) if not drawn else None)
            drawn = True
    return drawn


def draw_samples(ax, run: RunResult | None, title: str) -> None:
    """The run's last sample grid titled with its final score; a diverged run greyed with when and why it diverged;
    no run (the scale's config does not list it): an empty panel that says so."""
    ax.set(xticks=[], yticks=[], aspect="equal")
    if run is None:
        ax.set_title(title, fontsize=7)
        ax.set_facecolor("0.95")
        return note(ax, "no run for this panel", fontsize=7)
    final, bad = run.final, run.diverged
    score = (final.get("last_metrics") or {}).get("score")
    if bad:
        title += f"\ndiverged at step {final.get('step')}"
    elif score is not None:
        title += f"\n{final.get('score_name') or 'score'} {score:.2f} (step {final.get('step')})"
    ax.set_title(title, fontsize=7, color="tab:red" if bad else "black")
    samples = run.samples
    if samples:
        image = mpimg.imread(samples[-1])
        if bad:     # the last good samples, desaturated: they are not the run's result
            ax.imshow(image[..., :3].mean(-1), cmap="gray", vmin=0, vmax=1, alpha=0.35)
        else:
            ax.imshow(image)
    if bad:
        note(ax, f"diverged at step {final.get('step')}\n{final.get('cause') or ''}".strip(), fontsize=6,
             color="tab:red", bbox=dict(fc="white", ec="tab:red", alpha=0.85))


def score_axes(ax, runs: list[RunResult], ylabel: bool = True) -> bool:
    """Label a score panel (its y-axis only when `ylabel`: panels sharing it are labelled once); False (and a note
    in the panel) when the runs have no score at this scale."""
    iteration_axis(ax)
    ax.ticklabel_format(axis="y", useOffset=False)      # scores near 1 would otherwise read as "+1.001"
    name = score_name(runs)
    if name is None:
        note(ax, "no score at this scale")
        return False
    if ylabel:
        ax.set_ylabel(name)
    return True


def finish(fig, title: str, runs: list[RunResult], pdf_path, scale: str | None) -> None:
    """The suptitle (with the stand-in statement when the data or score is not the paper's, wrapped to the figure's
    width so narrow figures keep it readable), layout, save."""
    stand_in = stand_in_note(runs)
    width = max(40, int(fig.get_figwidth() * CHARS_PER_INCH))
    text = "\n".join(textwrap.fill(part, width) for part in (title, stand_in) if part)
    fig.suptitle(text, fontsize=9, color="darkred" if stand_in else "black")
    fig.get_layout_engine().set(rect=(0, SCALE_STAMP_MARGIN, 1, 1 - SCALE_STAMP_MARGIN))
    save(fig, pdf_path, scale)
