"""Image data for the GAN experiments: cifar-10 and celebA via tensorflow-datasets, mock data, and a stand-in.

- `cifar10`: 32x32x3 (tfds "cifar10", train split).
- `celeb_a`: the aligned 218x178 images center-cropped to 160x160 and resized to 64x64 (bilinear), as the
  authors' inputs.py did (tfds "celeb_a", train split).
- `digits`: sklearn's bundled handwritten digits (`sklearn.datasets.load_digits`, 1797 images of 8x8 grey, shipped
  inside scikit-learn, so offline), upsampled to 32x32 and repeated to 3 channels: named everywhere
  "digits (stand-in for cifar-10)" (or "... for celebA" where it replaces celebA); it is neither.
- `mock=True` (smoke and rehearsal scales): `tfds.testing.mock_data` random examples of the same tfds builder, made
  once by the prepare job (`prepare_mock`, <data_dir>/mock/<name>.npz), read by the training jobs through the same
  preprocessing and pipeline.
All images are float32 in [-1, 1].

Preparing and reading are separate (`prepare` is the workflow's one prepare_dataset job per dataset; `source` only
reads), so that dozens of training jobs never download and prepare the same dataset into one folder at once. The
data dir is the configured one (config `images.data_dir`), else $TFDS_DATA_DIR, else ~/tensorflow_datasets.
Offline or refused downloads fail within seconds (a reachability probe with a hard time limit before tfds gets to
retry for minutes) with `DataUnavailable`, whose message says how to place the files by hand (`manual_dir`) or
copy a prepared `data_dir`; a training job whose dataset is not prepared fails at once saying how to prepare it.

Pipeline (`batches`): uint8 examples -> repeat -> shuffle (seeded) -> batch -> float in [-1, 1] (parallel map)
-> prefetch. The shuffle buffer holds uint8 images, so checkpointing the iterator (exact resume) stays small.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
import tensorflow as tf

from numerics_of_gans.errors import Unavailable
from numerics_of_gans.images.settings import check_size
from numerics_of_gans.names import DATASET_LABELS as LABELS, DATASETS, IMAGE_SIDES, PAPER_DATASETS

SHAPES = {name: (side, side, 3) for name, side in IMAGE_SIDES.items()}
N_CLASSES = {"cifar10": 10, "digits": 10}
CELEBA_CROP = 160
# The files tfds downloads (name in manual_dir <- URL); from tfds' own checksum lists.
MANUAL_FILES = {
    "cifar10": [("cifar-10-binary.tar.gz", "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz")],
    "celeb_a": [(name, f"https://drive.google.com/uc?export=download&id={gid}") for name, gid in (
        ("img_align_celeba.zip", "0B7EVK8r0v71pZjFTYXZWM3FlRnM"),
        ("list_eval_partition.txt", "0B7EVK8r0v71pY0NSMzRuSXJEVkk"),
        ("list_attr_celeba.txt", "0B7EVK8r0v71pblRyaVFSWGxPY0U"),
        ("list_landmarks_align_celeba.txt", "0B7EVK8r0v71pd0FJY3Blby1HUTQ"),
        ("identity_CelebA.txt", "1_ee_0u7vcNLOfNLegJRHmolfH5ICW-XS"))],
}


class DataUnavailable(Unavailable):
    """The dataset is not prepared locally and cannot be downloaded now."""


def default_data_dir() -> Path:
    """tfds' own default: $TFDS_DATA_DIR, else ~/tensorflow_datasets."""
    return Path(os.environ.get("TFDS_DATA_DIR") or Path.home() / "tensorflow_datasets").expanduser()


def label(name: str, stands_in_for: str | None = None) -> str:
    """The honest name of a dataset for every output: the stand-in says which paper dataset it replaces
    (`stands_in_for`, default cifar10)."""
    if name == "digits":
        return f"digits (stand-in for {LABELS[stands_in_for or 'cifar10']})"
    return LABELS[name]


def _check_name(name: str) -> None:
    if name not in DATASETS:
        raise ValueError(f"dataset: unknown {name!r}; allowed: {', '.join(DATASETS)}")


def reachable(url: str, timeout: float = 5.0) -> bool:
    """Can a TCP connection to the URL's host be opened within `timeout` s (DNS included, in a thread)?"""
    import socket
    parsed = urlparse(url)
    result = []

    def probe():
        try:
            with socket.create_connection((parsed.hostname, parsed.port or 443), timeout=timeout):
                result.append(True)
        except OSError:
            result.append(False)
    thread = threading.Thread(target=probe, daemon=True)
    thread.start()
    thread.join(timeout)
    return bool(result and result[0])


