"""Builds docs/claims.md: every claim of paper_checks/claims.yaml (source, statement, criterion, expected values)
with the verdict each reference scale recorded for it (reference/<scale>/claims.json).

    python -m paper_checks.claims_doc --out docs/claims.md     # write it
    python -m paper_checks.claims_doc --check docs/claims.md   # exit 1 if it is not what --out would write

The output depends on those files only (no dates, keys sorted), so that the unit tests can check that the
checked-in page is current. Reads YAML and JSON only: no TensorFlow, no checks run.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import yaml

from numerics_of_gans.names import SCALES
from paper_checks.compare import recorded_where

ROOT = Path(__file__).resolve().parents[1]
CLAIMS_YAML = ROOT / "paper_checks" / "claims.yaml"
REFERENCE = ROOT / "reference"
COMMAND = "python -m paper_checks.claims_doc --out docs/claims.md"


def md(text, table: bool = False) -> str:
    """Free text as one line of markdown that renders as written: `<scale>` would vanish as an HTML tag and `_`,
    `*` could start emphasis; `|` ends a table cell."""
    text = " ".join(str(text).split())
    text = re.sub(r"([\\`*_])", r"\\\1", text)
    text = re.sub(r"<(?=[A-Za-z/!?])", "&lt;", text)
    return text.replace("|", r"\|") if table else text


def shorten(text: str, limit: int, count: bool = True) -> str:
    """At most about `limit` characters, cut at a "; " where possible (else at a space): a verdict's reason lists
    every assertion, the page shows the first ones and (`count`) how many more the record has."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    parts, kept = text.split("; "), ""
    for i, part in enumerate(parts):
        if len(kept) + len(part) + 2 > limit:
            more = f" (+{len(parts) - i} more)" if kept and count else ""
            return (kept or text[:limit].rsplit(" ", 1)[0]) + " …" + more
        kept = f"{kept}; {part}" if kept else part
    return kept


def first_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?])\s+(?=[A-Z])", " ".join(text.split()), maxsplit=1)[0]


def value(v) -> str:
    """A value of an `expected` dict, compactly: strings as they are, the rest as JSON with sorted keys."""
    return v if isinstance(v, str) else json.dumps(v, sort_keys=True)


def load_claims(claims_path: Path) -> list[dict]:
    return yaml.safe_load(Path(claims_path).read_text())["claims"]


def load_references(reference_dir: Path) -> dict[str, dict]:
    """scale -> its recorded claims.json, for every reference/<scale>/claims.json present, in the project's scale
    order (unknown names after, sorted)."""
    found = {p.parent.name: p for p in Path(reference_dir).glob("*/claims.json")}
    order = [s for s in SCALES if s in found] + sorted(set(found) - set(SCALES))
    refs = {s: json.loads(found[s].read_text()) for s in order}
    for scale, ref in refs.items():   # where it ran: record.json of `numerics_of_gans reference`, where present
        ref.setdefault("provenance", recorded_where(found[scale]))
    return refs


def verdicts(reference: dict) -> dict[str, dict]:
    return {e["id"]: e for e in reference.get("claims", [])}


def cell(entry: dict | None) -> str:
    if entry is None:
        return "not recorded"
    return "skip (not judged)" if entry["status"] == "skip" else entry["status"]


def verdict_line(scale: str, entry: dict | None) -> str:
    if entry is None:
        return f"- {scale}: no verdict recorded (the claim is not in reference/{scale}/claims.json)"
    status = entry["status"]
    what = f"not judged at {scale} (skip)" if status == "skip" else f"**{status}**"
    return f"- {scale}: {what}: {md(shorten(entry.get('reason') or 'no reason recorded', 240))}"


def provenance(reference: dict) -> str:
    """The record's own account of where it ran (date, machine, ...), where it has one: its scalar fields only."""
    prov = reference.get("provenance")
    if not isinstance(prov, dict):
        return ""
    fields = [f"{k} {value(v)}" for k, v in sorted(prov.items()) if not isinstance(v, (dict, list))]
    return "; recorded with " + md(", ".join(fields)) if fields else ""


def expected_lines(claim: dict, refs: dict[str, dict]) -> list[str]:
    """The tolerance as data: claims.yaml's `expected` (what the paper states) and each scale's recorded one (what
    the check compared against); scales that recorded the same dict share one list."""
    blocks: list[tuple[str, dict]] = []
    if isinstance(claim.get("expected"), dict):
        blocks.append(("claims.yaml", claim["expected"]))
    for scale, ref in refs.items():
        exp = (verdicts(ref).get(claim["id"]) or {}).get("expected")
        if not isinstance(exp, dict) or not exp:
            continue
        same = next((i for i, (label, e) in enumerate(blocks) if e == exp and label != "claims.yaml"), None)
        if same is None:
            blocks.append((f"recorded at {scale}", exp))
        else:
            blocks[same] = (f"{blocks[same][0]}, {scale}", exp)
    lines = []
    for label, exp in blocks:
        lines.append(f"Expected ({label}):")
        lines += [f"- `{k}`: {md(value(v))}" for k, v in sorted(exp.items())]
        lines.append("")
    return lines or ["Expected: none recorded (the criterion above is the tolerance).", ""]


