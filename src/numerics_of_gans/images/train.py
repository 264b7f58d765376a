"""Training of the image GANs (Figures 4-14) with SimGA / AltGA / ConOpt / smoothing from `optimizers`.

    final = train(TrainSettings(dataset="digits", arch="dcgan3_nobn", method="conopt", gamma=10, steps=1000,
                                out="results/cpu/images/run"))

Writes into `out/`:
- metrics.jsonl: one JSON line per evaluation (images.evaluation): step; each scalar of the step (d_loss, g_loss,
  and consensus_loss for conopt / smoothing) aggregated (mean, std, min, max) over the steps since the last
  evaluation; steps_per_s; train_time_s, the wall time of the training steps alone (no evaluation, samples,
  checkpoints) summed over resumes (the time axis of Figures 5c and 11c); the score ("inception score" or
  "classifier score") when a classifier is given. TensorBoard events in tensorboard/: the per-step scalars as
  step/<name>, and the same aggregates;
- samples/step_XXXXXXX.png: an 8x8 grid from one fixed latent batch at every evaluation (images.sample_grids);
- checkpoints/: tf.train.CheckpointManager (models, optimizer slots, step, train_time_s, the data iterator, the
  statistics of the open evaluation interval); a killed run started again with the same settings resumes at its last
  checkpoint and ends as an uninterrupted one would (images.resume). A job with a time limit (`slices.Deadline`, a
  cluster's time slice) stops before it at a step boundary, checkpoints there and returns status "sliced": the next
  job resumes exactly there, so a run trained in any number of slices ends with the weights of an uninterrupted one;
- train.log: the progress lines of every process that trained the run, appended (a cluster run's jobs one after
  another, each opening with its SLURM job id);
- final.json, written last and atomically: status "completed" or "diverged" (a loss or a weight became NaN/Inf:
  step and cause), the settings, the last metrics, train_time_s, seconds_per_step, peak_rss_mb (the process's peak
  host memory), the devices used (devices.describe(): GPU name and compute capability, CUDA/cuDNN, TF32) and
  provenance().

The steps between two host events (evaluation, stop_after, a progress line about every PROGRESS_S s) run in ONE
tf.function call (images.step_loop.StepLoop), so the host waits for the device once per chunk, not once per step;
chunking does not change the result (bitwise).

Batch norm (dcgan3, dcgan4): the models are called with training=True inside the loss, so Keras' BatchNormalization
updates its moving mean/variance in place on every call (batch statistics in the forward pass, as the original
code's `updates_collections=None`); those non-trainable variables are not touched by the optimizer, are saved in
the checkpoint, and are what the generator uses at sampling time (training=False).
"""
from __future__ import annotations

import os
import resource
import sys
import time
from dataclasses import asdict
from pathlib import Path

import tensorflow as tf

from consensus_optimization.optimizers import make_optimizer
from numerics_of_gans import devices
from numerics_of_gans.images import data, models, resume
from numerics_of_gans.images.evaluation import Evaluation
from numerics_of_gans.images.settings import TrainSettings
from numerics_of_gans.images.slices import Deadline
from numerics_of_gans.images.step_loop import StepLoop, TrainTime
from numerics_of_gans.io import provenance, write_json

PROGRESS_S = 10.0   # target wall time of one loop call: a progress line about this often
FIRST_CHUNK = 10    # steps of the first call, before the step rate is known


def train(s: TrainSettings, stop_after: int | None = None, log=None, deadline: Deadline | None = None) -> dict:
    """Train (or resume) one run; returns the final.json dict. `stop_after` ends this process after that many
    steps without a checkpoint or final.json (how the tests simulate a killed run). `deadline`: stop before it,
    checkpoint, return status "sliced" (no final.json); run again to go on."""
    out = Path(s.out)
    out.mkdir(parents=True, exist_ok=True)
    log = _run_log(out, log or (lambda msg: print(msg, file=sys.stderr, flush=True)))
    log(f"process {os.getpid()} starts (SLURM job {os.environ.get('SLURM_JOB_ID', 'none')})")
    generator, discriminator, examples, iterator, opt = _parts(s)
    step = tf.Variable(0, dtype=tf.int64, trainable=False, name="step")
    clock = TrainTime()
    loop = StepLoop(opt, generator, discriminator, iterator, step, objective=s.objective, z_dim=s.z_dim, seed=s.seed)
    manager = resume.checkpoints(
        out, s.keep_checkpoints,
        objects=dict(generator=generator, discriminator=discriminator, optimizer=opt, step=step, data=iterator),
        optional=dict(train_time_s=clock.total, interval=loop.interval, interval_steps=clock.interval_steps,
                      interval_time_s=clock.interval_s), log=log)
    last_line = resume.truncate_metrics(out / "metrics.jsonl", int(step))
    evaluation = Evaluation(s, generator, examples, out)
    loop.run(0, evaluation.writer)   # trace and instantiate the graph before the clock of train_time_s starts
    progress = _Progress(s.steps, int(step), log)
    done_here, chunk, status, cause = 0, FIRST_CHUNK, "completed", None
    while (now := int(step)) < s.steps:
        if stop_after is not None and done_here >= stop_after:
            log(f"stopping after {done_here} steps of this process (step {now}); run again to resume")
            return {"status": "interrupted", "step": now}
        n = _call_length(s, now, chunk, None if stop_after is None else stop_after - done_here)
        if deadline is not None and (n := deadline.steps_that_fit(n, evaluates_at_end=_evaluates(s, now + n))) == 0:
            resume.save_at(manager, now)
            log(f"stopping at step {now}/{s.steps} before this job's time limit ({done_here} steps in this "
                f"job); checkpoint saved: the next job resumes here")
            evaluation.writer.flush()
            return {"status": "sliced", "step": now, "steps_this_job": done_here}
        values, taken, dt = _call(loop, n, evaluation.writer, deadline)
        now, done_here = now + taken, done_here + taken
        clock.add(taken, dt)
        chunk = max(1, int(PROGRESS_S * taken / max(dt, 1e-9)))
        if cause := loop.cause():
            status = "diverged"
            log(f"diverged: {cause}")
            break
        if _evaluates(s, now):
            t = time.perf_counter()
            last_line = evaluation(now, {**loop.take_interval(), **clock.take_interval()})
            t_saved = time.perf_counter()
            manager.save(checkpoint_number=now)
            if deadline is not None:
                deadline.eval_s, deadline.save_s = t_saved - t, time.perf_counter() - t_saved
        progress(now, values)
    evaluation.writer.flush()
    return _final(s, status=status, step=int(step), cause=cause, score_name=evaluation.score_name,
                  last_line=last_line, train_time_s=float(clock.total), started=progress.start)


