"""TF-GAN's Inception in images.inception: the fast offline failure of the fetch, the local module folder, the
rehearsal's random-weights module and the authors' input pipeline."""
from __future__ import annotations

import numpy as np
import pytest


def test_inception_offline_fails_fast_with_instructions(monkeypatch, tmp_path):
    from numerics_of_gans.images import data, inception
    monkeypatch.setattr(data, "reachable", lambda url, timeout=5.0: False)   # no network in tests
    with pytest.raises(inception.InceptionUnavailable, match="tf-hub-format=compressed") as err:
        inception.fetch_inception("https://tfhub.dev/tensorflow/tfgan/eval/inception/1", tmp_path / "inception")
    assert "images.inception_dir" in str(err.value) and "--dir" in str(err.value)
    with pytest.raises(inception.InceptionUnavailable, match="fetch-inception --dir"):
        inception.load_inception(tmp_path / "inception")
    assert not (tmp_path / "inception").exists()   # fast = no download attempt once unreachable (no timed test)


def test_local_module_folder_is_kept_checked_and_scores(monkeypatch, tmp_path, inception_like_module):
    """fetch_inception keeps a module already in its folder (an offline cluster's copy) without any network, checks
    its interface, and load_inception scores through it."""
    from numerics_of_gans.images import data, inception, models, scores
    monkeypatch.setattr(data, "reachable", lambda url, timeout=5.0: pytest.fail("no download expected"))
    info = inception.fetch_inception("https://tfhub.dev/x", inception_like_module)
    assert info["outputs"] == {"logits": [2, 1008], "pool_3": [2, 1, 1, 2048]} and len(info["saved_model_sha256"]) == 64
    clf = inception.load_inception(inception_like_module)
    assert clf.score_name == "inception score" and clf.fid_name == "FID"
    g = models.build_generator("dcgan3_nobn", 2, 32, 3, 4, seed=0)
    out = scores.evaluate(g, clf, z_dim=4, n_samples=8, splits=2, batch_size=4)
    assert out["score_name"] == "inception score" and out["score"] >= 1.0 - 1e-6


def test_a_broken_module_folder_is_refused_with_its_cause(tmp_path):
    from numerics_of_gans.images import inception
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "saved_model.pb").write_bytes(b"a truncated copy")
    with pytest.raises(inception.InceptionUnavailable, match="interface"):
        inception.check_module(tmp_path / "m")


def test_random_weights_module_is_built_once_named_honestly_and_kept_apart(monkeypatch, tmp_path):
    """The rehearsal's module: built in its folder (here around a tiny network instead of Inception-v3), marked, scored
    under an honest name; a real module's folder is never overwritten by it and a random one is never taken for real."""
    import keras

    from numerics_of_gans.images import data, inception

    def tiny(seed=0):
        x = inputs = keras.Input((inception.INCEPTION_SIZE, inception.INCEPTION_SIZE, 3))
        pool = keras.layers.Dense(inception.INCEPTION_POOL)(keras.layers.GlobalAveragePooling2D()(x))
        return keras.Model(inputs, [keras.layers.Dense(inception.INCEPTION_CLASSES)(pool), pool])
    monkeypatch.setattr(inception, "random_inception_v3", tiny)
    monkeypatch.setattr(data, "reachable", lambda url, timeout=5.0: pytest.fail("no download expected"))
    info = inception.fetch_inception("https://tfhub.dev/x", tmp_path / "random", random_weights=True)
    assert info["weights"] == "random" and (tmp_path / "random" / inception.RANDOM_MARK).is_file()
    assert inception.fetch_inception("https://tfhub.dev/x", tmp_path / "random", random_weights=True) == info   # kept
    clf = inception.load_inception(tmp_path / "random")
    assert clf.score_name == "inception score (random weights)" and "random weights" in clf.name
    with pytest.raises(inception.InceptionUnavailable, match="random-weights"):
        inception.fetch_inception("https://tfhub.dev/x", tmp_path / "random")        # not the real module
    inception.save_module(tiny(), tmp_path / "real")
    with pytest.raises(inception.InceptionUnavailable, match="not a random-weights"):
        inception.fetch_inception("https://tfhub.dev/x", tmp_path / "real", random_weights=True)


def test_random_inception_v3_has_the_module_shapes():
    from numerics_of_gans.images import inception
    net = inception.random_inception_v3()
    assert [tuple(o.shape) for o in net.outputs] == [(None, 1008), (None, 2048)]
    assert net.input_shape == (None, 299, 299, 3) and 23_000_000 < net.count_params() < 24_000_000


def test_authors_inception_input_truncates_resizes_like_tf1_and_normalises():
    """docs/setup.md, "How the original code scored images": integers by truncation, TF1 ResizeBilinear (no half-pixel
    centres: output pixel i samples input i * in/out), then (x - 128) / 128."""
    import tensorflow as tf
    from numerics_of_gans.images import inception
    levels = np.array([[0.0, 255.0], [127.0, 128.0]])           # a 2x2 image of integer levels
    images = np.repeat((levels / 127.5 - 1.0)[None, :, :, None], 3, axis=-1).astype("float32")
    out = inception.authors_inception_input(tf.constant(images)).numpy()
    assert out.shape == (1, 299, 299, 3)
    src = np.arange(299) * 2 / 299                               # TF1: corners not aligned, no half-pixel offset
    lo = np.floor(src).astype(int)
    hi, frac = np.minimum(lo + 1, 1), src - lo
    rows = levels[lo] * (1 - frac)[:, None] + levels[hi] * frac[:, None]
    expected = rows[:, lo] * (1 - frac)[None, :] + rows[:, hi] * frac[None, :]
    np.testing.assert_allclose(out[0, :, :, 0], (expected - 128) / 128, atol=1e-5)
    # truncation, not rounding (constant images): 0 -> level 127 (127.5 truncated), -1 -> 0, 1 -> 255
    constant = np.array([-1.0, 0.0, 1.0], "float32")[:, None, None, None] * np.ones((3, 2, 2, 1), "float32")
    out = inception.authors_inception_input(tf.constant(constant)).numpy()
    np.testing.assert_allclose(out[:, 100, 200, 0], (np.array([0, 127, 255]) - 128) / 128)
