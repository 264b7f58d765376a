"""Score math of images.metrics (through TF-GAN) on hand-checkable logits, the stand-in classifier, and the
fast offline failure of the Inception loader."""
from __future__ import annotations

import numpy as np
import pytest


def test_uniform_predictions_score_one():
    from numerics_of_gans.images import metrics
    mean, std = metrics.classifier_score(np.zeros((100, 7)), splits=10)
    assert mean == pytest.approx(1.0, abs=1e-9) and std == pytest.approx(0.0, abs=1e-9)


@pytest.mark.parametrize("k", [2, 5, 10])
def test_confident_predictions_uniform_over_k_classes_score_k(k):
    from numerics_of_gans.images import metrics
    logits = np.full((20 * k, 10), -40.0)  # e^-40: "confident"; exact zeros make TF-GAN 0*log(0)=nan
    logits[np.arange(20 * k), np.arange(20 * k) % k] = 0.0   # one-hot; each split of 2k samples covers k classes
    mean, std = metrics.classifier_score(logits, splits=10)
    assert mean == pytest.approx(k, rel=1e-6) and std == pytest.approx(0.0, abs=1e-6)


def test_split_scores_and_bad_split():
    from numerics_of_gans.images import metrics
    logits = np.full((20, 4), -40.0)
    logits[:10, 0] = 0.0                      # first half: one class -> score 1
    logits[10:, :] = 0.0                      # second half: uniform -> score 1
    assert metrics.split_scores(logits, 2) == pytest.approx([1.0, 1.0])
    with pytest.raises(ValueError, match="splits"):
        metrics.split_scores(logits, 3)


def test_frechet_distance_of_shifted_gaussians():
    from numerics_of_gans.images import metrics
    rng = np.random.default_rng(0)
    a = rng.normal(size=(4000, 3))
    # identical sets: 0; a shift by m: ||m||^2 (covariances equal)
    assert metrics.frechet_distance(a, a) == pytest.approx(0.0, abs=1e-6)
    assert metrics.frechet_distance(a, a + np.array([1.0, 2.0, 0.0])) == pytest.approx(5.0, rel=1e-6)


@pytest.mark.parametrize("n", [50, 400])   # fewer samples than features (singular covariances, as the rehearsal's) and more
def test_frechet_distance_equals_tfgan(n):
    import tensorflow as tf
    from numerics_of_gans.images import metrics
    from numerics_of_gans.images.tfgan import tfgan_eval
    rng = np.random.default_rng(1)
    mix = rng.normal(size=(64, 64))
    a = rng.normal(size=(n, 64)) @ mix
    b = 0.7 * rng.normal(size=(n, 64)) @ mix + 0.3
    expected = float(tfgan_eval.frechet_classifier_distance_from_activations(tf.constant(a), tf.constant(b)))
    assert metrics.frechet_distance(a, b) == pytest.approx(expected, rel=1e-6)
    assert metrics.frechet_distance(metrics.FeatureStats.of(a), b) == pytest.approx(expected, rel=1e-6)


def test_stand_in_classifier_scores_through_the_same_path():
    from numerics_of_gans.images import metrics, models
    rng = np.random.default_rng(0)
    images = rng.uniform(-1, 1, size=(60, 8, 8, 1)).astype("float32")
    labels = (images.mean(axis=(1, 2, 3)) > 0).astype("int64")
    model, quality = metrics.train_stand_in_classifier(images, labels, n_classes=2, epochs=1, seed=0)
    assert set(quality) == {"train_accuracy", "holdout_accuracy", "real_score"} and 1.0 <= quality["real_score"] <= 2.0
    clf = metrics.stand_in_classifier(model, "noise")
    assert clf.score_name == "classifier score"
    g = models.build_generator("dcgan3_nobn", 2, 8, 1, 4, seed=0)
    _, real = clf.activations(images)
    out = metrics.evaluate(g, clf, z_dim=4, n_samples=40, splits=4, batch_size=20, real_features=real)
    assert out["score_name"] == "classifier score" and 1.0 <= out["score"] <= 2.0 + 1e-6
    assert np.isfinite(out["fid"]) and out["fid"] >= 0


