"""`python -m paper_checks compare` on small claims.json files, and the print-only default of `python -m paper_checks`."""
import json

from paper_checks.__main__ import main
from paper_checks.compare import RULE, changes


def claims_json(path, statuses, measured=None, scale="smoke"):
    measured = measured or {}
    path.parent.mkdir(parents=True, exist_ok=True)
    entries = [{"id": cid, "status": status, "reason": "", "measured": measured.get(cid, {}), "expected": {}}
               for cid, status in statuses.items()]
    counts = {s: sum(v == s for v in statuses.values()) for s in ("pass", "fail", "skip")}
    path.write_text(json.dumps({"scale": scale, "counts": counts, "claims": entries, "contradictions": {}}))
    return path


def compare(tmp_path, *extra):
    return main(["compare", str(tmp_path / "ref"), "--results", str(tmp_path / "results"), *extra])


def test_equal_statuses_exit_0_and_end_with_the_rule(tmp_path, capsys):
    claims_json(tmp_path / "ref" / "claims.json", {"L1": "pass", "E5": "fail"})
    claims_json(tmp_path / "results" / "smoke" / "claims.json", {"L1": "pass", "E5": "fail"})
    assert compare(tmp_path) == 0
    out = capsys.readouterr().out
    assert "   L1  pass       pass     same" in out and "0 of 2 reference claims differ" in out
    assert out.rstrip().splitlines()[-1] == RULE


def test_a_changed_status_exits_1_and_names_the_claim(tmp_path, capsys):
    claims_json(tmp_path / "ref" / "claims.json", {"L1": "pass", "E5": "fail"})
    claims_json(tmp_path / "results" / "smoke" / "claims.json", {"L1": "pass", "E5": "pass"})
    assert compare(tmp_path) == 1
    out = capsys.readouterr().out
    assert "   E5  fail       pass     DIFFERS" in out and "1 of 2 reference claims differ: E5" in out


def test_a_reference_from_another_cpu_is_named(tmp_path, capsys, monkeypatch):
    """Image trajectories depend on the CPU: the note says so where the reference's record names another one."""
    from paper_checks import compare as module
    claims_json(tmp_path / "ref" / "claims.json", {"L1": "pass"})
    claims_json(tmp_path / "results" / "smoke" / "claims.json", {"L1": "pass"})
    monkeypatch.setattr(module, "cpu_model", lambda: "CPU B")
    assert compare(tmp_path) == 0 and "note: the reference was recorded" not in capsys.readouterr().out  # no record
    (tmp_path / "ref" / "record.json").write_text(json.dumps({"cpu": "CPU A"}))
    assert compare(tmp_path) == 0
    assert f"note: the reference was recorded on CPU A, this machine is CPU B: {module.OTHER_CPU}" in (
        capsys.readouterr().out)
    (tmp_path / "ref" / "record.json").write_text(json.dumps({"cpu": "CPU B"}))
    assert compare(tmp_path) == 0 and "note: the reference was recorded" not in capsys.readouterr().out


def test_the_positive_controls_of_both_runs_are_shown(tmp_path, capsys):
    claims_json(tmp_path / "ref" / "claims.json", {"E4": "pass"})
    claims_json(tmp_path / "results" / "smoke" / "claims.json", {"E4": "skip"})
    assert compare(tmp_path) == 1 and "positive controls" not in capsys.readouterr().out   # neither has them
    (tmp_path / "ref" / "controls.json").write_text(json.dumps({"passed": True, "failed": []}))
    (tmp_path / "results" / "smoke" / "controls.json").write_text(json.dumps({"passed": False, "failed": ["x low"]}))
    assert compare(tmp_path) == 1
    assert "positive controls: reference passed; current failed: x low" in capsys.readouterr().out
    (tmp_path / "ref" / "controls.json").write_text(json.dumps({"passed": False, "failed": ["x low"]}))
    assert compare(tmp_path) == 1
    assert "positive controls: failed: x low in both" in capsys.readouterr().out


