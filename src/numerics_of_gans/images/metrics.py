"""Inception score (as the paper: 6400 samples, 10 splits; TF-GAN's classifier_score_from_logits) and FID.

The classifier is pluggable (`Classifier`: images in [-1, 1] -> logits and pooled features):
- the Inception network of TF-GAN's TF-Hub module (the 2015-12-05 graph the paper used), stored once in a local
  folder by `fetch_inception` (the workflow's fetch_inception job) and loaded from there by every scoring job;
  offline without it the fetch fails within seconds saying how to download it by hand;
- a stand-in classifier (a small Keras CNN trained on the stand-in data, `train_stand_in_classifier`): its score
  is a "classifier score", labelled as such everywhere, and is computed by the same code path.

Score of one split: exp(mean_i KL(p(y|x_i) || p(y))) (tfgan eval.classifier_score_from_logits); the reported
score is the mean (and std) over 10 equal splits of the samples, as in the paper's (Salimans et al.'s) code.
"""
from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import tensorflow as tf

from numerics_of_gans.errors import Unavailable

PAPER_SAMPLES, PAPER_SPLITS, PAPER_BATCH = 6400, 10, 64


@dataclass
class Classifier:
    """`fn(images in [-1, 1], [B, H, W, C]) -> (logits [B, K], features [B, F])` plus how to label its scores."""
    fn: Callable[[tf.Tensor], tuple[tf.Tensor, tf.Tensor]]
    name: str            # e.g. "inception (tf-hub)" or "stand-in classifier (digits)"
    score_name: str      # "inception score" or "classifier score"
    fid_name: str        # "FID" or "Frechet classifier distance"

    def activations(self, images: np.ndarray, batch_size: int = 64) -> tuple[np.ndarray, np.ndarray]:
        logits, feats = [], []
        for start in range(0, len(images), batch_size):
            lg, ft = self.fn(tf.convert_to_tensor(images[start:start + batch_size], tf.float32))
            logits.append(np.asarray(lg, np.float64))
            feats.append(np.asarray(ft, np.float64))
        return np.concatenate(logits), np.concatenate(feats)


# -- score math (TF-GAN) ------------------------------------------------------------------------------------
def split_scores(logits: np.ndarray, splits: int = PAPER_SPLITS) -> list[float]:
    """The classifier score of each of `splits` equal consecutive parts of the logits."""
    from numerics_of_gans.images.tfgan import tfgan_eval
    logits = np.asarray(logits, np.float64)
    if len(logits) < splits or len(logits) % splits:
        raise ValueError(f"splits: {len(logits)} samples do not split into {splits} equal parts")
    return [float(tfgan_eval.classifier_score_from_logits(tf.constant(part)))
            for part in np.split(logits, splits)]


def classifier_score(logits: np.ndarray, splits: int = PAPER_SPLITS) -> tuple[float, float]:
    """(mean, std) over splits: the inception score when the logits are Inception's."""
    scores = split_scores(logits, splits)
    return float(np.mean(scores)), float(np.std(scores))


@dataclass(frozen=True)
class FeatureStats:
    """Mean, unbiased covariance and the covariance's symmetric square root of a set of features: the reference
    (real-data) side of the FID, computed once per run rather than at every evaluation."""
    mean: np.ndarray
    cov: np.ndarray
    sqrt_cov: np.ndarray

    @classmethod
    def of(cls, features: np.ndarray) -> "FeatureStats":
        features = np.asarray(features, np.float64)
        cov = np.cov(features, rowvar=False, ddof=1).reshape(features.shape[1], features.shape[1])
        values, vectors = np.linalg.eigh(cov)
        sqrt_cov = (vectors * np.sqrt(np.clip(values, 0.0, None))) @ vectors.T
        return cls(features.mean(axis=0), cov, sqrt_cov)


