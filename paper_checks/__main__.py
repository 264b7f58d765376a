"""`python -m paper_checks --scale S [--out results/S/claims.json] [--exit-zero]`: judge every claim, write
claims.json, print the table; exit 1 if any claim fails (0 with --exit-zero).
`python -m paper_checks controls --scale S [--out results/S/controls.json]`: judge the stand-in's positive controls
(paper_checks/controls.py)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from paper_checks.runner import ROOT, SCALES, evaluate, print_table


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["controls"]:   # a subcommand word, so that the claims' command line stays as it was
        from paper_checks.controls import main as controls
        return controls(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m paper_checks", description=__doc__)
    parser.add_argument("--scale", required=True, choices=SCALES)
    parser.add_argument("--out", type=Path, help="default: results/<scale>/claims.json")
    parser.add_argument("--results", type=Path, default=ROOT / "results", help="the results root (default: results/)")
    parser.add_argument("--exit-zero", dest="exit_zero", action="store_true",
                        help="exit 0 although a claim fails (the workflow's claims rule: a fail is a finding that "
                             "claims.json records, and the report and figures still follow)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    from numerics_of_gans.io import write_json

    report = evaluate(args.scale, args.results)
    write_json(args.out or args.results / args.scale / "claims.json", report)
    print_table(report)
    failed = [entry["id"] for entry in report["claims"] if entry["status"] == "fail"]
    if failed and not args.exit_zero:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
