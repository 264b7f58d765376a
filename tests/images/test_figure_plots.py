"""Figures 4-14 draw from synthetic run folders shaped like images.train's, for the runs the paper config lists:
with several seeds, a diverged run, and without scores."""
import json

import matplotlib.pyplot as plt
import numpy as np
import pytest

from numerics_of_gans.config import resolve
from numerics_of_gans.images.results import load_run
from numerics_of_gans.images.runs import figure_runs
from numerics_of_gans.plots import image_panels

CFG = resolve({"scale": "paper"})["images"]


def _write_run(root, run, diverge=False, score=True):
    folder = root / run.run_id
    (folder / "samples").mkdir(parents=True)
    rng = np.random.default_rng(run.seed)
    lines = []
    for step in (1000, 2000, 3000):
        plt.imsave(folder / "samples" / f"step_{step:07d}.png", rng.uniform(size=(16, 16, 3)))
        loss = {"mean": 1.0 + 0.1 * rng.normal(), "std": 0.1, "min": 0.5, "max": 1.5}
        line = {"step": step, "d_loss": loss, "g_loss": loss, "steps_per_s": 10.0}
        if score:
            line.update(score_name="inception score", score=2.0 + step / 1000 + run.seed, score_std=0.1)
        lines.append(line)
    if diverge:
        lines = lines[:1]
    final = {"status": "diverged" if diverge else "completed", "step": 1500 if diverge else 3000,
             "cause": "non-finite d_loss at step 1500" if diverge else None, "dataset_label": "cifar-10",
             "last_metrics": lines[-1]}
    (folder / "final.json").write_text(json.dumps(final))
    (folder / "metrics.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines))
    return load_run(folder, run.as_dict())


@pytest.mark.parametrize("figure", list(CFG["figures"]))
def test_every_figure_draws(figure, tmp_path):
    import importlib
    runs = figure_runs(CFG, figure)
    loaded = [_write_run(tmp_path / "runs", r, diverge=(i == 0)) for i, r in enumerate(runs)]
    # a second seed of the last setting: its spread is drawn
    extra = runs[-1].__class__(**{**{k: v for k, v in runs[-1].as_dict().items() if k != "run_id"}, "seed": 1})
    loaded.append(_write_run(tmp_path / "runs", extra))
    pdf = tmp_path / f"{figure}.pdf"
    importlib.import_module(f"numerics_of_gans.plots.{figure}").plot(
        {"figure": figure, "scale": "test", "runs": loaded}, pdf, "test")
    assert pdf.stat().st_size > 0 and pdf.with_suffix(".png").stat().st_size > 0


def test_without_scores_and_the_stand_in_label(tmp_path):
    from numerics_of_gans.plots import fig07_architecture_inception
    runs = figure_runs(CFG, "fig07_architecture_inception")[:2]
    loaded = [_write_run(tmp_path, r, score=False) for r in runs]
    for run in loaded:
        run["spec"]["dataset"] = "digits"
        run["final"]["dataset_label"] = "digits (stand-in for cifar-10)"
    assert image_panels.score_name(loaded) is None
    assert image_panels.stand_in_note(loaded).startswith("STAND-IN: digits (stand-in for cifar-10)")
    fig07_architecture_inception.plot({"runs": loaded}, tmp_path / "fig07_architecture_inception.pdf", None)
    assert (tmp_path / "fig07_architecture_inception.png").exists()


def test_seed_spread_by_hand():
    runs = [{"metrics": [{"step": 1, "score": 1.0}, {"step": 2, "score": 4.0}]},
            {"metrics": [{"step": 1, "score": 3.0}]}]           # the second seed diverged after step 1
    steps, table = image_panels.series(runs, "score")
    assert steps.tolist() == [1, 2]
    np.testing.assert_array_equal(table, [[1.0, 4.0], [3.0, np.nan]])
    assert image_panels.setting_key({"run_id": "cifar10-dcgan4-standard-simga-lr0.0001-n150000-s3"}) == \
        "cifar10-dcgan4-standard-simga-lr0.0001-n150000"
