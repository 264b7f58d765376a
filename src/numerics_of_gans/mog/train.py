"""Training of the mixture-of-Gaussians GAN (paper, Section 5, Figure 2; claim E2), fast on a CPU.

Setting (mog.MoGSetting, docs/setup.md): 8 Gaussians of std 0.01 on the unit circle, 4x16 ReLU MLPs, 16-d latent,
standard (non-saturating) GAN objective, batch 512, RMSProp (TF1 form) with learning rate 1e-4, gamma = 10 for
consensus optimization, 20000 steps, snapshots at 0, 5000, 10000, 20000.

Speed: the steps between two evaluation points run inside ONE compiled call (a tf.function with a tf.range loop);
every step draws a fresh minibatch with stateless ops from the seed pair (data_seed, 2 step) for the target and
(data_seed, 2 step + 1) for the latent, so a run is reproducible and independent of the chunking. Python only
runs every `eval_every` steps, to compute the metrics (numerics_of_gans.mog.metrics) of `eval_samples` generator
samples from a fixed latent batch against a fixed target sample.
"""
from __future__ import annotations

import time
from dataclasses import asdict

import numpy as np
import tensorflow as tf

from numerics_of_gans.mog import metrics as mog_metrics, model as mog
from consensus_optimization.games import as_tf_variables, flatten
from numerics_of_gans.mog.settings import RunSettings
from consensus_optimization.optimizers import make_optimizer

EVAL_LATENT_SALT = 1_000_003   # seed pairs of the fixed evaluation batches, disjoint from the training draws
EVAL_TARGET_SALT = 1_000_004
DATA_SALT = 7_919              # training draws use (seed + DATA_SALT, step), not the init seed itself


class MoGRun:
    """The models, optimizer and compiled training loop of one run."""

    def __init__(self, s: RunSettings):
        self.s = s
        setting = s.setting if s.batch_size == s.setting.batch_size else \
            mog.MoGSetting(**{**asdict(s.setting), "batch_size": s.batch_size})
        self.setting = setting
        self.generator = mog.build_generator(setting, s.seed)
        self.discriminator = mog.build_discriminator(setting, s.seed)
        self.g_vars = as_tf_variables(self.generator.trainable_variables)
        self.d_vars = as_tf_variables(self.discriminator.trainable_variables)
        self.real = tf.Variable(tf.zeros([s.batch_size, 2]), trainable=False)
        self.z = tf.Variable(tf.zeros([s.batch_size, setting.z_dim]), trainable=False)
        self.loss_fn = mog.make_loss_fn(setting, self.generator, self.discriminator, self.real, self.z)
        self.opt = make_optimizer(s.method, learning_rate=s.learning_rate, gamma=s.gamma)
        self.opt.build(self.d_vars, self.g_vars)
        self.step_count = 0
        data_seed = tf.constant(s.seed + DATA_SALT, tf.int64)

        @tf.function
        def run(start, n):
            d_sum, g_sum = tf.constant(0.0), tf.constant(0.0)
            for i in tf.range(n):
                step = start + i
                self.real.assign(mog.sample_target(setting, s.batch_size, tf.stack([data_seed, 2 * step])))
                self.z.assign(mog.sample_latent(setting, s.batch_size, tf.stack([data_seed, 2 * step + 1])))
                scalars = self.opt.step(self.loss_fn, self.d_vars, self.g_vars)
                d_sum += scalars["d_loss"]
                g_sum += scalars["g_loss"]
            return d_sum, g_sum

        self._run = run
        self.eval_z = mog.sample_latent(setting, s.eval_samples, [EVAL_LATENT_SALT, s.seed])
        self.reference = mog.sample_target(setting, s.eval_samples, [EVAL_TARGET_SALT, 0]).numpy()
        self.means = mog.target_means(setting)
        self.reference_self = mog_metrics.mean_pairwise_distance(self.reference, self.reference)

    def train(self, n: int) -> tuple[float, float]:
        """n steps in one compiled call; returns the mean (d_loss, g_loss) over them."""
        if n <= 0:
            return float("nan"), float("nan")
        d_sum, g_sum = self._run(tf.constant(self.step_count, tf.int64), tf.constant(n, tf.int64))
        self.step_count += n
        return float(d_sum) / n, float(g_sum) / n

    def samples(self) -> np.ndarray:
        return self.generator(self.eval_z).numpy()

    def weights(self) -> np.ndarray:
        """The flat parameter vector x = (G variables, D variables) (games.Game's order)."""
        return flatten(self.g_vars + self.d_vars).numpy()

    def metrics(self, samples: np.ndarray) -> dict:
        return mog_metrics.sample_metrics(samples, self.means, self.setting.std, self.reference, k=self.s.quality_k,
                                          reference_self=self.reference_self)


def train_run(s: RunSettings, log=print) -> tuple[dict, dict]:
    """Train one (method, seed) run; returns (result, weights) with result JSON-ready (io.to_jsonable) and
    weights = {"initial": x_0, "final": x_T} as flat float32 arrays."""
    start = time.perf_counter()
    run = MoGRun(s)
    initial = run.weights()
    evals, snapshots, prev, train_s = [], {}, 0, 0.0
    for step in s.eval_steps():
        t0 = time.perf_counter()
        d_loss, g_loss = run.train(step - prev)
        train_s += time.perf_counter() - t0
        prev = step
        x = run.samples()
        m = {"step": step, **run.metrics(x), "d_loss": d_loss, "g_loss": g_loss}
        evals.append(m)
        if step in s.snapshots:
            snapshots[str(step)] = np.round(x, 5)
        if log and (step in s.snapshots or step == s.steps):
            log(f"{s.method} seed {s.seed} step {step}: modes {m['modes_covered']}/8 hq {m['hq_fraction']:.3f} "
                f"energy {m['energy_distance']:.4f}")
    settings = {k: v for k, v in asdict(s).items() if k != "setting"}
    result = {
        "settings": settings, "model": asdict(run.setting),
        "metric_definitions": {"quality_k": s.quality_k, "quality_radius": s.quality_k * run.setting.std,
                               "covered_min_share": mog_metrics.MIN_SHARE,
                               "distance": "squared energy distance (V-statistic) to the target sample"},
        "n_parameters": int(initial.size),
        "evals": evals,
        "snapshots": snapshots,
        "target_sample": np.round(run.reference, 5),
        "train_seconds": train_s,
        "seconds_per_step": train_s / s.steps,
        "elapsed_s": time.perf_counter() - start,
    }
    return result, {"initial": initial, "final": run.weights()}
