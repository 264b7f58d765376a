"""numerics_of_gans.images.tfgan: TF-GAN's eval/losses import on TF >= 2.16 without the package's top __init__."""
from __future__ import annotations

import sys

import numpy as np


def test_imports_eval_and_losses_without_estimator():
    from numerics_of_gans.images.tfgan import tfgan_eval, tfgan_losses
    assert callable(tfgan_eval.classifier_score_from_logits)
    assert callable(tfgan_eval.frechet_classifier_distance_from_activations)
    assert callable(tfgan_losses.wargs.modified_generator_loss)
    # The estimator sub-package (which needs the removed tf.estimator) was never imported.
    assert "tensorflow_gan.python.estimator" not in sys.modules


def test_classifier_score_of_uniform_logits_is_one():
    import tensorflow as tf

    from numerics_of_gans.images.tfgan import tfgan_eval
    score = float(tfgan_eval.classifier_score_from_logits(tf.zeros([8, 5])))
    np.testing.assert_allclose(score, 1.0, rtol=1e-6)


def test_load_is_idempotent():
    from numerics_of_gans.images import tfgan
    e1, l1 = tfgan.load()
    e2, l2 = tfgan.load()
    assert e1 is e2 is tfgan.tfgan_eval and l1 is l2 is tfgan.tfgan_losses