def _run_log(out: Path, emit):
    """`emit` each message and append it, timestamped, to out/train.log."""
    def log(msg: str) -> None:
        emit(msg)
        with (out / "train.log").open("a") as fh:
            fh.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {msg}\n")
    return log


def _parts(s: TrainSettings):
    """The run's networks, data (the examples and the iterator of their batches) and optimizer, from s.seed."""
    tf.keras.utils.set_random_seed(s.seed)
    h, w, c = data.shape(s.dataset, s.size)
    generator, discriminator = models.build_pair(s.arch, s.width, h, c, s.z_dim, seed=s.seed)
    examples = data.source(s.dataset, s.data_dir, mock=s.mock, mock_examples=s.mock_examples,
                           seed=s.seed, size=s.size)
    iterator = iter(data.batches(examples, s.batch_size, seed=s.seed, shuffle_buffer=s.shuffle_buffer))
    opt = make_optimizer(s.method, learning_rate=s.lr, gamma=s.gamma, jit_compile=s.jit_compile)
    return generator, discriminator, examples, iterator, opt


def _evaluates(s: TrainSettings, step: int) -> bool:
    return step % s.eval_every == 0 or step == s.steps


def _call_length(s: TrainSettings, now: int, chunk: int, left: int | None) -> int:
    """Steps of the next loop call: up to the next evaluation / end / stop_after (`left` steps of it) / max_chunk,
    and `chunk`, short enough for a progress line per PROGRESS_S."""
    n = min(s.eval_every - now % s.eval_every, s.steps - now, chunk, max(s.max_chunk or s.steps, 1))
    return n if left is None else min(n, left)


def _call(loop: StepLoop, n: int, writer, deadline: Deadline | None) -> tuple[dict, int, float]:
    """One loop call of up to n steps, paced by `deadline`, which learns the step time: the scalars of the last
    step, the steps taken, the call's wall time."""
    before, t0 = int(loop.step), time.perf_counter()
    values = loop.run(n, writer)
    if deadline is not None:
        deadline.pace(int(loop.step) - before, t0)
    dt = time.perf_counter() - t0
    taken = int(loop.step) - before
    if deadline is not None and taken:
        deadline.step_s = dt / taken
    return values, taken, dt


class _Progress:
    """A progress line (this process's steps/s, ETA, the last losses) about every PROGRESS_S / 2 s and at the end;
    `start`: when this process's training began (final.json's elapsed_s)."""

    def __init__(self, steps: int, step: int, log):
        self.steps, self.start_step, self.log = steps, step, log
        self.start = self.last = time.perf_counter()

    def __call__(self, now: int, values: dict) -> None:
        t = time.perf_counter()
        if t - self.last > PROGRESS_S / 2 or now == self.steps:
            rate = (now - self.start_step) / max(t - self.start, 1e-9)
            eta = (self.steps - now) / max(rate, 1e-9)
            self.log(f"step {now}/{self.steps}  {rate:.2f} steps/s  ETA {eta / 60:.1f} min  "
                     f"d_loss {values['d_loss']:.4f}  g_loss {values['g_loss']:.4f}")
            self.last = t


def _final(s: TrainSettings, *, status: str, step: int, cause: str | None, score_name: str | None,
           last_line: dict | None, train_time_s: float, started: float) -> dict:
    """final.json, written atomically."""
    final = {
        "status": status, "step": step, "cause": cause, "settings": asdict(s),
        "dataset_label": data.label(s.dataset, s.stands_in_for) + (" (tfds mock data)" if s.mock else ""),
        "score_name": score_name,
        "last_metrics": last_line, "train_time_s": train_time_s, "elapsed_s": time.perf_counter() - started,
        # the cost of a step on this device, and the process's peak host memory (the rehearsal's floor for the
        # memory a paper-scale run needs)
        "seconds_per_step": train_time_s / max(step, 1),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "devices": devices.describe(), "provenance": provenance(),
    }
    write_json(Path(s.out) / "final.json", final)
    return final
