"""GAN objectives ("gan type" / divergence of the original code) as functions of discriminator logits.

Each returns the two players' losses (each minimised by its own player) per example, so the same code
gives minibatch losses (their mean) and the per-example gradients of Lemma 15. docs/setup.md, "Objectives".
"""
from __future__ import annotations

import tensorflow as tf

from consensus_optimization.names import OBJECTIVES


def per_example_losses(objective: str, d_real: tf.Tensor, d_fake: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
    """(d_loss_i, g_loss_i) for example pairs (real_i, fake_i); logits of shape [B] or [B, 1]."""
    d_real = tf.reshape(d_real, [-1])
    d_fake = tf.reshape(d_fake, [-1])
    if objective in ("standard", "js", "kl"):
        # BCE(D(real), 1) + BCE(D(fake), 0) in the numerically stable softplus form.
        d_loss = tf.nn.softplus(-d_real) + tf.nn.softplus(d_fake)
        if objective == "standard":
            g_loss = tf.nn.softplus(-d_fake)          # non-saturating: BCE(D(fake), 1)
        elif objective == "js":
            g_loss = -tf.nn.softplus(d_fake)          # minimax: minus the discriminator's fake term
        else:
            g_loss = -d_fake
    elif objective == "indicator":
        d_loss = d_fake - d_real
        g_loss = -d_fake
    elif objective == "tv":
        d_loss = tf.tanh(d_fake) - tf.tanh(d_real)
        g_loss = -tf.tanh(d_fake)
    else:
        raise ValueError(f"objective: unknown {objective!r}; allowed: {', '.join(OBJECTIVES)}")
    return d_loss, g_loss


def losses(objective: str, d_real: tf.Tensor, d_fake: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
    """Minibatch (d_loss, g_loss): the means of `per_example_losses`."""
    d_loss, g_loss = per_example_losses(objective, d_real, d_fake)
    return tf.reduce_mean(d_loss), tf.reduce_mean(g_loss)
