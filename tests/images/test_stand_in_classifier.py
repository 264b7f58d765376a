"""The stand-in classifier of images.stand_in_classifier, scored through the same path as Inception."""
from __future__ import annotations

import numpy as np


def test_stand_in_classifier_scores_through_the_same_path():
    from numerics_of_gans.images import models, scores, stand_in_classifier
    rng = np.random.default_rng(0)
    images = rng.uniform(-1, 1, size=(60, 8, 8, 1)).astype("float32")
    labels = (images.mean(axis=(1, 2, 3)) > 0).astype("int64")
    model, quality = stand_in_classifier.train_stand_in_classifier(images, labels, n_classes=2, epochs=1, seed=0)
    assert set(quality) == {"train_accuracy", "holdout_accuracy", "real_score"} and 1.0 <= quality["real_score"] <= 2.0
    clf = stand_in_classifier.stand_in_classifier(model, "noise")
    assert clf.score_name == "classifier score"
    g = models.build_generator("dcgan3_nobn", 2, 8, 1, 4, seed=0)
    _, real = clf.activations(images)
    out = scores.evaluate(g, clf, z_dim=4, n_samples=40, splits=4, batch_size=20, real_features=real)
    assert out["score_name"] == "classifier score" and 1.0 <= out["score"] <= 2.0 + 1e-6
    assert np.isfinite(out["fid"]) and out["fid"] >= 0
