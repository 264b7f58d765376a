"""Figures 4-14 (plots/fig04_* .. fig14_*, plots/image_layouts.py) draw from synthetic run folders shaped like
images.train's, loaded as run results (images.results.RunResult), for the runs the paper config lists: with two
seeds of one setting, a diverged run, a stand-in dataset, and without scores. Plus the seed spread on hand-made
numbers."""
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest

from numerics_of_gans.config import resolve
from numerics_of_gans.images.results import RunResult, by_setting, load
from numerics_of_gans.images.runs import Run, figure_runs
from numerics_of_gans.plots import image_layouts
from numerics_of_gans.plots.image_draw import draw_over_time, draw_samples, score_axes
from numerics_of_gans.plots.image_labels import score_name, stand_in_note
from numerics_of_gans.plots.image_series import seed_spread, series, time_unit

CFG = resolve({"scale": "paper"})["images"]
FIGURES = list(CFG["figures"])
STEPS = (1000, 2000, 3000)


def _write_run(root, run: Run, diverge_at: int | None = None, score: bool = True) -> RunResult:
    """A result folder as images.train writes it (tiny 8x8 sample grids), loaded with the real loader."""
    folder = root / run.run_id
    (folder / "samples").mkdir(parents=True)
    rng = np.random.default_rng(run.seed)
    lines = []
    for step in STEPS:
        if diverge_at is not None and step > diverge_at:
            break                                       # a diverged run stops at its last good evaluation
        plt.imsave(folder / "samples" / f"step_{step:07d}.png", rng.uniform(size=(8, 8, 3)))
        mean = 1.0 + 0.1 * rng.normal()
        loss = {"mean": mean, "std": 0.1, "min": mean - 0.5, "max": mean + 0.5}
        line = {"step": step, "d_loss": loss, "g_loss": {**loss, "mean": 2 * mean}, "steps_per_s": 10.0,
                "train_time_s": step * (0.5 + run.seed)}
        if score:
            line.update(score_name="inception score", score=2.0 + step / 1000 + run.seed, score_std=0.1)
        lines.append(line)
    final = {"status": "completed" if diverge_at is None else "diverged", "step": diverge_at or STEPS[-1],
             "cause": None if diverge_at is None else f"non-finite d_loss at step {diverge_at}",
             "dataset_label": "cifar-10", "score_name": "inception score" if score else None,
             "last_metrics": lines[-1] if lines else None, "settings": run.options()}
    (folder / "final.json").write_text(json.dumps(final))
    (folder / "metrics.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines))
    return load(folder, run)


def _reseed(run: Run, seed: int) -> Run:
    return run.replace(seed=seed)


@pytest.fixture
def figure_result(tmp_path):
    """The figure's paper runs: the first diverged at step 1500, the last with a second seed."""
    def make(figure: str) -> dict:
        runs = figure_runs(CFG, figure)
        loaded = [_write_run(tmp_path / "runs", r, diverge_at=1500 if i == 0 else None) for i, r in enumerate(runs)]
        loaded.append(_write_run(tmp_path / "runs", _reseed(runs[-1], 1)))
        return {"figure": figure, "scale": "test", "runs": loaded}
    return make


@pytest.mark.parametrize("figure", FIGURES)
def test_every_figure_draws(figure, figure_result, tmp_path):
    pdf = tmp_path / f"{figure}.pdf"
    importlib.import_module(f"numerics_of_gans.plots.{figure}").plot(figure_result(figure), pdf, "test")
    assert pdf.stat().st_size > 0 and pdf.with_suffix(".png").stat().st_size > 0


def test_figures_cover_the_config():
    """One plot module per figure of config `images.figures` (Figures 4-14), none without a figure."""
    modules = {p.stem for p in Path(image_layouts.__file__).parent.glob("fig[01][0-9]_*.py")
               if 4 <= int(p.stem[3:5]) <= 14}
    assert modules == set(FIGURES)


def test_score_over_training_time(figure_result, tmp_path):
    """Figures 5c/11c: each seed's score against its own accumulated training time (metrics' train_time_s)."""
    result = figure_result("fig05_dcgan3_losses_inception")
    fig, ax = plt.subplots()
    assert draw_over_time(ax, result["runs"], "score", "x", unit=("s", 1.0))
    lines = ax.get_lines()
    assert len(lines) == len(result["runs"])
    for line, run in zip(lines, result["runs"]):
        assert list(line.get_xdata()) == [m["train_time_s"] for m in run.metrics]
    plt.close(fig)
    assert time_unit(result["runs"]) == ("min", 60.0)     # longest 4500 s


def test_stand_in_without_scores(tmp_path):
    """A stand-in dataset and no classifier: the suptitle says so, the score panels say "no score"."""
    runs = figure_runs(CFG, "fig05_dcgan3_losses_inception")
    loaded = [_write_run(tmp_path, r.replace(dataset="digits"), score=False) for r in runs]
    for run in loaded:
        run.final["dataset_label"] = "digits (stand-in for cifar-10)"
    assert score_name(loaded) is None
    note = stand_in_note(loaded)
    assert note.startswith("STAND-IN") and "cifar-10 -> digits (stand-in for cifar-10)" in note
    assert "no score at this scale" in note
    from numerics_of_gans.plots import fig05_dcgan3_losses_inception
    fig05_dcgan3_losses_inception.plot({"runs": loaded}, tmp_path / "fig05.pdf", None)
    assert (tmp_path / "fig05.png").exists()
    fig, ax = plt.subplots()             # the score panels of Figures 7, 8, 12-14 (score_figure) say so too
    assert not score_axes(ax, loaded)
    assert [t.get_text() for t in ax.texts] == ["no score at this scale"]
    plt.close(fig)


def test_classifier_score_is_flagged():
    run = figure_runs(CFG, "fig07_architecture_inception")[0]      # cifar10 at the paper scale: not mock
    runs = [RunResult(run, {"status": "completed", "score_name": "classifier score"},
                      [{"step": 1, "score": 1.5, "score_name": "classifier score"}])]
    assert score_name(runs) == "classifier score"
    assert "NOT the inception score" in stand_in_note(runs)
    runs[0].final["score_name"] = runs[0].metrics[0]["score_name"] = "inception score"
    assert stand_in_note(runs) == ""        # the paper's data and score: no caveat


def test_diverged_panel(tmp_path):
    run = _write_run(tmp_path, figure_runs(CFG, "fig04_samples")[0], diverge_at=1500)
    fig, ax = plt.subplots()
    draw_samples(ax, run, "ConOpt")
    texts = [t.get_text() for t in ax.texts] + [ax.get_title()]
    plt.close(fig)
    assert any("diverged at step 1500" in t for t in texts)
    assert any("non-finite d_loss at step 1500" in t for t in texts)


def test_seed_spread_by_hand():
    conopt = next(r for r in figure_runs(CFG, "fig07_architecture_inception") if r.method == "conopt")
    def result(run, seed, metrics):
        return RunResult(run.replace(seed=seed), {"status": "completed"}, metrics)
    runs = [result(conopt, 0, [{"step": 1, "score": 1.0}, {"step": 2, "score": 4.0}]),
            result(conopt, 1, [{"step": 1, "score": 3.0}]),                                  # diverged
            result(conopt, 2, [{"step": 1, "score": 2.5}, {"step": 2, "score": 6.0}])]
    steps, table = series(runs, "score")
    assert steps.tolist() == [1, 2]
    np.testing.assert_array_equal(table, [[1.0, 4.0], [3.0, np.nan], [2.5, 6.0]])
    s = seed_spread(runs, "score")
    np.testing.assert_allclose(s["median"], [2.5, 5.0])
    np.testing.assert_allclose(s["min"], [1.0, 4.0])
    np.testing.assert_allclose(s["max"], [3.0, 6.0])
    assert s["n"] == 3
    # the seeds are one setting, another method is another
    other = result(conopt.replace(method="altga", gamma=0.0), 0, runs[0].metrics)
    assert [len(g) for g in by_setting(runs + [other])] == [3, 1]
    # the loss aggregates of metrics.jsonl: `agg` picks one
    loss = [result(conopt, 0, [{"step": 5, "d_loss": {"mean": 0.5, "min": 0.1, "max": 0.9}}])]
    assert series(loss, "d_loss", "max")[1].tolist() == [[0.9]]


def test_plot_modules_do_not_import_tensorflow():
    code = ("import sys, importlib\n"
            f"for f in {FIGURES!r}: importlib.import_module('numerics_of_gans.plots.' + f)\n"
            "assert 'tensorflow' not in sys.modules, 'a plot module imported tensorflow'\n")
    src = str(Path(image_layouts.__file__).parents[2])
    subprocess.run([sys.executable, "-c", code], check=True, env={**os.environ, "PYTHONPATH": src})
