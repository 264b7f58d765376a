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

from pathlib import Path

from numerics_of_gans import options
from numerics_of_gans.errors import SettingsError, check_number, check_whole
from numerics_of_gans.mog.settings import RunSettings

PLOTS = {"densities": "fig02_mog_densities", "eigenvalues": "fig03_mog_eigenvalues",
         "metrics": "mog_metrics_over_steps"}


def cmd_mog_train(args) -> int:
    s = options.from_arguments(RunSettings, args)
    import numpy as np

    from numerics_of_gans.io import atomic_path, provenance, write_json
    from numerics_of_gans.mog.train import train_run
    result, weights = train_run(s)
    result["provenance"] = provenance()
    with atomic_path(args.out / "weights.npz") as tmp:
        with open(tmp, "wb") as fh:
            np.savez(fh, **weights)
    write_json(args.out / "run.json", result)
    print(f"wrote {args.out}/run.json in {result['elapsed_s']:.1f} s ({1e3 * result['seconds_per_step']:.3f} ms/step)")
    return 0


def cmd_mog_spectrum(args) -> int:
    check_whole("minibatches", args.minibatches, low=1)
    check_number("gamma", args.gamma, low=0.0)
    check_whole("seed", args.seed)
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
    options.add_arguments(p, RunSettings)   # one option per setting of mog/settings.py
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
