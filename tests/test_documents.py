"""Every document the repository refers to is in it: each `<name>.md` named in a tracked file, and each relative link
of a markdown file, resolves to a file of the checkout (relative to the repository root or to the referring file).
The artifact's documents are docs/ and README.md; nothing may point to a document outside the repository."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MD_NAME = re.compile(r"(?<![\w/.{<-])((?:\.\./|[\w.<>-]+/)*[\w-]+\.md)(?![\w/-])")   # not {output.md}
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")
TEXT = {".py", ".md", ".yaml", ".yml", ".smk", ".sh", ".rst", ".toml", ".cff", ".txt", ".cfg", ""}
# Not scanned: recorded outputs of earlier runs (their reasons and expected values are text the checks wrote then;
# replaced by a fresh run, never edited by hand), and the tests, whose fixtures name missing documents on purpose.
RECORDS = ("reference/", "tests/")


def tracked() -> list[Path]:
    out = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return [ROOT / p for p in out.split() if Path(p).suffix in TEXT and not p.startswith(RECORDS)]


GENERATED = ("results/", "figures/")   # the workflow's outputs (git-ignored): named, not shipped


def resolves(target: str, source: Path) -> bool:
    return target.startswith(GENERATED) or any((base / target).exists() for base in (ROOT, source.parent))


def dead_references() -> list[str]:
    dead = []
    for path in tracked():
        if not path.is_file():
            continue
        text = path.read_text(errors="replace")
        names = set(MD_NAME.findall(text))
        if path.suffix == ".md":
            names |= {t for t in LINK.findall(text) if not re.match(r"[a-z]+:", t)}
        dead += [f"{path.relative_to(ROOT)}: {name}" for name in sorted(names) if not resolves(name, path)]
    return dead


def test_every_referenced_document_is_in_the_repository():
    assert dead_references() == []


def test_the_scan_finds_a_dead_reference(tmp_path, monkeypatch):
    """The scan is not vacuous: a file naming a missing document and a dead link are reported."""
    doc = tmp_path / "note.md"
    missing = "MISSING" + ".md"   # built here: no file of the repository names a document it lacks, not even this
    doc.write_text(f"See {missing} and [the design](design.md); [ok](note.md), [web](https://example.org/x.md).\n")
    module = sys.modules[__name__]
    monkeypatch.setattr(module, "tracked", lambda: [doc])
    monkeypatch.setattr(module, "ROOT", tmp_path)
    assert dead_references() == [f"note.md: {missing}", "note.md: design.md"]


def readme_verdicts() -> dict[str, dict[str, str]]:
    """The README's claims table: {scale: {claim id: status or "-"}}; "E12, E13" and "Z1-Z4" name several claims."""
    text = (ROOT / "README.md").read_text()
    section = text.split("## The claims and today's verdicts", 1)[1].split("\n## ", 1)[0]
    rows = [[c.strip() for c in re.split(r"(?<!\\)\|", line.strip("|"))]   # cells: split at unescaped pipes
            for line in section.splitlines() if line.startswith("| ")]
    header, body = rows[0], rows[1:]
    scales = [h for h in header if h in ("smoke", "rehearsal", "cpu", "paper")]
    out = {scale: {} for scale in scales}
    for row in body:
        ids = []
        for part in row[0].split(", "):
            m = re.fullmatch(r"([A-Z]+)(\d+)-\1?(\d+)", part)
            ids += [f"{m[1]}{i}" for i in range(int(m[2]), int(m[3]) + 1)] if m else [part]
        for scale in scales:
            for claim in ids:
                out[scale][claim] = row[header.index(scale)]
    return out


def test_the_readme_claims_table_is_the_reference_records():
    """Every claim of claims.yaml has a row; each scale's column is that scale's recorded verdict ("-": not in it)."""
    import json

    import yaml
    claims = [c["id"] for c in yaml.safe_load((ROOT / "paper_checks" / "claims.yaml").read_text())["claims"]]
    for scale, table in readme_verdicts().items():
        assert sorted(table) == sorted(claims), scale
        record = json.loads((ROOT / "reference" / scale / "claims.json").read_text())
        recorded = {c["id"]: c["status"] for c in record["claims"]}
        assert table == {c: recorded.get(c, "-") for c in claims}, scale
