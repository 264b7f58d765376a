"""images.train: every architecture x method x objective takes steps; resume after a kill gives the same result
as an uninterrupted run; NaN/Inf stops cleanly with status "diverged"; outputs are written; the compiled loop gives
what step-by-step training gives, its interval statistics are numpy's, it traces once; train_time_s survives resumes."""
from __future__ import annotations

import itertools
import json

import numpy as np
import pytest

from numerics_of_gans.names import ARCHITECTURES as ARCHS, METHODS, OBJECTIVES


def _settings(tmp_path, **kw):
    from numerics_of_gans.images.train import TrainSettings
    base = dict(out=str(tmp_path / "run"), dataset="digits", arch="dcgan3", method="conopt", steps=4, eval_every=2,
                batch_size=4, z_dim=4, width=2, shuffle_buffer=32, seed=0)
    base.update(kw)
    return TrainSettings(**base)


@pytest.mark.parametrize("arch", ARCHS)
def test_every_combination_takes_steps(arch):
    """All methods x objectives on this architecture: one step each, eagerly (compiling 180 steps would take
    minutes); every loss stays finite and the step changes the weights."""
    import tensorflow as tf

    from consensus_optimization import objectives
    from numerics_of_gans.images import models
    from consensus_optimization.optimizers import make_optimizer
    size = 16
    g, d = models.build_pair(arch, 2, size, 3, 4, seed=0)
    real = tf.random.stateless_uniform([2, size, size, 3], seed=[0, 1], minval=-1, maxval=1)
    z = tf.random.stateless_normal([2, 4], seed=[0, 2])
    start = [v.numpy() for v in g.trainable_variables + d.trainable_variables]
    tf.config.run_functions_eagerly(True)
    try:
        for method, objective in itertools.product(METHODS, OBJECTIVES):
            def loss_fn(objective=objective):
                return objectives.losses(objective, d(real, training=True), d(g(z, training=True), training=True))
            opt = make_optimizer(method, learning_rate=1e-4, gamma=1.0)
            out = opt.step(loss_fn, d.trainable_variables, g.trainable_variables)
            assert all(np.isfinite(float(v)) for v in out.values()), (method, objective)
            assert any(not np.array_equal(v.numpy(), v0)   # (tiny first-layer steps can round away in float32)
                       for v, v0 in zip(g.trainable_variables + d.trainable_variables, start)), (method, objective)
            for v, v0 in zip(g.trainable_variables + d.trainable_variables, start):
                v.assign(v0)   # the next combination starts from the same weights
    finally:
        tf.config.run_functions_eagerly(False)


def test_outputs_and_batch_norm_statistics(tmp_path):
    from numerics_of_gans.images.train import train
    final = train(_settings(tmp_path, arch="dcgan3", method="altga"))
    run = tmp_path / "run"
    lines = [json.loads(ln) for ln in (run / "metrics.jsonl").read_text().splitlines()]
    assert [ln["step"] for ln in lines] == [2, 4]
    assert set(lines[0]["d_loss"]) == {"mean", "std", "min", "max"}
    assert (run / "samples" / "step_0000004.png").is_file()
    assert list((run / "tensorboard").glob("events.out.tfevents.*"))
    assert final["status"] == "completed" and final["step"] == 4 and "provenance" in final
    assert final["dataset_label"] == "digits (stand-in for cifar-10)"
    assert json.loads((run / "final.json").read_text())["status"] == "completed"


def test_batch_norm_moving_statistics_are_updated_and_saved(tmp_path):
    import tensorflow as tf

    from numerics_of_gans.images import models
    from numerics_of_gans.images.train import train
    train(_settings(tmp_path, arch="dcgan3", method="simga", steps=2))
    g, d = models.build_pair("dcgan3", 2, 32, 3, 4, seed=0)
    tf.train.Checkpoint(generator=g, discriminator=d).restore(
        tf.train.latest_checkpoint(str(tmp_path / "run" / "checkpoints"))).expect_partial()
    moving = [v for v in g.non_trainable_variables if "moving_mean" in v.path]
    assert moving and any(np.abs(v.numpy()).max() > 0 for v in moving)   # start at 0; training moved them


