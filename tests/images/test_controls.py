"""Positive controls of the stand-in (config images.controls, paper_checks/controls.py): their runs join the run set
with the pilot seeds, images.lr_scale multiplies every run's learning rate, and controls.json is judged on doctored
small inputs (each bound flips to a failure); image_results.controls_failure reads it."""
import json

import pytest

from numerics_of_gans.config import ConfigError, resolve
from numerics_of_gans.images.runs import all_runs, control_runs, figure_runs
from paper_checks import controls as positive
from paper_checks.__main__ import main as paper_checks_main
from paper_checks.image_results import CONTROLS_FILE, NO_CONTROLS, STAND_IN_RECORD, controls_failure
from paper_checks.registry import Context, MissingResult
from paper_checks.scorer import Scorer

from .test_image_checks import write_run, write_standin_record

CPU = resolve({"scale": "cpu"})["images"]
TRAINED_SCORE, COLLAPSED_SCORE = 6.0, 2.0     # write_run's final score is this + 0.01 x seed (100-102: + 1.00-1.02)


def test_control_runs_join_the_run_set_with_the_pilot_seeds():
    runs = control_runs(CPU)
    cells = {(r.arch, r.method) for r in runs}
    assert cells == {("dcgan4", "simga"), ("dcgan4", "altga"), ("dcgan3", "altga")} and len(runs) == 9
    assert {r.seed for r in runs} == {100, 101, 102} == set(CPU["controls"]["seeds"])
    assert all((r.dataset, r.paper_dataset, r.objective, r.lr, r.steps, r.size, r.batch_size, r.width) ==
               ("digits", "cifar10", "standard", 1e-4 * CPU["lr_scale"], 2000, 16, 32, 16) for r in runs)
    figures = {r.run_id for f in CPU["figures"] for r in figure_runs(CPU, f)}
    every = all_runs(CPU)   # what rule image_train trains (IMG_RUNS)
    assert {r.run_id for r in runs} <= set(every) and not {r.run_id for r in runs} & figures
    assert len(every) == len(figures) + 9
    assert control_runs(resolve({"scale": "paper"})["images"]) == []
    smoke = resolve({"scale": "smoke"})["images"]   # plumbing: runs its figures train already
    assert control_runs(smoke) and {r.run_id for r in control_runs(smoke)} <= set(all_runs(smoke))


def test_lr_scale_multiplies_every_runs_learning_rate_and_names_it():
    unscaled = resolve({"scale": "cpu", "images": {"lr_scale": 1}})["images"]
    scaled = resolve({"scale": "cpu", "images": {"lr_scale": 4}})["images"]
    for figure in CPU["figures"]:   # the learning-rate grids of Figures 12 and 13 too
        before, after = figure_runs(unscaled, figure), figure_runs(scaled, figure)
        assert [r.lr * 4 for r in before] == pytest.approx([r.lr for r in after]), figure
        assert [r.gamma for r in before] == [r.gamma for r in after], figure
    assert CPU["lr_scale"] == 4   # the cpu pilot's choice (config/scales/cpu.yaml, reference/cpu/pilot.json)
    assert sorted({r.lr for r in figure_runs(scaled, "fig12_altga_learning_rate")}) == pytest.approx(
        [2e-4, 4e-4, 8e-4, 1.6e-3])
    assert {r.lr for r in control_runs(scaled)} == {4e-4}
    assert all("-lr0.0004-" in r.run_id for r in control_runs(scaled))


