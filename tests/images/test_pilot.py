"""The pilot that chooses the stand-in's free settings by its positive controls (images/pilot.py): the candidates'
order, the budget, the resume from results/<scale>/pilot.json, and the stop at the first pass; the workflow call is
mocked."""
import json

import pytest

from numerics_of_gans.cli import main
from numerics_of_gans.config import resolve
from numerics_of_gans.errors import SettingsError
from numerics_of_gans.images import pilot

CPU = resolve({"scale": "cpu"})["images"]
ORDER = ["k1-n2000-px16", "k1-n2000-px32", "k1-n3000-px16", "k1-n3000-px32",
         "k2-n2000-px16", "k2-n2000-px32", "k2-n3000-px16", "k2-n3000-px32",
         "k4-n2000-px16", "k4-n2000-px32", "k4-n3000-px16", "k4-n3000-px32",
         "k8-n2000-px16", "k8-n2000-px32", "k8-n3000-px16", "k8-n3000-px32"]
RUN = [c for c in ORDER if c.endswith("n2000-px16")]   # the cpu budget (150 min) admits 16x16 at 2000 steps only


class FakeWorkflow:
    """Stands in for `snakemake ... -- results/cpu/controls.json`: writes the candidate's controls record (passing
    for the ids in `passing`) and the classifier files; exits `fail_at`'s status at that call."""

    def __init__(self, passing=(), fail_at=None):
        self.passing, self.fail_at, self.calls = set(passing), fail_at, []

    def __call__(self, cmd):
        workdir = cmd[cmd.index("--directory") + 1]
        cid = workdir.rsplit("/", 1)[1]
        self.calls.append(cid)
        if len(self.calls) == self.fail_at:
            return 1
        results = pilot.Path(workdir) / "results" / "cpu"
        (results / "images").mkdir(parents=True, exist_ok=True)
        for name in pilot.CLASSIFIER:   # kept if there, as Snakemake keeps an output without newer inputs
            if not (results / "images" / name).exists():
                (results / "images" / name).write_text(cid)
        passed = cid in self.passing
        (results / "controls.json").write_text(json.dumps({
            "passed": passed, "failed": [] if passed else [f"{cid}: classifier score of real data 7, needs >= 8"]}))
        return 0


def test_candidates_smallest_multiplier_then_fewest_steps_then_smaller_side():
    cands = pilot.candidates(CPU)
    assert [c["id"] for c in cands] == ORDER
    assert cands[2] == {"id": "k1-n3000-px16", "lr_scale": 1, "steps": 3000, "size": 16, "projected_minutes": 202.5}
    assert pilot.overrides(cands[2]) == {"lr_scale": 1, "max_steps": 3000, "common": {"steps": 3000, "size": 16}}
    other = {**CPU, "pilot": {**CPU["pilot"], "order": ["size", "steps", "lr_scale"], "lr_scale": [4, 1]}}
    assert [c["id"] for c in pilot.candidates(other)][:3] == ["k1-n2000-px16", "k4-n2000-px16", "k1-n3000-px16"]
    with pytest.raises(SettingsError, match="images.pilot: null at this scale"):
        pilot.candidates(resolve({"scale": "paper"})["images"])


def test_the_budget_projects_each_candidates_workflow_from_its_steps_and_side():
    cands = {c["id"]: c for c in pilot.candidates(CPU)}
    assert [cands[i]["projected_minutes"] for i in ORDER[:4]] == [135, 432, 202.5, 648]
    assert [i for i in ORDER if not pilot.over_budget(CPU, cands[i])] == RUN
    assert pilot.over_budget(CPU, cands["k1-n3000-px16"]) == "over the budget: projected 202.5 min > 150 min"
    no_budget = {**CPU, "pilot": {k: v for k, v in CPU["pilot"].items() if k != "budget"}}
    assert not any(pilot.over_budget(no_budget, c) for c in pilot.candidates(no_budget))
    one_side = {**CPU, "pilot": {**CPU["pilot"], "budget": {"minutes": 150, "minutes_per_1000_steps": [
        {"size": 16, "minutes": 67.5}]}}}
    with pytest.raises(SettingsError, match=r"minutes_per_1000_steps: no entry for size 32; allowed: .*\[16, 32\]"):
        pilot.candidates(one_side)


def test_the_command_runs_the_controls_only_in_the_candidates_directory(tmp_path):
    cmd = pilot.command("cpu", pilot.candidates(CPU)[5], tmp_path)
    assert cmd[1:] == ["-m", "snakemake", "--snakefile", str(tmp_path / "Snakefile"), "--directory",
                       str(tmp_path / "results" / "pilot" / "k2-n2000-px32"), "--cores", "all", "--config",
                       "scale=cpu", 'images={"lr_scale": 2, "max_steps": 2000, "common": {"steps": 2000, "size": 32}}',
                       "--", "results/cpu/controls.json"]


