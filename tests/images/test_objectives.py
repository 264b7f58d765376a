"""consensus_optimization.objectives against TF-GAN's loss functions (where they match exactly) and the formulas of
docs/setup.md ("Objectives"), on fixed logits including large ones (numerical stability)."""
from __future__ import annotations

import numpy as np
import pytest

REAL = np.array([-3.0, -0.5, 0.0, 0.7, 2.5, 40.0], dtype=np.float32)
FAKE = np.array([1.5, -2.0, 0.3, -0.1, -40.0, 4.0], dtype=np.float32)


def _sig(x):
    return 1.0 / (1.0 + np.exp(-x.astype(np.float64)))


def _losses(objective):
    from consensus_optimization import objectives
    d, g = objectives.losses(objective, REAL, FAKE)
    return float(d), float(g)


def test_standard_matches_tfgan_modified_losses():
    from numerics_of_gans.images.tfgan import tfgan_losses
    w = tfgan_losses.wargs
    d, g = _losses("standard")
    # TF-GAN's minimax D loss is BCE(real, 1) + BCE(fake, 0) (means); its default smooths labels: turn that off.
    np.testing.assert_allclose(d, float(w.minimax_discriminator_loss(REAL, FAKE, label_smoothing=0.0)), rtol=1e-6)
    np.testing.assert_allclose(d, float(w.modified_discriminator_loss(REAL, FAKE, label_smoothing=0.0)), rtol=1e-6)
    np.testing.assert_allclose(g, float(w.modified_generator_loss(FAKE)), rtol=1e-6)


def test_js_matches_tfgan_minimax_generator():
    from numerics_of_gans.images.tfgan import tfgan_losses
    import tensorflow as tf

    from consensus_optimization import objectives
    d, g = _losses("js")
    # TF-GAN builds it as -minimax_discriminator_loss(ones_like(fake), fake): the ones are *logits*, so it carries
    # the constant -BCE(logit 1, label 1) = -log(1 + e^-1); the losses differ by that constant, the gradients not.
    offset = np.log1p(np.exp(-1.0))
    np.testing.assert_allclose(g - offset, float(tfgan_losses.wargs.minimax_generator_loss(FAKE)), rtol=1e-6)
    x = tf.Variable(FAKE)
    with tf.GradientTape(persistent=True) as tape:
        ours = objectives.losses("js", REAL, x)[1]
        theirs = tfgan_losses.wargs.minimax_generator_loss(x)
    np.testing.assert_allclose(tape.gradient(ours, x).numpy(), tape.gradient(theirs, x).numpy(), rtol=1e-6)
    assert d == pytest.approx(_losses("standard")[0])


def test_indicator_matches_tfgan_wasserstein():
    from numerics_of_gans.images.tfgan import tfgan_losses
    w = tfgan_losses.wargs
    d, g = _losses("indicator")
    np.testing.assert_allclose(d, float(w.wasserstein_discriminator_loss(REAL, FAKE)), rtol=1e-6)
    np.testing.assert_allclose(g, float(w.wasserstein_generator_loss(FAKE)), rtol=1e-6)


def test_formulas():
    # the formulas of docs/setup.md with D the logit, in float64 (the large logits only where they stay finite)
    r, f = REAL.astype(np.float64), FAKE.astype(np.float64)
    bce1 = lambda x: np.logaddexp(0.0, -x)   # -log sigmoid(x), stable
    bce0 = lambda x: np.logaddexp(0.0, x)    # -log(1 - sigmoid(x))
    expect = {
        "standard": (np.mean(bce1(r) + bce0(f)), np.mean(bce1(f))),
        "js": (np.mean(bce1(r) + bce0(f)), -np.mean(bce0(f))),
        "indicator": (np.mean(f) - np.mean(r), -np.mean(f)),
        "kl": (np.mean(bce1(r) + bce0(f)), -np.mean(f)),
        "tv": (np.mean(np.tanh(f)) - np.mean(np.tanh(r)), -np.mean(np.tanh(f))),
    }
    for objective, (d, g) in expect.items():
        np.testing.assert_allclose(_losses(objective), (d, g), rtol=1e-5, atol=1e-6, err_msg=objective)
    # small logits: the log-sigmoid form by hand
    x = np.array([0.3], np.float32)
    from consensus_optimization import objectives
    d, g = objectives.losses("standard", x, x)
    np.testing.assert_allclose(float(d), -np.log(_sig(x)) - np.log(1 - _sig(x)), rtol=1e-6)
    np.testing.assert_allclose(float(g), -np.log(_sig(x)), rtol=1e-6)


def test_large_logits_stay_finite_and_unknown_objective():
    from consensus_optimization import objectives
    for objective in objectives.OBJECTIVES:
        d, g = objectives.losses(objective, np.float32([1e4, -1e4]), np.float32([-1e4, 1e4]))
        assert np.isfinite(float(d)) and np.isfinite(float(g)), objective
    with pytest.raises(ValueError, match="allowed"):
        objectives.losses("wgan", REAL, FAKE)
