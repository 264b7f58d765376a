"""No two verdicts of one claims.json contradict each other (paper_checks/consistency.py): on doctored entries, and
on whole synthetic cpu results where E4 and E10 share the celebA ConOpt runs and E6 and E9 the constant-filter ones."""
import json

from numerics_of_gans.config import resolve
from paper_checks import consistency
from paper_checks.runner import evaluate
from numerics_of_gans.images.runs import figure_runs
from images.test_image_checks import CPU_3_SEEDS, standin_like, write_all

# celebA's ConOpt cell at cpu (its learning rate scaled by the scale's images.lr_scale)
CELL = next(r.setting_id for r in figure_runs(CPU_3_SEEDS, "fig10_celeba_resnet_samples") if r.method == "conopt")


def entry(claim, status, training):
    return {"id": claim, "status": status, "reason": "held: ...", "measured": {"training": training}}


def test_a_cell_trained_in_one_verdict_and_failed_in_another_fails_both():
    entries = [entry("E4", "fail", {CELL: "failed"}), entry("E10", "pass", {CELL: "trained"}),
               entry("E9", "pass", {"other": "trained"}), {"id": "L1", "status": "pass", "reason": "", "measured": 1}]
    found = consistency.enforce(entries)
    assert sorted(found) == ["E10", "E4"]
    assert [e["status"] for e in entries] == ["fail", "fail", "pass", "pass"]
    assert f"{CELL}: failed in E4; trained in E10" in entries[1]["reason"] and "was: held" in entries[1]["reason"]


def test_agreeing_verdicts_are_left_alone():
    entries = [entry("E4", "pass", {CELL: "trained"}), entry("E10", "pass", {CELL: "trained"}),
               entry("E6", "fail", {"x": "undecided"}), entry("E9", "pass", {"y": "trained"})]
    assert consistency.enforce(entries) == {} and [e["status"] for e in entries] == ["pass", "pass", "fail", "pass"]


def test_whole_cpu_results_have_no_contradiction_when_a_shared_cell_fails(tmp_path):
    """celebA's ConOpt stand-in does not train: E4 and E10 both fail on it, neither passes on it."""
    def outcome(r):
        return {**standin_like(r), **(dict(score=2.0) if (r.paper_dataset, r.method) == ("celeb_a", "conopt") else {})}
    write_all(tmp_path / "cpu", CPU_3_SEEDS, outcome, score_name="classifier score")
    # the whole configuration, as the workflow records it (the other families' checks read theirs: missing results)
    (tmp_path / "cpu" / "config.json").write_text(json.dumps({**resolve({"scale": "cpu"}), "images": CPU_3_SEEDS}))
    report = evaluate("cpu", tmp_path)
    by = {e["id"]: e for e in report["claims"]}
    assert report["contradictions"] == {}
    assert by["E4"]["status"] == by["E10"]["status"] == "fail"
    assert by["E4"]["measured"]["training"][CELL] == by["E10"]["measured"]["training"][CELL] == "failed"
    json.dumps(report, allow_nan=False)
