"""Run every registered check on results/<scale>/ and write results/<scale>/claims.json (docs/design.md, "Data flow")."""
from __future__ import annotations

import sys
from pathlib import Path

from numerics_of_gans.names import SCALES
from paper_checks import consistency
from paper_checks.registry import Context, claims, load_checks, run_check

ROOT = Path(__file__).resolve().parents[1]


def evaluate(scale: str, results_root: Path | None = None) -> dict:
    if scale not in SCALES:
        raise ValueError(f"scale: unknown {scale!r}; allowed: {', '.join(SCALES)}")
    ctx = Context(scale=scale, results=(results_root or ROOT / "results") / scale)
    checks = load_checks()
    entries = []
    for claim in claims():
        verdict = run_check(claim["id"], checks[claim["id"]], ctx)
        entries.append({"id": claim["id"], "family": claim["family"], "source": claim["source"],
                        "status": verdict.status, "measured": verdict.measured, "expected": verdict.expected,
                        "reason": verdict.reason})
    found = consistency.enforce(entries)
    counts = {s: sum(e["status"] == s for e in entries) for s in ("pass", "fail", "skip")}
    return {"scale": scale, "counts": counts, "claims": entries, "contradictions": found}


def print_table(report: dict, stream=sys.stdout) -> None:
    for e in report["claims"]:
        print(f"{e['id']:>4}  {e['status']:<4}  {e['reason'][:150]}", file=stream)
    c = report["counts"]
    print(f"claims at scale {report['scale']}: {c['pass']} passed, {c['fail']} failed, {c['skip']} skipped", file=stream)
