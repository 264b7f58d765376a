"""`python -m paper_checks --scale S [--out PATH] [--results results/] [--exit-zero]`: judge every claim of
claims.yaml on results/S/ and print the verdicts; write them as claims.json only to --out (the workflow's claims rule
passes --out results/S/claims.json; printing alone leaves the workflow's record untouched). Exit 1 if any claim fails
(0 with --exit-zero).
`python -m paper_checks controls --scale S [--out results/S/controls.json]`: judge the stand-in's positive controls
(paper_checks/controls.py).
`python -m paper_checks compare REFERENCE_DIR [--scale S] [--results results/] [--current PATH]`: this run's
claims.json against a reference run's, claim by claim (paper_checks/compare.py); exit 1 if a status differs.
"""
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
    if argv[:1] == ["compare"]:
        from paper_checks.compare import main as compare
        return compare(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m paper_checks", description=__doc__)
    parser.add_argument("--scale", required=True, choices=SCALES)
    parser.add_argument("--out", type=Path, help="write the verdicts as claims.json to this file (default: print only)")
    parser.add_argument("--results", type=Path, default=ROOT / "results", help="the results root (default: results/)")
    parser.add_argument("--exit-zero", dest="exit_zero", action="store_true",
                        help="exit 0 although a claim fails (the workflow's claims rule: a fail is a finding that "
                             "claims.json records, and the report and figures still follow)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    from numerics_of_gans.io import write_json

    report = evaluate(args.scale, args.results)
    if args.out is not None:
        write_json(args.out, report)
    print_table(report)
    failed = [entry["id"] for entry in report["claims"] if entry["status"] == "fail"]
    if failed and not args.exit_zero:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