def manual_instructions(name: str, data_dir: Path, manual_dir: Path) -> str:
    files = "\n".join(f"    {fname}  <-  {url}" for fname, url in MANUAL_FILES[name])
    return (f"{label(name)} is not prepared in {data_dir} and cannot be downloaded now (offline, or the host "
            f"refused: celebA's Google Drive often hits its quota). Place the files by hand, then run again:\n"
            f"  1. download these on any machine with network, into {manual_dir}/ (keep the names), or into a "
            f"folder you name with config images.manual_dir (python -m numerics_of_gans prepare-dataset "
            f"--manual-dir):\n{files}\n"
            f"  2. or prepare it on a machine with network (python -m numerics_of_gans prepare-dataset --dataset "
            f"{name} --data-dir DIR) and copy DIR to {data_dir}, or point config images.data_dir (--data-dir) at it.")


def _builder(name: str, data_dir: Path | None):
    import tensorflow_datasets as tfds
    return tfds.builder(name, data_dir=str(data_dir or default_data_dir()))


def prepare(name: str, data_dir: str | Path | None = None, manual_dir: str | Path | None = None,
            probe_timeout: float = 5.0) -> dict:
    """Download (or take from manual_dir) and prepare a tfds dataset once; returns what the workflow records
    (name, version, data dir, number of training examples). Fails fast with DataUnavailable when it cannot."""
    _check_name(name)
    if name not in PAPER_DATASETS:
        raise ValueError(f"dataset: {name!r} needs no preparation; prepared are {', '.join(PAPER_DATASETS)}")
    import tensorflow_datasets as tfds
    data_dir = Path(data_dir) if data_dir else default_data_dir()
    builder = _builder(name, data_dir)
    if not builder.is_prepared():
        manual_dir = Path(manual_dir) if manual_dir else data_dir / "downloads" / "manual"
        have_manual = all((manual_dir / fname).exists() for fname, _ in MANUAL_FILES[name])
        if not have_manual and not all(reachable(url, probe_timeout) for _, url in MANUAL_FILES[name][:1]):
            raise DataUnavailable(manual_instructions(name, data_dir, manual_dir))
        try:
            builder.download_and_prepare(download_config=tfds.download.DownloadConfig(manual_dir=str(manual_dir)))
        except Exception as exc:  # quota, checksum, interrupted download: say how to do it by hand
            raise DataUnavailable(f"{manual_instructions(name, data_dir, manual_dir)}\n(cause: {exc})") from exc
    return {"dataset": name, "label": label(name), "tfds_version": str(builder.version), "data_dir": str(data_dir),
            "train_examples": builder.info.splits["train"].num_examples, "shape": list(SHAPES[name])}


def _preprocess_uint8(name: str, image: tf.Tensor) -> tf.Tensor:
    """One uint8 image -> uint8 image of SHAPES[name] (celebA: center crop 160, bilinear resize to 64)."""
    if name == "celeb_a":
        h, w = tf.shape(image)[0], tf.shape(image)[1]
        image = tf.image.crop_to_bounding_box(image, (h - CELEBA_CROP) // 2, (w - CELEBA_CROP) // 2,
                                              CELEBA_CROP, CELEBA_CROP)
        image = tf.image.resize(tf.cast(image, tf.float32), SHAPES[name][:2], method="bilinear")
        image = tf.cast(tf.clip_by_value(tf.round(image), 0, 255), tf.uint8)
    return tf.ensure_shape(image, SHAPES[name])


def shape(name: str, size: int | None = None) -> tuple[int, int, int]:
    """The image shape of a dataset; `size` sets the side of the digits stand-in (its 8x8 images upsampled), whose
    default is SHAPES["digits"]; the real datasets have their own."""
    if size is None:
        return SHAPES[name]
    check_size(name, size)
    return (size, size, 3)


