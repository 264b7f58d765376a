"""images.slices: how many cluster jobs a run takes and what each asks for (rule image_train on SLURM), when a
SLURM job ends, and how many steps still fit before a job's deadline."""
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


def test_deadline_fits_the_next_call_its_evaluation_and_the_checkpoint():
    d = slices.Deadline(100.0, clock=lambda: 50.0)
    assert d.steps_that_fit(30, evaluates_at_end=True) == 30          # nothing measured yet: the margin covers it
    d.step_s, d.save_s = 2.0, 10.0
    assert d.steps_that_fit(30, evaluates_at_end=False) == 20         # (100 - 50 - 10) / 2
    assert d.steps_that_fit(5, evaluates_at_end=False) == 5
    d.eval_s = 35.0
    assert d.steps_that_fit(5, evaluates_at_end=True) == 4            # 10 + 35 > 40: stop before the evaluation
    assert d.steps_that_fit(5, evaluates_at_end=False) == 5
    assert slices.Deadline(100.0, clock=lambda: 95.0).steps_that_fit(5, evaluates_at_end=False) == 5
    late = slices.Deadline(100.0, clock=lambda: 101.0)
    assert late.steps_that_fit(5, evaluates_at_end=False) == 0


def test_a_paced_deadline_bounds_a_jobs_steps_whatever_the_step_costs(monkeypatch):
    """cluster.min_step_seconds: before a step time is measured, the pace is assumed (no first call that overruns
    the job), and `pace` sleeps a call up to its steps x the pace, so a job of W seconds takes at most W / pace
    steps on any machine (cluster/cluster_test.sh relies on this for its >= 3 jobs)."""
    import types

    slept = []   # a fake clock at 100 s: no real time in the test
    monkeypatch.setattr(slices, "time", types.SimpleNamespace(perf_counter=lambda: 100.0, sleep=slept.append))
    d = slices.Deadline(42.0, clock=lambda: 0.0, min_step_s=0.3)
    assert d.steps_that_fit(1000, evaluates_at_end=False) == 140        # 42 / 0.3, before anything was measured
    d.pace(10, started=99.5)                                           # 10 steps that took 0.5 s: 2.5 s more
    assert slept == [pytest.approx(2.5)]
    d.pace(10, started=95.0)                                           # 10 steps that took 5 s: no wait
    assert slept == [pytest.approx(2.5)]
    assert slices.Deadline(42.0, clock=lambda: 0.0).steps_that_fit(1000, evaluates_at_end=False) == 1000


def test_a_slurm_job_stops_before_the_end_squeue_gives(tmp_path, monkeypatch):
    """Inside a SLURM job the deadline is the job's end as squeue prints it (local time), less the margin; outside
    one, or when squeue knows no limit, there is none and the command counts from the process's start."""
    from datetime import datetime

    squeue = tmp_path / "squeue"
    squeue.write_text('#!/bin/sh\n[ "$1 $2 $3 $4 $5" = "-h -j 42 -o %e" ] && echo "${END}"\n')
    squeue.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}:{__import__('os').environ['PATH']}")
    monkeypatch.setenv("END", "2026-11-30T01:43:52")
    assert slices.slurm_job_end({"SLURM_JOB_ID": "42"}) == datetime(2026, 11, 30, 1, 43, 52).timestamp()
    assert slices.slurm_job_end({}) is None
    monkeypatch.setenv("END", "N/A")
    assert slices.slurm_job_end({"SLURM_JOB_ID": "42"}) is None
