"""Inception score and FID arithmetic of the image experiments (Figures 4-14: the inception score of their curves and
final scores; the FID recorded at every evaluation, judged on Figure 10's celebA runs): the inception score as the
paper computed it, 6400 samples in 10 splits (Salimans et al. 2016; TF-GAN's classifier_score_from_logits), and the
Frechet distance of Heusel et al. 2017.

The classifier is pluggable (`Classifier`: images in [-1, 1] -> logits and pooled features): TF-GAN's Inception
(images/inception.py) or the stand-in classifier (images/stand_in_classifier.py), whose score is a "classifier
score", labelled as such everywhere, and is computed by the same code path.

Score of one split: exp(mean_i KL(p(y|x_i) || p(y))) (tfgan eval.classifier_score_from_logits); the reported
score is the mean (and std) over 10 equal splits of the samples, as in the paper's (Salimans et al.'s) code.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import tensorflow as tf

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