def digits_arrays(size: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """sklearn's digits as uint8 [1797, size, size, 3] (bilinear upsampling of the 8x8 0..16 grey images; size 32
    unless given) and labels."""
    from sklearn.datasets import load_digits
    bunch = load_digits()
    grey = bunch.images.astype(np.float32)[..., None] * (255.0 / 16.0)
    big = tf.image.resize(grey, shape("digits", size)[:2], method="bilinear").numpy()
    rgb = np.repeat(np.clip(np.round(big), 0, 255).astype(np.uint8), 3, axis=-1)
    return rgb, bunch.target.astype(np.int64)


def source(name: str, data_dir: str | Path | None = None, mock: bool = False, mock_examples: int = 256,
           seed: int = 0, size: int | None = None) -> tf.data.Dataset:
    """The training examples as uint8 images of shape(name, size) (unbatched, finite, fixed order). A tfds dataset
    must have been prepared (`prepare`); this only reads it."""
    _check_name(name)
    if name == "digits":
        return tf.data.Dataset.from_tensor_slices(digits_arrays(size)[0])
    shape(name, size)   # refuses a size for a real dataset
    data_dir = Path(data_dir) if data_dir else default_data_dir()
    if mock:
        path = mock_path(name, data_dir)
        if not path.is_file():
            raise DataUnavailable(f"no prepared mock data for {name} in {path}: the workflow's prepare_dataset job makes "
                                  f"it (python -m numerics_of_gans prepare-dataset --dataset {name} --mock "
                                  f"--data-dir {data_dir})")
        with np.load(path) as arrays:
            if len(arrays["images"]) < mock_examples:
                raise DataUnavailable(f"{path} holds {len(arrays['images'])} < {mock_examples} mock examples: "
                                      f"prepare it again with --mock-examples {mock_examples}")
            return tf.data.Dataset.from_tensor_slices(arrays["images"][:mock_examples])
    builder = _builder(name, data_dir)
    if not builder.is_prepared():
        raise DataUnavailable(f"{label(name)} is not prepared in {data_dir}: the workflow's prepare_dataset job does "
                              f"it before any training job (snakemake ... -- prepare_data), or by hand: python -m "
                              f"numerics_of_gans prepare-dataset --dataset {name} --data-dir {data_dir}")
    import tensorflow_datasets as tfds
    read = tfds.ReadConfig(shuffle_seed=seed)
    ds = builder.as_dataset(split="train", shuffle_files=True, read_config=read)
    return ds.map(lambda ex: _preprocess_uint8(name, ex["image"]), num_parallel_calls=tf.data.AUTOTUNE,
                  deterministic=True)


def mock_path(name: str, data_dir: str | Path) -> Path:
    return Path(data_dir) / "mock" / f"{name}.npz"


def prepare_mock(name: str, data_dir: str | Path | None, n: int) -> dict:
    """Make n tfds mock examples of `name` once (preprocessed uint8) and store them for the training jobs."""
    from numerics_of_gans.io import atomic_path
    data_dir = Path(data_dir) if data_dir else default_data_dir()
    images, labels = mock_arrays(name, data_dir, n)
    with atomic_path(mock_path(name, data_dir)) as tmp:
        with open(tmp, "wb") as fh:
            np.savez(fh, images=images, labels=labels)
    return {"dataset": name, "label": label(name) + " (tfds mock data)", "mock": True, "data_dir": str(data_dir),
            "train_examples": n, "shape": list(images.shape[1:])}


def mock_arrays(name: str, data_dir: Path, n: int) -> tuple[np.ndarray, np.ndarray]:
    """tfds.testing.mock_data examples of `name` (random pixels, real shapes), preprocessed, as arrays.

    Held in memory so the pipeline (and its iterator checkpoint) is the same as for real in-memory data."""
    import tensorflow_datasets as tfds
    with tfds.testing.mock_data(num_examples=n):
        ds = tfds.builder(name, data_dir=str(data_dir)).as_dataset(split="train", shuffle_files=False)
        images, labels = [], []
        for ex in ds.take(n):
            images.append(_preprocess_uint8(name, ex["image"]).numpy())
            labels.append(int(ex["label"]) if "label" in ex else 0)
    return np.stack(images), np.asarray(labels, np.int64)


def to_float(images: tf.Tensor) -> tf.Tensor:
    """uint8 [0, 255] -> float32 [-1, 1]."""
    return tf.cast(images, tf.float32) / 127.5 - 1.0


def batches(examples: tf.data.Dataset, batch_size: int, seed: int, shuffle_buffer: int = 10000) -> tf.data.Dataset:
    """Infinite shuffled float32 batches [batch_size, H, W, C] in [-1, 1], prefetched."""
    ds = examples.repeat().shuffle(shuffle_buffer, seed=seed, reshuffle_each_iteration=True)
    ds = ds.batch(batch_size, drop_remainder=True)
    ds = ds.map(to_float, num_parallel_calls=tf.data.AUTOTUNE, deterministic=True)
    return ds.prefetch(tf.data.AUTOTUNE)


def labelled_arrays(name: str, data_dir=None, mock: bool = False, mock_examples: int = 256, size: int | None = None):
    """(images float32 in [-1, 1], labels) for training the stand-in classifier (digits or mock cifar10)."""
    _check_name(name)
    shape(name, size)
    if name not in N_CLASSES:
        raise ValueError(f"dataset: {name!r} has no class labels; the stand-in classifier needs one of "
                         f"{', '.join(N_CLASSES)}")
    if name == "digits":
        images, labels = digits_arrays(size)
    elif mock:
        images, labels = mock_arrays(name, Path(data_dir) if data_dir else default_data_dir(), mock_examples)
    else:
        raise ValueError("the stand-in classifier is trained on digits or mock data; use Inception for cifar10")
    return to_float(images).numpy(), labels
