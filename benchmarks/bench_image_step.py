"""ConOpt vs SimGA step time on dcgan3_nobn (f=64, batch 64, 32x32, z 256) in one process (issue 4, "Speed").

    PYTHONPATH=src .venv/bin/python benchmarks/bench_image_step.py [--blocks 5 --steps 5] [--xla]

Variants: {simga, conopt} x {tf.function on a fixed batch, the same fed from the tf.data pipeline (digits
stand-in; the batch is copied into the step's input variable)}, and with --xla the fixed-batch step compiled by XLA
(jit_compile; 6-7x slower than plain on this CPU, and most of the run time, hence opt-in). Timing blocks alternate
between variants so machine load hits all alike; the median block counts. Each block records wall time and the
process's CPU time: on a machine shared with other jobs the wall time swings by +-20 %, the CPU time (the work
done) by a few %, so both ratios are printed.

It also counts the convolution and matmul FLOPs of the ops that one compiled step actually runs (the graph pruned
to what its outputs and variable updates need): the floor of the ConOpt/SimGA ratio for an exact consensus step.
Measured (2 cores): 20 vs 60 large convolutions, ratio 2.99; CPU-time ratio 2.9-3.0, as the FLOPs predict.
"""
from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
import tensorflow as tf

from consensus_optimization import objectives
from consensus_optimization.games import as_tf_variables
from numerics_of_gans.images import data, models
from consensus_optimization.optimizers import make_optimizer

F, SIZE, BATCH, Z = 64, 32, 64, 256


def _flops(op: tf.Operation) -> int:
    """Multiply-adds x 2 of a convolution or matmul (0 for other ops)."""
    if op.type == "MatMul":
        (m, k), (k2, n) = op.inputs[0].shape, op.inputs[1].shape
        m, k = (k, m) if op.get_attr("transpose_a") else (m, k)
        n = k2 if op.get_attr("transpose_b") else n
        return 2 * m * k * n
    if op.type == "Conv2D":                                   # (input, filter) -> output
        return 2 * int(np.prod(op.outputs[0].shape)) * int(np.prod(op.inputs[1].shape[:3]))
    if op.type in ("Conv2DBackpropInput", "Conv2DBackpropFilter"):   # (.., .., out_backprop): output-sized work
        kernel = op.inputs[1].shape[:3] if op.type == "Conv2DBackpropInput" else op.outputs[0].shape[:3]
        return 2 * int(np.prod(op.inputs[2].shape)) * int(np.prod(kernel))
    return 0


def live_flops(graph) -> tuple[int, int]:
    """(FLOPs, number of conv/matmul ops) of the ops that the graph's outputs and side effects depend on."""
    todo = [t.op for t in graph.outputs] + list(graph.control_outputs)
    seen = set()
    while todo:
        op = todo.pop()
        if op.name in seen:
            continue
        seen.add(op.name)
        todo.extend([t.op for t in op.inputs] + list(op.control_inputs))
    counted = [_flops(graph.get_operation_by_name(n)) for n in seen]
    return sum(counted), sum(1 for c in counted if c)


def make_runner(method: str, jit: bool, with_data: bool):
    """(step callable, the traced graph of one raw step)."""
    g, d = models.build_pair("dcgan3_nobn", F, SIZE, 3, Z, seed=0)
    real = tf.Variable(tf.random.stateless_uniform([BATCH, SIZE, SIZE, 3], seed=[0, 1], minval=-1, maxval=1))
    z = tf.Variable(tf.random.stateless_normal([BATCH, Z], seed=[0, 2]))

    def loss_fn():
        return objectives.losses("standard", d(real, training=True), d(g(z, training=True), training=True))
    opt = make_optimizer(method, learning_rate=1e-4, gamma=10.0, jit_compile=jit)
    d_vars, g_vars = d.trainable_variables, g.trainable_variables
    opt.build(d_vars, g_vars)

    def graph():
        """The body that opt.step compiles, traced only (never run), for the FLOP count."""
        def raw():
            return opt._raw_step(loss_fn, as_tf_variables(d_vars), as_tf_variables(g_vars))  # noqa: SLF001
        return tf.function(raw, autograph=False).get_concrete_function().graph
    if not with_data:
        return (lambda: opt.step(loss_fn, d_vars, g_vars)), graph
    it = iter(data.batches(data.source("digits"), BATCH, seed=0, shuffle_buffer=2000))

    @tf.function
    def step_with(batch):
        real.assign(batch)
        return opt.step(loss_fn, d_vars, g_vars)
    return (lambda: step_with(next(it))), graph


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--blocks", type=int, default=5)
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--xla", action="store_true", help="also time the XLA-compiled steps (slow)")
    args = parser.parse_args()
    modes = ((False, False), (True, False), (False, True)) if args.xla else ((False, False), (False, True))
    variants = {f"{m}{'_xla' if jit else ''}{'_data' if dt else ''}": (m, jit, dt)
                for m in ("simga", "conopt") for jit, dt in modes}
    runners, flops = {}, {}
    for name, spec in variants.items():
        runners[name], graph = make_runner(*spec)
        if name in ("simga", "conopt"):
            flops[name] = live_flops(graph())
        t = time.perf_counter()
        [float(runners[name]()["d_loss"]) for _ in range(2)]   # trace + compile + warm up
        print(f"{name}: first two steps (incl. compile) {time.perf_counter() - t:.1f} s", flush=True)
    wall, cpu = {n: [] for n in runners}, {n: [] for n in runners}
    for _ in range(args.blocks):
        for name, run in runners.items():
            t, c = time.perf_counter(), time.process_time()
            for _ in range(args.steps):
                out = run()
            float(out["d_loss"])                                       # wait for the last step
            wall[name].append((time.perf_counter() - t) / args.steps)
            cpu[name].append((time.process_time() - c) / args.steps)
    sec = {n: statistics.median(b) for n, b in wall.items()}
    cpu_sec = {n: statistics.median(b) for n, b in cpu.items()}
    print(f"\nthreads intra/inter: {tf.config.threading.get_intra_op_parallelism_threads()}/"
          f"{tf.config.threading.get_inter_op_parallelism_threads()} (0 = all cores)")
    for n in runners:
        print(f"{n:18s} {sec[n] * 1000:8.1f} ms/step wall  {cpu_sec[n] * 1000:8.1f} ms/step CPU")
    for n, (fl, count) in flops.items():
        print(f"{n:18s} {fl / 1e9:8.2f} GFLOP/step in {count} conv/matmul ops")
    ratio = lambda a, b: f"wall {sec[a] / sec[b]:.2f}, CPU {cpu_sec[a] / cpu_sec[b]:.2f}"
    print(f"\nConOpt/SimGA (tf.function, fixed batch): {ratio('conopt', 'simga')}  (issue 4 asks <= 2.5)")
    print(f"ConOpt/SimGA conv+matmul FLOPs:          {flops['conopt'][0] / flops['simga'][0]:.2f}  "
          "(exact double backprop: the floor of the ratio)")
    print(f"ConOpt/SimGA (with data):                {ratio('conopt_data', 'simga_data')}")
    print(f"with data/fixed batch: simga {ratio('simga_data', 'simga')}; conopt {ratio('conopt_data', 'conopt')}")
    if args.xla:
        print(f"ConOpt/SimGA (XLA):                      {ratio('conopt_xla', 'simga_xla')}")
        print(f"XLA/plain: simga {ratio('simga_xla', 'simga')}; conopt {ratio('conopt_xla', 'conopt')}")


if __name__ == "__main__":
    main()
