"""The run that `make cluster-test` (cluster/cluster_test.sh) trained in time slices on a one-node SLURM, against the
same run trained uninterrupted: the final weights are equal bit for bit, the evaluations are equal but for their
timing, and the scheduler ran at least 3 jobs for it, each stopped before its limit (exit 75) but the last, each
within the steps that the pace of cluster.min_step_seconds allows, which makes 3 jobs the least on any machine.

Skipped unless the script gives CLUSTER_TEST_DIR (its work folder) and CLUSTER_TEST_RUN (the run id)."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import numpy as np
import pytest

WORK = os.environ.get("CLUSTER_TEST_DIR")
RUN = os.environ.get("CLUSTER_TEST_RUN")
pytestmark = pytest.mark.skipif(not (WORK and RUN), reason="runs in make cluster-test (cluster/cluster_test.sh)")
TIMING = ("steps_per_s", "train_time_s")


def _folder(which: str) -> Path:
    return Path(WORK) / which / "results" / "smoke" / "images" / RUN


def _lines(folder: Path) -> list[dict]:
    return [json.loads(x) for x in (folder / "metrics.jsonl").read_text().splitlines() if x.strip()]


def _train_log() -> str:
    return (_folder("run") / "train.log").read_text()


def _jobs() -> list[dict]:
    """The scheduler's record (jobcomp/filetxt) of the jobs that trained the sliced run: the SLURM job ids its
    train.log names, one per process."""
    ids = re.findall(r"\(SLURM job (\d+)\)", _train_log())
    record = {}
    for line in (Path(WORK) / "slurm" / "jobcomp.log").read_text().splitlines():
        fields = dict(re.findall(r"(\w+)=(\S*)", line))
        record[fields.get("JobId")] = fields
    return [record.get(i, {"JobId": i, "JobState": "not in jobcomp.log"}) for i in ids]


def test_the_sliced_run_ends_with_the_weights_of_the_uninterrupted_run():
    import tensorflow as tf
    sliced, whole = _folder("run"), _folder("reference")
    fs, fw = (json.loads((f / "final.json").read_text()) for f in (sliced, whole))
    assert fs["status"] == fw["status"] == "completed" and fs["step"] == fw["step"] == fs["settings"]["steps"]
    strip = [[{k: v for k, v in line.items() if k not in TIMING} for line in _lines(f)] for f in (sliced, whole)]
    assert strip[0] == strip[1] and len(strip[0]) >= 2
    step = fs["step"]
    a = tf.train.load_checkpoint(str(sliced / "checkpoints" / f"ckpt-{step}"))
    b = tf.train.load_checkpoint(str(whole / "checkpoints" / f"ckpt-{step}"))
    names = [n for n in a.get_variable_to_shape_map() if n.startswith(("generator/", "discriminator/"))]
    assert len(names) > 10
    for name in names:
        np.testing.assert_array_equal(a.get_tensor(name), b.get_tensor(name), err_msg=name)


def test_the_scheduler_ran_the_run_in_at_least_three_jobs_each_stopped_before_its_limit():
    """Each job but the last stopped itself before its 1-minute limit (its process logged the stop; the job step
    then ends FAILED, or TIMEOUT if SLURM's kill came during the process's exit) and the next job resumed at that
    step; the last job COMPLETED."""
    jobs = _jobs()
    listing = "\n".join(" ".join(f"{k}={j.get(k)}" for k in ("JobId", "Partition", "JobState", "ExitCode",
                                                               "TimeLimit", "StartTime", "EndTime")) for j in jobs)
    print(f"\nthe sliced run's jobs (jobcomp.log):\n{listing}")
    assert len(jobs) >= 3, listing
    # (the smoke scale's image jobs ask for no GPU, so they go to the CPU partition)
    assert all(j.get("Partition") == "cpu" and j.get("TimeLimit") == "1" for j in jobs), listing
    assert all(j["JobState"] in ("FAILED", "TIMEOUT") for j in jobs[:-1]), listing
    assert jobs[-1]["JobState"] == "COMPLETED", listing
    stops = re.findall(r"stopping at step (\d+)/", _train_log())
    resumes = re.findall(r"resumed from .* at step (\d+)", _train_log())
    assert len(stops) == len(jobs) - 1 and resumes == stops, (stops, resumes)


def test_the_run_outlasts_three_jobs_by_construction_not_by_the_machine_speed():
    """cluster/cluster_test.sh's guarantee: a job trains for at most its limit less the margin, every step of it
    lasts at least cluster.min_step_seconds, so it takes at most WINDOW / PACE steps, and the run has more than
    twice that: >= 3 jobs on a fast machine too. Each job's steps (from train.log) are within that bound."""
    import yaml
    cluster = yaml.safe_load((Path(WORK) / "cluster.yaml").read_text())["cluster"]
    window_s = 60 * (cluster["max_job_minutes"] - cluster["stop_margin_minutes"])
    per_job = int(window_s // cluster["min_step_seconds"])
    steps = json.loads((_folder("run") / "final.json").read_text())["step"]
    assert steps > 2 * per_job, f"{steps} steps fit in 2 jobs of at most {per_job} steps"
    bounds = [0] + [int(x) for x in re.findall(r"stopping at step (\d+)/", _train_log())] + [steps]
    taken = [b - a for a, b in zip(bounds, bounds[1:])]
    print(f"\nsteps per job: {taken} (at most {per_job}: {window_s:g} s at >= {cluster['min_step_seconds']} s a step)")
    assert len(taken) >= 3 and all(0 < t <= per_job for t in taken), (taken, per_job)
