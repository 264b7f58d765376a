"""Estimated compute of each image figure (Figures 4-14) at the paper scale, from step times measured on this CPU.

    cd /work/main && PYTHONPATH=src .venv/bin/python benchmarks/bench_paper_runs.py [--steps 3]

1. The paper-scale run matrix (config `images`, `scale: paper`): 43 distinct runs; `figure_runs` per figure.
2. One training step is timed per (arch, method kind, image size, width, batch, z_dim), built as images/train.py
   builds it (models.build_pair, objectives.losses, make_optimizer(...).step, compiled) on a fixed random batch in
   [-1, 1]: one warm-up call, then the median of `--steps` timed calls. Method kinds: simga; altga (two passes);
   consensus = conopt and smoothing (both double backprop; conopt is timed, the dearer of the two, so smoothing's
   estimate is an upper bound). The objective, lr and gamma do not change the graph's cost and are not timed.
3. Per run: CPU seconds = steps x step time + evaluations x one evaluation (times in process CPU seconds summed
   over the 2 threads, which hardly change when other processes share the cores; on idle cores a step's wall time
   lies between half of that and all of it, so the estimate is an upper bound for these 2 cores), evaluations = the steps at which
   train.py evaluates (every eval_every and the last step); one evaluation = generating eval_samples samples plus
   the Inception network on them at 299x299. TF-Hub is unreachable here, so Inception's cost is that of
   keras.applications.InceptionV3(weights=None) (the same network family, about 5.7 GFLOP per image) on a batch of
   64 random images resized to 299x299, per image, times eval_samples.
4. GPU hours = CPU hours / a CPU-to-GPU speed factor (an assumption, see GPU_SPEEDUP_*), shown as a range.
"""
from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import time
from dataclasses import dataclass

from numerics_of_gans.names import IMAGE_SIDES   # no TensorFlow: names.py imports nothing

THREADS = 2                 # the reference machine: 2 CPU cores
INCEPTION_SIZE = 299        # Inception-v3's input; images.inception.load_inception resizes samples to it
INCEPTION_BATCH = 64        # images.scores.PAPER_BATCH: the paper's evaluation batch
CHANNELS = 3
# Speed of one modern data-centre GPU (V100 / A100 class, fp32 or TF32) relative to these 2 CPU cores (AMD EPYC
# Zen 4, AVX-512), for the convnets trained here. Basis: on these cores TF reached about 60-100 GFLOP/s in the
# measured steps (dcgan4_nobn SimGA: ~47 GFLOP per step in 0.8 s; resnet_cf SimGA: ~1 TFLOP in 10 s; a 2048^2
# matmul: ~70 GFLOP/s; FLOPs from TF's profiler; measured once on the shared 2-core reference machine). A V100 /
# A100 peaks at 15.7 / 19.5 TFLOP/s fp32 (156 TF32); the small cifar-10 DCGANs (4-50 GFLOP per step at batch 64)
# are bound by kernel launches there (a few ms per step), so 20x-100x. The large workloads, batch-128 resnet_cf at
# 64x64 and Inception-v3, keep a GPU busy and likely run well above 100x, so the high-GPU-hours end is
# conservative for them (Figures 4 and 10). These are assumptions: no GPU was measured.
GPU_SPEEDUP_LOW = 20.0
GPU_SPEEDUP_HIGH = 100.0
METHOD_KIND = {"simga": "simga", "altga": "altga", "conopt": "consensus", "smoothing": "consensus"}
TIMED_METHOD = {"simga": "simga", "altga": "altga", "consensus": "conopt"}   # what stands for each kind


@dataclass(frozen=True)
class StepKey:
    """What a training step's cost depends on."""
    arch: str
    kind: str
    size: int
    width: int
    batch_size: int
    z_dim: int

    def label(self) -> str:
        return f"{self.arch}/{self.kind} {self.size}px f{self.width} b{self.batch_size}"


# -- pure arithmetic (tests/images/test_bench_paper_runs.py) ---------------------------------------------------
def method_kind(method: str) -> str:
    if method not in METHOD_KIND:
        raise ValueError(f"method: unknown {method!r}; allowed: {', '.join(METHOD_KIND)}")
    return METHOD_KIND[method]


def step_key(run) -> StepKey:
    return StepKey(run.arch, method_kind(run.method), IMAGE_SIDES[run.paper_dataset], run.width, run.batch_size,
                   run.z_dim)


def n_evaluations(steps: int, eval_every: int) -> int:
    """train.py evaluates at every multiple of eval_every and at the last step."""
    return steps // eval_every + (1 if steps % eval_every else 0)


def eval_seconds(n_samples: int, batch_size: int, gen_batch_s: float, inception_image_s: float) -> float:
    """One evaluation: ceil(n / batch) generator batches (train.py: batch = min(batch_size, n)), then Inception on
    every sample."""
    batch = min(batch_size, n_samples)
    return math.ceil(n_samples / batch) * gen_batch_s + n_samples * inception_image_s


