"""Training of the image GANs (Figures 4-14) with SimGA / AltGA / ConOpt / smoothing from `optimizers`.

    final = train(TrainSettings(dataset="digits", arch="dcgan3_nobn", method="conopt", gamma=10, steps=1000,
                                out="results/cpu/images/run"))

Writes into `out/`:
- metrics.jsonl: one JSON line per evaluation: step; each scalar of the step (d_loss, g_loss, and consensus_loss for
  conopt / smoothing) aggregated (mean, std, min, max) over the steps since the last evaluation; steps_per_s;
  train_time_s, the wall time of the training steps alone (no evaluation, samples, checkpoints) summed over resumes
  (the time axis of Figures 5c and 11c); the score ("inception score" or "classifier score") when a classifier is
  given. TensorBoard events in tensorboard/: the per-step scalars as step/<name>, and the same aggregates;
- samples/step_XXXXXXX.png: an 8x8 grid from one fixed latent batch at every evaluation;
- checkpoints/: tf.train.CheckpointManager (models, optimizer slots, step, train_time_s, the data iterator, the
  statistics of the open evaluation interval); a killed run started again with the same settings resumes at its last
  checkpoint and ends as an uninterrupted one would. A job with a time limit (`Deadline`, a cluster's time slice)
  stops before it at a step boundary, checkpoints there and returns status "sliced": the next job resumes exactly
  there, so a run trained in any number of slices ends with the weights of an uninterrupted one;
- train.log: the progress lines of every process that trained the run, appended (a cluster run's jobs one after
  another, each opening with its SLURM job id);
- final.json, written last and atomically: status "completed" or "diverged" (a loss or a weight became NaN/Inf:
  step and cause), the settings, the last metrics, train_time_s, seconds_per_step, peak_rss_mb (the process's peak
  host memory), the devices used (devices.describe(): GPU name and compute capability, CUDA/cuDNN, TF32) and
  provenance().

The steps between two host events (evaluation, stop_after, a progress line about every PROGRESS_S s) run in ONE
tf.function call (`StepLoop`), data, finiteness checks, statistics and per-step summaries included, so the host
waits for the device once per chunk, not once per step. Every step runs the same ops in the same order whatever
the chunk lengths: chunking does not change the result (bitwise).

Batch norm (dcgan3, dcgan4): the models are called with training=True inside the loss, so Keras' BatchNormalization
updates its moving mean/variance in place on every call (batch statistics in the forward pass, as the original
code's `updates_collections=None`); those non-trainable variables are not touched by the optimizer, are saved in
the checkpoint, and are what the generator uses at sampling time (training=False).
"""
from __future__ import annotations

import json
import math
import os
import resource
import sys
import time
from dataclasses import asdict
from pathlib import Path

import numpy as np
import tensorflow as tf

from consensus_optimization import objectives
from numerics_of_gans import devices
from numerics_of_gans.images import data, models
from numerics_of_gans.images.settings import TrainSettings
from numerics_of_gans.errors import Unavailable
from numerics_of_gans.io import provenance, write_json
from numerics_of_gans.names import CONSENSUS
from consensus_optimization.optimizers import make_optimizer


PROGRESS_S = 10.0   # target wall time of one loop call: a progress line about this often
FIRST_CHUNK = 10    # steps of the first call, before the step rate is known


