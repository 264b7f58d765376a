"""How an image run is cut into cluster jobs of limited time (config `cluster`, rule image_train).

A run is estimated to take `resources.train_image.runtime` minutes per `images.common.steps` steps (the configured
step time), scaled by its steps. With `cluster.max_job_minutes` set (a partition's longest job), every job of a run
asks for at most that, trains until `stop_margin_minutes` before it, checkpoints and ends with exit status 75; the
workflow resubmits it (rule image_train's `retries`) and the next job resumes at that step (images.train.Deadline;
the job's end comes from `squeue`). So a run takes ceil(estimate / (max_job_minutes - stop_margin_minutes)) jobs if the estimate holds; the rule allows
that many for its longest run, plus the profile's retries (for failures, or an estimate that was too low).

    python -m numerics_of_gans cluster-plan --scale paper --max-job-minutes 2880   # the jobs of every figure
"""
from __future__ import annotations

import math
import os
import shutil
import subprocess
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
