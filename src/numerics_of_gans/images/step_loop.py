"""The compiled training loop of the image GANs (Figures 4-14) and its statistics (docs/performance.md,
"Speed measurements": the training loop).

The steps between two host events (evaluation, stop_after, a progress line) run in ONE tf.function call
(`StepLoop`), data, finiteness checks, statistics and per-step summaries included, so the host waits for the device
once per chunk, not once per step. Every step runs the same ops in the same order whatever the chunk lengths:
chunking does not change the result (bitwise). `TrainTime` measures the training steps alone: each evaluation's
train_time_s (the time axis of Figures 5c and 11c) and steps_per_s.
"""
from __future__ import annotations

import math

import tensorflow as tf

from consensus_optimization import objectives
from numerics_of_gans.names import CONSENSUS


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


class TrainTime:
    """The wall time of the training steps alone (no evaluation, samples, checkpoints): `total`, summed over resumes
    (train_time_s), and the steps and seconds of the open evaluation interval (its steps_per_s), which a checkpoint
    taken at a time slice's end carries to the next job."""

    def __init__(self):
        self.total = tf.Variable(0.0, dtype=tf.float64, trainable=False, name="train_time_s")
        self.interval_steps = tf.Variable(0, dtype=tf.int64, trainable=False)
        self.interval_s = tf.Variable(0.0, dtype=tf.float64, trainable=False)

    def add(self, steps: int, seconds: float) -> None:
        self.total.assign_add(seconds)
        self.interval_steps.assign_add(steps)
        self.interval_s.assign_add(seconds)

    def take_interval(self) -> dict:
        """{steps_per_s, train_time_s} of the interval since the last call, and start a new interval."""
        line = {"steps_per_s": int(self.interval_steps) / max(float(self.interval_s), 1e-9),
                "train_time_s": float(self.total)}
        self.interval_steps.assign(0)
        self.interval_s.assign(0.0)
        return line
