"""The claim checks E4-E14 (paper_checks/checks/image_*.py) on synthetic run results written for the runs the
config lists: skip at smoke, pass on paper-like results, fail on doctored ones, a missing run is a missing result;
and on the rehearsal's real run folders, edited to paper-like and to doctored values (after `make rehearsal`)."""
import json
import shutil
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest

from numerics_of_gans.config import resolve
from numerics_of_gans.images.runs import all_runs, figure_runs, network_and_method
from numerics_of_gans.images.results import RunResult
from paper_checks import image_results, scorer
from paper_checks.checks import image_losses, image_scores, image_sweeps
from paper_checks.registry import Context, MissingResult, run_check

IMAGE_CLAIMS = [f"E{n}" for n in range(4, 15)]
CFG = {s: resolve({"scale": s})["images"] for s in ("smoke", "cpu", "paper")}
CHECKS = {"E4": image_scores.samples, "E5": image_losses.dcgan3_losses, "E6": image_scores.architectures,
          "E7": image_scores.smoothing, "E8": image_scores.extra_fc, "E9": image_scores.objectives,
          "E10": image_scores.celeba_resnet, "E11": image_losses.dcgan4_losses, "E12": image_sweeps.altga_lr,
          "E13": image_sweeps.conopt_lr, "E14": image_sweeps.conopt_gamma}
STEADY, FLUCTUATING = (0.02, 0.05), (0.5, 1.5)      # (D, G) loss std within an evaluation interval


