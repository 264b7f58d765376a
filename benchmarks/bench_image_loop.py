"""Per-step cost of the compiled training loop of images/step_loop.py against the bare optimizer step, in one process.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_image_loop.py [--blocks 5 --steps 10 --paper-steps 1]
        [--widths paper,cpu --archs dcgan3_nobn,dcgan4_nobn --methods conopt,simga]

Goal: the loop adds under 2 % over the bare step, so that on a GPU, where the small cifar-10 networks take a few ms
a step, the device is not left waiting for the host between steps.

Variants, per configuration (width x architecture x method; "paper": f=64, batch 64; "cpu": f=16, batch 32; both
32x32 digits stand-in images through `data.batches`, z 256, ConOpt gamma 10):
  bare: one `opt.step` on a fixed batch per call from Python (opt.step is one tf.function): the floor;
  loop: `step_loop.StepLoop.run(steps)`, one call per block: batches from the tf.data iterator inside the graph, z per
        step, finiteness of losses and weights, float64 interval statistics, per-step summaries to a writer;
  old:  the per-step path train.py had before the loop: a tf.function step (batch and z in, opt.step, step + 1,
        weight check) per call, next(iterator) in Python, float() of the losses, a summary per scalar from Python.
Timing blocks alternate between the variants (in a rotating order) so machine load hits all alike; the median
block counts. Each block records wall time and the process's CPU time (the work done, steadier on a machine shared
with other jobs; it includes the tf.data threads, which the fixed-batch floor does not have).

Measured (2 shared cores, no GPU; --blocks 5 --steps 10 --paper-steps 1: 9.7 min), ms per step, wall / CPU:
                            bare             loop             old         loop/bare     old/bare
  paper dcgan3_nobn conopt  1712 /  3330     1690 /  3310     1793 /  3503  0.99 / 0.99   1.05 / 1.05
  paper dcgan3_nobn simga    647 /  1253      638 /  1238      667 /  1286  0.99 / 0.99   1.03 / 1.03
  paper dcgan4_nobn conopt 11022 / 21642    11445 / 22438    11153 / 21825  1.04 / 1.04   1.01 / 1.01
  paper dcgan4_nobn simga   4275 /  8405     4223 /  8311     4325 /  8506  0.99 / 0.99   1.01 / 1.01
  cpu   dcgan3_nobn conopt  92.2 / 178.3     91.2 / 177.3    100.9 / 190.5  0.99 / 0.99   1.09 / 1.07
  cpu   dcgan3_nobn simga   34.3 /  63.0     30.9 /  59.6     33.6 /  61.0  0.90 / 0.95   0.98 / 0.97
  cpu   dcgan4_nobn conopt 158.7 / 308.3    172.1 / 337.1    178.6 / 340.6  1.09 / 1.09   1.13 / 1.11
  cpu   dcgan4_nobn simga   63.5 / 120.8     65.1 / 126.8     70.3 / 132.5  1.03 / 1.05   1.11 / 1.10
Block-to-block noise on this machine is +-5-9 %, larger than the effect: the loop is within noise of the bare step
(median ratio over the 8 configurations 0.99 wall, 0.99 CPU; old path 1.04 / 1.04). With more blocks (paper
dcgan3_nobn, --blocks 9 --paper-steps 2): loop/bare 1.00 / 1.00 (conopt), 1.02 / 1.01 (simga); old/bare 1.00 / 1.01
and 1.01 / 1.01. What the loop adds by construction is small: the per-step weight check (also in the old path)
costs 2-4 ms at paper width (< 0.5 %) and ~0.6 ms at cpu width (~1-2 % of a SimGA step; per-op overhead of ~30 small
kernels); statistics and summaries are a few scalar ops. On a GPU the old path's per-step host round trip (next(),
float(), a Python summary) is what the loop removes; the loop keeps one in-graph device->host read per step (the
finiteness test that ends the loop), no Python.
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time

import tensorflow as tf

from consensus_optimization import objectives
from numerics_of_gans.images import data, models
from numerics_of_gans.images.step_loop import StepLoop
from consensus_optimization.optimizers import make_optimizer

SIZE, Z, GAMMA = 32, 256, 10.0
WIDTHS = {"paper": (64, 64), "cpu": (16, 32)}   # name: (f, batch)


def _parts(arch: str, method: str, f: int, batch: int):
    g, d = models.build_pair(arch, f, SIZE, 3, Z, seed=0)
    opt = make_optimizer(method, learning_rate=1e-4, gamma=GAMMA)
    it = iter(data.batches(data.source("digits"), batch, seed=0, shuffle_buffer=2000))
    return g, d, opt, it, tf.Variable(0, dtype=tf.int64)


def bare(arch: str, method: str, f: int, batch: int):
    g, d, opt, _, _ = _parts(arch, method, f, batch)
    real = tf.Variable(tf.random.stateless_uniform([batch, SIZE, SIZE, 3], seed=[0, 1], minval=-1, maxval=1))
    z = tf.Variable(tf.random.stateless_normal([batch, Z], seed=[0, 2]))

    def loss_fn():
        return objectives.losses("standard", d(real, training=True), d(g(z, training=True), training=True))

    def run(steps: int) -> None:
        for _ in range(steps):
            out = opt.step(loss_fn, d.trainable_variables, g.trainable_variables)
        float(out["d_loss"])   # wait for the last step
    return run


def loop(arch: str, method: str, f: int, batch: int):
    g, d, opt, it, step = _parts(arch, method, f, batch)
    compiled = StepLoop(opt, g, d, it, step, objective="standard", z_dim=Z, seed=0)
    writer = tf.summary.create_file_writer(tempfile.mkdtemp(prefix="bench_loop_"))
    return lambda steps: compiled.run(steps, writer)


def old(arch: str, method: str, f: int, batch: int):
    g, d, opt, it, step = _parts(arch, method, f, batch)
    real, z = tf.Variable(tf.zeros([batch, SIZE, SIZE, 3])), tf.Variable(tf.zeros([batch, Z]))
    writer = tf.summary.create_file_writer(tempfile.mkdtemp(prefix="bench_old_"))
    d_vars, g_vars, all_vars = d.trainable_variables, g.trainable_variables, g.weights + d.weights

    def loss_fn():
        return objectives.losses("standard", d(real, training=True), d(g(z, training=True), training=True))

    @tf.function
    def train_step(b):
        real.assign(b)
        z.assign(tf.random.stateless_normal([batch, Z], seed=tf.stack([step, 1])))
        scalars = opt.step(loss_fn, d_vars, g_vars)
        step.assign_add(1)
        return scalars, tf.reduce_all([tf.reduce_all(tf.math.is_finite(v)) for v in all_vars])

    def run(steps: int) -> None:
        for _ in range(steps):
            scalars, finite = train_step(next(it))
            values = {k: float(v) for k, v in scalars.items()}
            assert bool(finite)
            with writer.as_default(step=int(step)):
                for k, v in values.items():
                    tf.summary.scalar(f"step/{k}", v)
    return run


def measure(arch: str, method: str, width: str, blocks: int, steps: int) -> dict:
    f, batch = WIDTHS[width]
    runners = {name: make(arch, method, f, batch) for name, make in (("bare", bare), ("loop", loop), ("old", old))}
    for run in runners.values():
        run(2)   # trace, compile, warm up
    wall, cpu = {n: [] for n in runners}, {n: [] for n in runners}
    names = list(runners)
    for block in range(blocks):
        for name in names[block % 3:] + names[:block % 3]:   # rotated: no variant always follows the same one
            run, t, c = runners[name], time.perf_counter(), time.process_time()
            run(steps)
            wall[name].append((time.perf_counter() - t) / steps)
            cpu[name].append((time.process_time() - c) / steps)
    return {n: (statistics.median(wall[n]), statistics.median(cpu[n])) for n in runners}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--blocks", type=int, default=5)
    parser.add_argument("--steps", type=int, default=10, help="steps per block at cpu width")
    parser.add_argument("--paper-steps", type=int, default=1, help="steps per block at paper width (slow on CPU)")
    parser.add_argument("--widths", default="paper,cpu")
    parser.add_argument("--archs", default="dcgan3_nobn,dcgan4_nobn")
    parser.add_argument("--methods", default="conopt,simga")
    args = parser.parse_args()
    rows = []
    for width in args.widths.split(","):
        for arch in args.archs.split(","):
            for method in args.methods.split(","):
                steps = args.paper_steps if width == "paper" else args.steps
                t = time.perf_counter()
                res = measure(arch, method, width, args.blocks, steps)
                (bw, bc), (lw, lc), (ow, oc) = res["bare"], res["loop"], res["old"]
                rows.append(f"{width:5s} {arch:11s} {method:6s}  bare {bw * 1e3:7.1f} / {bc * 1e3:7.1f}  "
                            f"loop {lw * 1e3:7.1f} / {lc * 1e3:7.1f}  old {ow * 1e3:7.1f} / {oc * 1e3:7.1f}  "
                            f"loop/bare {lw / bw:.3f} / {lc / bc:.3f}  old/bare {ow / bw:.3f} / {oc / bc:.3f}")
                print(rows[-1] + f"   ({time.perf_counter() - t:.0f} s)", flush=True)
    print(f"\nms per step, wall / CPU (median of {args.blocks} blocks); threads intra/inter: "
          f"{tf.config.threading.get_intra_op_parallelism_threads()}/"
          f"{tf.config.threading.get_inter_op_parallelism_threads()} (0 = all cores)")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
