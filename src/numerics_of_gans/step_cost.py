"""Cost per step of ConOpt against SimGA (and AltGA), measured in one process: claim C1 (Section 4.1, fn. 3).

Each method trains its own copy of the same model from the same initialisation. Timing blocks alternate between
the methods (simga, altga, conopt, simga, ...) so a change of machine load hits all of them alike; a block is one
call of a compiled loop of `timed_steps` steps drawing a fresh minibatch every step; the median block counts.
"""
from __future__ import annotations

import statistics
import time
from typing import Callable

import tensorflow as tf

from numerics_of_gans.optimizers import make_optimizer

METHODS = ("simga", "altga", "conopt")


def _mog_trainer(method: str, seed: int) -> Callable[[int], None]:
    """A compiled loop of n MoG training steps with the paper's setting (SETUP.md, "Mixture of Gaussians")."""
    from numerics_of_gans import mog

    setting = mog.MoGSetting()
    generator, discriminator = mog.build_generator(setting, seed), mog.build_discriminator(setting, seed)
    real = tf.Variable(tf.zeros([setting.batch_size, 2]), trainable=False)
    z = tf.Variable(tf.zeros([setting.batch_size, setting.z_dim]), trainable=False)
    loss_fn = mog.make_loss_fn(setting, generator, discriminator, real, z)
    opt = make_optimizer(method, learning_rate=1e-4, gamma=10.0)
    d_vars, g_vars = discriminator.trainable_variables, generator.trainable_variables
    opt.build(d_vars, g_vars)
    counter = tf.Variable(0, dtype=tf.int64, trainable=False)

    @tf.function
    def run(n):
        for _ in tf.range(n):
            counter.assign_add(1)
            real.assign(mog.sample_target(setting, setting.batch_size, tf.stack([counter, tf.constant(seed, tf.int64)])))
            z.assign(mog.sample_latent(setting, setting.batch_size, tf.stack([counter, tf.constant(seed + 1, tf.int64)])))
            opt.step(loss_fn, d_vars, g_vars)

    return lambda n: run(tf.constant(n, tf.int64))


TRAINERS = {"mog": _mog_trainer}


def measure(model: str, warmup_steps: int, timed_steps: int, repeats: int, seed: int = 0) -> dict:
    """Median seconds per step of each method and the ratios to SimGA, from interleaved timing blocks."""
    if model not in TRAINERS:
        raise ValueError(f"model: unknown {model!r}; allowed: {', '.join(TRAINERS)}")
    trainers = {m: TRAINERS[model](m, seed) for m in METHODS}
    for run in trainers.values():
        run(max(warmup_steps, 1))   # the first call traces and compiles
    blocks: dict[str, list[float]] = {m: [] for m in METHODS}
    for _ in range(repeats):
        for method, run in trainers.items():
            start = time.perf_counter()
            run(timed_steps)
            blocks[method].append((time.perf_counter() - start) / timed_steps)
    per_step = {m: statistics.median(b) for m, b in blocks.items()}
    return {
        "model": model,
        "methods": list(METHODS),
        "warmup_steps": warmup_steps, "timed_steps": timed_steps, "repeats": repeats, "seed": seed,
        "seconds_per_step": per_step,
        "block_seconds_per_step": blocks,
        "ratio_to_simga": {m: per_step[m] / per_step["simga"] for m in METHODS},
        "threads": {"intra_op": tf.config.threading.get_intra_op_parallelism_threads(),
                    "inter_op": tf.config.threading.get_inter_op_parallelism_threads()},
    }
