"""Score math of images.scores (through TF-GAN) on hand-checkable logits: the inception/classifier score, its
splits, the Frechet distance and the real-data calibration's arithmetic."""
from __future__ import annotations

import numpy as np
import pytest


def test_uniform_predictions_score_one():
    from numerics_of_gans.images import scores
    mean, std = scores.classifier_score(np.zeros((100, 7)), splits=10)
    assert mean == pytest.approx(1.0, abs=1e-9) and std == pytest.approx(0.0, abs=1e-9)


@pytest.mark.parametrize("k", [2, 5, 10])
def test_confident_predictions_uniform_over_k_classes_score_k(k):
    from numerics_of_gans.images import scores
    logits = np.full((20 * k, 10), -40.0)  # e^-40: "confident"; exact zeros make TF-GAN 0*log(0)=nan
    logits[np.arange(20 * k), np.arange(20 * k) % k] = 0.0   # one-hot; each split of 2k samples covers k classes
    mean, std = scores.classifier_score(logits, splits=10)
    assert mean == pytest.approx(k, rel=1e-6) and std == pytest.approx(0.0, abs=1e-6)


def test_split_scores_and_bad_split():
    from numerics_of_gans.images import scores
    logits = np.full((20, 4), -40.0)
    logits[:10, 0] = 0.0                      # first half: one class -> score 1
    logits[10:, :] = 0.0                      # second half: uniform -> score 1
    assert scores.split_scores(logits, 2) == pytest.approx([1.0, 1.0])
    with pytest.raises(ValueError, match="splits"):
        scores.split_scores(logits, 3)


def test_frechet_distance_of_shifted_gaussians():
    from numerics_of_gans.images import scores
    rng = np.random.default_rng(0)
    a = rng.normal(size=(4000, 3))
    # identical sets: 0; a shift by m: ||m||^2 (covariances equal)
    assert scores.frechet_distance(a, a) == pytest.approx(0.0, abs=1e-6)
    assert scores.frechet_distance(a, a + np.array([1.0, 2.0, 0.0])) == pytest.approx(5.0, rel=1e-6)


@pytest.mark.parametrize("n", [50, 400])   # fewer samples than features (singular covariances, as the rehearsal's) and more
def test_frechet_distance_equals_tfgan(n):
    import tensorflow as tf
    from numerics_of_gans.images import scores
    from numerics_of_gans.images.tfgan import tfgan_eval
    rng = np.random.default_rng(1)
    mix = rng.normal(size=(64, 64))
    a = rng.normal(size=(n, 64)) @ mix
    b = 0.7 * rng.normal(size=(n, 64)) @ mix + 0.3
    expected = float(tfgan_eval.frechet_classifier_distance_from_activations(tf.constant(a), tf.constant(b)))
    assert scores.frechet_distance(a, b) == pytest.approx(expected, rel=1e-6)
    assert scores.frechet_distance(scores.FeatureStats.of(a), b) == pytest.approx(expected, rel=1e-6)


def test_real_data_scores_take_the_first_n_images_of_the_batches():
    """The calibration job's arithmetic: per n, the score of the first n images in `splits` splits."""
    import tensorflow as tf
    from numerics_of_gans.images import scores

    def fn(images):   # confident in class (first pixel > 0): 2 classes alternate image by image
        cls = tf.cast(images[:, 0, 0, 0] > 0, tf.int32)
        return 40.0 * tf.one_hot(cls, 4), tf.zeros([tf.shape(images)[0], 2])
    clf = scores.Classifier(fn, "fake", "inception score", "FID")
    images = np.where(np.arange(60)[:, None, None, None] % 2, 1.0, -1.0) * np.ones((60, 2, 2, 3))
    images[30:] = 1.0                                   # the last 30 images: one class only
    batches = [tf.constant(images[i:i + 16], tf.float32) for i in range(0, 60, 16)]
    out = scores.real_data_scores(clf, batches, [20, 60], splits=2)
    assert set(out) == {"20", "60"} and out["20"]["score"] == pytest.approx(2.0, rel=1e-4)
    assert out["60"]["score"] == pytest.approx(1.5, rel=1e-4)   # splits of 30: two classes (2), then one (1)
    with pytest.raises(ValueError, match="fewer than 80"):
        scores.real_data_scores(clf, batches, [80], splits=2)
