"""The cost of a step of each zoo method on the 8-Gaussian ring relative to SimGA (issue 28, part 4): one seed, each
method at its recommended value, all timed in one process one after another, so that the ratios compare like with
like (a benchmark: the ratios are reported, never judged against a time).

Each method: `warmup_steps` in one compiled call (tracing), then `repeats` blocks of `timed_steps`; its time per step
is the median block's. Numbers of one process, so they move with the machine's load; the ratios much less.
"""
from __future__ import annotations

import statistics
import time

from numerics_of_gans.zoo.ring import StackedRing


def measure(jobs: list[dict], warmup_steps: int, timed_steps: int, repeats: int, log=print) -> dict:
    """Seconds per step of each job (the first seed alone) and its ratio to the job labelled "simga"."""
    seconds = {}
    for job in jobs:
        seed = job["seeds"][0]
        ring = StackedRing({**job, "seeds": [seed]}, [seed])
        ring.train(warmup_steps)
        blocks = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            ring.train(timed_steps)
            blocks.append((time.perf_counter() - t0) / timed_steps)
        seconds[job["label"]] = statistics.median(blocks)
        log(f"{job['label']}: {seconds[job['label']] * 1e3:.3f} ms a step (blocks: "
            + ", ".join(f"{b * 1e3:.3f}" for b in blocks) + ")")
    simga = seconds.get("simga")
    return {"seconds_per_step": seconds,
            "relative_to_simga": {k: v / simga for k, v in seconds.items()} if simga else {},
            "warmup_steps": warmup_steps, "timed_steps": timed_steps, "repeats": repeats}