def frechet_distance(reference: np.ndarray | FeatureStats, features: np.ndarray) -> float:
    """Frechet distance between Gaussians fitted to two sets of features (FID with Inception's pool_3, Heusel et
    al. 2017): ||m_r - m||^2 + tr(C_r) + tr(C) - 2 tr((C_r C)^1/2), the quantity of TF-GAN's
    frechet_classifier_distance_from_activations (the test compares them). As there, tr((C_r C)^1/2) is the trace
    of the square root of the symmetric C_r^1/2 C C_r^1/2 (same eigenvalues as C_r C); here C_r^1/2 comes once per
    run from `FeatureStats` and the trace from one symmetric eigenvalue problem, where TF-GAN takes two 2048x2048
    SVDs per call (19 s of one CPU core at every evaluation; this: about 2 s)."""
    ref = reference if isinstance(reference, FeatureStats) else FeatureStats.of(reference)
    features = np.asarray(features, np.float64)
    cov = np.cov(features, rowvar=False, ddof=1).reshape(features.shape[1], features.shape[1])
    product = ref.sqrt_cov @ cov @ ref.sqrt_cov
    trace_sqrt = np.sum(np.sqrt(np.clip(np.linalg.eigvalsh((product + product.T) / 2), 0.0, None)))
    mean_term = np.sum((ref.mean - features.mean(axis=0)) ** 2)
    return float(mean_term + np.trace(ref.cov) + np.trace(cov) - 2.0 * trace_sqrt)


def evaluate(generator, classifier: Classifier, z_dim: int, n_samples: int = PAPER_SAMPLES,
             splits: int = PAPER_SPLITS, batch_size: int = PAPER_BATCH, seed: int = 0,
             real_features: np.ndarray | FeatureStats | None = None) -> dict:
    """Score `n_samples` generator samples (fixed latent seed): the score's mean/std over splits and, given
    real features, the Frechet distance. Keys name the score honestly (classifier.score_name)."""
    z = tf.random.stateless_normal([n_samples, z_dim], seed=[int(seed), 7919])
    images = np.concatenate([generator(z[i:i + batch_size], training=False).numpy()
                             for i in range(0, n_samples, batch_size)])
    logits, feats = classifier.activations(images, batch_size)
    mean, std = classifier_score(logits, splits)
    out = {"score_name": classifier.score_name, "classifier": classifier.name, "score": mean, "score_std": std,
           "n_samples": n_samples, "splits": splits}
    if real_features is not None:
        out["fid_name"] = classifier.fid_name
        out["fid"] = frechet_distance(real_features, feats)
    return out


def real_data_scores(classifier: Classifier, batches, samples: list[int], splits: int = PAPER_SPLITS) -> dict:
    """The scorer's calibration: the score of the first n real images (float batches in [-1, 1], as generator
    samples are fed) for each n in `samples`, {str(n): {"score", "std"}}; the paper scale scores real cifar-10 in
    6400 (the evaluation's size) and 50000 (Salimans et al.'s 11.24) images, 10 splits each."""
    need, logits, have = max(samples), [], 0
    for batch in batches:
        logits.append(np.asarray(classifier.fn(batch)[0], np.float64))
        have += len(logits[-1])
        if have >= need:
            break
    if have < need:
        raise ValueError(f"samples: the dataset holds {have} images, fewer than {need}")
    logits = np.concatenate(logits)[:need]
    return {str(n): dict(zip(("score", "std"), classifier_score(logits[:n], splits))) for n in samples}


# -- Inception via TF-Hub -----------------------------------------------------------------------------------
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
    as the authors' evaluation made it (SETUP.md, "How the original code scored images"): truncation to integers
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