def run_cpu_seconds(steps: int, step_s: float, evaluations: int, eval_s: float) -> float:
    return steps * step_s + evaluations * eval_s


def gpu_hours(cpu_seconds: float, speedup: float) -> float:
    if speedup <= 0:
        raise ValueError(f"speedup: expected > 0, got {speedup}")
    return cpu_seconds / 3600.0 / speedup


def figure_rows(figures: dict[str, list[str]], run_cpu_s: dict[str, float]) -> list[dict]:
    """Per figure: its distinct runs, how many of them another figure also needs, and its CPU seconds alone."""
    rows = []
    for fig, ids in figures.items():
        others = {i for f, o in figures.items() if f != fig for i in o}
        rows.append({"figure": fig, "runs": len(set(ids)), "shared": len(set(ids) & others),
                     "cpu_s": sum(run_cpu_s[i] for i in set(ids))})
    return rows


def fmt_hours(h: float) -> str:
    return f"{h:,.0f}" if h >= 10 else f"{h:.1f}"


# -- timing --------------------------------------------------------------------------------------------------
def _median_time(fn, repeats: int) -> tuple[float, float]:
    """Median (wall seconds, process CPU seconds over all threads) of `repeats` calls after one warm-up call. The
    CPU seconds barely change when other processes share the cores; the wall seconds do."""
    fn()                                                    # trace, compile, warm up
    wall, cpu = [], []
    for _ in range(repeats):
        t, c = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return statistics.median(wall), statistics.median(cpu)


def time_step(key: StepKey, repeats: int) -> tuple[float, float, float]:
    """(wall and CPU seconds per training step, CPU seconds per generator batch at sampling) for one StepKey."""
    import tensorflow as tf

    from consensus_optimization import objectives
    from numerics_of_gans.images import models
    from consensus_optimization.optimizers import make_optimizer
    g, d = models.build_pair(key.arch, key.width, key.size, CHANNELS, key.z_dim, seed=0)
    shape = [key.batch_size, key.size, key.size, CHANNELS]
    real = tf.Variable(tf.random.stateless_uniform(shape, seed=[0, 1], minval=-1, maxval=1), trainable=False)
    z = tf.Variable(tf.random.stateless_normal([key.batch_size, key.z_dim], seed=[0, 2]), trainable=False)

    def loss_fn():
        return objectives.losses("standard", d(real, training=True), d(g(z, training=True), training=True))
    opt = make_optimizer(TIMED_METHOD[key.kind], learning_rate=1e-4, gamma=10.0)
    d_vars, g_vars = d.trainable_variables, g.trainable_variables
    step_s, step_cpu = _median_time(lambda: float(opt.step(loss_fn, d_vars, g_vars)["d_loss"]), repeats)
    sample = tf.function(lambda: g(z, training=False))
    return step_s, step_cpu, _median_time(lambda: sample().numpy(), repeats)[1]


def time_inception(repeats: int) -> float:
    """CPU seconds per image of InceptionV3 (random weights) on 32x32 samples resized to 299x299, batch 64."""
    import keras
    import tensorflow as tf
    net = keras.applications.InceptionV3(weights=None, input_shape=(INCEPTION_SIZE, INCEPTION_SIZE, CHANNELS))
    images = tf.random.stateless_uniform([INCEPTION_BATCH, IMAGE_SIDES["cifar10"], IMAGE_SIDES["cifar10"], CHANNELS],
                                         seed=[0, 3], minval=-1, maxval=1)
    fn = tf.function(lambda x: net(tf.image.resize(x, [INCEPTION_SIZE, INCEPTION_SIZE]), training=False))
    return _median_time(lambda: fn(images).numpy(), repeats)[1] / INCEPTION_BATCH