def test_inception_offline_fails_fast_with_instructions(monkeypatch, tmp_path):
    from numerics_of_gans.images import data, metrics
    monkeypatch.setattr(data, "reachable", lambda url, timeout=5.0: False)   # no network in tests
    with pytest.raises(metrics.InceptionUnavailable, match="tf-hub-format=compressed") as err:
        metrics.fetch_inception("https://tfhub.dev/tensorflow/tfgan/eval/inception/1", tmp_path / "inception")
    assert "images.inception_dir" in str(err.value) and "--dir" in str(err.value)
    with pytest.raises(metrics.InceptionUnavailable, match="fetch-inception --dir"):
        metrics.load_inception(tmp_path / "inception")
    assert not (tmp_path / "inception").exists()   # fast = no download attempt once unreachable (no timed test)


def test_local_module_folder_is_kept_checked_and_scores(monkeypatch, tmp_path, inception_like_module):
    """fetch_inception keeps a module already in its folder (an offline cluster's copy) without any network, checks
    its interface, and load_inception scores through it."""
    from numerics_of_gans.images import data, metrics, models
    monkeypatch.setattr(data, "reachable", lambda url, timeout=5.0: pytest.fail("no download expected"))
    info = metrics.fetch_inception("https://tfhub.dev/x", inception_like_module)
    assert info["outputs"] == {"logits": [2, 1008], "pool_3": [2, 1, 1, 2048]} and len(info["saved_model_sha256"]) == 64
    clf = metrics.load_inception(inception_like_module)
    assert clf.score_name == "inception score" and clf.fid_name == "FID"
    g = models.build_generator("dcgan3_nobn", 2, 32, 3, 4, seed=0)
    out = metrics.evaluate(g, clf, z_dim=4, n_samples=8, splits=2, batch_size=4)
    assert out["score_name"] == "inception score" and out["score"] >= 1.0 - 1e-6


def test_a_broken_module_folder_is_refused_with_its_cause(tmp_path):
    from numerics_of_gans.images import metrics
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "saved_model.pb").write_bytes(b"a truncated copy")
    with pytest.raises(metrics.InceptionUnavailable, match="interface"):
        metrics.check_module(tmp_path / "m")


def test_random_weights_module_is_built_once_named_honestly_and_kept_apart(monkeypatch, tmp_path):
    """The rehearsal's module: built in its folder (here around a tiny network instead of Inception-v3), marked, scored
    under an honest name; a real module's folder is never overwritten by it and a random one is never taken for real."""
    import keras

    from numerics_of_gans.images import data, metrics

    def tiny(seed=0):
        x = inputs = keras.Input((metrics.INCEPTION_SIZE, metrics.INCEPTION_SIZE, 3))
        pool = keras.layers.Dense(metrics.INCEPTION_POOL)(keras.layers.GlobalAveragePooling2D()(x))
        return keras.Model(inputs, [keras.layers.Dense(metrics.INCEPTION_CLASSES)(pool), pool])
    monkeypatch.setattr(metrics, "random_inception_v3", tiny)
    monkeypatch.setattr(data, "reachable", lambda url, timeout=5.0: pytest.fail("no download expected"))
    info = metrics.fetch_inception("https://tfhub.dev/x", tmp_path / "random", random_weights=True)
    assert info["weights"] == "random" and (tmp_path / "random" / metrics.RANDOM_MARK).is_file()
    assert metrics.fetch_inception("https://tfhub.dev/x", tmp_path / "random", random_weights=True) == info   # kept
    clf = metrics.load_inception(tmp_path / "random")
    assert clf.score_name == "inception score (random weights)" and "random weights" in clf.name
    with pytest.raises(metrics.InceptionUnavailable, match="random-weights"):
        metrics.fetch_inception("https://tfhub.dev/x", tmp_path / "random")        # not the real module
    metrics.save_module(tiny(), tmp_path / "real")
    with pytest.raises(metrics.InceptionUnavailable, match="not a random-weights"):
        metrics.fetch_inception("https://tfhub.dev/x", tmp_path / "real", random_weights=True)


