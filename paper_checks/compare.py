"""`python -m paper_checks compare REFERENCE_DIR [--scale S] [--results results/] [--current PATH]`: this run's
claims.json against a reference one (e.g. reference/cpu/claims.json, from a fresh-clone run of this artifact).

One line per claim (reference status, current status, same / DIFFERS), the positive controls of both where recorded,
then the numeric values of "measured" that changed, largest relative change first, and a note where the reference
was recorded on another CPU. The rule: the verdicts are the bands: each status is a judgment against a band from
repeated seeds, so a run agrees with the reference when every claim's status is the same; measured values are shown
for information. A claim only in the reference is a difference (this run did not judge it); a claim only
in the current run (one added after the reference was recorded) is listed and does not count.
Exit 0 if every reference claim's status agrees, 1 otherwise, 2 on bad input.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

from numerics_of_gans.names import SCALES
from numerics_of_gans.reference import cpu_model

RULE = ("the verdicts are the bands: each status is a judgment against a band from repeated seeds, so a run agrees "
        "with the reference when every claim's status is the same; measured values are shown for information")
# Measured 2026-12-07: the same commit's cpu workflow on an AMD EPYC and on an Intel Xeon (2026-12-06) ended image
# runs in different places (a positive control trained in 3 seeds of 3 on one, 1 on the other); on one machine
# the runs are bit for bit repeatable.
OTHER_CPU = ("the image runs' trajectories depend on the CPU's floating-point path (oneDNN's kernels), so a GAN "
             "trained at the cpu scale can end elsewhere and image claims can differ for that reason alone "
             "(docs/images.md, 'Machine dependence')")
MAX_CHANGES = 8   # per claim: the largest few say whether a run drifted, a full list of hundreds of seeds does not


class BadInput(Exception):
    pass


def load(path: Path, what_to_run: str) -> dict:
    if not path.is_file():
        raise BadInput(f"{path} does not exist: {what_to_run}")
    try:
        report = json.loads(path.read_text())
    except (OSError, ValueError) as err:
        raise BadInput(f"{path} is not a claims.json: not JSON ({err})") from None
    if not isinstance(report, dict) or not isinstance(report.get("claims"), list):
        raise BadInput(f"{path} is not a claims.json: no list field 'claims'")
    for i, entry in enumerate(report["claims"]):
        for field in ("id", "status"):
            if not isinstance(entry, dict) or field not in entry:
                raise BadInput(f"{path} is not a claims.json: claims[{i}] has no field '{field}'")
    return report


def leaves(value, path: str = "") -> dict[str, float]:
    """The numeric leaves of a nested value, by flattened path (a.b[0].c); booleans are flags, not numbers."""
    if isinstance(value, dict):
        return {k: v for key, sub in value.items()
                for k, v in leaves(sub, f"{path}.{key}" if path else str(key)).items()}
    if isinstance(value, list):
        return {k: v for i, sub in enumerate(value) for k, v in leaves(sub, f"{path}[{i}]").items()}
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return {path: float(value)}
    return {}


def changes(reference, current) -> list[tuple[float, str, float | None, float | None]]:
    """(relative change, path, reference, current) of every numeric leaf that differs, largest first; a leaf on one
    side only, or from 0, ranks first (infinite relative change)."""
    ref, cur = leaves(reference), leaves(current)
    found = []
    for path in sorted(ref.keys() | cur.keys()):
        r, c = ref.get(path), cur.get(path)
        if r is not None and c is not None:
            if r == c or (math.isnan(r) and math.isnan(c)):
                continue
            rel = abs(c - r) / abs(r) if r != 0 and math.isfinite(r) and math.isfinite(c) else math.inf
        else:
            rel = math.inf
        found.append((rel, path, r, c))
    found.sort(key=lambda item: (-item[0], item[1]))
    return found


def show(x: float | None) -> str:
    return "absent" if x is None else f"{x:.6g}"


def recorded_where(claims_path: Path) -> dict:
    """Date, commit and CPU of a recorded run, from the record.json that `numerics_of_gans reference` writes beside
    its claims.json ({} where there is none)."""
    record = Path(claims_path).with_name("record.json")
    if not record.is_file():
        return {}
    info = json.loads(record.read_text())
    return {k: info[k] for k in ("date", "commit", "cpu") if k in info}


def controls_line(path: Path) -> str | None:
    """"passed" or "failed: <what>" from a controls.json (paper_checks/controls.py), None where there is none."""
    if not path.is_file():
        return None
    record = json.loads(path.read_text())
    return "passed" if record.get("passed") else "failed: " + "; ".join(record.get("failed") or ["(no reason)"])


def described(path: Path, report: dict) -> str:
    # the run's machine and date, where it records them, say which run it is
    prov = report.get("provenance") or recorded_where(path)
    extra = [f"{k} {v}" for k, v in prov.items() if not isinstance(v, (dict, list))] if isinstance(prov, dict) else []
    return f"{path} (scale {report.get('scale', '?')}{''.join(', ' + e for e in extra)})"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m paper_checks compare", description=__doc__.split("\n\n")[0])
    parser.add_argument("reference", type=Path, help="a directory holding claims.json, e.g. reference/cpu")
    parser.add_argument("--scale", choices=SCALES, help="default: the reference's 'scale' field")
    parser.add_argument("--results", type=Path, default=Path(__file__).resolve().parents[1] / "results",
                        help="the results root (default: results/)")
    parser.add_argument("--current", type=Path, help="default: <results>/<scale>/claims.json")
    args = parser.parse_args(argv)
    try:
        if not args.reference.is_dir():
            raise BadInput(f"{args.reference} is not a directory: name one holding claims.json, e.g. reference/cpu")
        ref_path = args.reference / "claims.json"
        reference = load(ref_path, "a reference directory holds a copy of results/<scale>/claims.json")
        scale = args.scale or reference.get("scale")
        if args.current is None and scale is None:
            raise BadInput(f"{ref_path} is not a claims.json: no field 'scale' (or pass --scale or --current)")
        cur_path = args.current or args.results / scale / "claims.json"
        current = load(cur_path, f"run `snakemake --cores all --config scale={scale}` first (or name a file with "
                                 "--current)")
    except BadInput as err:
        print(f"error: {err}", file=sys.stderr)
        return 2

    print(f"reference: {described(ref_path, reference)}")
    print(f"current:   {described(cur_path, current)}")
    ref = {e["id"]: e for e in reference["claims"]}
    cur = {e["id"]: e for e in current["claims"]}
    order = list(ref) + [i for i in cur if i not in ref]   # the reference's order, then claims it predates
    differ = []
    print(f"{'claim':>5}  {'reference':<9}  {'current':<7}")
    for cid in order:
        r, c = ref.get(cid), cur.get(cid)
        if c is None:
            differ.append(cid)
            print(f"{cid:>5}  {r['status']:<9}  {'-':<7}  DIFFERS: only in the reference (not judged by this run)")
        elif r is None:
            print(f"{cid:>5}  {'-':<9}  {c['status']:<7}  only in the current run (the reference predates it)")
        else:
            same = r["status"] == c["status"]
            differ += [] if same else [cid]
            print(f"{cid:>5}  {r['status']:<9}  {c['status']:<7}  {'same' if same else 'DIFFERS'}")

    controls = [controls_line(path.with_name("controls.json")) for path in (ref_path, cur_path)]
    if any(controls):
        # the image claims are judged only after the controls pass: a changed gate explains changed image statuses
        ref_c, cur_c = (c or "none recorded" for c in controls)
        print(f"positive controls: {ref_c} in both" if ref_c == cur_c else
              f"positive controls: reference {ref_c}; current {cur_c}")
    print("measured values that changed (reference -> current), largest relative change first:")
    quiet = True
    for cid in order:
        if cid not in ref or cid not in cur:
            continue
        found = changes(ref[cid].get("measured"), cur[cid].get("measured"))
        if found:
            quiet = False
            print(f"  {cid}: {len(found)} changed")
            for rel, path, r, c in found[:MAX_CHANGES]:
                note = f"{(c - r) / abs(r):+.1%}" if math.isfinite(rel) else "new, gone or from 0"
                print(f"    {path}: {show(r)} -> {show(c)} ({note})")
            if len(found) > MAX_CHANGES:
                print(f"    ... and {len(found) - MAX_CHANGES} more")
    if quiet:
        print("  none")
    if reference.get("scale") != current.get("scale"):
        print(f"note: the reference is scale {reference.get('scale')}, the current run scale {current.get('scale')}")
    recorded_on, here = recorded_where(ref_path).get("cpu"), cpu_model()
    if recorded_on and recorded_on != here:
        print(f"note: the reference was recorded on {recorded_on}, this machine is {here}: {OTHER_CPU}")
    print(f"{len(differ)} of {len(ref)} reference claims differ" + (f": {', '.join(differ)}" if differ else ""))
    print(RULE)
    return 1 if differ else 0
