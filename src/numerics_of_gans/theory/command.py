"""`theory`, `plot-theory`: the theoretical results' command line (one result JSON per claim, its figure from it).

    python -m numerics_of_gans theory L4 --params '{}' --out results/smoke/theory/L4.json
    python -m numerics_of_gans plot-theory L4 --result results/smoke/theory/L4.json \\
        --figure figures/smoke/fig01_eigenvalue_projection.pdf --scale smoke
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from numerics_of_gans.arguments import json_object
from numerics_of_gans.io import write_json
from numerics_of_gans.theory import CLAIMS


def _theory_id(text: str) -> str:
    if text not in CLAIMS:
        raise argparse.ArgumentTypeError(f"unknown theory claim {text!r}; allowed: {', '.join(CLAIMS)}")
    return text


def cmd_theory(args) -> int:
    """Compute one theoretical result and write results/<scale>/theory/<ID>.json (atomically)."""
    from numerics_of_gans import theory
    from numerics_of_gans.io import provenance
    start = time.perf_counter()
    params = theory.make_params(args.claim, args.params)
    result = theory.module(args.claim).compute(params)
    if "metrics" not in result:
        raise RuntimeError(f"theory {args.claim}: compute() returned no 'metrics'")
    result = {"id": args.claim, "params": params.__dict__, **result,
              "elapsed_s": time.perf_counter() - start, "provenance": provenance()}
    write_json(args.out, result)
    print(f"{args.claim}: {json.dumps(result['metrics'], default=str)[:2000]}")
    print(f"{args.claim}: wrote {args.out} in {result['elapsed_s']:.2f} s")
    return 0


def cmd_plot_theory(args) -> int:
    import importlib

    from numerics_of_gans.io import read_json
    figure = CLAIMS[args.claim].figure
    if Path(args.figure).stem != figure:
        raise SystemExit(f"--figure: {args.claim}'s figure is named {figure}.pdf, got {args.figure}")
    importlib.import_module(f"numerics_of_gans.plots.{figure}").plot(read_json(args.result), args.figure, args.scale)
    print(f"{args.claim}: wrote {args.figure} and its .png")
    return 0


def register(sub) -> None:
    """Add the `theory` and `plot-theory` subcommands to the CLI's subparsers."""
    p = sub.add_parser("theory", help="compute one theoretical result (L1 L4 L7 L9 L11 P13 P14 L15 NM1 NM3)")
    p.add_argument("claim", type=_theory_id)
    p.add_argument("--params", type=json_object, default={}, help="the claim's settings (config theory.<ID>) as JSON")
    p.add_argument("--out", required=True, type=Path, help="result JSON, e.g. results/smoke/theory/L4.json")
    p.set_defaults(func=cmd_theory)

    p = sub.add_parser("plot-theory", help="draw a theoretical result's figure from its result JSON")
    p.add_argument("claim", type=_theory_id)
    p.add_argument("--result", required=True, type=Path)
    p.add_argument("--figure", required=True, type=Path, help="figures/<scale>/<name>.pdf (a .png is written beside)")
    p.add_argument("--scale", help="printed on the figure")
    p.set_defaults(func=cmd_plot_theory)