def test_random_inception_v3_has_the_module_shapes():
    from numerics_of_gans.images import metrics
    net = metrics.random_inception_v3()
    assert [tuple(o.shape) for o in net.outputs] == [(None, 1008), (None, 2048)]
    assert net.input_shape == (None, 299, 299, 3) and 23_000_000 < net.count_params() < 24_000_000


def test_authors_inception_input_truncates_resizes_like_tf1_and_normalises():
    """SETUP.md "How the original code scored images": integers by truncation, TF1 ResizeBilinear (no half-pixel
    centres: output pixel i samples input i * in/out), then (x - 128) / 128."""
    import tensorflow as tf
    from numerics_of_gans.images import metrics
    levels = np.array([[0.0, 255.0], [127.0, 128.0]])           # a 2x2 image of integer levels
    images = np.repeat((levels / 127.5 - 1.0)[None, :, :, None], 3, axis=-1).astype("float32")
    out = metrics.authors_inception_input(tf.constant(images)).numpy()
    assert out.shape == (1, 299, 299, 3)
    src = np.arange(299) * 2 / 299                               # TF1: corners not aligned, no half-pixel offset
    lo = np.floor(src).astype(int)
    hi, frac = np.minimum(lo + 1, 1), src - lo
    rows = levels[lo] * (1 - frac)[:, None] + levels[hi] * frac[:, None]
    expected = rows[:, lo] * (1 - frac)[None, :] + rows[:, hi] * frac[None, :]
    np.testing.assert_allclose(out[0, :, :, 0], (expected - 128) / 128, atol=1e-5)
    # truncation, not rounding (constant images): 0 -> level 127 (127.5 truncated), -1 -> 0, 1 -> 255
    constant = np.array([-1.0, 0.0, 1.0], "float32")[:, None, None, None] * np.ones((3, 2, 2, 1), "float32")
    out = metrics.authors_inception_input(tf.constant(constant)).numpy()
    np.testing.assert_allclose(out[:, 100, 200, 0], (np.array([0, 127, 255]) - 128) / 128)


def test_real_data_scores_take_the_first_n_images_of_the_batches():
    """The calibration job's arithmetic: per n, the score of the first n images in `splits` splits."""
    import tensorflow as tf
    from numerics_of_gans.images import metrics

    def fn(images):   # confident in class (first pixel > 0): 2 classes alternate image by image
        cls = tf.cast(images[:, 0, 0, 0] > 0, tf.int32)
        return 40.0 * tf.one_hot(cls, 4), tf.zeros([tf.shape(images)[0], 2])
    clf = metrics.Classifier(fn, "fake", "inception score", "FID")
    images = np.where(np.arange(60)[:, None, None, None] % 2, 1.0, -1.0) * np.ones((60, 2, 2, 3))
    images[30:] = 1.0                                   # the last 30 images: one class only
    batches = [tf.constant(images[i:i + 16], tf.float32) for i in range(0, 60, 16)]
    out = metrics.real_data_scores(clf, batches, [20, 60], splits=2)
    assert set(out) == {"20", "60"} and out["20"]["score"] == pytest.approx(2.0, rel=1e-4)
    assert out["60"]["score"] == pytest.approx(1.5, rel=1e-4)   # splits of 30: two classes (2), then one (1)
    with pytest.raises(ValueError, match="fewer than 80"):
        metrics.real_data_scores(clf, batches, [80], splits=2)
