"""TF-GAN's Inception network, the scorer of the paper's inception scores and FIDs (Figures 4-14; Salimans et al.
2016, Heusel et al. 2017): the Inception network of TF-GAN's TF-Hub module (the 2015-12-05 graph the paper used),
stored once in a local folder by `fetch_inception` (the workflow's fetch_inception job), checked (`check_module`) and
loaded from there by every scoring job as a `Classifier` (images/scores.py); offline without it the fetch fails
within seconds saying how to download it by hand. Samples reach it as the authors' evaluation fed them
(`authors_inception_input`; docs/setup.md, "How the original code scored images"). The rehearsal's module
(`random_inception_v3`, `save_module`): Inception-v3 with random weights behind the same interface, marked as such
and scored under an honest name.
"""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Callable

import numpy as np
import tensorflow as tf

from numerics_of_gans.errors import Unavailable
from numerics_of_gans.images.scores import Classifier

INCEPTION_CLASSES, INCEPTION_POOL = 1008, 2048   # the module's 'logits' and 'pool_3' widths
INCEPTION_SIZE = 299
RANDOM_MARK = "RANDOM_WEIGHTS"   # a file in a module folder saved by random_inception_v3: never the real module


class InceptionUnavailable(Unavailable):
    """The Inception module is not in its local folder and cannot be fetched now."""


def _store_whole(directory: Path, fill: Callable[[Path], None]) -> None:
    """Fill a module folder whole or not at all: `fill` writes into a hidden sibling, renamed when it is done."""
    tmp = directory.with_name(f".{directory.name}.partial")
    shutil.rmtree(tmp, ignore_errors=True)
    fill(tmp)
    tmp.rename(directory)


def _fetch_instructions(url: str, directory: Path) -> str:
    return (f"Inception module: {directory} holds no saved_model.pb and {url} cannot be reached. On a machine with "
            f"network, download {url}?tf-hub-format=compressed (a .tar.gz), unpack it into {directory}/ (it holds "
            f"saved_model.pb and variables/), or into any folder named by config images.inception_dir "
            f"(python -m numerics_of_gans fetch-inception --dir), then run again.")


def check_module(directory: str | Path) -> dict:
    """Load a module folder and call it the way the scoring code does: images [B, 299, 299, 3] in [-1, 1] ->
    {'logits': [B, 1008], 'pool_3': [B, ..., 2048]}; raises InceptionUnavailable naming what is wrong."""
    import tensorflow_hub as hub
    directory = Path(directory)
    if not (directory / "saved_model.pb").is_file():
        raise InceptionUnavailable(f"{directory}: not a TF-Hub module folder (no saved_model.pb)")
    try:
        out = hub.load(str(directory))(tf.zeros([2, INCEPTION_SIZE, INCEPTION_SIZE, 3]))
        logits, pool = out["logits"], out["pool_3"]
    except Exception as exc:   # a truncated copy, another module: the cause, not a traceback
        raise InceptionUnavailable(f"{directory}: not TF-GAN's Inception module interface ({exc})") from exc
    shapes = {"logits": list(logits.shape), "pool_3": list(pool.shape)}
    if shapes["logits"] != [2, INCEPTION_CLASSES] or int(np.prod(shapes["pool_3"][1:])) != INCEPTION_POOL:
        raise InceptionUnavailable(f"{directory}: outputs {shapes}, expected logits [B, {INCEPTION_CLASSES}] and "
                                   f"pool_3 with {INCEPTION_POOL} features")
    digest = hashlib.sha256((directory / "saved_model.pb").read_bytes()).hexdigest()
    return {"dir": str(directory), "saved_model_sha256": digest, "outputs": shapes}


def fetch_inception(url: str, directory: str | Path, probe_timeout: float = 5.0, random_weights: bool = False) -> dict:
    """Store the module in `directory` once (kept if already there) and check it: the workflow's fetch_inception
    job, so that scoring jobs on nodes without internet load it from a folder. `random_weights` (the rehearsal):
    build Inception-v3 with random weights and the module's interface instead of downloading it."""
    directory = Path(directory)
    if random_weights:
        if not (directory / "saved_model.pb").is_file():
            def build(tmp: Path) -> None:
                save_module(random_inception_v3(), tmp)
                (tmp / RANDOM_MARK).write_text("Inception-v3 with random weights: plumbing only, its scores mean nothing\n")
            _store_whole(directory, build)
        elif not (directory / RANDOM_MARK).is_file():
            raise InceptionUnavailable(f"{directory} holds a module that is not a random-weights Inception-v3; the "
                                       f"rehearsal keeps its module apart from the real one (config images.inception_dir)")
        return {"url": None, "weights": "random", **check_module(directory)}
    if (directory / RANDOM_MARK).is_file():
        raise InceptionUnavailable(f"{directory} holds the rehearsal's random-weights Inception-v3, not TF-GAN's module: "
                                   f"point config images.inception_dir elsewhere or delete the folder")
    if not (directory / "saved_model.pb").is_file():
        from numerics_of_gans.images.data import reachable
        if not reachable(url, probe_timeout):
            raise InceptionUnavailable(_fetch_instructions(url, directory))
        import tensorflow_hub as hub
        try:
            downloaded = hub.resolve(url)
        except Exception as exc:
            raise InceptionUnavailable(f"{_fetch_instructions(url, directory)}\n(cause: {exc})") from exc
        _store_whole(directory, lambda tmp: shutil.copytree(downloaded, tmp))
    return {"url": url, "weights": "tf-hub", **check_module(directory)}


