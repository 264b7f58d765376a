"""images.resume: a run's checkpoint manager restores its latest checkpoint, with or without the optional objects;
a checkpoint of the optimizer before the Keras optimizers is refused with the way out; a stop saves once; the
metrics lines after the checkpoint are dropped."""
from __future__ import annotations

import json

import pytest


def test_a_checkpoint_of_the_optimizer_before_keras_optimizers_is_refused_with_the_way_out(tmp_path):
    """Slots named as the hand-written optimizer saved them (optimizer/mean_squares/i): a clear error, not a
    restore that leaves the Keras optimizers' slots at their initial values."""
    import tensorflow as tf

    from numerics_of_gans.errors import Unavailable
    from numerics_of_gans.images.resume import restore
    old = tf.Module()
    old.mean_squares = [tf.Variable(tf.ones([2]))]
    path = tf.train.Checkpoint(optimizer=old).save(str(tmp_path / "run" / "checkpoints" / "ckpt"))
    with pytest.raises(Unavailable, match=r"before the Keras optimizers.*delete .*run to train the run again"):
        restore({"optimizer": tf.Module()}, {}, path, log=print)


def test_the_manager_restores_the_latest_checkpoint_and_the_optional_objects_it_holds(tmp_path):
    import tensorflow as tf

    from numerics_of_gans.images import resume
    messages = []
    step = tf.Variable(0, dtype=tf.int64)
    manager = resume.checkpoints(tmp_path, 2, objects={"step": step}, optional={}, log=messages.append)
    assert manager.latest_checkpoint is None and not messages   # nothing to resume from
    step.assign(3)
    manager.save(checkpoint_number=3)   # a checkpoint from before train_time_s existed
    step2, time2 = tf.Variable(0, dtype=tf.int64), tf.Variable(7.0, dtype=tf.float64)
    resume.checkpoints(tmp_path, 2, objects={"step": step2}, optional={"train_time_s": time2}, log=messages.append)
    assert int(step2) == 3 and float(time2) == 7.0
    assert "has no train_time_s" in messages[0] and messages[1].endswith("ckpt-3 at step 3")


def test_a_stop_saves_unless_the_evaluation_at_its_step_just_did(tmp_path):
    import tensorflow as tf

    from numerics_of_gans.images import resume
    ckpt = tf.train.Checkpoint(v=tf.Variable(1.0))
    manager = tf.train.CheckpointManager(ckpt, tmp_path, max_to_keep=5)
    manager.save(checkpoint_number=4)
    resume.save_at(manager, 4)
    assert int(ckpt.save_counter) == 1
    resume.save_at(manager, 5)
    assert int(ckpt.save_counter) == 2 and manager.latest_checkpoint.endswith("ckpt-5")


def test_metrics_lines_after_the_checkpoint_are_dropped(tmp_path):
    from numerics_of_gans.images.resume import truncate_metrics
    path = tmp_path / "metrics.jsonl"
    assert truncate_metrics(path, 4) is None and not path.exists()
    path.write_text("".join(json.dumps({"step": s, "x": s * 10}) + "\n" for s in (2, 4, 6)) + "\n")
    assert truncate_metrics(path, 4) == {"step": 4, "x": 40}
    assert [json.loads(ln)["step"] for ln in path.read_text().splitlines()] == [2, 4]
    assert truncate_metrics(path, 0) is None and path.read_text() == ""