def test_the_pilot_stops_at_the_first_pass(tmp_path):
    lines = []
    workflow = FakeWorkflow(passing={"k4-n2000-px16", "k8-n2000-px16"})
    chosen = pilot.run("cpu", root=tmp_path, runner=workflow, echo=lines.append)
    assert workflow.calls == RUN[:3] and chosen["id"] == "k4-n2000-px16"
    record = json.loads((tmp_path / "results" / "cpu" / "pilot.json").read_text())
    assert [c["id"] for c in record["candidates"]] == ORDER[:ORDER.index("k4-n2000-px16") + 1]
    ran = [c for c in record["candidates"] if c["run"]]
    assert [c["id"] for c in ran] == RUN[:3] and [c["passed"] for c in ran] == [False, False, True]
    assert all(c["failed"][0].startswith("over the budget: projected") and not c["passed"]
               for c in record["candidates"] if not c["run"])
    assert record["chosen"]["overrides"] == {"lr_scale": 4, "max_steps": 2000,
                                             "common": {"steps": 2000, "size": 16}}
    assert record["result"] == "k4-n2000-px16 passed every control"
    assert record["rule"] == {"pilot": CPU["pilot"], "controls": CPU["controls"]}
    assert lines[-1].startswith("chosen: k4-n2000-px16: set images.lr_scale 4")
    assert any(line.endswith("k1-n2000-px32 (lr_scale 1, steps 2000, size 32): not run, over the budget: "
                             "projected 432 min > 150 min") for line in lines)
    # the classifier of a side is trained once: the second candidate run got the first one's
    assert (tmp_path / "results" / "pilot" / "k2-n2000-px16" / "results" / "cpu" / "images" / "classifier.json") \
        .read_text() == "k1-n2000-px16"


def test_the_pilot_resumes_without_rerunning_a_recorded_candidate(tmp_path):
    with pytest.raises(pilot.PilotFailed, match="candidate k4-n2000-px16 failed"):
        pilot.run("cpu", root=tmp_path, runner=FakeWorkflow(fail_at=3), echo=lambda line: None)
    record = json.loads((tmp_path / "results" / "cpu" / "pilot.json").read_text())
    assert [c["id"] for c in record["candidates"] if c["run"]] == RUN[:2]   # recorded as they finished
    workflow = FakeWorkflow(passing={"k8-n2000-px16"})
    assert pilot.run("cpu", root=tmp_path, runner=workflow, echo=lambda line: None)["id"] == "k8-n2000-px16"
    assert workflow.calls == RUN[2:]
    again = FakeWorkflow()
    assert pilot.run("cpu", root=tmp_path, runner=again, echo=lambda line: None)["id"] == "k8-n2000-px16"
    assert again.calls == []
    record = json.loads((tmp_path / "results" / "cpu" / "pilot.json").read_text())
    assert sorted(c["id"] for c in record["candidates"]) == sorted(ORDER[:ORDER.index("k8-n2000-px16") + 1])


def test_no_candidate_passing_is_a_result(tmp_path):
    workflow = FakeWorkflow()
    assert pilot.run("cpu", root=tmp_path, runner=workflow, echo=lambda line: None) is None
    assert workflow.calls == RUN
    record = json.loads((tmp_path / "results" / "cpu" / "pilot.json").read_text())
    assert record["chosen"] is None and record["result"] == "no candidate passed (4 run, 12 over the budget)"
    assert [c["id"] for c in record["candidates"]] == ORDER


def test_a_record_of_another_rule_is_not_resumed(tmp_path):
    (tmp_path / "results" / "cpu").mkdir(parents=True)
    (tmp_path / "results" / "cpu" / "pilot.json").write_text(json.dumps({"rule": {"pilot": None}, "candidates": []}))
    with pytest.raises(SettingsError, match="was recorded with another rule"):
        pilot.run("cpu", root=tmp_path, runner=FakeWorkflow(), echo=lambda line: None)


def test_dry_run_lists_the_candidates_and_commands_and_runs_nothing(tmp_path, capsys):
    lines, workflow = [], FakeWorkflow()
    assert pilot.run("cpu", root=tmp_path, runner=workflow, dry_run=True, echo=lines.append) is None
    assert workflow.calls == [] and not (tmp_path / "results").exists()
    assert [line.split()[1] for line in lines] == ORDER
    listed = [line for line in lines if "--directory " + str(tmp_path / "results" / "pilot") in line]
    assert [line.split()[1] for line in listed] == RUN
    assert sum("not run, over the budget" in line for line in lines) == 12
    assert main(["pilot", "--scale", "cpu", "--dry-run"]) == 0
    assert capsys.readouterr().out.count("-- results/cpu/controls.json") == 4
    assert main(["pilot", "--scale", "paper", "--dry-run"]) == 2