def test_resume_after_kill_gives_the_same_result(tmp_path):
    import tensorflow as tf

    from numerics_of_gans.images.train import train
    tf.config.experimental.enable_op_determinism()
    try:
        a = train(_settings(tmp_path / "a", arch="dcgan3", method="conopt", mock=False))
        part = train(_settings(tmp_path / "b", arch="dcgan3", method="conopt"), stop_after=3)   # killed at step 3
        assert part["status"] == "interrupted" and not (tmp_path / "b" / "run" / "final.json").exists()
        b = train(_settings(tmp_path / "b", arch="dcgan3", method="conopt"))                    # resumes at step 2
    finally:
        tf.config.experimental.disable_op_determinism() if hasattr(tf.config.experimental,
                                                                    "disable_op_determinism") else None
    assert b["status"] == a["status"] == "completed"
    assert b["last_metrics"]["d_loss"] == a["last_metrics"]["d_loss"]
    assert b["last_metrics"]["g_loss"] == a["last_metrics"]["g_loss"]
    la = (tmp_path / "a" / "run" / "metrics.jsonl").read_text().splitlines()
    lb = (tmp_path / "b" / "run" / "metrics.jsonl").read_text().splitlines()
    assert [json.loads(x)["d_loss"] for x in la] == [json.loads(x)["d_loss"] for x in lb]
    _assert_same_weights(tmp_path / "a", tmp_path / "b", 4)


def test_divergence_stops_cleanly(tmp_path):
    from numerics_of_gans.images.train import train
    final = train(_settings(tmp_path, arch="dcgan3_nobn", method="simga", lr=1e30, steps=6))
    assert final["status"] == "diverged" and 1 <= final["step"] < 6
    assert "non-finite" in final["cause"] and str(final["step"]) in final["cause"]
    assert json.loads((tmp_path / "run" / "final.json").read_text())["status"] == "diverged"


def test_mock_data_run_with_stand_in_classifier(tmp_path):
    from numerics_of_gans.images import data, stand_in_classifier
    from numerics_of_gans.images.train import train
    images, labels = data.labelled_arrays("cifar10", data_dir=tmp_path / "tfds", mock=True, mock_examples=32)
    model, _ = stand_in_classifier.train_stand_in_classifier(images, labels, 10, epochs=1)
    data.prepare_mock("cifar10", tmp_path / "tfds", 16)
    model.save(tmp_path / "clf.keras")
    final = train(_settings(tmp_path, dataset="cifar10", mock=True, mock_examples=16, data_dir=str(tmp_path / "tfds"),
                            arch="dcgan4_nobn_cf", method="smoothing", steps=2, eval_samples=20, eval_splits=2,
                            classifier=str(tmp_path / "clf.keras")))
    assert final["status"] == "completed" and final["score_name"] == "classifier score"
    last = final["last_metrics"]
    assert last["score_name"] == "classifier score" and last["score"] >= 1.0
    assert last["fid_name"] == "Frechet classifier distance" and np.isfinite(last["fid"]) and last["fid"] >= 0.0
    assert "mock" in final["dataset_label"]


def test_xla_compiled_consensus_step_trains(tmp_path):
    """--jit-compile: the ConOpt step (double backprop) compiled by XLA takes steps with finite losses."""
    from numerics_of_gans.images.train import train
    final = train(_settings(tmp_path, arch="dcgan3_nobn", method="conopt", steps=2, jit_compile=True))
    assert final["status"] == "completed" and final["settings"]["jit_compile"]
    assert np.isfinite(final["last_metrics"]["d_loss"]["mean"]) and np.isfinite(final["last_metrics"]["g_loss"]["mean"])


def _assert_same_weights(a, b, step: int) -> None:
    """The generator's and discriminator's weights in the two runs' checkpoints at `step` are equal bit for bit."""
    import tensorflow as tf
    ra, rb = (tf.train.load_checkpoint(str(f / "run" / "checkpoints" / f"ckpt-{step}")) for f in (a, b))
    names = [n for n in ra.get_variable_to_shape_map() if "generator" in n or "discriminator" in n]
    assert names
    for name in names:
        np.testing.assert_array_equal(ra.get_tensor(name), rb.get_tensor(name), err_msg=name)


def _lines(run) -> list[dict]:
    return [json.loads(ln) for ln in (run / "metrics.jsonl").read_text().splitlines()]