def random_inception_v3(seed: int = 0):
    """Inception-v3 (keras.applications, 299x299, the network of TF-GAN's module) with random weights and a 1008-way
    linear head: the module's shapes and cost without its meaning. Images in [-1, 1], as the module takes them."""
    import keras
    keras.utils.set_random_seed(seed)
    base = keras.applications.InceptionV3(weights=None, include_top=False, pooling="avg",
                                          input_shape=(INCEPTION_SIZE, INCEPTION_SIZE, 3))
    return keras.Model(base.input, [keras.layers.Dense(INCEPTION_CLASSES, name="logits")(base.output), base.output])


def save_module(network, directory: str | Path) -> None:
    """Save a Keras network (images in [-1, 1] -> (logits [B, 1008], pool [B, 2048])) as a SavedModel with the
    TF-Hub module's call interface: a stand-in module for tests and the rehearsal, loaded by the same code."""
    class Module(tf.Module):
        def __init__(self):
            super().__init__()
            # only the weights are tracked, not the Keras network: the SavedModel then holds one function, as the
            # real module does, and loads in 2.2 s instead of restoring every layer's traced call (3.9 s)
            self.weights = list(network.variables)

        @tf.function(input_signature=[tf.TensorSpec([None, INCEPTION_SIZE, INCEPTION_SIZE, 3], tf.float32)])
        def __call__(self, images):
            logits, pool = network(images, training=False)
            return {"logits": logits, "pool_3": tf.reshape(pool, [-1, 1, 1, INCEPTION_POOL])}

    tf.saved_model.save(Module(), str(directory))


def authors_inception_input(images: tf.Tensor) -> tf.Tensor:
    """Generator images in [-1, 1] (any size) -> the input of the 2015-12-05 Inception graph's first convolution,
    as the authors' evaluation made it (docs/setup.md, "How the original code scored images"): truncation to integers
    ((x + 1) * 255 / 2, astype int32), the graph's own ResizeBilinear to 299x299 (TensorFlow 1 semantics: corners
    not aligned, no half-pixel centres), then its normalisation (x - 128) / 128 ('Sub', 'Mul'). TF-GAN's module
    starts after that normalisation (it takes [-1, 1] at 299x299), so it sees what the authors' graph saw; the
    resize commutes with the normalisation (an affine map; bilinear weights sum to one). The 1e-4 keeps a real
    uint8 image's round trip through [-1, 1] (to_float) on its own integer; the authors' samples come out of a tanh
    and move by it with probability about 1e-4 per pixel, by one level."""
    levels = tf.floor((images + 1.0) * 127.5 + 1e-4)
    resized = tf.raw_ops.ResizeBilinear(images=levels, size=[INCEPTION_SIZE, INCEPTION_SIZE], align_corners=False,
                                        half_pixel_centers=False)
    return (resized - 128.0) / 128.0


def load_inception(directory: str | Path) -> Classifier:
    """TF-GAN's Inception from its local module folder (fetch_inception): logits and pool_3 features."""
    import tensorflow_hub as hub
    directory = Path(directory)
    if not (directory / "saved_model.pb").is_file():
        raise InceptionUnavailable(f"{directory}: no Inception module here; the workflow's fetch_inception job "
                                   f"stores it (python -m numerics_of_gans fetch-inception --dir {directory})")
    module = hub.load(str(directory))
    random = (directory / RANDOM_MARK).is_file()

    @tf.function
    def fn(images):
        images = authors_inception_input(images)
        if images.shape[-1] == 1:
            images = tf.image.grayscale_to_rgb(images)
        out = module(images)
        return tf.reshape(out["logits"], [tf.shape(images)[0], -1]), tf.reshape(out["pool_3"], [tf.shape(images)[0], -1])

    if random:   # the rehearsal: the same code path, honestly named
        return Classifier(fn, name=f"inception-v3 with random weights ({directory})",
                          score_name="inception score (random weights)", fid_name="FID (random weights)")
    return Classifier(fn, name=f"inception ({directory})", score_name="inception score", fid_name="FID")