# -- the stand-in classifier (smoke and cpu scales) ----------------------------------------------------------
def build_stand_in_classifier(input_shape: tuple[int, int, int], n_classes: int, seed: int = 0):
    """A small CNN: two strided convs, a dense layer (the features), a linear layer (the logits). On the digits
    stand-in (20 epochs) it reaches 0.99 held-out accuracy and scores real digits 9.9 of 10; the earlier
    global-pooling variant reached 0.46 and scored real digits 1.7, too weak to tell samples apart."""
    import keras
    init = lambda k: keras.initializers.GlorotUniform(seed=seed * 10 + k)
    x = inputs = keras.Input(shape=input_shape)
    x = keras.layers.Conv2D(32, 3, strides=2, padding="same", activation="relu", kernel_initializer=init(0))(x)
    x = keras.layers.Conv2D(64, 3, strides=2, padding="same", activation="relu", kernel_initializer=init(1))(x)
    x = keras.layers.Flatten()(x)
    feats = keras.layers.Dense(64, activation="relu", kernel_initializer=init(2), name="features")(x)
    logits = keras.layers.Dense(n_classes, kernel_initializer=init(3), name="logits")(feats)
    return keras.Model(inputs, [logits, feats], name="stand_in_classifier")


def train_stand_in_classifier(images: np.ndarray, labels: np.ndarray, n_classes: int, epochs: int = 20,
                              seed: int = 0, batch_size: int = 64, holdout: float = 0.1):
    """Train the stand-in CNN on real images in [-1, 1] (Adam 1e-3) on all but a held-out `holdout` fraction;
    returns (model, {"train_accuracy", "holdout_accuracy", "real_score"}): real_score is the classifier score of
    the real images, the ceiling a generator's classifier score is read against."""
    import keras
    keras.utils.set_random_seed(seed)
    order = np.random.default_rng(seed).permutation(len(images))
    n_hold = int(round(holdout * len(images)))
    hold, train = order[:n_hold], order[n_hold:]
    model = build_stand_in_classifier(tuple(images.shape[1:]), n_classes, seed)
    head = keras.Model(model.input, model.outputs[0])
    head.compile(optimizer=keras.optimizers.Adam(1e-3),
                 loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
    hist = head.fit(images[train], labels[train], epochs=epochs, batch_size=batch_size, shuffle=True, verbose=0)
    report = {"train_accuracy": float(hist.history["accuracy"][-1])}
    if n_hold:
        predicted = np.argmax(head.predict(images[hold], verbose=0), axis=1)
        report["holdout_accuracy"] = float(np.mean(predicted == labels[hold]))
    splits = min(PAPER_SPLITS, len(images))
    usable = len(images) - len(images) % splits
    report["real_score"] = classifier_score(head.predict(images[:usable], verbose=0), splits)[0]
    return model, report


def stand_in_calibration(model, images: np.ndarray, labels: np.ndarray, samples: int, splits: int,
                         seed: int = 0) -> dict:
    """The two ends of the stand-in classifier's score scale, scored like a generator's samples (`samples` images in
    `splits` splits): real images (drawn without replacement where there are enough) and real images of one class
    only (drawn with replacement), a generator collapsed onto one mode; the checks read a stand-in run's final score
    between them (paper_checks/checks/images.py)."""
    rng = np.random.default_rng(seed)
    one = np.flatnonzero(labels == np.bincount(labels).argmax())
    picks = {"real": rng.choice(len(images), samples, replace=samples > len(images)),
             "one_class": rng.choice(one, samples, replace=True)}
    out = {"samples": samples, "splits": splits, "one_class_label": int(labels[one[0]])}
    for name, idx in picks.items():
        score, std = classifier_score(model.predict(images[idx], verbose=0)[0], splits)   # (logits, features)
        out[name] = {"score": score, "std": std}
    return out


def stand_in_classifier(model_or_path, dataset_name: str) -> Classifier:
    """Wrap a stand-in Keras model (or its saved .keras file) as a Classifier labelled "classifier score"."""
    import keras
    model = keras.models.load_model(model_or_path) if isinstance(model_or_path, (str, os.PathLike)) else model_or_path

    size = tuple(model.input_shape[1:3])

    def fn(images):
        if tuple(images.shape[1:3]) != size:   # e.g. 64x64 celebA stand-in images, classifier trained at 32x32
            images = tf.image.resize(images, size, method="area")
        logits, feats = model(images, training=False)
        return logits, feats
    return Classifier(fn, name=f"stand-in classifier trained on {dataset_name}", score_name="classifier score",
                      fid_name="Frechet classifier distance")