def paper_like(run) -> dict:
    """The outcomes the paper reports, as final scores (IS at paper scale, classifier score at cpu); on celebA also
    the FID to real data and how much the late sample grids change."""
    bn, m = run.arch in image_scores.BN_ARCHS, run.method
    if run.paper_dataset == "celeb_a":           # Figure 10: SimGA fails, AltGA collapses and keeps changing
        return {"conopt": dict(score=3.0, fid=25.0, change=0.01),
                "altga": dict(score=2.2, std=FLUCTUATING, fid=60.0, change=0.2),
                "simga": dict(diverged_at=run.steps // 3, std=FLUCTUATING)}[m]
    if m == "conopt":
        if run.gamma == 100.0:                   # Section 6: a high gamma may give poor solutions (Figure 14)
            return dict(score=4.0)
        return dict(score=3.0 if bn else 6.2 if run.arch == "dcgan3_nobn" else 6.5)
    if m == "smoothing":
        return dict(score=6.0 if bn else 2.0 if (run.arch, run.objective) == ("conv4", "standard") else 5.5)
    if m == "altga":
        return dict(score={"dcgan3": 6.0, "dcgan4": 5.0}.get(run.arch, 4.0), std=FLUCTUATING)
    return dict(score=2.0, std=FLUCTUATING)


def write_run(root, run, score=6.0, std=STEADY, diverged_at=None, score_name="inception score", stop_at=None,
              fid=None, change=None, template=None, drift=0.0):
    """final.json and metrics.jsonl as images.train writes them (a score rising to `score` by mid-training; the
    FID falling to `fid`, none with "missing"; the loss means rising by `drift` over the run); with `change`, the last 3 sample grids,
    each differing from the previous by `change`. `template`: a real run folder whose final.json and last metrics
    line give every other field."""
    out = root / "images" / run.run_id
    out.mkdir(parents=True, exist_ok=True)
    real_final, real_line = {}, {}
    if template is not None:
        real_final = json.loads((template / "final.json").read_text())
        real_line = json.loads((template / "metrics.jsonl").read_text().splitlines()[-1])
    last = diverged_at or stop_at or run.steps
    steps = [s for s in range(run.eval_every, run.steps + 1, run.eval_every)
             if s < last or (s == last and not diverged_at)]
    lines = []
    for s in steps:
        progress = min(1.0, 2 * s / run.steps)
        line = {**real_line, "step": s, "steps_per_s": 10.0, "score_name": score_name, "score_std": 0.05,
                "score": 1.0 + (score - 1.0) * progress + 0.01 * run.seed}
        if fid == "missing":               # no FID recorded (a template's too)
            line.pop("fid", None)
        elif fid is not None:
            line["fid"] = 300.0 + (fid - 300.0) * progress + 0.1 * run.seed
        for key, sd, mean in (("d_loss", std[0], 1.2), ("g_loss", std[1], 0.8)):
            mean += 0.01 * run.seed + drift * s / run.steps
            line[key] = {"mean": mean, "std": sd, "min": mean - 3 * sd, "max": mean + 3 * sd}
        lines.append(line)
    (out / "metrics.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines))
    if change is not None:
        (out / "samples").mkdir(exist_ok=True)
        for i, s in enumerate(steps[-3:]):
            plt.imsave(out / "samples" / f"step_{s:07d}.png", np.full((4, 4, 3), 0.2 + i * change))
    settings = {**real_final.get("settings", {}), **{k: getattr(run, k) for k in (
        "dataset", "arch", "objective", "method", "gamma", "lr", "steps", "seed", "batch_size", "width", "size", "mock")}}
    final = {**real_final, "status": "diverged" if diverged_at else "completed",
             "step": diverged_at or (stop_at or run.steps),
             "cause": f"non-finite d_loss at step {diverged_at}" if diverged_at else None, "settings": settings,
             "dataset_label": run.dataset, "score_name": score_name, "last_metrics": lines[-1] if lines else None}
    (out / "final.json").write_text(json.dumps(final))


def write_calibration(root, score_50000=11.3, splits=10):
    (root / "images").mkdir(parents=True, exist_ok=True)
    (root / image_results.CALIBRATION_FILE).write_text(json.dumps({
        "scorer": "inception", "dataset": "cifar-10", "splits": splits,
        "scores": {"6400": {"score": score_50000 - 0.1, "std": 0.2}, "50000": {"score": score_50000, "std": 0.1}}}))


def write_standin_record(root, real=9.5, one_class=1.05):
    """The stand-in classifier's record as train-classifier writes it (its calibration at 640 samples, 10 splits)."""
    (root / "images").mkdir(parents=True, exist_ok=True)
    (root / image_results.STAND_IN_RECORD).write_text(json.dumps({
        "dataset": "digits (stand-in for cifar-10)", "holdout_accuracy": 0.99, "real_score": 9.9,
        "calibration": {"samples": 640, "splits": 10, "one_class_label": 3, "real": {"score": real, "std": 0.1},
                        "one_class": {"score": one_class, "std": 0.01}}}))


def write_controls(root, failed=()):
    """results/<scale>/controls.json as paper_checks/controls.py writes it (the fields the gate reads)."""
    (root / image_results.CONTROLS_FILE).write_text(json.dumps({"passed": not failed, "failed": list(failed),
                                                                "controls": []}))


def write_all(root, cfg, outcome=paper_like, **extra):
    """Every run of the `images` config `cfg`, the config itself as the workflow records it (config.json) and the
    scorer's calibration: where the config calibrates the Inception network, one that reproduces the published
    real-data score; with the stand-in classifier, its record, and positive controls that passed where the config
    has them."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "config.json").write_text(json.dumps({"images": cfg}))
    if cfg["calibration"]:
        write_calibration(root)
    if cfg["classifier"] == "stand-in":
        write_standin_record(root)
    if cfg.get("controls"):
        write_controls(root)
    for run in all_runs(cfg).values():
        write_run(root, run, **{**outcome(run), **extra})
    return root


def verdicts(root, scale, ids=IMAGE_CLAIMS):
    ctx = Context(scale=scale, results=root)
    return {cid: run_check(cid, CHECKS[cid], ctx) for cid in ids}


def doctored(changes: dict):
    """paper_like, with (arch, method) -> outcome overrides."""
    def outcome(run):
        return {**paper_like(run), **changes.get((run.arch, run.method), {})}
    return outcome


@pytest.fixture(scope="module")
def paper_root(tmp_path_factory):
    return write_all(tmp_path_factory.mktemp("paper"), CFG["paper"])


def test_smoke_results_skip_as_plumbing(tmp_path):
    write_all(tmp_path, CFG["smoke"], score_name="classifier score")
    for cid, v in verdicts(tmp_path, "smoke").items():
        assert v.status == "skip" and "mock data" in v.reason, (cid, v)


def test_paper_like_results_pass_at_paper_scale(paper_root):
    """Every claim the paper states passes, carrying the scorer's calibration; E12 and E13 (no finding stated) are
    reproduced and skip, never pass."""
    for cid, v in verdicts(paper_root, "paper").items():
        if cid in ("E12", "E13"):
            assert (v.status == "skip" and v.reason.startswith(image_sweeps.NO_FINDING)
                    and "every run completed" in v.reason)
        else:
            assert v.status == "pass", (cid, v.reason)
            assert v.measured["scorer_calibration"]["published"]["score"] == 11.24
        json.dumps([v.measured, v.expected], allow_nan=False)     # claims.json stays strict JSON


@pytest.mark.parametrize("score, splits, phrase", [(10.5, 10, "does not reproduce the published real-data score"),
                                                   (11.3, 5, "not calibrated on 50000 real images in 10 splits")])
def test_an_uncalibrated_scorer_skips_every_inception_score_verdict(tmp_path, score, splits, phrase):
    write_all(tmp_path, CFG["paper"])
    write_calibration(tmp_path, score, splits)
    v = verdicts(tmp_path, "paper")
    for cid in set(IMAGE_CLAIMS) - {"E10", "E12", "E13"}:
        assert v[cid].status == "skip" and phrase in v[cid].reason, (cid, v[cid].reason)
    assert v["E10"].status == "pass"                # judged on FID, with the calibration reported next to it
    assert v["E10"].measured["scorer_calibration"]["scores"]["50000"]["score"] == score
    (tmp_path / image_results.CALIBRATION_FILE).unlink()
    assert verdicts(tmp_path, "paper", ["E4"])["E4"].status == "fail"      # no calibration: a missing result


def test_paper_scale_results_scored_by_a_classifier_skip(tmp_path):
    write_all(tmp_path, CFG["paper"], score_name="classifier score")
    for cid, v in verdicts(tmp_path, "paper", ["E4", "E5", "E10", "E14"]).items():
        assert v.status == "skip" and "wrong score" in v.reason, (cid, v)


DOCTORED = [    # every assertion of every claim made to fail, by the phrase that names it, each alone where possible
    ("E4", {("dcgan4_nobn", "conopt"): dict(score=4.0)}, "cifar-10 ConOpt trained"),
    ("E4", {("resnet_cf", "conopt"): dict(diverged_at=300000)}, "no run diverged"),   # celebA: no IS claim, but
    ("E5", {("dcgan3_nobn", "conopt"): dict(std=FLUCTUATING)}, "d_loss std over the second half"),   # it diverged
    ("E5", {("dcgan3_nobn", "conopt"): dict(std=(0.02, 1.5))}, "g_loss std over the second half"),   # G alone
    ("E5", {("dcgan3_nobn", "conopt"): dict(drift=3.0)}, "d_loss std over the second half"),   # steady, drifting
    ("E5", {("dcgan3_nobn", "conopt"): dict(score=5.0)}, "final IS ConOpt"),        # ConOpt clearly worse at the end
    ("E11", {("dcgan4_nobn", "conopt"): dict(score=5.5)}, "final IS ConOpt"),       # better, but not much better
    ("E11", {("dcgan4_nobn", "conopt"): dict(std=FLUCTUATING)}, "d_loss std over the second half"),
    ("E6", {("dcgan4_nobn_cf", "conopt"): dict(diverged_at=5000)}, "ConOpt trained on every no-BN"),
    ("E6", {(a, m): dict(score=6.0) for a in ("dcgan4", "dcgan4_nobn", "dcgan4_nobn_cf") for m in ("simga", "altga")},
     "SimGA/AltGA fail"),                                                        # every baseline trains
    ("E7", {("dcgan4", "conopt"): dict(score=5.2)}, "with BN, ConOpt fails"),       # smoothing still 0.8 above
    ("E7", {("dcgan4", "conopt"): dict(score=4.9), ("dcgan4", "smoothing"): dict(score=5.2)},
     "with BN, smoothing's final IS above ConOpt's"),                            # both as stated, within the band
    ("E7", {("dcgan4", "smoothing"): dict(score=4.5)}, "with BN, smoothing trains"),   # above ConOpt, not trained
    ("E7", {(a, "smoothing"): dict(score=6.4) for a in ("dcgan4_nobn", "dcgan4_nobn_cf")},
     "without BN, smoothing below ConOpt in most cells"),
    ("E8", {("conv4", "conopt"): dict(score=4.0)}, "ConOpt succeeds"),               # still above smoothing's 2.0
    ("E8", {("conv4", "smoothing"): dict(score=6.3)}, "above smoothing"),
    ("E9", {("dcgan4_nobn_cf", "conopt"): dict(score=4.0)}, "ConOpt trained with every objective"),
    ("E9", {("dcgan4_nobn_cf", "conopt"): dict(diverged_at=90000)}, "no divergence"),
    ("E10", {("resnet_cf", "conopt"): dict(fid="missing")}, "every run recorded FID"),
    ("E10", {("resnet_cf", "simga"): dict(diverged_at=None, fid=58.0)}, "SimGA's final FID the worst"),
    ("E10", {("resnet_cf", "altga"): dict(fid=28.0)}, "ConOpt's final FID the best"),     # within the band
    ("E10", {("resnet_cf", "altga"): dict(change=0.005)}, "keep changing"),     # AltGA's samples steadier
    ("E12", {("dcgan3", "altga"): dict(stop_at=120000)}, "every run completed"),  # stopped silently
    ("E13", {("dcgan4_nobn", "conopt"): dict(stop_at=120000)}, "every run completed"),
    ("E14", {("dcgan4_nobn", "conopt"): dict(score=6.5)}, "largest gamma's final IS below"),   # gamma 100 as good
    ("E14", {("dcgan4_nobn", "conopt"): dict(stop_at=120000)}, "every run completed"),
]


@pytest.mark.parametrize("claim, changes, phrase", DOCTORED)
def test_doctored_paper_results_fail(tmp_path, claim, changes, phrase):
    write_all(tmp_path, CFG["paper"], doctored(changes))
    v = verdicts(tmp_path, "paper", [claim])[claim]
    assert v.status == "fail" and phrase in v.reason, v.reason


def test_sweep_grids_short_of_the_claims_fail(tmp_path):
    cfg = resolve({"scale": "paper", "images": {"figures": {
        "fig12_altga_learning_rate": [{"arch": "dcgan3", "method": "altga", "lr": [1e-4, 2e-4, 4e-4]}],
        "fig14_conopt_gamma": [{"arch": "dcgan4_nobn", "method": "conopt", "lr": 2e-4, "gamma": [0.1, 1.0, 100.0]}]}}})
    write_all(tmp_path, cfg["images"])
    v = verdicts(tmp_path, "paper", ["E12", "E13", "E14"])
    assert v["E12"].status == v["E13"].status == v["E14"].status == "fail"
    assert "has >= 4 values" in v["E12"].reason and "spans 0.01" in v["E14"].reason


def test_diverged_sweep_runs_are_results_and_reported(tmp_path):
    write_all(tmp_path, CFG["paper"], doctored({("dcgan3", "altga"): dict(diverged_at=40000, std=FLUCTUATING)}))
    v = verdicts(tmp_path, "paper", ["E12", "E5"])
    assert v["E12"].status == "skip" and len(v["E12"].measured["diverged"]) == 4
    assert v["E5"].status == "pass"          # a diverged AltGA: unbounded losses, the lowest score
    assert v["E5"].measured["d_loss_second_half"]["altga_std"] == ["diverged"]
    json.dumps([x.measured for x in v.values()], allow_nan=False)


def standin_like(run) -> dict:
    """paper_like on the stand-in, where celebA's stand-in (digits) is scored like cifar-10's: ConOpt trains."""
    if (run.paper_dataset, run.method) == ("celeb_a", "conopt"):
        return {**paper_like(run), "score": 6.0}
    return paper_like(run)


CPU_3_SEEDS = resolve({"scale": "cpu", "images": {"seeds": {"default": [0, 1, 2]}}})["images"]


def test_standin_results_with_three_seeds_judge_every_claim(tmp_path):
    """With >= 3 seeds in every cell, the stand-in judges every claim the paper states, labelled as the stand-in,
    with the classifier's calibration next to each verdict; E12 and E13 stay figures (skip, no finding)."""
    write_all(tmp_path, CPU_3_SEEDS, standin_like, score_name="classifier score")
    for cid, v in verdicts(tmp_path, "cpu").items():
        assert v.reason.startswith(scorer.STANDIN_LABEL + ": "), (cid, v.reason)
        if cid in ("E12", "E13"):
            assert v.status == "skip" and image_sweeps.NO_FINDING in v.reason, (cid, v.reason)
            continue
        assert v.status == "pass", (cid, v.reason)
        assert v.measured["judged_on"] == scorer.STANDIN_LABEL
        cal = v.measured["scorer_calibration"]
        assert (cal["real"]["score"], cal["one_class"]["score"]) == (9.5, 1.05)
        json.dumps([v.measured, v.expected], allow_nan=False)


@pytest.mark.parametrize("failed, phrase", [
    (["dcgan4 simga does not train: median final score 1.09"], "the stand-in failed its controls: dcgan4 simga"),
    (None, "controls.json does not exist"),
])
def test_no_image_claim_is_judged_on_a_standin_that_failed_its_controls(tmp_path, failed, phrase):
    """Positive controls first: results that would pass every claim skip when a control failed (never pass or
    fail); without the controls' record the claims fail as missing results."""
    write_all(tmp_path, CPU_3_SEEDS, standin_like, score_name="classifier score")
    if failed:
        write_controls(tmp_path, failed)
    else:
        (tmp_path / image_results.CONTROLS_FILE).unlink()
    for cid, v in verdicts(tmp_path, "cpu").items():
        assert v.status == ("skip" if failed else "fail") and phrase in v.reason, (cid, v.reason)


def test_a_standin_scale_without_controls_judges_nothing(tmp_path):
    write_all(tmp_path, {**CPU_3_SEEDS, "controls": None}, standin_like, score_name="classifier score")
    for cid, v in verdicts(tmp_path, "cpu").items():
        assert v.status == "skip" and image_results.NO_CONTROLS in v.reason, (cid, v.reason)


def test_standin_thresholds_are_the_paper_ones_mapped_onto_the_classifier_scale(tmp_path):
    """On a classifier whose one-class and real scores were 1 and the published 11.24, the stand-in's thresholds
    would be the paper's; on the record above they sit as far between its own ends."""
    write_all(tmp_path, CPU_3_SEEDS, standin_like, score_name="classifier score")
    ctx = Context(scale="cpu", results=tmp_path)
    sc = scorer.Scorer.of(ctx, "standin")
    per_is = (9.5 - 1.05) / (11.24 - 1.0)
    assert sc.trained == pytest.approx(1.05 + 4.0 * per_is) and sc.band == pytest.approx(0.5 * per_is)
    assert sc.much_better == pytest.approx(per_is) and sc.min_seeds == 3
    write_standin_record(tmp_path, real=11.24, one_class=1.0)
    sc = scorer.Scorer.of(Context(scale="cpu", results=tmp_path), "standin")
    assert (sc.trained, sc.band, sc.much_better) == pytest.approx((scorer.IS_TRAINED, scorer.IS_RANK_BAND,
                                                                   scorer.IS_MUCH_BETTER))


def test_standin_figure_where_nothing_trains_is_a_skip_with_the_measured_reason(tmp_path):
    """Figure 8 at this budget (nothing trains): E8 cannot be judged, with the best cell's score as the reason."""
    flat = doctored({("conv4", m): dict(score=1.3) for m in ("simga", "altga", "conopt", "smoothing")})
    write_all(tmp_path, CPU_3_SEEDS, flat, score_name="classifier score")
    v = verdicts(tmp_path, "cpu", ["E8"])["E8"]
    assert v.status == "skip" and "nothing trains in this figure at this budget" in v.reason, v.reason
    assert max(v.measured["mean_final_score"].values()) < 1.4
    cal = v.measured["scorer_calibration"]   # the reason's "collapsed" and band, next to it
    assert f"within {cal['thresholds']['band']:.2f} of a collapsed generator's {cal['one_class']['score']:.2f}" \
        in v.reason, (cal, v.reason)


def test_standin_with_one_seed_per_cell_skips_for_want_of_a_band(tmp_path):
    """The cpu scale as configured before its seeds were spent where verdicts need them: 1 seed in most cells."""
    figures = resolve({"scale": "cpu"})["images"]["figures"]
    cfg = resolve({"scale": "cpu", "images": {"seeds": {f: [0] for f in ["default", *figures]}}})["images"]
    write_all(tmp_path, cfg, standin_like, score_name="classifier score")
    v = verdicts(tmp_path, "cpu", ["E4", "E6", "E14"])
    for cid, verdict in v.items():
        assert verdict.status == "skip" and "too few seeds to form a band" in verdict.reason, (cid, verdict.reason)


STANDIN_DOCTORED = [   # what differs on the stand-in: its mapped thresholds, its own assertions (E4's celebA, E10)
    ("E4", {("resnet_cf", "conopt"): dict(score=3.0)}, "celebA ConOpt trained"),   # celebA's stand-in does not train
    ("E6", {("dcgan4_nobn_cf", "conopt"): dict(score=3.5)}, "ConOpt trained on every no-BN"),
    ("E7", {("dcgan4", "smoothing"): dict(score=3.2)}, "with BN, smoothing"),
    ("E8", {("conv4", "conopt"): dict(score=3.5)}, "ConOpt succeeds"),
    ("E8", {("conv4", "smoothing"): dict(score=6.3)}, "above smoothing"),
    ("E9", {("dcgan4_nobn_cf", "conopt", "indicator"): dict(diverged_at=2000)}, "no divergence"),
    ("E10", {("resnet_cf", "conopt"): dict(score=3.0)}, "ConOpt trained"),     # best FID, not trained: as E4
    ("E10", {("resnet_cf", "conopt"): dict(fid="missing")}, "every run recorded FID"),   # a fail, not a crash
    ("E10", {("resnet_cf", "simga"): dict(diverged_at=None, fid=20.0)}, "SimGA's final FID the worst"),
    ("E10", {("resnet_cf", "altga"): dict(fid=25.1)}, "ConOpt's final FID the best"),   # within 2 SE of ConOpt's
    ("E10", {("resnet_cf", "altga"): dict(change=0.005)}, "keep changing"),
    ("E11", {("dcgan4_nobn", "conopt"): dict(score=5.3)}, "final score ConOpt"),   # better, not much better
    ("E14", {("dcgan4_nobn", "conopt"): dict(score=6.5)}, "largest gamma's final score below"),
]


@pytest.mark.parametrize("claim, changes, phrase", STANDIN_DOCTORED)
def test_doctored_standin_results_fail(tmp_path, claim, changes, phrase):
    """A claim whose precondition holds (something in its figure trains) and whose statement does not: fail."""
    def outcome(r):   # changes by (arch, method), or (arch, method, objective)
        return {**standin_like(r), **changes.get((r.arch, r.method), changes.get((r.arch, r.method, r.objective), {}))}
    write_all(tmp_path, CPU_3_SEEDS, outcome, score_name="classifier score")
    v = verdicts(tmp_path, "cpu", [claim])[claim]
    assert v.status == "fail" and phrase in v.reason, v.reason


def test_standin_without_its_calibration_is_a_missing_result(tmp_path):
    write_all(tmp_path, CPU_3_SEEDS, standin_like, score_name="classifier score")
    (tmp_path / image_results.STAND_IN_RECORD).unlink()
    v = verdicts(tmp_path, "cpu", ["E6"])["E6"]
    assert v.status == "fail" and "classifier.json does not exist" in v.reason


@pytest.mark.parametrize("claim, outcome, phrase", [
    ("E5", lambda r: dict(std=FLUCTUATING), "d_loss std over the second half"),
    # one ConOpt seed as unsteady as AltGA: the mean ratio is low, but not beyond the seeds' spread
    ("E5", lambda r: dict(std=FLUCTUATING if r.method == "altga" or r.seed == 2 else STEADY), "upper 2 SE"),
])
def test_doctored_cpu_results_fail(tmp_path, claim, outcome, phrase):
    write_all(tmp_path, CFG["cpu"], lambda r: {**standin_like(r), **outcome(r)}, score_name="classifier score")
    v = verdicts(tmp_path, "cpu", [claim])[claim]
    assert v.status == "fail" and phrase in v.reason, v.reason


def test_cpu_e10_judges_the_fid_and_the_late_change_and_reports_the_score(tmp_path):
    """E10 as CLAIMS states it, on the stand-in too: FID ranking and AltGA's late sample change decide, with ConOpt
    trained (as in E4); the classifier score is reported (a collapsed AltGA's score of 1 decides nothing)."""
    write_all(tmp_path, CFG["cpu"], lambda r: {**standin_like(r), **(dict(score=1.0, std=FLUCTUATING) if (
        r.arch, r.method) == ("resnet_cf", "altga") else {})}, score_name="classifier score")
    v = verdicts(tmp_path, "cpu", ["E10"])["E10"]
    assert v.status == "pass", v.reason
    assert "FID the worst" in v.reason and "keep changing" in v.reason and "ConOpt trained" in v.reason
    assert v.measured["final_score (reported)"]["altga"] == pytest.approx([1.0, 1.01, 1.02])
    assert v.expected["fid_ranking_band"].startswith("max(0, 2 SE)")


GRID_DOCTORED = [   # a figure's grid short of what the claim names: fail, whatever the scores
    ("E6", {"fig06_architecture_samples": [{"arch": ["dcgan4", "dcgan4_nobn", "dcgan4_nobn_cf"],
                                            "method": ["simga", "altga", "conopt"]}]},
     "every no-BN ConOpt cell of Figure 6 present"),                             # no constant filters + JS
    ("E9", {"fig09_objective_samples": [{"arch": "dcgan4_nobn_cf", "objective": ["standard", "js"],
                                         "method": "conopt"}]}, "every objective of the claim ran"),
    ("E13", {"fig13_conopt_learning_rate": [{"arch": "dcgan3_nobn", "method": "conopt", "gamma": 0.1,
                                             "lr": [5e-5, 1e-4, 2e-4, 4e-4]}]}, "both architectures"),
    ("E13", {"fig13_conopt_learning_rate": [{"arch": ["dcgan3_nobn", "dcgan4_nobn"], "method": "conopt",
                                             "gamma": 10.0, "lr": [5e-5, 1e-4, 2e-4, 4e-4]}]},
     "gamma per architecture as in the caption"),
    ("E14", {"fig14_conopt_gamma": [{"arch": "dcgan4_nobn", "method": "conopt", "lr": 1e-4,
                                     "gamma": [0.01, 0.1, 1.0, 10.0, 100.0]}]},
     "learning rate 0.0002 (x lr_scale 1) throughout"),
]


@pytest.mark.parametrize("claim, figures, phrase", GRID_DOCTORED)
def test_grids_short_of_the_claim_fail(tmp_path, claim, figures, phrase):
    """The checks do not trust the config's grid: what the claim names must have run."""
    write_all(tmp_path, resolve({"scale": "paper", "images": {"figures": figures}})["images"])
    v = verdicts(tmp_path, "paper", [claim])[claim]
    assert v.status == "fail" and phrase in v.reason, v.reason


def test_cpu_with_one_seed_skips_for_want_of_a_band(tmp_path):
    cfg = resolve({"scale": "cpu", "images": {"seeds": {"fig05_dcgan3_losses_inception": [0]}}})["images"]
    write_all(tmp_path, cfg, score_name="classifier score")
    v = verdicts(tmp_path, "cpu", ["E5"])["E5"]
    assert v.status == "skip" and "too few seeds" in v.reason


def test_a_missing_run_is_a_missing_result(tmp_path):
    write_all(tmp_path, CFG["cpu"], score_name="classifier score")
    gone = figure_runs(CFG["cpu"], "fig10_celeba_resnet_samples")[4].run_id
    (tmp_path / "images" / gone / "final.json").unlink()
    with pytest.raises(MissingResult, match="final.json does not exist"):
        CHECKS["E10"](Context(scale="cpu", results=tmp_path))
    assert verdicts(tmp_path, "cpu", ["E10"])["E10"].status == "fail"
    empty = Context(scale="paper", results=tmp_path / "nothing")
    for cid in IMAGE_CLAIMS:
        assert run_check(cid, CHECKS[cid], empty).status == "fail"


def test_loss_fluctuation_excludes_the_drift_of_interval_means():
    """Two second-half intervals with std 0.1 around means 1.0 and 2.0: fluctuation 0.1; with drift sqrt(0.01+0.25)."""
    run = all_runs(CFG["cpu"])[figure_runs(CFG["cpu"], "fig05_dcgan3_losses_inception")[0].run_id]
    half, step = run.steps // 2, run.steps // 4
    lines = [{"step": s, "d_loss": {"mean": m, "std": 0.1}} for s, m in ((half, 9.0), (half + step, 1.0),
                                                                           (run.steps, 2.0))]
    r = RunResult(run, {"status": "completed"}, lines)
    assert r.loss_std("d_loss") == pytest.approx(0.1)
    assert r.loss_std("d_loss", drift=True) == pytest.approx((0.01 + 0.25) ** 0.5)


# -- the rehearsal's real run folders (results/rehearsal after `make rehearsal`) -----------------------------------
REHEARSAL = Path(__file__).resolve().parents[2] / "results" / "rehearsal"
needs_rehearsal = pytest.mark.skipif(not (REHEARSAL / "config.json").is_file() or
                                     not (REHEARSAL / image_results.CALIBRATION_FILE).is_file(),
                                     reason="needs the rehearsal's image results (make rehearsal or rehearsal-ci)")


def rehearsal_as_paper(root, outcome):
    """Each paper-scale run as the rehearsal's folder of a run of the same network and method (the same run but its
    steps; after CI's rehearsal-ci maybe another objective, learning rate or gamma): its sample grids copied, its
    final.json and metrics fields kept, settings, steps, scores and losses edited to `outcome`; the rehearsal's real
    calibration record edited to a calibrated scorer; the paper's resolved config."""
    paper = resolve({"scale": "paper"})
    twin = {network_and_method(r): r
            for r in all_runs(json.loads((REHEARSAL / "config.json").read_text())["images"]).values()}
    for run in all_runs(paper["images"]).values():
        source = REHEARSAL / "images" / twin[network_and_method(run)].run_id
        shutil.copytree(source / "samples", root / "images" / run.run_id / "samples")
        write_run(root, run, **outcome(run), template=source)
    (root / "config.json").write_text(json.dumps(paper))
    record = json.loads((REHEARSAL / image_results.CALIBRATION_FILE).read_text())
    record.update(splits=10, scores={"6400": {"score": 11.2, "std": 0.2}, "50000": {"score": 11.3, "std": 0.1}})
    (root / image_results.CALIBRATION_FILE).write_text(json.dumps(record))
    return root


@needs_rehearsal
def test_rehearsal_folders_as_paper_runs_can_pass_and_fail(tmp_path):
    """A test of the checks on what the paper-scale jobs really write: every run of the paper's matrix exists in the
    rehearsal, and its folders, edited to the paper's outcomes, pass every claim the paper states (E12, E13:
    reproduced, skip) and, doctored, fail each."""
    v = verdicts(rehearsal_as_paper(tmp_path / "paper_like", paper_like), "paper")
    for cid, verdict in v.items():
        assert verdict.status == ("skip" if cid in ("E12", "E13") else "pass"), (cid, verdict.reason)
    for claim, changes, phrase in DOCTORED:
        root = rehearsal_as_paper(tmp_path / f"{claim}_{len(list(tmp_path.iterdir()))}", doctored(changes))
        verdict = verdicts(root, "paper", [claim])[claim]
        assert verdict.status == "fail" and phrase in verdict.reason, (claim, verdict.reason)
