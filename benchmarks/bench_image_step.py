"""ConOpt vs SimGA step time on dcgan3_nobn (f=64, batch 64, 32x32, z 256) in one process (issue 4, "Speed").

    PYTHONPATH=src .venv/bin/python benchmarks/bench_image_step.py [--blocks 5 --steps 5]

Variants: {simga, conopt} x {tf.function, tf.function + XLA (jit_compile)} on a fixed batch, and the same
tf.function step fed from the tf.data pipeline (digits stand-in; the batch is copied into the step's input
variable). Timing blocks alternate between variants so machine load hits all alike; the median block counts.
Prints seconds per step and the ratios ConOpt/SimGA, XLA/plain and with-data/fixed-batch.
"""
from __future__ import annotations

import argparse
import statistics
import time

import tensorflow as tf

from numerics_of_gans import objectives
from numerics_of_gans.images import data, models
from numerics_of_gans.optimizers import make_optimizer

F, SIZE, BATCH, Z = 64, 32, 64, 256


def make_runner(method: str, jit: bool, with_data: bool):
    g, d = models.build_pair("dcgan3_nobn", F, SIZE, 3, Z, seed=0)
    real = tf.Variable(tf.random.stateless_uniform([BATCH, SIZE, SIZE, 3], seed=[0, 1], minval=-1, maxval=1))
    z = tf.Variable(tf.random.stateless_normal([BATCH, Z], seed=[0, 2]))

    def loss_fn():
        return objectives.losses("standard", d(real, training=True), d(g(z, training=True), training=True))
    opt = make_optimizer(method, learning_rate=1e-4, gamma=10.0, jit_compile=jit)
    d_vars, g_vars = d.trainable_variables, g.trainable_variables
    if not with_data:
        return lambda: opt.step(loss_fn, d_vars, g_vars)
    it = iter(data.batches(data.source("digits"), BATCH, seed=0, shuffle_buffer=2000))

    @tf.function
    def step_with(batch):
        real.assign(batch)
        return opt.step(loss_fn, d_vars, g_vars)
    opt.build(d_vars, g_vars)
    return lambda: step_with(next(it))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--blocks", type=int, default=5)
    parser.add_argument("--steps", type=int, default=5)
    args = parser.parse_args()
    variants = {f"{m}{'_xla' if jit else ''}{'_data' if dt else ''}": (m, jit, dt)
                for m in ("simga", "conopt") for jit, dt in ((False, False), (True, False), (False, True))}
    runners = {}
    for name, spec in variants.items():
        runners[name] = make_runner(*spec)
        t = time.perf_counter()
        [float(runners[name]()["d_loss"]) for _ in range(2)]   # trace + compile + warm up
        print(f"{name}: first two steps (incl. compile) {time.perf_counter() - t:.1f} s", flush=True)
    blocks = {n: [] for n in runners}
    for _ in range(args.blocks):
        for name, run in runners.items():
            t = time.perf_counter()
            for _ in range(args.steps):
                out = run()
            float(out["d_loss"])                                       # wait for the last step
            blocks[name].append((time.perf_counter() - t) / args.steps)
    sec = {n: statistics.median(b) for n, b in blocks.items()}
    print(f"\nthreads intra/inter: {tf.config.threading.get_intra_op_parallelism_threads()}/"
          f"{tf.config.threading.get_inter_op_parallelism_threads()} (0 = all cores)")
    for n, v in sec.items():
        print(f"{n:18s} {v * 1000:8.1f} ms/step")
    print(f"\nConOpt/SimGA (tf.function, fixed batch): {sec['conopt'] / sec['simga']:.2f}  (issue 4 asks <= 2.5)")
    print(f"ConOpt/SimGA (XLA):                      {sec['conopt_xla'] / sec['simga_xla']:.2f}")
    print(f"ConOpt/SimGA (with data):                {sec['conopt_data'] / sec['simga_data']:.2f}")
    print(f"XLA/plain: simga {sec['simga_xla'] / sec['simga']:.2f}, conopt {sec['conopt_xla'] / sec['conopt']:.2f}")
    print(f"with data/fixed batch: simga {sec['simga_data'] / sec['simga']:.2f}, "
          f"conopt {sec['conopt_data'] / sec['conopt']:.2f}")


if __name__ == "__main__":
    main()
