"""One evaluation of an image run, every eval_every steps and at the end: a point of the loss and score curves of
Figures 5, 7, 8 and 11-14 and a sample grid of Figures 4, 6, 9 and 10.

Each evaluation appends one JSON line to metrics.jsonl: the step; the interval's statistics (each scalar's mean,
std, min, max, steps_per_s, train_time_s: images.step_loop); with a classifier (an Inception module folder or a
stand-in .keras file) the score ("inception score" or "classifier score") and the FID (Frechet classifier distance
for a stand-in) against the statistics of the training images. The same values go to TensorBoard (the run's writer,
which the step loop's per-step scalars share), and the grid to samples/ (images.sample_grids).
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import tensorflow as tf

from numerics_of_gans.images import data, sample_grids
from numerics_of_gans.images.settings import TrainSettings


def load_classifier(spec: str | None, dataset: str):
    """The classifier of a run's `classifier` setting: None, a stand-in .keras file, or an Inception module folder."""
    from numerics_of_gans.images import inception, stand_in_classifier
    if spec is None:
        return None
    if spec.endswith(".keras"):
        return stand_in_classifier.stand_in_classifier(spec, data.LABELS[dataset])   # the data it was trained on
    return inception.load_inception(spec)


def real_stats(classifier, examples: tf.data.Dataset, n: int):
    """Statistics of the classifier's features of the first n training images (all of them if fewer): the
    reference side of the FID (Frechet classifier distance for a stand-in classifier) reported at every evaluation
    next to the score."""
    from numerics_of_gans.images import scores
    images = np.concatenate([data.to_float(b).numpy() for b in examples.take(n).batch(256)])
    return scores.FeatureStats.of(classifier.activations(images)[1])


class Evaluation:
    """`evaluation(step, interval)` evaluates `generator` at `step` and returns the metrics line it appended.
    Set up once per process: the classifier of `s.classifier` (None: no score), the real images' statistics, the
    fixed latent batch of the sample grids, and `writer`, the run's TensorBoard writer in `out`/tensorboard."""

    def __init__(self, s: TrainSettings, generator, examples: tf.data.Dataset, out: Path):
        self.s, self.generator, self.out = s, generator, out
        self.classifier = load_classifier(s.classifier, s.dataset)
        self.real_stats = None if self.classifier is None else real_stats(self.classifier, examples, s.eval_samples)
        self.fixed_z = sample_grids.fixed_latents(s.z_dim, s.seed)
        self.writer = tf.summary.create_file_writer(str(out / "tensorboard"))

    @property
    def score_name(self) -> str | None:
        return None if self.classifier is None else self.classifier.score_name

    def __call__(self, step: int, interval: dict) -> dict:
        s, line = self.s, {"step": step, **interval}
        sample_grids.write(self.generator, self.fixed_z, self.out, step)
        if self.classifier is not None:
            from numerics_of_gans.images import scores
            line.update(scores.evaluate(self.generator, self.classifier, s.z_dim, s.eval_samples, s.eval_splits,
                                        min(s.batch_size, s.eval_samples), seed=s.seed,
                                        real_features=self.real_stats))
        with self.writer.as_default(step=step):
            for k, v in line.items():
                if isinstance(v, dict):
                    for agg, x in v.items():
                        tf.summary.scalar(f"{k}/{agg}", float(x))
                elif isinstance(v, float) and k != "steps_per_s":
                    tf.summary.scalar(k, float(v))
        with (self.out / "metrics.jsonl").open("a") as fh:
            fh.write(json.dumps(line) + "\n")
        return line
