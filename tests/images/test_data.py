"""images.data: the stand-in digits, mock data through the same pipeline, celebA's crop, and the fast offline error."""
from __future__ import annotations

import json

import numpy as np
import pytest


def test_digits_stand_in_shapes_range_and_name():
    from numerics_of_gans.images import data
    images, labels = data.digits_arrays()
    assert images.shape == (1797, 32, 32, 3) and images.dtype == np.uint8 and labels.shape == (1797,)
    assert data.label("digits") == "digits (stand-in for cifar-10)"
    assert data.label("digits", "celeb_a") == "digits (stand-in for celebA)"
    batch = next(iter(data.batches(data.source("digits"), 16, seed=0, shuffle_buffer=100)))
    assert batch.shape == (16, 32, 32, 3) and -1.0 <= float(np.min(batch)) and float(np.max(batch)) <= 1.0
    assert float(np.max(batch)) > 0.9 and float(np.min(batch)) == -1.0


def test_pipeline_is_seeded():
    from numerics_of_gans.images import data
    a = next(iter(data.batches(data.source("digits"), 8, seed=1, shuffle_buffer=100))).numpy()
    b = next(iter(data.batches(data.source("digits"), 8, seed=1, shuffle_buffer=100))).numpy()
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("name", ["cifar10", "celeb_a"])
def test_mock_data_through_the_same_path(name, tmp_path):
    from numerics_of_gans.images import data
    with pytest.raises(data.DataUnavailable, match="prepare-dataset --dataset"):
        data.source(name, data_dir=tmp_path, mock=True, mock_examples=8)        # training reads, never makes
    info = data.prepare_mock(name, tmp_path, 8)
    assert info["train_examples"] == 8 and data.mock_path(name, tmp_path).is_file()
    ds = data.batches(data.source(name, data_dir=tmp_path, mock=True, mock_examples=8), 4, seed=0, shuffle_buffer=8)
    batch = next(iter(ds))
    assert tuple(batch.shape) == (4,) + data.SHAPES[name]
    assert float(np.min(batch)) >= -1.0 and float(np.max(batch)) <= 1.0


def test_celeba_center_crop_and_resize():
    import tensorflow as tf

    from numerics_of_gans.images import data
    img = np.zeros((218, 178, 3), np.uint8)
    img[29:189, 9:169] = 200            # exactly the central 160x160 square
    out = data._preprocess_uint8("celeb_a", tf.constant(img)).numpy()
    assert out.shape == (64, 64, 3) and np.all(out == 200)


def test_offline_prepare_fails_fast_with_instructions_and_flag_names(tmp_path, monkeypatch):
    from numerics_of_gans.images import data
    monkeypatch.setattr(data, "reachable", lambda url, timeout=5.0: False)   # no network in tests
    for name, first_file in (("cifar10", "cifar-10-binary.tar.gz"), ("celeb_a", "img_align_celeba.zip")):
        with pytest.raises(data.DataUnavailable) as err:
            data.prepare(name, data_dir=tmp_path / "empty", manual_dir=tmp_path / "manual")
        msg = str(err.value)
        assert first_file in msg and str(tmp_path / "manual") in msg
        assert "images.manual_dir" in msg and "--manual-dir" in msg and "images.data_dir" in msg and "--data-dir" in msg


def test_training_never_prepares_an_unprepared_dataset(tmp_path, monkeypatch):
    """Dozens of training jobs must not download into one folder at once: reading an unprepared dataset fails at
    once, naming the prepare job, without touching the network."""
    from numerics_of_gans.images import data
    monkeypatch.setattr(data, "reachable", lambda url, timeout=5.0: pytest.fail("a training job probed the network"))
    with pytest.raises(data.DataUnavailable, match="prepare-dataset --dataset cifar10"):
        data.source("cifar10", data_dir=tmp_path)


def test_the_data_dir_defaults_to_tfds_own(monkeypatch, tmp_path):
    from pathlib import Path

    from numerics_of_gans.images import data
    monkeypatch.setenv("TFDS_DATA_DIR", str(tmp_path / "tfds"))
    assert data.default_data_dir() == tmp_path / "tfds"
    monkeypatch.delenv("TFDS_DATA_DIR")
    assert data.default_data_dir() == Path.home() / "tensorflow_datasets"


def test_prepare_dataset_command(tmp_path, monkeypatch, capsys):
    from numerics_of_gans.cli import main
    from numerics_of_gans.images import data
    out = tmp_path / "data" / "celeb_a.json"
    assert main(["prepare-dataset", "--dataset", "celeb_a", "--mock", "--mock-examples", "4", "--data-dir",
                 str(tmp_path / "tfds"), "--out", str(out)]) == 0
    marker = json.loads(out.read_text())
    assert marker["mock"] and marker["shape"] == [64, 64, 3] and "provenance" in marker
    monkeypatch.setattr(data, "reachable", lambda url, timeout=5.0: False)
    offline = tmp_path / "data" / "cifar10.json"
    assert main(["prepare-dataset", "--dataset", "cifar10", "--data-dir", str(tmp_path / "tfds"),
                 "--out", str(offline)]) == 3
    assert "cifar-10-binary.tar.gz" in capsys.readouterr().err and not offline.exists()
    assert main(["prepare-dataset", "--dataset", "digits", "--out", str(offline)]) == 2


def test_unknown_dataset():
    from numerics_of_gans.images import data
    with pytest.raises(ValueError, match="allowed"):
        data.source("mnist")
