"""The stand-in classifier of the smoke and cpu scales, scoring the image experiments (Figures 4-14) where the paper
used Inception: a small Keras CNN trained on the stand-in data (`train_stand_in_classifier`, the train-classifier
command), the two ends of its score scale (`stand_in_calibration`) and its wrapping as a `Classifier`
(`stand_in_classifier`). Its score is a "classifier score", labelled as such everywhere, computed by the same code
path as the inception score (images/scores.py: Salimans et al. 2016's score, the FID of Heusel et al. 2017).
"""
from __future__ import annotations

import os

import numpy as np
import tensorflow as tf

from numerics_of_gans.images.scores import PAPER_SPLITS, Classifier, classifier_score


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
    between them (paper_checks/scorer.py)."""
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
