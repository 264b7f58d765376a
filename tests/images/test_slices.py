"""images.slices: how many cluster jobs a run takes and what each asks for (rule image_train on SLURM)."""
import pytest

from numerics_of_gans.config import resolve
from numerics_of_gans.images import slices

DAY = {"max_job_minutes": 1440, "stop_margin_minutes": 10}
NO_LIMIT = {"max_job_minutes": None, "stop_margin_minutes": 10}


def test_a_run_estimate_scales_with_its_steps():
    cfg = resolve({"scale": "paper"})   # 2880 min per 150000 steps
    assert slices.run_minutes(150000, cfg) == 2880 and slices.run_minutes(1500000, cfg) == 28800


@pytest.mark.parametrize("minutes, jobs", [(1, 1), (1430, 1), (1431, 2), (2880, 3), (28800, 21)])
def test_jobs_needed_divide_the_estimate_by_the_training_time_of_a_job(minutes, jobs):
    assert slices.jobs_needed(minutes, DAY) == jobs
    assert slices.jobs_needed(minutes, NO_LIMIT) == 1


def test_each_attempt_asks_for_what_is_left_and_at_most_the_longest_job():
    # 2880 min in jobs of 1430 min of training: 1440, 1440, then the last 20 min + the margin, then (the estimate was
    # low) whole jobs again
    assert [slices.job_minutes(2880, DAY, a) for a in (1, 2, 3, 4, 5)] == [1440, 1440, 30, 1440, 1440]
    assert slices.job_minutes(30.2, DAY, 1) == 41 and slices.job_minutes(0.2, NO_LIMIT, 1) == 1
    assert slices.job_minutes(28800, NO_LIMIT, 3) == 28800
