"""`mog-train`, `mog-spectrum`, `plot-mog`: the mixture-of-Gaussians experiment's command line (Figures 2, 3).

    python -m numerics_of_gans mog-train --method conopt --seed 0 --steps 20000 \\
        --snapshots 0 5000 10000 20000 --out results/cpu/mog/conopt/seed0
    python -m numerics_of_gans mog-spectrum --weights results/cpu/mog/conopt/seed0/weights.npz --seed 0 \\
        --out results/cpu/mog/conopt/seed0/spectrum.json
    python -m numerics_of_gans plot-mog densities --inputs results/cpu/mog/*/seed0/run.json \\
        --figure figures/cpu/fig02_mog_densities.pdf --scale cpu

Values are validated before TensorFlow is imported; a bad one exits with one line naming the field.
"""
from __future__ import annotations

import math
from pathlib import Path

from numerics_of_gans.errors import SettingsError
from numerics_of_gans.names import METHODS

PLOTS = {"densities": "fig02_mog_densities", "eigenvalues": "fig03_mog_eigenvalues",
         "metrics": "mog_metrics_over_steps"}


def _positive(field: str, value, allow_zero: bool = False):
    if not math.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
        raise SettingsError(f"{field}: {value!r} is outside the allowed range {'[' if allow_zero else '('}0, inf)")
    return value


def _validate_train(args) -> None:
    if args.method not in METHODS:
        raise SettingsError(f"method: unknown {args.method!r}; allowed: {', '.join(METHODS)}")
    for field in ("steps", "batch_size", "eval_every", "eval_samples"):
        _positive(field, getattr(args, field))
    _positive("lr", args.lr)
    _positive("gamma", args.gamma, allow_zero=True)
    _positive("quality_k", args.quality_k)
    _positive("seed", args.seed, allow_zero=True)
    bad = [s for s in args.snapshots if not 0 <= s <= args.steps]
    if bad:
        raise SettingsError(f"snapshots: {bad} outside the allowed range [0, steps={args.steps}]")


def cmd_mog_train(args) -> int:
    _validate_train(args)
    import numpy as np

    from numerics_of_gans.io import atomic_path, provenance, write_json
    from numerics_of_gans.mog.train import RunSettings, train_run
    s = RunSettings(method=args.method, seed=args.seed, steps=args.steps, snapshots=tuple(args.snapshots),
                    learning_rate=args.lr, gamma=args.gamma, batch_size=args.batch_size,
                    eval_every=args.eval_every, eval_samples=args.eval_samples, quality_k=args.quality_k)
    result, weights = train_run(s)
    result["provenance"] = provenance()
    with atomic_path(args.out / "weights.npz") as tmp:
        with open(tmp, "wb") as fh:
            np.savez(fh, **weights)
    write_json(args.out / "run.json", result)
    print(f"wrote {args.out}/run.json in {result['elapsed_s']:.1f} s ({1e3 * result['seconds_per_step']:.3f} ms/step)")
    return 0


def cmd_mog_spectrum(args) -> int:
    _positive("minibatches", args.minibatches)
    _positive("gamma", args.gamma, allow_zero=True)
    _positive("seed", args.seed, allow_zero=True)
    if not args.weights.exists():
        raise SettingsError(f"weights: {args.weights} does not exist (run mog-train first)")
    import numpy as np

    from numerics_of_gans.io import provenance, write_json
    from numerics_of_gans.mog.spectrum import compute_spectrum
    with np.load(args.weights) as data:
        weights = {k: data[k] for k in ("initial", "final")}
    result = compute_spectrum(weights, seed=args.seed, gamma=args.gamma, n_minibatches=args.minibatches)
    result["weights"] = str(args.weights)
    result["provenance"] = provenance()
    write_json(args.out, result)
    print(f"wrote {args.out} in {result['elapsed_s']:.1f} s")
    return 0


def cmd_plot_mog(args) -> int:
    import importlib

    from numerics_of_gans.io import read_json
    stem = PLOTS[args.kind]
    if args.figure.stem != stem or args.figure.suffix != ".pdf":
        raise SettingsError(f"figure: the {args.kind} figure is named {stem}.pdf, got {args.figure}")
    missing = [str(p) for p in args.inputs if not p.exists()]
    if missing:
        raise SettingsError(f"inputs: missing {', '.join(missing)}")
    items = [read_json(p) for p in args.inputs]
    result = {"spectra": items} if args.kind == "eigenvalues" else {"runs": items}
    importlib.import_module(f"numerics_of_gans.plots.{stem}").plot(result, args.figure, args.scale)
    print(f"wrote {args.figure} and its .png")
    return 0


def register(subparsers) -> None:
    """Add `mog-train`, `mog-spectrum` and `plot-mog` to the CLI's subparsers."""
    p = subparsers.add_parser("mog-train", help="train the mixture-of-Gaussians GAN (Figure 2) with one method and seed")
    p.add_argument("--method", required=True, help=f"one of {', '.join(METHODS)}")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--steps", type=int, default=20000)
    p.add_argument("--snapshots", type=int, nargs="+", default=[0, 5000, 10000, 20000])
    p.add_argument("--lr", type=float, default=1e-4, help="RMSProp learning rate")
    p.add_argument("--gamma", type=float, default=10.0, help="consensus weight (conopt, smoothing)")
    p.add_argument("--batch-size", dest="batch_size", type=int, default=512)
    p.add_argument("--eval-every", dest="eval_every", type=int, default=500, help="metrics every N steps")
    p.add_argument("--eval-samples", dest="eval_samples", type=int, default=2000)
    p.add_argument("--quality-k", dest="quality_k", type=float, default=3.0,
                   help="high quality = within k std of the nearest mode")
    p.add_argument("--out", type=Path, required=True, help="results/<scale>/mog/<method>/seed<k> (run.json, weights.npz)")
    p.set_defaults(func=cmd_mog_train)

    p = subparsers.add_parser("mog-spectrum", help="eigenvalues of v' and w' before/after a ConOpt run (Figure 3)")
    p.add_argument("--weights", type=Path, required=True, help="weights.npz of a mog-train run")
    p.add_argument("--seed", type=int, default=0, help="seed of the minibatches")
    p.add_argument("--gamma", type=float, default=10.0)
    p.add_argument("--minibatches", type=int, default=10, help="Jacobians averaged per point")
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(func=cmd_mog_spectrum)

    p = subparsers.add_parser("plot-mog", help="draw Figure 2, Figure 3 or the metrics-over-steps figure")
    p.add_argument("kind", choices=tuple(PLOTS))
    p.add_argument("--inputs", type=Path, nargs="+", required=True, help="run.json (densities, metrics) or spectrum.json")
    p.add_argument("--figure", type=Path, required=True)
    p.add_argument("--scale", help="printed on the figure")
    p.set_defaults(func=cmd_plot_mog)
