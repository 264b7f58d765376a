"""plots/image_draw.py: one panel of the image figures from run results."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from numerics_of_gans.plots.image_draw import draw_curves, draw_loss, draw_samples, finish, score_axes

from .conftest import scores


@pytest.fixture
def ax():
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


def test_curve_is_the_median_with_a_band_and_an_x_where_a_seed_diverged(ax, make_result):
    runs = [make_result(scores(1.0, 2.0, 3.0)), make_result(scores(3.0, 4.0), seed=1, status="diverged"),
            make_result(scores(2.0, 3.0, 5.0), seed=2)]
    draw_curves(ax, runs, "score", "ConOpt", color="tab:blue")
    median, cross = ax.get_lines()
    assert median.get_label() == "ConOpt (3 seeds, 1 diverged)"
    np.testing.assert_allclose(median.get_ydata(), [2.0, 3.0, 4.0])
    assert cross.get_marker() == "x" and (cross.get_xdata(), cross.get_ydata()) == (2000, 4.0)
    assert len(ax.collections) == 1                                  # the min-max band


def test_one_seed_has_no_band(ax, make_result):
    draw_curves(ax, [make_result(scores(1.0, 2.0))], "score", "ConOpt")
    assert len(ax.get_lines()) == 1 and not ax.collections


def test_loss_band_spans_the_intervals_min_to_max(ax, make_result):
    lines = [{"step": 1000, "d_loss": {"mean": 1.0, "min": 0.2, "max": 3.0}}]
    draw_loss(ax, [make_result(lines), make_result(lines, seed=1)], "d_loss", "AltGA")
    mean, *single = ax.get_lines()
    assert mean.get_ydata().tolist() == [1.0] and len(single) == 2   # thin lines: the seeds' means
    (band,) = ax.collections
    assert band.get_paths()[0].vertices[:, 1].min() == 0.2 and band.get_paths()[0].vertices[:, 1].max() == 3.0


def test_missing_run_and_missing_score_say_so(ax, make_result):
    draw_samples(ax, None, "(a) SimGA")
    assert [t.get_text() for t in ax.texts] == ["no run for this panel"]
    fig, other = plt.subplots()
    assert score_axes(other, [make_result(scores(1.5))]) and other.get_ylabel() == "inception score"
    plt.close(fig)


def test_finish_states_the_stand_in_and_saves_both_files(tmp_path, make_result):
    fig, ax = plt.subplots(layout="constrained")
    runs = [make_result(scores(1.0), dataset="digits")]
    runs[0].final["dataset_label"] = "digits (stand-in for cifar-10)"
    finish(fig, "Figure X", runs, tmp_path / "x.pdf", "test")
    title = next(t for t in fig.texts if t.get_text().startswith("Figure X"))
    assert title.get_color() == "darkred" and "STAND-IN, not the paper's data" in title.get_text()
    assert (tmp_path / "x.pdf").stat().st_size and (tmp_path / "x.png").stat().st_size
