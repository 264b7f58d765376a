"""docs/claims.md, generated from paper_checks/claims.yaml and reference/<scale>/claims.json: the checked-in page is
current (this test is CI's check), complete, and shows what each reference scale could not judge."""
import json
import re
import subprocess
import sys
from pathlib import Path

import yaml

from paper_checks import claims_doc

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "claims.md"


def test_checked_in_page_is_current(capsys):
    assert claims_doc.main(["--check", str(PAGE)]) == 0, capsys.readouterr().err


def test_every_claim_of_claims_yaml_appears():
    text = PAGE.read_text()
    for claim in claims_doc.load_claims(claims_doc.CLAIMS_YAML):
        assert f"\n| {claim['id']} | {claim['family']} |" in text
        assert f"\n### {claim['id']}: " in text


def test_a_changed_claims_yaml_fails_the_check(tmp_path, capsys):
    data = yaml.safe_load(claims_doc.CLAIMS_YAML.read_text())
    changed = tmp_path / "claims.yaml"
    changed.write_text(yaml.safe_dump(data))
    page = tmp_path / "docs" / "claims.md"
    assert claims_doc.main(["--out", str(page)], changed, claims_doc.REFERENCE) == 0
    assert claims_doc.main(["--check", str(page)], changed, claims_doc.REFERENCE) == 0
    data["claims"][0]["criterion"] += " (tightened)"
    changed.write_text(yaml.safe_dump(data))
    assert claims_doc.main(["--check", str(page)], changed, claims_doc.REFERENCE) == 1
    err = capsys.readouterr().err
    assert f"{page} is out of date: run python -m paper_checks.claims_doc --out {page}" in err


def test_a_missing_page_fails_the_check(tmp_path):
    assert claims_doc.main(["--check", str(tmp_path / "claims.md")]) == 1


def _record(scale, entries, **extra):
    return {"scale": scale, "claims": entries, "contradictions": {}, **extra}


def test_a_reference_skip_shows_as_not_judged_at_that_scale(tmp_path):
    ids = [c["id"] for c in claims_doc.load_claims(claims_doc.CLAIMS_YAML)]
    first, second = ids[0], ids[1]
    for scale, entries, extra in [
        ("cpu", [{"id": first, "status": "pass", "reason": "held: a; b", "expected": {"tol": 1e-6}}], {}),
        ("smoke", [{"id": first, "status": "skip", "reason": "too few steps\nat this scale", "expected": {"tol": 1e-6}},
                   {"id": second, "status": "fail", "reason": "failed: x", "expected": {"tol": 1e-6}}],
         {"provenance": {"date": "2026-12-06", "machine": "x86_64", "versions": {"numpy": "2"}}}),
    ]:
        (tmp_path / scale).mkdir()
        (tmp_path / scale / "claims.json").write_text(json.dumps(_record(scale, entries, **extra)))
    text = claims_doc.build(claims_doc.CLAIMS_YAML, tmp_path)
    assert "| ID | Family | Source | Statement | smoke | cpu |" in text        # the project's scale order
    row = next(line for line in text.splitlines() if line.startswith(f"| {first} |"))
    assert row.endswith("| skip (not judged) | pass |")
    assert "- smoke: not judged at smoke (skip): too few steps at this scale" in text
    row = next(line for line in text.splitlines() if line.startswith(f"| {second} |"))
    assert row.endswith("| fail | not recorded |")
    assert r"recorded with date 2026-12-06, machine x86\_64" in text     # markdown-escaped
    assert "Expected (recorded at smoke, cpu):" in text           # one list for the scales that agree


def test_page_links_only_to_files_of_this_repository():
    text = PAGE.read_text()
    for target in re.findall(r"\]\(([^)#\s]+)", text):
        assert (PAGE.parent / target).resolve().exists(), target


def test_markup_does_not_swallow_text():
    assert claims_doc.md("results/<scale>/x_y *z* a|b", table=True) == r"results/&lt;scale>/x\_y \*z\* a\|b"
    assert claims_doc.shorten("held: " + "; ".join(["assertion"] * 40), 60) == (
        "held: assertion; assertion; assertion; assertion; assertion … (+35 more)")


def test_no_tensorflow_import():
    code = "import sys, paper_checks.claims_doc; assert 'tensorflow' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT,
                   env={"PYTHONPATH": f"{ROOT / 'src'}:{ROOT}", "PATH": ""})
