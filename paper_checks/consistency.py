"""No two verdicts of one claims.json may contradict each other: a cell (the runs of one setting over its seeds)
that one image verdict calls "failed" cannot be "trained" in another (E4 and E10 share the celebA ConOpt runs, E4,
E6, E7 and E11 share Figure 4's and 6's runs, E6 and E9 the constant-filter ConOpt runs).

Each image verdict records in measured["training"] the status of every cell its assertions rest on, from the one
definition in paper_checks/scorer.training; the statuses must agree wherever a cell appears twice. A
disagreement is a defect of the checks, not a finding: every verdict involved becomes `fail`, naming the other.
"""
from __future__ import annotations


def contradictions(entries: list[dict]) -> dict[str, list[str]]:
    """claim id -> what it contradicts, for the claims.json entries whose measured["training"] disagree on a cell."""
    seen: dict[str, dict[str, list[str]]] = {}   # cell -> status -> claim ids
    for e in entries:
        measured = e.get("measured")
        for cell, status in ((measured.get("training") if isinstance(measured, dict) else None) or {}).items():
            seen.setdefault(cell, {}).setdefault(status, []).append(e["id"])
    found: dict[str, list[str]] = {}
    for cell, by_status in seen.items():
        if len(by_status) < 2:
            continue
        said = "; ".join(f"{status} in {', '.join(ids)}" for status, ids in sorted(by_status.items()))
        for ids in by_status.values():
            for claim in ids:
                found.setdefault(claim, []).append(f"{cell}: {said}")
    return found


def enforce(entries: list[dict]) -> dict[str, list[str]]:
    """Turn every verdict involved in a contradiction into a `fail` whose reason names it; returns what was found."""
    found = contradictions(entries)
    for e in entries:
        if e["id"] in found:
            e["status"] = "fail"
            e["reason"] = f"contradicts another verdict on the same runs ({' | '.join(found[e['id']])}); was: " \
                          f"{e['reason']}"
    return found
