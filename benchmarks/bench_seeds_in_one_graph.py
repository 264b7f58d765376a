"""Would training several seeds of one cpu-scale run in one process and one graph buy the cpu scale more steps?
(issue 16: "find the speed, for example several seeds of one run trained in one process and one graph")

    PYTHONPATH=src .venv/bin/python benchmarks/bench_seeds_in_one_graph.py [--blocks 5 --steps 10]

For the networks whose cpu-scale verdicts want more steps (dcgan4_nobn, the constant-filter dcgan4_nobn_cf, the
celebA stand-in's resnet_cf; ConOpt, the dearest method), at the cpu scale's settings (config/scales/cpu.yaml:
image side, width, batch, z_dim; 3 channels), one thread as a cpu-scale job runs, process CPU time per step of:
  1x   one seed (one generator/discriminator pair, its own ConOpt step), batch B;
  3in1 three seeds in one tf.function (three pairs, three optimizers, no shared tensors), batch B each;
  1x3B one seed at batch 3B: the FLOPs of three seeds in kernels three times as large, the best case of any
       vectorisation of the seeds (grouped convolutions or vectorized_map add work on top of it).
Ratios printed: 3in1 / (3 x 1x) and 1x3B / (3 x 1x); below 1 is a saving.
Measured (2 cores, one thread, 2026-11-30), ms per step 1x / 3in1 / 1x3B and the two ratios:
  dcgan4_nobn     87.3 / 275.4 / 243.6   3in1 1.05   1x3B 0.93
  dcgan4_nobn_cf  32.2 /  93.3 /  84.7   3in1 0.97   1x3B 0.88
  resnet_cf       62.3 / 181.7 / 173.4   3in1 0.97   1x3B 0.93
The step is compute-bound even at 16x16: three seeds in one graph save 0-3 %, and no fusion of them can save more
than 7-12 %, far from the 1.5x that 3000 steps instead of 2000 would need (dcgan4_nobn ConOpt alone is a third of
the cpu scale's image training). Not built; the cpu scale keeps 2000 steps (README, "What the cpu scale shows").
"""
from __future__ import annotations

import argparse
import statistics
import time

import tensorflow as tf

from consensus_optimization import objectives
from numerics_of_gans import config
from numerics_of_gans.images import models
from consensus_optimization.optimizers import make_optimizer

ARCHS = ("dcgan4_nobn", "dcgan4_nobn_cf", "resnet_cf")
CHANNELS = 3
SEEDS = 3


def one_step(arch: str, seed: int, batch: int, s: dict):
    """A ConOpt step of one seed's pair on a fixed random batch, as images/train.py builds it."""
    g, d = models.build_pair(arch, s["width"], s["size"], CHANNELS, s["z_dim"], seed=seed)
    real = tf.Variable(tf.random.stateless_uniform([batch, s["size"], s["size"], CHANNELS], seed=[seed, 1],
                                                   minval=-1, maxval=1))
    z = tf.Variable(tf.random.stateless_normal([batch, s["z_dim"]], seed=[seed, 2]))

    def loss_fn():
        return objectives.losses(s["objective"], d(real, training=True), d(g(z, training=True), training=True))
    opt = make_optimizer("conopt", learning_rate=s["lr"], gamma=s["gamma"])
    d_vars, g_vars = d.trainable_variables, g.trainable_variables
    opt.build(d_vars, g_vars)
    return lambda: opt.step(loss_fn, d_vars, g_vars)["d_loss"]


def runner(arch: str, seeds_and_batches, s: dict):
    steps = [one_step(arch, seed, batch, s) for seed, batch in seeds_and_batches]

    @tf.function
    def run():
        return [step() for step in steps]
    return run


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--blocks", type=int, default=5)
    parser.add_argument("--steps", type=int, default=10)
    args = parser.parse_args()
    tf.config.threading.set_intra_op_parallelism_threads(1)    # a cpu-scale training job: threads 1
    tf.config.threading.set_inter_op_parallelism_threads(1)
    s = config.resolve({"scale": "cpu"})["images"]["common"]
    b = s["batch_size"]
    print(f"cpu scale: {s['size']}x{s['size']}, width {s['width']}, batch {b}, z_dim {s['z_dim']}; ConOpt; "
          f"process CPU ms per step, median of {args.blocks} blocks of {args.steps} steps")
    for arch in ARCHS:
        variants = {"1x": runner(arch, [(0, b)], s), "3in1": runner(arch, [(i, b) for i in range(SEEDS)], s),
                    "1x3B": runner(arch, [(0, SEEDS * b)], s)}
        for run in variants.values():
            [run() for _ in range(3)]                              # trace and warm up
        blocks = {n: [] for n in variants}
        for _ in range(args.blocks):                               # alternate variants: load hits all alike
            for name, run in variants.items():
                c = time.process_time()
                for _ in range(args.steps):
                    out = run()
                float(out[0])
                blocks[name].append((time.process_time() - c) / args.steps)
        ms = {n: 1000 * statistics.median(v) for n, v in blocks.items()}
        print(f"{arch:15s} 1x {ms['1x']:6.1f}  3in1 {ms['3in1']:6.1f}  1x3B {ms['1x3B']:6.1f}   "
              f"3in1/(3 x 1x) {ms['3in1'] / (SEEDS * ms['1x']):.2f}   1x3B/(3 x 1x) {ms['1x3B'] / (SEEDS * ms['1x']):.2f}",
              flush=True)


if __name__ == "__main__":
    main()