def test_numeric_changes_are_listed_largest_first_and_capped(tmp_path, capsys):
    ref = {"E2": {"summary": {"conopt": {"hq_fraction": {"mean": 0.5, "values": [0.4, 0.6]}}}, "n": 3, "ok": True},
           "E3": {"values": list(range(1, 13))}}
    cur = {"E2": {"summary": {"conopt": {"hq_fraction": {"mean": 0.6, "values": [0.4, 0.9]}}}, "n": 3, "ok": False},
           "E3": {"values": [2 * v for v in range(1, 13)]}}
    claims_json(tmp_path / "ref" / "claims.json", {"E2": "pass", "E3": "pass"}, ref)
    current = claims_json(tmp_path / "elsewhere.json", {"E2": "pass", "E3": "pass"}, cur)
    assert compare(tmp_path, "--current", str(current)) == 0   # values move, statuses hold: agreement
    out = capsys.readouterr().out
    lines = out.splitlines()
    first = lines.index("  E2: 2 changed")   # the boolean is a flag, not a numeric leaf; n did not change
    assert lines[first + 1] == "    summary.conopt.hq_fraction.values[1]: 0.6 -> 0.9 (+50.0%)"
    assert lines[first + 2] == "    summary.conopt.hq_fraction.mean: 0.5 -> 0.6 (+20.0%)"
    assert "  E3: 12 changed" in out and "    ... and 4 more" in out
    assert [(path, r, c) for _, path, r, c in changes({"a": 0, "b": 1}, {"a": 1})] == [("a", 0, 1), ("b", 1, None)]


def test_a_claim_on_one_side_only(tmp_path, capsys):
    claims_json(tmp_path / "ref" / "claims.json", {"L1": "pass", "E8": "skip"})
    claims_json(tmp_path / "results" / "smoke" / "claims.json", {"L1": "pass", "Z1": "pass"})
    assert compare(tmp_path) == 1   # the reference's E8 is not judged by this run; Z1 postdates the reference
    out = capsys.readouterr().out
    assert "   E8  skip       -        DIFFERS: only in the reference" in out
    assert "   Z1  -          pass     only in the current run" in out and "differ: E8\n" in out


def test_bad_input_exits_2_naming_the_path(tmp_path, capsys):
    assert compare(tmp_path) == 2
    assert "is not a directory" in capsys.readouterr().err
    claims_json(tmp_path / "ref" / "claims.json", {"L1": "pass"}, scale="cpu")
    assert compare(tmp_path) == 2   # the scale comes from the reference: results/cpu/claims.json is missing
    err = capsys.readouterr().err
    assert f"{tmp_path / 'results' / 'cpu' / 'claims.json'} does not exist" in err
    assert "snakemake --cores all --config scale=cpu" in err and err.count("\n") == 1
    (tmp_path / "results" / "cpu").mkdir(parents=True)
    (tmp_path / "results" / "cpu" / "claims.json").write_text(json.dumps({"scale": "cpu", "counts": {}}))
    assert compare(tmp_path) == 2
    assert "is not a claims.json: no list field 'claims'" in capsys.readouterr().err
    (tmp_path / "results" / "cpu" / "claims.json").write_text(json.dumps({"claims": [{"id": "L1"}]}))
    assert compare(tmp_path) == 2
    assert "claims[0] has no field 'status'" in capsys.readouterr().err


def test_the_verdicts_are_written_only_with_out(tmp_path):
    """No results: the checks report missing results as fails; what matters here is which files get written."""
    assert main(["--scale", "smoke", "--results", str(tmp_path), "--exit-zero"]) == 0
    assert not list(tmp_path.rglob("claims.json"))
    out = tmp_path / "smoke" / "claims.json"
    assert main(["--scale", "smoke", "--results", str(tmp_path), "--out", str(out), "--exit-zero"]) == 0
    assert json.loads(out.read_text())["scale"] == "smoke"
