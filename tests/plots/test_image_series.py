"""plots/image_series.py: a setting's metric over its seeds, read from run results."""
import numpy as np
import pytest

from numerics_of_gans.plots.image_series import seed_spread, series, time_unit, value

from .conftest import scores


def test_value_reads_scores_and_loss_aggregates():
    line = {"step": 5, "score": 2, "d_loss": {"mean": 0.5, "min": 0.1, "max": 0.9}}
    assert value(line, "score", None) == 2.0 and isinstance(value(line, "score", None), float)
    assert value(line, "d_loss", None) == 0.5            # a loss dict: its mean unless told
    assert value(line, "d_loss", "min") == 0.1
    assert value(line, "fid", None) is None


def test_series_pads_a_seed_that_stopped_early(make_result):
    runs = [make_result(scores(1.0, 2.0, 3.0)), make_result(scores(5.0), seed=1),
            make_result(scores(4.0, 6.0, start=2000), seed=2)]
    steps, table = series(runs, "score")
    assert steps.tolist() == [1000, 2000, 3000]
    np.testing.assert_array_equal(table, [[1, 2, 3], [5, np.nan, np.nan], [np.nan, 4, 6]])
    spread = seed_spread(runs, "score")
    np.testing.assert_allclose(spread["median"], [3.0, 3.0, 4.5])
    np.testing.assert_allclose(spread["min"], [1, 2, 3])
    np.testing.assert_allclose(spread["max"], [5, 4, 6])
    assert spread["n"] == 3


def test_no_evaluation_gives_empty_series(make_result):
    steps, table = series([make_result([])], "score")
    assert steps.size == 0 and table.shape == (1, 0)
    assert seed_spread([make_result([])], "score")["step"].size == 0


@pytest.mark.parametrize("longest, unit", [(None, ("s", 1.0)), (599, ("s", 1.0)), (600, ("min", 60.0)),
                                           (35999, ("min", 60.0)), (36000, ("h", 3600.0))])
def test_time_unit_follows_the_longest_run(make_result, longest, unit):
    lines = [{"step": 1000, "train_time_s": 10.0}, {"step": 2000, "train_time_s": longest}]
    assert time_unit([make_result(lines[:1]), make_result(lines, seed=1)]) == unit