# -- report --------------------------------------------------------------------------------------------------
def _step_times_cell(keys: list[StepKey], step_s: dict[StepKey, float]) -> str:
    if len(keys) <= 3:
        return "; ".join(f"{k.arch}/{k.kind} {step_s[k]:.2f}" for k in keys)
    ts = [step_s[k] for k in keys]
    return f"{min(ts):.2f}-{max(ts):.2f} ({len(keys)} kinds)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=3, help="timed steps per (arch, method kind), after a warm-up")
    parser.add_argument("--inception-batches", type=int, default=3)
    args = parser.parse_args()
    import tensorflow as tf
    tf.config.threading.set_intra_op_parallelism_threads(THREADS)
    tf.config.threading.set_inter_op_parallelism_threads(THREADS)
    from numerics_of_gans.config import resolve
    from numerics_of_gans.images.runs import all_runs, figure_runs

    cfg = resolve({"scale": "paper"})["images"]
    runs = all_runs(cfg)
    figures = {f: [r.run_id for r in figure_runs(cfg, f)] for f in cfg["figures"]}
    keys = sorted({step_key(r) for r in runs.values()}, key=lambda k: (k.size * k.width * k.batch_size, k.arch, k.kind))
    log = lambda msg: print(msg, file=sys.stderr, flush=True)
    started, load_start = time.perf_counter(), os.getloadavg()[0]
    inception_s = time_inception(args.inception_batches)
    log(f"inception: {inception_s * 1000:.1f} ms/image ({time.perf_counter() - started:.0f} s so far)")
    step_s, step_cpu, gen_s = {}, {}, {}
    for key in keys:
        step_s[key], step_cpu[key], gen_s[key] = time_step(key, args.steps)
        log(f"{key.label()}: {step_cpu[key]:.3f} core-s/step, {step_s[key]:.3f} s wall ({time.perf_counter() - started:.0f} s so far)")

    run_s = {}
    for rid, r in runs.items():
        k = step_key(r)
        ev = eval_seconds(r.eval_samples, r.batch_size, gen_s[k], inception_s)
        run_s[rid] = run_cpu_seconds(r.steps, step_cpu[k], n_evaluations(r.steps, r.eval_every), ev)

    print("ESTIMATES from CPU timings (no GPU measured); GPU hours = CPU hours / an assumed speed-up of "
          f"{GPU_SPEEDUP_LOW:g}x-{GPU_SPEEDUP_HIGH:g}x (see GPU_SPEEDUP_* in this script).")
    print(f"CPU: {THREADS} threads (intra/inter op); timed steps per kind: {args.steps} after 1 warm-up; "
          f"benchmark wall time {time.perf_counter() - started:.0f} s.")
    print(f"1-min load average at start / end: {load_start:.1f} / {os.getloadavg()[0]:.1f} on {os.cpu_count()} "
          "cores; above the core count other processes shared the cores and the wall times are inflated "
          "(compare the core-seconds column, which depends little on load: on idle cores a step's wall time lies "
          "between core-s / 2 and core-s). Repeat the benchmark on quiet cores for the table.\n")
    print("Measured CPU step times (fixed batch; consensus = conopt, also used for smoothing):")
    print("| arch | method kind | image | width | batch | s/step (wall) | core-s/step | gen core-s/batch | runs |")
    print("|---|---|---|---|---|---|---|---|---|")
    for k in keys:
        n = sum(step_key(r) == k for r in runs.values())
        print(f"| {k.arch} | {k.kind} | {k.size}x{k.size} | {k.width} | {k.batch_size} | {step_s[k]:.3f} | "
              f"{step_cpu[k]:.3f} | {gen_s[k]:.3f} | {n} |")
    ev = eval_seconds(6400, 64, 0.0, inception_s)
    print(f"\nInception-v3 (keras, random weights, 299x299, batch {INCEPTION_BATCH}): {inception_s * 1000:.1f} ms/image (CPU) "
          f"-> {ev / 60:.1f} CPU min per 6400-sample evaluation (plus generation).\n")

    rows = figure_rows(figures, run_s)
    print(f"| figure | distinct runs | shared with other figures | core-s/step used | CPU hours | "
          f"GPU hours ({GPU_SPEEDUP_HIGH:g}x-{GPU_SPEEDUP_LOW:g}x) |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        fkeys = sorted({step_key(runs[i]) for i in figures[row["figure"]]}, key=keys.index)
        h = row["cpu_s"] / 3600
        print(f"| {row['figure']} | {row['runs']} | {row['shared']} | {_step_times_cell(fkeys, step_cpu)} | "
              f"{fmt_hours(h)} | {fmt_hours(gpu_hours(row['cpu_s'], GPU_SPEEDUP_HIGH))}-"
              f"{fmt_hours(gpu_hours(row['cpu_s'], GPU_SPEEDUP_LOW))} |")
    total = sum(run_s.values())
    evals = sum(n_evaluations(r.steps, r.eval_every) * eval_seconds(r.eval_samples, r.batch_size,
                                                                     gen_s[step_key(r)], inception_s)
                for r in runs.values())
    print(f"| all {len(runs)} distinct runs | {len(runs)} | - | - | {fmt_hours(total / 3600)} | "
          f"{fmt_hours(gpu_hours(total, GPU_SPEEDUP_HIGH))}-{fmt_hours(gpu_hours(total, GPU_SPEEDUP_LOW))} |")
    print(f"\nOf the total CPU hours, evaluations (inception score every eval_every steps) are {evals / total:.0%}.")
    print(f"The {GPU_SPEEDUP_LOW:g}x-{GPU_SPEEDUP_HIGH:g}x speed-up is an assumption for the small cifar-10 nets; the "
          "batch-128 celebA resnet_cf runs (Figures 4, 10) and Inception likely gain more on a GPU, so their upper "
          "GPU-hour figures are conservative.")


if __name__ == "__main__":
    main()
