"""Speed of the mixture-of-Gaussians experiment on this machine (issue 3, "Speed"); prints the ratios to targets.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_mog.py [--timed-steps 500 --repeats 3] [--family]

1. ConOpt / SimGA time per step (compiled loops, interleaved blocks; numerics_of_gans.step_cost): target <= 2.0.
2. One full Jacobian of v (2003 x 2003, forward-over-reverse, after compilation) plus the eigenvalues of it:
   target < 2.5 s; also games.Game.jacobian (reverse-over-reverse, pfor) for comparison.
3. ConsensusGAN.fit (ConOpt, TF1 RMSProp, batch 512, steps_per_execution 100, batches from a tf.data pipeline):
   time per step against the workflow's compiled loop of (1) (batches sampled in the graph); no target.
4. The cpu-scale family (3 methods x 5 seeds x 20000 steps + Figure 3's Jacobians and figures): with --family, the
   wall time of the workflow's `mog` target run in a scratch directory on 2 cores; otherwise an estimate from (1)
   and (2): target < 600 s.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import keras
import tensorflow as tf

from consensus_optimization import ConsensusGAN, TF1RMSprop
from numerics_of_gans.mog import model as mog, spectrum as mog_spectrum
from consensus_optimization.games import Game, flatten
from numerics_of_gans.step_cost import measure

ROOT = Path(__file__).resolve().parents[1]


def _median_time(fn, n: int = 3) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return sorted(times)[n // 2]


def fit_seconds_per_step(steps: int) -> float:
    """ConsensusGAN.fit's time per step in its second epoch of `steps` (the first one traces and compiles)."""
    s = mog.MoGSetting()
    gan = ConsensusGAN(mog.build_generator(s, 0), mog.build_discriminator(s, 0), seed=0)
    gan.compile(d_optimizer=TF1RMSprop(1e-4), g_optimizer=TF1RMSprop(1e-4), method="conopt", gamma=10.0,
                steps_per_execution=100)
    real = tf.data.Dataset.range(2 * steps).map(
        lambda i: mog.sample_target(s, s.batch_size, tf.stack([tf.constant(0, tf.int64), i]))).prefetch(2)
    marks = []
    mark = lambda *_: marks.append(time.perf_counter())
    gan.fit(real, epochs=2, steps_per_epoch=steps, verbose=0, shuffle=False,
            callbacks=[keras.callbacks.LambdaCallback(on_epoch_begin=mark, on_epoch_end=mark)])
    return (marks[3] - marks[2]) / steps


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--timed-steps", type=int, default=500)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--family", action="store_true", help="also run the cpu-scale MoG family (about 6 min) and time it")
    args = ap.parse_args()

    steps = measure("mog", warmup_steps=50, timed_steps=args.timed_steps, repeats=args.repeats)
    ratio = steps["ratio_to_simga"]["conopt"]
    sps = steps["seconds_per_step"]
    print(f"step: simga {1e3 * sps['simga']:.3f} ms, altga {1e3 * sps['altga']:.3f} ms, conopt {1e3 * sps['conopt']:.3f} ms")
    print(f"RATIO conopt/simga step time = {ratio:.2f} (target <= 2.0: {'ok' if ratio <= 2.0 else 'MISSED'})")

    fit_sps = fit_seconds_per_step(max(args.timed_steps * args.repeats, 1000))
    print(f"RATIO ConsensusGAN.fit / workflow loop, conopt step time = {fit_sps / sps['conopt']:.2f} "
          f"({1e3 * fit_sps:.3f} ms vs {1e3 * sps['conopt']:.3f} ms)")

    s = mog.MoGSetting()
    g, d = mog.build_generator(s, 0), mog.build_discriminator(s, 0)
    real, z = mog.sample_target(s, s.batch_size, [0, 1]), mog.sample_latent(s, s.batch_size, [0, 2])
    x = flatten([v.value for v in g.trainable_variables + d.trainable_variables])
    jac = mog_spectrum.make_jacobian(s)
    t0 = time.perf_counter()
    j = jac(x, real, z).numpy()                       # trace, convert and compile once per process
    compile_s = time.perf_counter() - t0
    t_jac = _median_time(lambda: jac(x, real, z).numpy())
    t_eig = _median_time(lambda: mog_spectrum.eigenvalues(j))
    game = Game(mog.make_loss_fn(s, g, d, real, z), d.trainable_variables, g.trainable_variables)
    ref = tf.function(game.jacobian)
    ref()
    t_ref = _median_time(ref)
    one = t_jac + t_eig
    print(f"jacobian {j.shape}: {t_jac:.2f} s (first call with compilation {compile_s:.1f} s; Game.jacobian "
          f"{t_ref:.2f} s), eigenvalues {t_eig:.2f} s (medians of 3)")
    print(f"RATIO (jacobian + eigenvalues) / 2.5 s = {one / 2.5:.2f} ({one:.2f} s; {'ok' if one < 2.5 else 'MISSED'})")

    if args.family:
        with tempfile.TemporaryDirectory(prefix="bench_mog_") as scratch:
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "snakemake", "-s", str(ROOT / "Snakefile"), "--directory", scratch,
                            "--cores", "2", "--quiet", "all", "--config", "scale=cpu", "--", "mog"], check=True)
            total = time.perf_counter() - t0
        how = "wall time of `snakemake --cores 2 --config scale=cpu mog` in a scratch directory"
    else:
        total = 20000 * 5 * sum(sps.values()) + 5 * (compile_s + 2 * 10 * t_jac + 4 * t_eig)
        how = "estimate from the step and Jacobian times above, serial, no start-up or metrics; --family measures it"
    print(f"RATIO cpu family / 600 s = {total / 600:.2f} ({total:.0f} s, {how}; {'ok' if total < 600 else 'MISSED'})")

if __name__ == "__main__":
    main()
