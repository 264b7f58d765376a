"""How an image run is cut into cluster jobs of limited time (config `cluster`, rule image_train).

A run is estimated to take `resources.train_image.runtime` minutes per `images.common.steps` steps (the configured
step time), scaled by its steps. With `cluster.max_job_minutes` set (a partition's longest job), every job of a run
asks for at most that, trains until `stop_margin_minutes` before it, checkpoints and ends with exit status 75; the
workflow resubmits it (rule image_train's `retries`) and the next job resumes at that step (`Deadline`, which
images.train obeys; the job's end comes from `squeue`). So a run takes ceil(estimate / (max_job_minutes -
stop_margin_minutes)) jobs if the estimate holds; the rule allows that many for its longest run, plus the profile's
retries (for failures, or an estimate that was too low).

    python -m numerics_of_gans cluster-plan --scale paper --max-job-minutes 2880   # the jobs of every figure
"""
from __future__ import annotations

import math
import os
import shutil
import subprocess
import time
from datetime import datetime


def run_minutes(steps: int, cfg: dict) -> float:
    """Estimated training minutes of a run of `steps` steps (config resources.train_image.runtime is per
    images.common.steps)."""
    return cfg["resources"]["train_image"]["runtime"] * steps / cfg["images"]["common"]["steps"]


def _usable(cluster: dict) -> float:
    return cluster["max_job_minutes"] - cluster["stop_margin_minutes"]


def jobs_needed(minutes: float, cluster: dict) -> int:
    """How many jobs a run of this estimate takes (1 without a job time limit)."""
    if cluster["max_job_minutes"] is None:
        return 1
    return max(1, math.ceil(minutes / _usable(cluster)))


def job_minutes(minutes: float, cluster: dict, attempt: int) -> int:
    """The time limit to ask for in the attempt-th job of a run (attempt counts from 1, as Snakemake's): what is
    left of the estimate plus the margin, at most the longest job; once the estimate is used up (it was low, or a
    job failed), the longest job. Without a limit: the whole estimate. Whole minutes, at least 1 (sbatch -t)."""
    limit = cluster["max_job_minutes"]
    if limit is None:
        return max(1, round(minutes))
    left = minutes - (attempt - 1) * _usable(cluster)
    if left <= 0:
        return int(limit)
    return max(1, min(int(limit), math.ceil(left + cluster["stop_margin_minutes"])))


def slurm_job_end(env=os.environ) -> float | None:
    """When the SLURM job this process runs in reaches its time limit (seconds since the epoch), as `squeue` gives
    it; None outside a SLURM job, without squeue, or for a job without a limit. Counting from there rather than from
    the process's start leaves the margin to the job's real end, whatever its start-up took before this process."""
    job = env.get("SLURM_JOB_ID")
    if not job or not shutil.which("squeue"):
        return None
    try:
        out = subprocess.run(["squeue", "-h", "-j", job, "-o", "%e"], capture_output=True, text=True, timeout=60)
        return datetime.fromisoformat(out.stdout.strip()).timestamp()   # local time, as squeue prints it
    except (OSError, subprocess.SubprocessError, ValueError):   # "N/A", "Unknown": no limit known
        return None


class Deadline:
    """The end of this job's time (a cluster job's limit less a margin), on `clock` (seconds; time.monotonic).

    `steps_that_fit` is how many steps the next loop call may take so that the call, an evaluation due at its end
    and the checkpoint written at a stop all end before `at`, from the durations measured in this process so far
    (unknown ones count as 0: the margin covers the first of each).

    `min_step_s` (config cluster.min_step_seconds; 0 on a real cluster) makes every step last at least that long
    (`pace`) and is the step time assumed before one is measured, so a job takes at most (at - its first step's
    start) / min_step_s steps on any machine: the cluster test's bound on the work of a job, which a step time
    measured on a fast machine could not give."""

    def __init__(self, at: float, clock=time.monotonic, min_step_s: float = 0.0):
        self.at, self.clock, self.min_step_s = at, clock, min_step_s
        self.step_s, self.eval_s, self.save_s = min_step_s, 0.0, 0.0

    def pace(self, steps: int, started: float) -> None:
        """Wait until `steps` steps begun at `started` (time.perf_counter) have lasted min_step_s each."""
        wait = steps * self.min_step_s - (time.perf_counter() - started)
        if wait > 0:
            time.sleep(wait)

    def steps_that_fit(self, n: int, evaluates_at_end: bool) -> int:
        left = self.at - self.clock() - self.save_s
        if left <= 0:
            return 0
        if not self.step_s:
            return n
        fit = int(left // self.step_s)
        if fit >= n and evaluates_at_end and n * self.step_s + self.eval_s > left:
            fit = n - 1   # stop before the step that would start an evaluation that cannot finish in time
        return max(0, min(n, fit))