def test_compiled_loop_equals_step_by_step(tmp_path):
    """Six steps in one loop call and six calls of one step give the same weights (bitwise) and aggregates."""
    import tensorflow as tf

    from numerics_of_gans.images.train import train
    kw = dict(arch="dcgan3_nobn", method="conopt", steps=6, eval_every=6)
    tf.config.experimental.enable_op_determinism()
    try:
        train(_settings(tmp_path / "one", **kw))
        train(_settings(tmp_path / "six", max_chunk=1, **kw))
    finally:
        tf.config.experimental.disable_op_determinism() if hasattr(tf.config.experimental,
                                                                    "disable_op_determinism") else None
    [one], [six] = _lines(tmp_path / "one" / "run"), _lines(tmp_path / "six" / "run")
    for key in ("d_loss", "g_loss", "consensus_loss"):
        assert one[key]["min"] == six[key]["min"] and one[key]["max"] == six[key]["max"], key
        assert one[key]["mean"] == pytest.approx(six[key]["mean"], rel=1e-12, abs=0), key
        assert one[key]["std"] == pytest.approx(six[key]["std"], rel=1e-9, abs=1e-15), key
    _assert_same_weights(tmp_path / "one", tmp_path / "six", 6)


def test_interval_aggregates_match_numpy_of_the_per_step_scalars(tmp_path, monkeypatch):
    """The in-graph accumulation (mean, population std, min, max per evaluation interval) equals numpy's over the
    per-step values written to TensorBoard as step/<name>; every step is written once; the loop traced once
    although its calls took 0, 3, 3 and 1 steps."""
    import tensorflow as tf

    from numerics_of_gans.images import train as train_module
    loops = []

    class Recorded(train_module.StepLoop):
        def __init__(self, *args, **kw):
            super().__init__(*args, **kw)
            loops.append(self)
    monkeypatch.setattr(train_module, "StepLoop", Recorded)
    train_module.train(_settings(tmp_path, arch="dcgan3_nobn", method="smoothing", steps=7, eval_every=3))
    assert len(loops) == 1 and loops[0].fn.experimental_get_tracing_count() == 1
    run = tmp_path / "run"
    per_step: dict[str, dict[int, float]] = {}
    for path in sorted((run / "tensorboard").glob("events.out.tfevents.*")):
        for event in tf.compat.v1.train.summary_iterator(str(path)):
            for v in event.summary.value:
                if v.tag.startswith("step/"):
                    assert event.step not in per_step.setdefault(v.tag[5:], {}), (v.tag, event.step)
                    per_step[v.tag[5:]][event.step] = float(tf.make_ndarray(v.tensor))
    assert set(per_step) == {"d_loss", "g_loss", "consensus_loss"}
    lines = _lines(run)
    assert [ln["step"] for ln in lines] == [3, 6, 7]
    prev = 0
    for line in lines:
        for key, values in per_step.items():
            vals = np.array([values[i] for i in range(prev + 1, line["step"] + 1)])
            got = line[key]
            assert got["min"] == vals.min() and got["max"] == vals.max(), key
            assert got["mean"] == pytest.approx(np.mean(vals), rel=1e-12, abs=0), key
            assert got["std"] == pytest.approx(np.std(vals), rel=1e-9, abs=1e-12), key
        prev = line["step"]


def test_train_time_accumulates_and_survives_a_resume(tmp_path):
    """train_time_s (training steps only) is positive and grows line by line, by each interval's steps /
    steps_per_s, also across a kill: the resumed process continues from the checkpoint's value."""
    import tensorflow as tf

    from numerics_of_gans.images.train import train
    kw = dict(arch="dcgan3_nobn", method="simga", steps=6, eval_every=2)
    assert train(_settings(tmp_path, **kw), stop_after=3)["status"] == "interrupted"
    [first] = _lines(tmp_path / "run")
    ckpt = tf.train.load_checkpoint(str(tmp_path / "run" / "checkpoints" / "ckpt-2"))
    assert ckpt.get_tensor("train_time_s/.ATTRIBUTES/VARIABLE_VALUE") == first["train_time_s"] > 0
    final = train(_settings(tmp_path, **kw))
    lines = _lines(tmp_path / "run")
    assert [ln["step"] for ln in lines] == [2, 4, 6] and lines[0] == first
    for a, b in zip(lines, lines[1:]):   # continues after the resume (step 2 -> 4), not from 0
        assert b["train_time_s"] == pytest.approx(a["train_time_s"] + 2 / b["steps_per_s"], rel=1e-9)
    assert final["train_time_s"] == lines[-1]["train_time_s"] and final["last_metrics"] == lines[-1]