@pytest.mark.parametrize("images, message", [
    ({"lr_scale": 0}, "config field 'images.lr_scale': 0 is out of range (exclusiveMinimum 0)"),
    ({"lr_scale": "x"}, "config field 'images.lr_scale': 'x' is not of type 'number'"),
    ({"controls": {"seeds": [-1]}}, "config field 'images.controls.seeds.0': -1 is out of range (minimum 0)"),
    ({"controls": {"runs": [{"arch": "dcgan4", "method": "adam"}]}}, "config field 'images.controls.runs.0.method'"),
    ({"controls": {"extra": 1}}, "config field 'images.controls': Additional properties are not allowed"),
    ({"pilot": {"order": ["steps", "steps", "size"]}}, "config field 'images.pilot.order'"),
    ({"pilot": {"size": [12]}}, "config field 'images.pilot.size.0'"),
    ({"classifier": "inception"}, "config field 'images.controls': positive controls judge the stand-in classifier"),
    ({"controls": None}, "config field 'images.pilot': the pilot stops at the first candidate whose positive"),
])
def test_bad_control_settings_name_the_field(images, message):
    with pytest.raises(ConfigError) as info:
        resolve({"scale": "cpu", "images": images})
    assert message in str(info.value)


def write_controls_inputs(root, images=CPU, accuracy=0.99, real=9.5, one_class=1.05, outcome=None):
    """config.json, the classifier's record and every control run, each trained to TRAINED_SCORE unless
    `outcome[(arch, method, seed)]` says otherwise (write_run's keywords)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "config.json").write_text(json.dumps({"images": images}))
    write_standin_record(root, real=real, one_class=one_class)
    record = json.loads((root / STAND_IN_RECORD).read_text())
    (root / STAND_IN_RECORD).write_text(json.dumps({**record, "holdout_accuracy": accuracy}))
    for run in control_runs(images):
        write_run(root, run, **{"score": TRAINED_SCORE, "score_name": "classifier score",
                                **(outcome or {}).get((run.arch, run.method, run.seed), {})})
    return Context(scale="cpu", results=root)


def test_every_control_passing_gives_passed(tmp_path):
    ctx = write_controls_inputs(tmp_path)
    record = positive.judge(ctx)
    assert record["passed"] is True and record["failed"] == []
    assert [r["control"] for r in record["controls"][:3]] == [
        "classifier held-out accuracy", "classifier score of real data",
        "classifier score of one class (a collapsed generator)"]
    assert [(r["measured"], r["relation"], r["bound"]) for r in record["controls"][:3]] == [
        (0.99, ">=", 0.95), (9.5, ">=", 8.0), (1.05, "<=", 1.5)]
    cells = record["controls"][3:]
    assert len(cells) == 3 and all(r["ok"] and r["kind"] == "run" and r["seeds"] == [100, 101, 102] for r in cells)
    trained = Scorer.of(ctx, "standin").trained   # the image claims' threshold, from the same record
    assert record["trained_threshold"] == trained and all(r["bound"] == trained for r in cells)
    assert cells[0]["measured"] == pytest.approx(TRAINED_SCORE + 1.01)   # the median seed, 101
    json.dumps(record, allow_nan=False)


@pytest.mark.parametrize("inputs, reason", [
    ({"accuracy": 0.9}, "classifier held-out accuracy 0.9, needs >= 0.95"),
    ({"real": 7.0}, "classifier score of real data 7, needs >= 8"),
    ({"one_class": 2.0}, "classifier score of one class (a collapsed generator) 2, needs <= 1.5"),
])
def test_each_classifier_bound_flips_to_a_failure(tmp_path, inputs, reason):
    record = positive.judge(write_controls_inputs(tmp_path, **inputs))
    assert record["passed"] is False and record["failed"] == [reason]


def test_a_control_cell_fails_when_its_median_seed_does_not_train(tmp_path):
    """Two of three seeds collapsed: the median is below "trained"; one of three: the median still trains."""
    low = {"score": COLLAPSED_SCORE}
    ctx = write_controls_inputs(tmp_path, outcome={("dcgan4", "simga", 100): low, ("dcgan4", "simga", 102): low,
                                                   ("dcgan3", "altga", 101): low})
    record = positive.judge(ctx)
    assert record["passed"] is False and len(record["failed"]) == 1
    [failed] = [r for r in record["controls"] if not r["ok"]]
    assert failed["method"] == "simga" and failed["arch"] == "dcgan4"
    assert failed["measured"] == pytest.approx(COLLAPSED_SCORE + 1.02) and failed["measured"] < failed["bound"]
    assert record["failed"][0].startswith(f"{failed['control']} does not train: median final score over seeds "
                                          f"[100, 101, 102] 3.02")


def test_a_diverged_control_counts_as_not_trained(tmp_path):
    gone = {"diverged_at": 500}
    ctx = write_controls_inputs(tmp_path, outcome={("dcgan3", "altga", 100): gone, ("dcgan3", "altga", 101): gone,
                                                   ("dcgan4", "altga", 102): gone})
    record = positive.judge(ctx)
    [failed] = [r for r in record["controls"] if not r["ok"]]
    assert (failed["arch"], failed["method"], failed["measured"], failed["diverged"]) == ("dcgan3", "altga", None,
                                                                                        [100, 101])
    assert failed["final_scores"][:2] == ["diverged", "diverged"]
    assert len(record["failed"]) == 1 and record["failed"][0].endswith("; diverged: seeds [100, 101]")
    dcgan4_altga = next(r for r in record["controls"] if (r.get("arch"), r.get("method")) == ("dcgan4", "altga"))
    assert dcgan4_altga["ok"] and dcgan4_altga["diverged"] == [102]   # one seed of three: the median trains


def test_controls_failure_reads_the_record(tmp_path):
    ctx = write_controls_inputs(tmp_path)
    with pytest.raises(MissingResult, match="controls.json does not exist"):
        controls_failure(ctx)
    (tmp_path / CONTROLS_FILE).write_text(json.dumps(positive.judge(ctx)))
    assert controls_failure(Context(scale="cpu", results=tmp_path)) is None
    failing = write_controls_inputs(tmp_path / "failing", accuracy=0.9, real=7.0)
    (tmp_path / "failing" / CONTROLS_FILE).write_text(json.dumps(positive.judge(failing)))
    reason = controls_failure(Context(scale="cpu", results=tmp_path / "failing"))
    assert reason == ("the stand-in failed its controls: classifier held-out accuracy 0.9, needs >= 0.95; "
                      "classifier score of real data 7, needs >= 8")


def test_controls_failure_without_controls(tmp_path):
    for scale, expected in (("cpu", NO_CONTROLS), ("paper", None)):
        images = {**resolve({"scale": scale})["images"], "controls": None, "pilot": None}
        (tmp_path / scale).mkdir()
        (tmp_path / scale / "config.json").write_text(json.dumps({"images": images}))
        assert controls_failure(Context(scale=scale, results=tmp_path / scale)) == expected
    assert NO_CONTROLS == "no positive controls configured at this scale (config images.controls)"


def test_the_command_writes_controls_json_and_keeps_the_claims_command(tmp_path, capsys):
    write_controls_inputs(tmp_path / "cpu", accuracy=0.9)
    assert paper_checks_main(["controls", "--scale", "cpu", "--results", str(tmp_path)]) == 0   # a fail is a finding
    record = json.loads((tmp_path / "cpu" / CONTROLS_FILE).read_text())
    assert record["passed"] is False and record["failed"] == ["classifier held-out accuracy 0.9, needs >= 0.95"]
    out = capsys.readouterr().out
    assert "FAIL  classifier held-out accuracy: 0.900 >= 0.950" in out and "controls at scale cpu: failed" in out
    (tmp_path / "cpu" / STAND_IN_RECORD).unlink()
    assert paper_checks_main(["controls", "--scale", "cpu", "--results", str(tmp_path)]) == 1
    assert "classifier.json does not exist" in capsys.readouterr().err
    with pytest.raises(SystemExit):   # the claims' command line is unchanged: --scale is still required
        paper_checks_main(["--out", str(tmp_path / "claims.json")])
