"""paper_checks: one check per claim ID, verdicts that can fail, claims.json in the agreed shape."""
import json

import pytest

from paper_checks.registry import Context, Verdict, claims, load_checks, run_check
from paper_checks.runner import evaluate


def test_claims_yaml_lists_the_24_claims_once():
    ids = [c["id"] for c in claims()]
    assert len(ids) == len(set(ids)) == 24
    assert {"L1", "L4", "L7", "L9", "L11", "P13", "P14", "L15", "NM1", "NM3", "C1"} <= set(ids)
    assert all(c["criterion"] and c["statement"] and c["source"] for c in claims())


def test_every_claim_has_exactly_one_check():
    assert list(load_checks()) == [c["id"] for c in claims()]


def test_judge_fails_naming_the_assertion():
    v = Verdict.judge({"ratio <= 3": False, "seeds >= 5": True}, measured=4.0, expected=3.0)
    assert v.status == "fail" and "ratio <= 3" in v.reason and "seeds" not in v.reason


def test_bad_status_is_rejected():
    with pytest.raises(ValueError, match="pass"):
        Verdict("passed")


def test_missing_results_fail_rather_than_pass(tmp_path):
    ctx = Context(scale="smoke", results=tmp_path / "smoke")
    verdict = run_check("C1", load_checks()["C1"], ctx)
    assert verdict.status == "fail" and "missing result" in verdict.reason


def test_report_has_one_entry_per_claim_and_missing_results_fail(tmp_path):
    report = evaluate("smoke", results_root=tmp_path)
    assert report["scale"] == "smoke"
    assert [e["id"] for e in report["claims"]] == [c["id"] for c in claims()]
    assert set(report["claims"][0]) >= {"id", "status", "measured", "expected", "reason"}
    for entry in report["claims"]:
        if entry["family"] in ("mog", "images"):   # no results here: a missing result fails, never skips
            assert entry["status"] == "fail" and "missing result" in entry["reason"]
    json.dumps(report)
