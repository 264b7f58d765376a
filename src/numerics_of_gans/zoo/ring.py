"""The zoo's methods on the paper's 8-Gaussian ring (Section 5, Figure 2; claim E2's setting and metrics).

One job trains one (method, hyperparameter value) for every seed (ring_settings.job). Each seed is the E2 run of the
same seed (numerics_of_gans.mog.train): the same initial networks, the same stateless minibatch of every step, the
same fixed evaluation latents and target sample, the same metrics (mog.metrics), evaluated at half the steps and at
the end (E2 compares those two snapshots).

Speed: the ring's networks have 2003 parameters and a step costs about a millisecond on one core, so several seeds
are trained in one graph: every variable gets a leading seed axis, the loss is the sum of the seeds' losses, and a
method whose update of a sum of independent games is each game's own update (ring_settings.COUPLED are not) gives
each seed exactly its own run (up to float32 rounding; tested against mog.train). Measured on one core (2026-12-07,
300 steps): 5 seeds in one graph cost 3.3x one seed for SimGA (2.12 against 0.64 ms a step) and 3.0x for ConOpt
(5.01 against 1.65), not 5x: the lever is 1.5-1.7x, since at batch 512 the step is partly compute-bound.
"""
from __future__ import annotations

import time

import numpy as np
import tensorflow as tf

from consensus_optimization import objectives
from consensus_optimization.optimizers import make_optimizer
from numerics_of_gans.mog import metrics as mog_metrics, model as mog
from numerics_of_gans.mog.settings import MoGSetting
from numerics_of_gans.mog.train import DATA_SALT, EVAL_LATENT_SALT, EVAL_TARGET_SALT
from numerics_of_gans.zoo.sweeps import hyper_kwargs

CHUNK = 2000          # steps per compiled call between progress lines


def _stacked_mlp(params: list, x: tf.Tensor) -> tf.Tensor:
    """mog.apply_mlp with a leading seed axis: params [S, a, b] and [S, b], x [S, n, a]."""
    n = len(params) // 2
    for i in range(n):
        x = tf.matmul(x, params[2 * i]) + params[2 * i + 1][:, None, :]
        if i < n - 1:
            x = tf.nn.relu(x)
    return x


class StackedRing:
    """The E2 runs of `seeds` as one model: variables with a leading seed axis, one optimizer, one compiled loop."""

    def __init__(self, job: dict, seeds: list[int], setting: MoGSetting = MoGSetting()):
        self.seeds, n = list(seeds), job["batch_size"]
        self.g_vars = self._stack([mog.build_generator(setting, s) for s in self.seeds], "g")
        self.d_vars = self._stack([mog.build_discriminator(setting, s) for s in self.seeds], "d")
        self.real = tf.Variable(tf.zeros([len(seeds), n, 2]), trainable=False)
        self.z = tf.Variable(tf.zeros([len(seeds), n, setting.z_dim]), trainable=False)
        hyper = job["hyper"] or {}
        kwargs = {"gamma": job["gamma"], **hyper_kwargs(hyper.get("name"), hyper.get("value"))}
        self.opt = make_optimizer(job["method"], learning_rate=job["learning_rate"], **kwargs)
        self.opt.build(self.d_vars, self.g_vars)
        self.step_count = 0
        data_seeds = [tf.constant(s + DATA_SALT, tf.int64) for s in self.seeds]

        def loss_fn():
            # the sum over seeds of each seed's minibatch mean: its gradient is each seed's own gradient
            d_real = _stacked_mlp(self.d_vars, self.real)
            d_fake = _stacked_mlp(self.d_vars, _stacked_mlp(self.g_vars, self.z))
            d_loss, g_loss = objectives.per_example_losses(setting.objective, d_real, d_fake)
            return tuple(tf.reduce_sum(tf.reduce_mean(tf.reshape(x, [len(self.seeds), -1]), axis=1))
                         for x in (d_loss, g_loss))

        @tf.function
        def run(start, steps):
            for i in tf.range(steps):
                step = start + i
                self.real.assign(tf.stack([mog.sample_target(setting, n, tf.stack([d, 2 * step])) for d in data_seeds]))
                self.z.assign(tf.stack([mog.sample_latent(setting, n, tf.stack([d, 2 * step + 1]))
                                        for d in data_seeds]))
                self.opt.step(loss_fn, self.d_vars, self.g_vars)
            return steps

        self._run = run

    @staticmethod
    def _stack(models: list, name: str) -> list[tf.Variable]:
        return [tf.Variable(np.stack(w), name=f"{name}{i}") for i, w in enumerate(zip(*(m.get_weights() for m in models)))]

    def train(self, steps: int) -> None:
        if steps > 0:
            self._run(tf.constant(self.step_count, tf.int64), tf.constant(steps, tf.int64))
            self.step_count += steps

    def samples(self, latents: np.ndarray) -> np.ndarray:
        """Generator samples [S, n, 2] of each seed's latents [S, n, z_dim]."""
        return _stacked_mlp(self.g_vars, tf.constant(latents, tf.float32)).numpy()

    def weights(self, index: int) -> np.ndarray:
        """Seed `index`'s flat parameter vector in mog.train.MoGRun.weights' order (generator, then discriminator)."""
        return np.concatenate([v.numpy()[index].ravel() for v in self.g_vars + self.d_vars])