def build(claims_path: Path = CLAIMS_YAML, reference_dir: Path = REFERENCE) -> str:
    claims, refs = load_claims(claims_path), load_references(reference_dir)
    families = list(dict.fromkeys(c["family"] for c in claims))       # claims.yaml's order
    ordered = [c for f in families for c in claims if c["family"] == f]
    out = [
        f"<!-- Generated by `{COMMAND}` from paper_checks/claims.yaml and reference/*/claims.json. "
        "Do not edit by hand: the unit tests fail when it is not current. -->",
        "# Claims and their verdicts", "",
        "A *claim* is one finding of the paper (or of the literature it builds on) stated so that a measurement can "
        "decide it: a source in the paper, the statement, and a criterion with its tolerance. Each claim has one "
        "registered check in `paper_checks/checks/`; `python -m paper_checks --scale <scale>` runs them on "
        "`results/<scale>/` and writes one verdict per claim to `results/<scale>/claims.json`:", "",
        "- **pass**: the criterion held at that scale;",
        "- **fail**: it did not (the reason names the assertions that failed), or a result it needs is missing;",
        "- **skip**: the scale cannot judge the claim (too few steps or seeds, or the paper states no finding); "
        "a skip is *not judged*, never a pass.", "",
        f"This page is generated from [paper_checks/claims.yaml](../paper_checks/claims.yaml) and the recorded "
        f"verdicts under [reference/](../reference/README.md) by `{COMMAND}`; do not edit it by hand. "
        "`python -m paper_checks.claims_doc --check docs/claims.md` (run by the unit tests) fails when it is "
        "out of date.", "",
        "## Reference scales", "",
    ]
    for scale, ref in refs.items():
        entries = ref.get("claims", [])
        counts = ", ".join(f"{sum(e['status'] == s for e in entries)} {s}" for s in ("pass", "fail", "skip"))
        missing = [c["id"] for c in claims if c["id"] not in verdicts(ref)]
        out.append(f"- {scale} ([reference/{scale}/claims.json](../reference/{scale}/claims.json)): {counts}"
                   + (f"; not recorded: {', '.join(missing)}" if missing else "")
                   + (f"; contradictions: {md(value(ref['contradictions']))}" if ref.get("contradictions") else "")
                   + provenance(ref))
    out += [] if refs else ["- none recorded (no `reference/<scale>/claims.json`)"]
    out += ["", "## Summary", "",
            "| ID | Family | Source | Statement | " + " | ".join(refs) + " |" * bool(refs),
            "|---|---|---|---|" + "---|" * len(refs)]
    for c in ordered:
        row = [c["id"], c["family"], md(shorten(c["source"], 80, False), True),
               md(shorten(first_sentence(c["statement"]), 140, False), True)]
        row += [cell(verdicts(ref).get(c["id"])) for ref in refs.values()]
        out.append("| " + " | ".join(row) + " |")
    for family in families:
        out += ["", f"## Family: {family}"]
        for c in (c for c in ordered if c["family"] == family):
            out += ["", f"### {c['id']}: {md(first_sentence(c['statement']))}", "",
                    f"**Source:** {md(c['source'])}", "", f"**Statement:** {md(c['statement'])}", "",
                    f"**Criterion:** {md(c['criterion'])}", ""]
            out += expected_lines(c, refs)
            out += ["Verdicts:"] + [verdict_line(s, verdicts(ref).get(c["id"])) for s, ref in refs.items()]
            out += [] if refs else ["- no reference scale recorded"]
    return "\n".join(out) + "\n"


def main(argv=None, claims_path: Path = CLAIMS_YAML, reference_dir: Path = REFERENCE) -> int:
    parser = argparse.ArgumentParser(prog="python -m paper_checks.claims_doc", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--out", type=Path, help="write the page here")
    mode.add_argument("--check", type=Path, help="exit 1 if this file differs from the page --out would write")
    args = parser.parse_args(argv)
    text = build(claims_path, reference_dir)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text)
        return 0
    if not args.check.exists() or args.check.read_text() != text:
        print(f"{args.check} is out of date: run python -m paper_checks.claims_doc --out {args.check}",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
