"""images.evaluation: an evaluation appends its line to metrics.jsonl, writes the step's sample grid and the line's
numbers to TensorBoard (steps_per_s excepted). With a classifier: tests/images/test_train.py and test_command.py."""
from __future__ import annotations

import json


def test_an_evaluation_without_a_classifier_writes_its_line_grid_and_summaries(tmp_path):
    import tensorflow as tf

    from numerics_of_gans.images import models
    from numerics_of_gans.images.evaluation import Evaluation
    from numerics_of_gans.images.settings import TrainSettings
    s = TrainSettings(out=str(tmp_path), dataset="digits", arch="dcgan3_nobn", method="simga", z_dim=4, width=2)
    generator, _ = models.build_pair(s.arch, s.width, 32, 1, s.z_dim, seed=0)
    evaluation = Evaluation(s, generator, None, tmp_path)   # no classifier: the examples are not read
    assert evaluation.score_name is None
    interval = {"d_loss": {"mean": 0.5, "std": 0.1, "min": 0.4, "max": 0.6}, "steps_per_s": 3.0, "train_time_s": 2.5}
    line = evaluation(8, interval)
    assert line == {"step": 8, **interval}
    assert [json.loads(ln) for ln in (tmp_path / "metrics.jsonl").read_text().splitlines()] == [line]
    assert (tmp_path / "samples" / "step_0000008.png").is_file()
    evaluation.writer.flush()
    tags = {(v.tag, e.step) for p in (tmp_path / "tensorboard").glob("events.out.tfevents.*")
            for e in tf.compat.v1.train.summary_iterator(str(p)) for v in e.summary.value}
    assert tags == {(f"d_loss/{k}", 8) for k in ("mean", "std", "min", "max")} | {("train_time_s", 8)}