class _Clock:
    """A clock that advances one second per reading: `Deadline` reads it once per loop call."""

    def __init__(self):
        self.t = 0.0

    def __call__(self):
        self.t += 1.0
        return self.t


def test_a_run_sliced_by_time_limits_ends_as_an_uninterrupted_one(tmp_path):
    """Three jobs, each stopped by its deadline between two evaluations (3 steps a job, evaluations every 4), end
    with the weights, evaluation lines and interval statistics of one uninterrupted run: the cluster's slices."""
    import tensorflow as tf

    from numerics_of_gans.images.slices import Deadline
    from numerics_of_gans.images.train import train
    kw = dict(arch="dcgan3", method="conopt", steps=8, eval_every=4, max_chunk=1)
    tf.config.experimental.enable_op_determinism()
    try:
        a = train(_settings(tmp_path / "a", **kw))
        jobs = []
        while not jobs or jobs[-1]["status"] == "sliced":
            jobs.append(train(_settings(tmp_path / "b", **kw), deadline=Deadline(3.5, clock=_Clock())))
            assert len(jobs) <= 4
    finally:
        tf.config.experimental.disable_op_determinism() if hasattr(tf.config.experimental,
                                                                    "disable_op_determinism") else None
    assert [j["status"] for j in jobs] == ["sliced", "sliced", "completed"]
    assert [j["step"] for j in jobs[:2]] == [3, 6] and [j["steps_this_job"] for j in jobs[:2]] == [3, 3]
    timing = ("steps_per_s", "train_time_s")
    la, lb = _lines(tmp_path / "a" / "run"), _lines(tmp_path / "b" / "run")
    assert [{k: v for k, v in x.items() if k not in timing} for x in la] == \
        [{k: v for k, v in x.items() if k not in timing} for x in lb]
    assert [x["step"] for x in lb] == [4, 8] and all(x["steps_per_s"] > 0 for x in lb)
    assert jobs[-1]["last_metrics"]["d_loss"] == a["last_metrics"]["d_loss"]
    _assert_same_weights(tmp_path / "a", tmp_path / "b", 8)


def test_a_job_whose_time_ends_before_training_starts_fails_with_the_reason(tmp_path, capsys):
    from numerics_of_gans.cli import main
    args = ["train", "--dataset", "digits", "--arch", "dcgan3_nobn", "--method", "simga", "--steps", "4",
            "--batch-size", "4", "--z-dim", "4", "--width", "2", "--eval-every", "2", "--shuffle-buffer", "32",
            "--out", str(tmp_path / "run")]
    assert main(args + ["--job-minutes", "1", "--stop-margin-minutes", "1"]) == 2
    assert "job_minutes: 1.0 leaves no time after stop_margin_minutes 1.0" in capsys.readouterr().err
    assert not (tmp_path / "run").exists()
    assert main(args + ["--job-minutes", "0.0001", "--stop-margin-minutes", "0"]) == 1
    assert "left no time to train" in capsys.readouterr().err
    assert not (tmp_path / "run" / "final.json").exists()
    assert main(args + ["--min-step-seconds", "0.5"]) == 2   # a pace without a time slice: refused, nothing written
    assert "min_step_seconds: 0.5 is allowed only with job_minutes" in capsys.readouterr().err
    assert main(args + ["--min-step-seconds", "-1", "--job-minutes", "1", "--stop-margin-minutes", "0"]) == 2
    assert "min_step_seconds: -1.0 is outside the allowed range [0.0, inf)" in capsys.readouterr().err


def test_a_run_killed_after_its_last_checkpoint_reports_its_last_evaluation(tmp_path):
    """Killed between the last checkpoint and final.json (a job's time limit can fall there): the next process
    takes no step and writes the final.json of the uninterrupted run."""
    from numerics_of_gans.images.train import train
    kw = dict(arch="dcgan3_nobn", method="simga", steps=2, eval_every=1)
    first = train(_settings(tmp_path, **kw))
    (tmp_path / "run" / "final.json").unlink()
    again = train(_settings(tmp_path, **kw))
    assert again["last_metrics"] == first["last_metrics"] is not None
    assert again["step"] == 2 and again["train_time_s"] == first["train_time_s"]
    assert [ln["step"] for ln in _lines(tmp_path / "run")] == [1, 2]
