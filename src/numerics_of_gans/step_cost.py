"""Cost per step of ConOpt against SimGA (and AltGA), measured in one process: claim C1 (Section 4.1, fn. 3).

Models: `mog` (the MoG networks at the paper's setting, every scale) and `dcgan` (an image architecture of
images/models.py at a configured width and batch, config `step_cost.dcgan`; cpu and paper scale). Each method trains its own copy of the same model from the same initialisation. Timing blocks alternate between
the methods (simga, altga, conopt, simga, ...) so a change of machine load hits all of them alike; a block is one
call of a compiled loop of `timed_steps` steps drawing a fresh minibatch every step; the median block counts.
"""
from __future__ import annotations

import statistics
import time
from typing import Callable

import tensorflow as tf

from numerics_of_gans import devices
from consensus_optimization.optimizers import make_optimizer

METHODS = ("simga", "altga", "conopt")


def _compiled_loop(method: str, loss_fn, discriminator, generator, feed) -> Callable[[int], None]:
    """n optimizer steps in one compiled loop; `feed(counter)` assigns the step's inputs (a function of the step
    number only, so every method sees the same minibatches). gamma 10 for the consensus methods."""
    opt = make_optimizer(method, learning_rate=1e-4, gamma=10.0)
    d_vars, g_vars = discriminator.trainable_variables, generator.trainable_variables
    opt.build(d_vars, g_vars)
    counter = tf.Variable(0, dtype=tf.int64, trainable=False)

    @tf.function
    def run(n):
        for _ in tf.range(n):
            counter.assign_add(1)
            feed(counter)
            opt.step(loss_fn, d_vars, g_vars)
        return counter.read_value()

    return lambda n: int(run(tf.constant(n, tf.int64)))   # int(): wait until the device has finished


def _mog_trainer(method: str, seed: int) -> Callable[[int], None]:
    """MoG training steps with the paper's setting (docs/setup.md, "Mixture of Gaussians")."""
    from numerics_of_gans.mog import model as mog

    setting = mog.MoGSetting()
    generator, discriminator = mog.build_generator(setting, seed), mog.build_discriminator(setting, seed)
    real = tf.Variable(tf.zeros([setting.batch_size, 2]), trainable=False)
    z = tf.Variable(tf.zeros([setting.batch_size, setting.z_dim]), trainable=False)

    def feed(counter):
        real.assign(mog.sample_target(setting, setting.batch_size, tf.stack([counter, tf.constant(seed, tf.int64)])))
        z.assign(mog.sample_latent(setting, setting.batch_size, tf.stack([counter, tf.constant(seed + 1, tf.int64)])))
    return _compiled_loop(method, mog.make_loss_fn(setting, generator, discriminator, real, z), discriminator,
                          generator, feed)


def _dcgan_trainer(method: str, seed: int, arch: str, width: int, batch_size: int, z_dim: int,
                   image_size: int) -> Callable[[int], None]:
    """Image-GAN steps (standard objective) on one fixed random real batch in [-1, 1] and a fresh latent batch per
    step: the optimizer's cost without the input pipeline's."""
    from consensus_optimization import objectives
    from numerics_of_gans.images import models

    generator, discriminator = models.build_pair(arch, width, image_size, 3, z_dim, seed=seed)
    real = tf.random.stateless_uniform([batch_size, image_size, image_size, 3], seed=[seed, 1], minval=-1, maxval=1)
    z = tf.Variable(tf.zeros([batch_size, z_dim]), trainable=False)

    def loss_fn():
        return objectives.losses("standard", discriminator(real, training=True),
                                 discriminator(generator(z, training=True), training=True))

    def feed(counter):
        z.assign(tf.random.stateless_normal([batch_size, z_dim], seed=tf.stack([counter, tf.constant(seed, tf.int64)])))
    return _compiled_loop(method, loss_fn, discriminator, generator, feed)


TRAINERS = {"mog": _mog_trainer, "dcgan": _dcgan_trainer}
SETTINGS = {"mog": (), "dcgan": ("arch", "width", "batch_size", "z_dim", "image_size")}
TIMING = ("warmup_steps", "timed_steps", "repeats", "seed")


def measure(model: str, warmup_steps: int, timed_steps: int, repeats: int, seed: int = 0, **setting) -> dict:
    """Median seconds per step of each method and the ratios to SimGA, from interleaved timing blocks; `setting`:
    the model's own settings (the dcgan's arch, width, batch_size, z_dim, image_size). Wall time is the claim's
    quantity; the process CPU time per step is recorded too (on a shared CPU it varies less)."""
    if model not in TRAINERS:
        raise ValueError(f"model: unknown {model!r}; allowed: {', '.join(TRAINERS)}")
    if set(setting) != set(SETTINGS[model]):
        raise ValueError(f"params: {model} needs exactly {', '.join(SETTINGS[model] + TIMING) or 'no settings'}; "
                         f"got {', '.join(sorted(setting)) or 'none'} besides the timing")
    trainers = {m: TRAINERS[model](m, seed, **setting) for m in METHODS}
    for run in trainers.values():
        run(max(warmup_steps, 1))   # the first call traces and compiles
    blocks: dict[str, list[float]] = {m: [] for m in METHODS}
    cpu_blocks: dict[str, list[float]] = {m: [] for m in METHODS}
    for _ in range(repeats):
        for method, run in trainers.items():
            start, cpu_start = time.perf_counter(), time.process_time()
            run(timed_steps)
            blocks[method].append((time.perf_counter() - start) / timed_steps)
            cpu_blocks[method].append((time.process_time() - cpu_start) / timed_steps)
    per_step = {m: statistics.median(b) for m, b in blocks.items()}
    cpu_per_step = {m: statistics.median(b) for m, b in cpu_blocks.items()}
    return {
        "model": model,
        "setting": setting,
        "methods": list(METHODS),
        "warmup_steps": warmup_steps, "timed_steps": timed_steps, "repeats": repeats, "seed": seed,
        "seconds_per_step": per_step,
        "block_seconds_per_step": blocks,
        "ratio_to_simga": {m: per_step[m] / per_step["simga"] for m in METHODS},
        "cpu_seconds_per_step": cpu_per_step,
        "cpu_ratio_to_simga": {m: cpu_per_step[m] / cpu_per_step["simga"] for m in METHODS},
        "devices": devices.describe(),
        "threads": {"intra_op": tf.config.threading.get_intra_op_parallelism_threads(),
                    "inter_op": tf.config.threading.get_inter_op_parallelism_threads()},
    }
