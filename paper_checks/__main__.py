"""`python -m paper_checks --scale S [--out results/S/claims.json]`: judge every claim; exit 1 if any fails."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from paper_checks.runner import ROOT, SCALES, evaluate, print_table


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m paper_checks", description=__doc__)
    parser.add_argument("--scale", required=True, choices=SCALES)
    parser.add_argument("--out", type=Path, help="default: results/<scale>/claims.json")
    parser.add_argument("--results", type=Path, default=ROOT / "results", help="the results root (default: results/)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    from numerics_of_gans.io import write_json

    report = evaluate(args.scale, args.results)
    write_json(args.out or args.results / args.scale / "claims.json", report)
    print_table(report)
    # The verdicts are the output; a `fail` is a finding recorded in claims.json, not a crash of the workflow.
    # `pytest paper_checks` is what fails on a `fail`.
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
