"""images.data: the stand-in digits, mock data through the same pipeline, celebA's crop, and the fast offline error."""
from __future__ import annotations

import time

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


def test_offline_cifar10_fails_fast_with_instructions(tmp_path, monkeypatch):
    from numerics_of_gans.images import data
    # No network in the test: the probe's host does not resolve/connect (documentation address, RFC 5737).
    monkeypatch.setitem(data.MANUAL_FILES, "cifar10",
                        [("cifar-10-binary.tar.gz", "https://192.0.2.1/~kriz/cifar-10-binary.tar.gz")])
    start = time.perf_counter()
    with pytest.raises(data.DataUnavailable) as err:
        data.source("cifar10", data_dir=tmp_path / "empty", probe_timeout=3.0)
    assert time.perf_counter() - start < 30
    msg = str(err.value)
    assert "cifar-10-binary.tar.gz" in msg and "manual" in msg and "data_dir" in msg


def test_unknown_dataset():
    from numerics_of_gans.images import data
    with pytest.raises(ValueError, match="allowed"):
        data.source("mnist")