def eval_steps(steps: int) -> list[int]:
    """The snapshots E2 compares: half the steps and the end."""
    return sorted({steps // 2, steps})


def _metrics(samples: np.ndarray, step: int, reference: np.ndarray, reference_self: float, setting: MoGSetting,
             k: float) -> dict:
    m = mog_metrics.sample_metrics(samples, mog.target_means(setting), setting.std, reference, k=k,
                                   reference_self=reference_self)
    return {"step": step, **{key: m[key] for key in ("modes_covered", "hq_fraction", "energy_distance", "occupancy",
                                                      "finite_fraction")}}


def train_job(job: dict, log=print, setting: MoGSetting = MoGSetting()) -> dict:
    """Train every seed of one ring job; returns the run (JSON-ready with io.to_jsonable): per seed the evaluations
    at eval_steps and the final samples, and the training time per step of all its seeds together."""
    start = time.perf_counter()
    groups = [job["seeds"]] if job["stacked"] else [[s] for s in job["seeds"]]
    reference = mog.sample_target(setting, job["eval_samples"], [EVAL_TARGET_SALT, 0]).numpy()
    reference_self = mog_metrics.mean_pairwise_distance(reference, reference)
    per_seed, train_s = {}, 0.0
    for seeds in groups:
        ring = StackedRing(job, seeds, setting)
        latents = np.stack([mog.sample_latent(setting, job["eval_samples"], [EVAL_LATENT_SALT, s]).numpy()
                            for s in seeds])
        evals = {s: [] for s in seeds}
        for target in eval_steps(job["steps"]):
            while ring.step_count < target:
                t0 = time.perf_counter()
                ring.train(min(CHUNK, target - ring.step_count))
                train_s += time.perf_counter() - t0
                log(f"{job['label']} v{job['value_index']} seeds {seeds}: step {ring.step_count}/{job['steps']}")
            samples = ring.samples(latents)
            for i, s in enumerate(seeds):
                evals[s].append(_metrics(samples[i], target, reference, reference_self, setting, job["quality_k"]))
        for i, s in enumerate(seeds):
            final = evals[s][-1]
            per_seed[str(s)] = {"evals": evals[s], "samples": np.round(samples[i], 4),
                                "finite": bool(np.all(np.isfinite(samples[i])))}
            log(f"{job['label']} v{job['value_index']} seed {s}: modes {final['modes_covered']}/8 "
                f"hq {final['hq_fraction']:.3f} energy {final['energy_distance']:.4g}")
    return {**{k: job[k] for k in ("label", "method", "hyper", "value_index")}, "settings": job,
            "seeds": per_seed, "train_seconds": train_s, "seconds_per_step": train_s / job["steps"],
            "elapsed_s": time.perf_counter() - start}
