"""The `train` and `train-classifier` subcommands: validation of every value, and a tiny run end to end."""
from __future__ import annotations

import json

import pytest

from numerics_of_gans.cli import main

BASE = ["train", "--dataset", "digits", "--arch", "dcgan3_nobn", "--method", "conopt", "--steps", "2"]


def _out(tmp_path):
    return ["--out", str(tmp_path / "run")]


@pytest.mark.parametrize("extra, field", [
    (["--dataset", "mnist"], "dataset"), (["--arch", "vgg"], "arch"), (["--objective", "wgan"], "objective"),
    (["--method", "adam"], "method"), (["--gamma", "-1"], "gamma"), (["--lr", "0"], "lr"), (["--lr", "nan"], "lr"),
    (["--steps", "0"], "steps"), (["--seed", "-1"], "seed"), (["--width", "3"], "width"),
    (["--eval-samples", "15"], "eval_samples"), (["--mock"], "mock"), (["--classifier", "/nope.keras"], "classifier"),
    (["--stands-in-for", "mnist"], "stands_in_for"),
    (["--dataset", "cifar10", "--stands-in-for", "celeb_a"], "stands_in_for"),
])
def test_bad_values_name_the_field(tmp_path, capsys, extra, field):
    assert main(BASE + _out(tmp_path) + extra) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {field}:") and not (tmp_path / "run").exists()


def test_train_classifier_refuses_a_calibration_that_does_not_split(tmp_path, capsys):
    args = ["train-classifier", "--calibration-samples", "64", "--calibration-splits", "10",
            "--out", str(tmp_path / "c.keras")]
    assert main(args) == 2
    assert capsys.readouterr().err.startswith("error: calibration_samples: 64 does not split into calibration_splits 10 equal parts")
    assert not (tmp_path / "c.keras").exists()


@pytest.mark.parametrize("size", [None, 16])
def test_train_classifier_and_train_end_to_end(tmp_path, capsys, size):
    """The stand-in at its default 32x32 and at 16x16 (config images.common.size): classifier and run alike."""
    clf = tmp_path / "clf.keras"
    side = ["--size", str(size)] if size else []
    assert main(["train-classifier", "--dataset", "digits", "--epochs", "1", "--out", str(clf)] + side) == 0
    record = json.loads(clf.with_suffix(".json").read_text())
    assert clf.is_file() and record["dataset"].startswith("digits (stand-in")
    cal = record["calibration"]     # the two ends of the classifier score's scale, at the evaluation's sample count
    assert (cal["samples"], cal["splits"]) == (640, 10) and 1.0 <= cal["one_class"]["score"] < cal["real"]["score"]
    args = BASE + _out(tmp_path) + ["--batch-size", "4", "--z-dim", "4", "--width", "2", "--eval-every", "2",
                                    "--eval-samples", "20", "--eval-splits", "2", "--classifier", str(clf),
                                    "--stands-in-for", "celeb_a"] + side
    assert main(args) == 0
    final = json.loads((tmp_path / "run" / "final.json").read_text())
    assert final["status"] == "completed" and final["last_metrics"]["score_name"] == "classifier score"
    assert final["dataset_label"] == "digits (stand-in for celebA)" and final["settings"]["size"] == size
    import matplotlib.image as mpimg
    grid = mpimg.imread(sorted((tmp_path / "run" / "samples").glob("step_*.png"))[-1])
    assert grid.shape[0] == 8 * (size or 32)      # an 8x8 grid of the run's images


@pytest.mark.parametrize("argv, message", [
    (["train", "--dataset", "cifar10", "--mock", "--arch", "dcgan3_nobn", "--method", "conopt", "--steps", "2",
      "--size", "16"], "size: 16 for 'cifar10'; only the digits stand-in takes a size"),
    (["train-classifier", "--dataset", "digits", "--size", "12"], "size: 12 is not allowed"),
    (BASE + ["--arch", "dcgan4_nobn", "--size", "8"], "arch: dcgan4_nobn cannot produce 8x8 images"),
])
def test_a_size_only_the_stand_in_takes(tmp_path, capsys, argv, message):
    assert main(argv + ["--out", str(tmp_path / "x.keras")]) == 2
    assert capsys.readouterr().err.startswith(f"error: {message}")


def test_cluster_plan_counts_the_jobs_of_every_figure(capsys):
    """`cluster-plan`: with 2-day jobs, 95 jobs for the 43 paper runs, 11 for the 20-day celebA ConOpt run; a margin
    that leaves no training time is refused, naming the field."""
    assert main(["cluster-plan", "--max-job-minutes", "2880"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1].split()[-3:] == ["43", "2,496", "95"]
    fig10 = next(ln for ln in lines if ln.startswith("fig10_celeba_resnet_samples"))
    assert fig10.split()[1:4] == ["3", "576", "15"] and fig10.endswith("n1500000-s0: 11 jobs")
    assert main(["cluster-plan", "--max-job-minutes", "5"]) == 2
    assert "config field 'cluster.stop_margin_minutes'" in capsys.readouterr().err


def test_every_score_setting_checks_its_splits_alike(capsys):
    """One check (errors.check_splits) for the train settings, calibrate-scorer and train-classifier."""
    from numerics_of_gans.errors import SettingsError
    from numerics_of_gans.images.settings import TrainSettings
    with pytest.raises(SettingsError, match="eval_samples: 64 does not split into eval_splits 10 equal parts"):
        TrainSettings(out="x", dataset="digits", arch="dcgan3_nobn", method="conopt", steps=1, eval_samples=64)
    assert main(["calibrate-scorer", "--dataset", "cifar10", "--samples", "6400", "65", "--splits", "10",
                 "--classifier", "x", "--out", "x.json"]) == 2
    assert "samples: 65 does not split into splits 10 equal parts" in capsys.readouterr().err