def _grid_png(images: np.ndarray, path: Path) -> None:
    """Save [N, H, W, C] images in [-1, 1] as one square grid PNG (atomically)."""
    from PIL import Image

    from numerics_of_gans.io import atomic_path
    n = int(math.ceil(math.sqrt(len(images))))
    h, w, c = images.shape[1:]
    grid = np.ones((n * h, n * w, c), np.float32)
    for i, img in enumerate(images):
        grid[(i // n) * h:(i // n + 1) * h, (i % n) * w:(i % n + 1) * w] = img
    pixels = np.clip(np.round((grid + 1.0) * 127.5), 0, 255).astype(np.uint8)
    with atomic_path(path) as tmp:
        Image.fromarray(pixels[..., 0] if c == 1 else pixels).save(tmp, format="PNG")


def _load_classifier(spec: str | None, dataset: str):
    from numerics_of_gans.images import metrics
    if spec is None:
        return None
    if spec.endswith(".keras"):
        return metrics.stand_in_classifier(spec, data.LABELS[dataset])   # the data it was trained on
    return metrics.load_inception(spec)


def _real_stats(classifier, examples: tf.data.Dataset, n: int):
    """Statistics of the classifier's features of the first n training images (all of them if fewer): the
    reference side of the FID (Frechet classifier distance for a stand-in classifier) reported at every evaluation
    next to the score."""
    from numerics_of_gans.images import metrics
    images = np.concatenate([data.to_float(b).numpy() for b in examples.take(n).batch(256)])
    return metrics.FeatureStats.of(classifier.activations(images)[1])


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


def _scalar(tag: str, value: float) -> None:
    tf.summary.scalar(tag, float(value))


class StepLoop:
    """`run(n, writer)` takes up to n steps in one tf.function call (a while loop over a tensor: one trace for every
    n). Per step: the batch from `iterator` (in the graph), z = stateless normal of (step, seed + 1) (identical after
    a resume), one `opt.step`, `step` + 1; it stops after the first step whose scalars or weights are non-finite
    (`cause()`). The scalars of the finite steps go to `writer` as step/<name> and accumulate in float64 (Welford:
    count, mean, sum of squared deviations; min, max) until `take_interval()`."""

    def __init__(self, opt, generator, discriminator, iterator, step: tf.Variable, *, objective: str, z_dim: int,
                 seed: int):
        self.step, self.keys = step, ("d_loss", "g_loss") + ("consensus_loss",) * (opt.method in CONSENSUS)
        shape, k = iterator.element_spec.shape, len(self.keys)
        real = tf.Variable(tf.zeros(shape), trainable=False)
        z = tf.Variable(tf.zeros([shape[0], z_dim]), trainable=False)

        def loss_fn():
            fake = generator(z, training=True)
            return objectives.losses(objective, discriminator(real, training=True), discriminator(fake, training=True))

        d_vars, g_vars = discriminator.trainable_variables, generator.trainable_variables
        opt.build(d_vars, g_vars)
        all_vars = generator.weights + discriminator.weights
        self._count = tf.Variable(0, dtype=tf.int64, trainable=False)
        self._stats = [tf.Variable(tf.zeros([k], tf.float64), trainable=False) for _ in range(4)]  # mean m2 min max
        self._bad = tf.Variable(tf.zeros([k + 1], tf.bool), trainable=False)   # which scalar, or the weights
        self._reset()
        # the open interval, saved with a checkpoint taken between two evaluations (a time slice's end)
        self.interval = tf.train.Checkpoint(count=self._count, mean=self._stats[0], m2=self._stats[1],
                                            min=self._stats[2], max=self._stats[3])

        @tf.function(input_signature=[tf.TensorSpec([], tf.int64)])
        def loop(n):
            mean, m2, low, high = self._stats
            self._bad.assign(tf.zeros([k + 1], tf.bool))
            last = tf.zeros([k], tf.float32)
            for _ in tf.range(n):
                real.assign(next(iterator))
                z.assign(tf.random.stateless_normal(z.shape, seed=tf.stack([step, seed + 1])))
                scalars = opt.step(loss_fn, d_vars, g_vars)
                if tuple(scalars) != self.keys:   # (at trace time)
                    raise ValueError(f"{opt.method} returns {tuple(scalars)}, expected {self.keys}")
                step.assign_add(1)
                last = tf.stack([scalars[key] for key in self.keys])
                finite = tf.concat([tf.math.is_finite(last),
                                    [tf.reduce_all([tf.reduce_all(tf.math.is_finite(v)) for v in all_vars])]], 0)
                if not tf.reduce_all(finite):
                    self._bad.assign(tf.logical_not(finite))
                    break
                x, count = tf.cast(last, tf.float64), tf.cast(self._count.assign_add(1), tf.float64)
                delta = x - mean
                m2.assign_add(delta * (x - mean.assign_add(delta / count)))
                low.assign(tf.minimum(low, x))
                high.assign(tf.maximum(high, x))
                with tf.name_scope(""):   # tags "step/<name>", not under the loop's scopes
                    for i, key in enumerate(self.keys):
                        tf.summary.scalar(f"step/{key}", last[i], step=step)
            return last

        self.fn = loop

    def _reset(self) -> None:
        self._count.assign(0)
        for v, value in zip(self._stats, (0.0, 0.0, math.inf, -math.inf)):
            v.assign(tf.fill(v.shape, tf.constant(value, tf.float64)))

    def run(self, n: int, writer) -> dict[str, float]:
        """Take up to n steps (fewer if one diverges); the scalars of the last step taken."""
        with writer.as_default():
            return dict(zip(self.keys, map(float, self.fn(tf.constant(n, tf.int64)).numpy())))

    def cause(self) -> str | None:
        """Why the last `run` stopped early, in final.json's words; None if it did not."""
        bad = self._bad.numpy()
        if bad[:-1].any():
            return f"non-finite {', '.join(k for k, b in zip(self.keys, bad) if b)} at step {int(self.step)}"
        return f"non-finite weights after step {int(self.step)}" if bad[-1] else None

    def take_interval(self) -> dict:
        """{name: {mean, std, min, max}} over the steps since the last call (std: population, as np.std; Figure 5's
        "losses fluctuate" is judged on it), and start a new interval."""
        n = int(self._count)
        mean, m2, low, high = (v.numpy() for v in self._stats)
        self._reset()
        return {key: {"mean": float(mean[i]), "std": math.sqrt(max(float(m2[i]), 0.0) / n), "min": float(low[i]),
                      "max": float(high[i])} for i, key in enumerate(self.keys)} if n else {}


def _truncate_metrics(path: Path, step: int) -> dict | None:
    """Drop metrics lines written after the checkpoint a resumed run restarts from; the last line kept (what
    final.json reports if the run resumes at its last step: killed after its last checkpoint, before final.json)."""
    if not path.exists():
        return None
    lines = [ln for ln in path.read_text().splitlines() if ln.strip() and json.loads(ln)["step"] <= step]
    path.write_text("".join(ln + "\n" for ln in lines))
    return json.loads(lines[-1]) if lines else None


def _restore(objects: dict, optional: dict, path: str, log) -> None:
    """Restore `objects` and those of `optional` that the checkpoint holds: one from before train_time_s existed
    resumes with the training time counted from 0; one taken at an evaluation holds no open interval."""
    variables = [name for name, _ in tf.train.list_variables(path)]
    if any(name.startswith("optimizer/mean_squares/") for name in variables):
        raise Unavailable(f"{path} holds the optimizer slots of a version before the Keras optimizers (2026-11-30), "
                          f"which this version cannot restore: delete {Path(path).parent.parent} to train the run "
                          "again from step 0, or finish it with that version")
    names = {name.split("/")[0] for name in variables}
    if "train_time_s" not in names:
        log(f"{path} has no train_time_s: the training time restarts at 0 here")
    objects = {**objects, **{k: v for k, v in optional.items() if k in names}}
    tf.train.Checkpoint(**objects).restore(path).assert_existing_objects_matched()


def train(s: TrainSettings, stop_after: int | None = None, log=None, deadline: Deadline | None = None) -> dict:
    """Train (or resume) one run; returns the final.json dict. `stop_after` ends this process after that many
    steps without a checkpoint or final.json (how the tests simulate a killed run). `deadline`: stop before it,
    checkpoint, return status "sliced" (no final.json); run again to go on."""
    emit = log or (lambda msg: print(msg, file=sys.stderr, flush=True))
    out = Path(s.out)
    out.mkdir(parents=True, exist_ok=True)

    def log(msg: str) -> None:
        emit(msg)
        with (out / "train.log").open("a") as fh:
            fh.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {msg}\n")

    log(f"process {os.getpid()} starts (SLURM job {os.environ.get('SLURM_JOB_ID', 'none')})")
    tf.keras.utils.set_random_seed(s.seed)
    h, w, c = data.shape(s.dataset, s.size)
    generator, discriminator = models.build_pair(s.arch, s.width, h, c, s.z_dim, seed=s.seed)
    examples = data.source(s.dataset, s.data_dir, mock=s.mock, mock_examples=s.mock_examples,
                           seed=s.seed, size=s.size)
    iterator = iter(data.batches(examples, s.batch_size, seed=s.seed, shuffle_buffer=s.shuffle_buffer))
    opt = make_optimizer(s.method, learning_rate=s.lr, gamma=s.gamma, jit_compile=s.jit_compile)
    step = tf.Variable(0, dtype=tf.int64, trainable=False, name="step")
    train_time = tf.Variable(0.0, dtype=tf.float64, trainable=False, name="train_time_s")
    # steps and training seconds of the open evaluation interval (its steps_per_s), across a slice's end
    interval_steps = tf.Variable(0, dtype=tf.int64, trainable=False)
    interval_time = tf.Variable(0.0, dtype=tf.float64, trainable=False)
    loop = StepLoop(opt, generator, discriminator, iterator, step, objective=s.objective, z_dim=s.z_dim, seed=s.seed)

    objects = dict(generator=generator, discriminator=discriminator, optimizer=opt, step=step, data=iterator)
    optional = dict(train_time_s=train_time, interval=loop.interval, interval_steps=interval_steps,
                    interval_time_s=interval_time)
    ckpt = tf.train.Checkpoint(**objects, **optional)
    manager = tf.train.CheckpointManager(ckpt, out / "checkpoints", max_to_keep=s.keep_checkpoints)
    metrics_path = out / "metrics.jsonl"
    if manager.latest_checkpoint:
        _restore(objects, optional, manager.latest_checkpoint, log)
        log(f"resumed from {manager.latest_checkpoint} at step {int(step)}")
    last_line = _truncate_metrics(metrics_path, int(step))

    classifier = _load_classifier(s.classifier, s.dataset)
    real_stats = None if classifier is None else _real_stats(classifier, examples, s.eval_samples)
    fixed_z = tf.random.stateless_normal([64, s.z_dim], seed=[s.seed, 104729])
    writer = tf.summary.create_file_writer(str(out / "tensorboard"))
    loop.run(0, writer)   # trace and instantiate the graph before the clock of train_time_s starts
    start, start_step = time.perf_counter(), int(step)
    last_print, status, cause = start, "completed", None

    def evaluate(now_step: int) -> dict:
        line = {"step": now_step, **loop.take_interval(),
                "steps_per_s": int(interval_steps) / max(float(interval_time), 1e-9),
                "train_time_s": float(train_time)}
        interval_steps.assign(0)
        interval_time.assign(0.0)
        _grid_png(generator(fixed_z, training=False).numpy(), out / "samples" / f"step_{now_step:07d}.png")
        if classifier is not None:
            from numerics_of_gans.images import metrics
            line.update(metrics.evaluate(generator, classifier, s.z_dim, s.eval_samples, s.eval_splits,
                                         min(s.batch_size, s.eval_samples), seed=s.seed,
                                         real_features=real_stats))
        with writer.as_default(step=now_step):
            for k, v in line.items():
                if isinstance(v, dict):
                    for agg, x in v.items():
                        _scalar(f"{k}/{agg}", x)
                elif isinstance(v, float) and k != "steps_per_s":
                    _scalar(k, v)
        with metrics_path.open("a") as fh:
            fh.write(json.dumps(line) + "\n")
        return line

    done_here, chunk = 0, FIRST_CHUNK
    while (now := int(step)) < s.steps:
        if stop_after is not None and done_here >= stop_after:
            log(f"stopping after {done_here} steps of this process (step {now}); run again to resume")
            return {"status": "interrupted", "step": now}
        # one call up to the next evaluation / end / stop_after, and short enough for a progress line per PROGRESS_S
        n = min(s.eval_every - now % s.eval_every, s.steps - now, chunk, max(s.max_chunk or s.steps, 1))
        if stop_after is not None:
            n = min(n, stop_after - done_here)
        if deadline is not None:
            n = deadline.steps_that_fit(n, evaluates_at_end=(now + n) % s.eval_every == 0 or now + n == s.steps)
            if n == 0:
                if not (manager.latest_checkpoint or "").endswith(f"-{now}"):   # (an evaluation just saved it)
                    manager.save(checkpoint_number=now)
                log(f"stopping at step {now}/{s.steps} before this job's time limit ({done_here} steps in this "
                    f"job); checkpoint saved: the next job resumes here")
                writer.flush()
                return {"status": "sliced", "step": now, "steps_this_job": done_here}
        t0 = time.perf_counter()
        values = loop.run(n, writer)
        if deadline is not None:
            deadline.pace(int(step) - now, t0)
        dt = time.perf_counter() - t0
        taken, now = int(step) - now, int(step)
        done_here += taken
        train_time.assign_add(dt)
        interval_steps.assign_add(taken)
        interval_time.assign_add(dt)
        chunk = max(1, int(PROGRESS_S * taken / max(dt, 1e-9)))
        if deadline is not None and taken:
            deadline.step_s = dt / taken
        cause = loop.cause()
        if cause:
            status = "diverged"
            log(f"diverged: {cause}")
            break
        if now % s.eval_every == 0 or now == s.steps:
            t = time.perf_counter()
            last_line = evaluate(now)
            t_saved = time.perf_counter()
            manager.save(checkpoint_number=now)
            if deadline is not None:
                deadline.eval_s, deadline.save_s = t_saved - t, time.perf_counter() - t_saved
        t = time.perf_counter()
        if t - last_print > PROGRESS_S / 2 or now == s.steps:
            rate = (now - start_step) / max(t - start, 1e-9)
            eta = (s.steps - now) / max(rate, 1e-9)
            log(f"step {now}/{s.steps}  {rate:.2f} steps/s  ETA {eta / 60:.1f} min  "
                f"d_loss {values['d_loss']:.4f}  g_loss {values['g_loss']:.4f}")
            last_print = t
    writer.flush()
    final = {
        "status": status, "step": int(step), "cause": cause, "settings": asdict(s),
        "dataset_label": data.label(s.dataset, s.stands_in_for) + (" (tfds mock data)" if s.mock else ""),
        "score_name": None if classifier is None else classifier.score_name,
        "last_metrics": last_line, "train_time_s": float(train_time), "elapsed_s": time.perf_counter() - start,
        # the cost of a step on this device, and the process's peak host memory (the rehearsal's floor for the
        # memory a paper-scale run needs)
        "seconds_per_step": float(train_time) / max(int(step), 1),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "devices": devices.describe(), "provenance": provenance(),
    }
    write_json(out / "final.json", final)
    return final
