"""Discriminator regularisers compared with consensus optimization: R1, R2 and instance noise (Mescheder, Geiger,
Nowozin, "Which Training Methods for GANs do actually Converge?", ICML 2018) and the WGAN-GP gradient penalty
(Gulrajani, Ahmed, Arjovsky, Dumoulin, Courville, "Improved Training of Wasserstein GANs", NeurIPS 2017).

`discriminator` is any callable from a batch [B, ...] to logits of shape [B] or [B, 1] (a Keras model, a layer, a
function closing over tf.Variables); a penalty is added to the discriminator's loss:

    def loss_fn():
        d_loss, g_loss = losses("js", D(real), D(fake))
        return d_loss + r1_penalty(D, real, gamma=10.0), g_loss

The gradient penalties are gradients of the logit with respect to the input, taken on a tape that watches the input
only; an enclosing GradientTape (or `Game`, `consensus_gradients`, a tf.function) differentiates them again with
respect to the discriminator's variables (double backpropagation). The input gradient of sample i is that of the
sum of the logits, so the discriminator must treat samples independently (no batch statistics across the batch).
"""
from __future__ import annotations

import numpy as np
import tensorflow as tf

from consensus_optimization.errors import check_number


def _weight(field: str, value):
    """A penalty weight: a Python or NumPy number must be finite and >= 0 (InvalidSetting names the field); a
    tensor (e.g. a tf.Variable swept inside one compiled graph) is the caller's to check."""
    if tf.is_tensor(value) or isinstance(value, tf.Variable):
        return value
    if isinstance(value, np.generic) and not isinstance(value, np.bool_):
        value = value.item()
    return check_number(field, value, low=0.0)


def _as(weight, dtype) -> tf.Tensor:
    """A weight in the samples' dtype (a Python float straight to it: tf.cast would round it to float32 first)."""
    return tf.cast(weight, dtype) if tf.is_tensor(weight) else tf.constant(weight, dtype)


def _stateless_seed(seed):
    """An int seed -> the [2] seed of tf.random.stateless_*; a [2] tensor (e.g. [seed, step]) passes as it is."""
    return tf.constant([seed, 0], tf.int64) if isinstance(seed, (int, np.integer)) else seed


def logits(discriminator, x) -> tf.Tensor:
    """discriminator(x) as a vector [B]; an output of another shape than [B] or [B, 1] is an error."""
    out = tf.convert_to_tensor(discriminator(x))
    if out.shape.rank not in (None, 1, 2) or (out.shape.rank == 2 and out.shape[1] not in (None, 1)):
        raise ValueError(f"discriminator: expected logits of shape [B] or [B, 1], got {out.shape}")
    return tf.reshape(out, [-1])


def input_gradients(discriminator, x) -> tf.Tensor:
    """grad_x D(x_i) per sample, flattened to [B, prod(sample shape)]; differentiable again (second order)."""
    x = tf.convert_to_tensor(x)
    with tf.GradientTape(watch_accessed_variables=False) as tape:
        tape.watch(x)
        total = tf.reduce_sum(logits(discriminator, x))
    grads = tape.gradient(total, x, unconnected_gradients=tf.UnconnectedGradients.ZERO)   # constant D: 0
    return tf.reshape(grads, [tf.shape(x)[0], -1])


def _half_mean_squared_norm(discriminator, x, gamma, field: str) -> tf.Tensor:
    gamma = _weight(field, gamma)
    grads = input_gradients(discriminator, x)
    return _as(gamma, grads.dtype) / 2 * tf.reduce_mean(tf.reduce_sum(tf.square(grads), axis=1))


def r1_penalty(discriminator, real, gamma) -> tf.Tensor:
    """R1(psi) = gamma/2 E_{p_D}[||grad_x D_psi(x)||^2] on real samples (Mescheder et al. 2018, Section 4.1; local
    convergence: their Theorem 4.1), added to the discriminator's loss; D is the discriminator's logit. On the
    Dirac-GAN D(x) = psi x it is gamma/2 psi^2 (their Section 3), and the Jacobian of the field at the equilibrium
    has eigenvalues -gamma/2 +- sqrt(gamma^2/4 - f'(0)^2) (numerics_of_gans.zoo.games): negative real parts for
    every gamma > 0."""
    return _half_mean_squared_norm(discriminator, real, gamma, "gamma")


def r2_penalty(discriminator, fake, gamma) -> tf.Tensor:
    """R2(theta, psi) = gamma/2 E_{p_theta}[||grad_x D_psi(x)||^2] on generated samples (Mescheder et al. 2018,
    Section 4.1; Theorem 4.1), added to the discriminator's loss (pass the generated batch; the generator is
    differentiated through it only if the caller's loss does so)."""
    return _half_mean_squared_norm(discriminator, fake, gamma, "gamma")


def instance_noise(samples, sigma, seed=None) -> tf.Tensor:
    """samples + N(0, sigma^2) noise, i.i.d. per coordinate (Mescheder et al. 2018, Section 3, after Sonderby et
    al. 2017 and Arjovsky & Bottou 2017): apply it to the real and to the generated batch alike, with independent
    noise (different seeds). seed None: TensorFlow's global random state; an int or a [2] int tensor (e.g.
    [seed, step]): stateless, the same noise for the same seed."""
    sigma = _weight("sigma", sigma)
    samples = tf.convert_to_tensor(samples)
    shape = tf.shape(samples)
    noise = tf.random.normal(shape, dtype=samples.dtype) if seed is None else \
        tf.random.stateless_normal(shape, _stateless_seed(seed), dtype=samples.dtype)
    return samples + _as(sigma, samples.dtype) * noise


def random_interpolates(real, fake, seed=None) -> tf.Tensor:
    """x^ = e real + (1 - e) fake with one e ~ U[0, 1] per sample (Gulrajani et al. 2017, Section 4 and Algorithm 1);
    seed as in `instance_noise`."""
    real = tf.convert_to_tensor(real)
    fake = tf.convert_to_tensor(fake, dtype=real.dtype)
    shape = tf.concat([tf.shape(real)[:1], tf.ones([tf.rank(real) - 1], tf.int32)], axis=0)
    e = tf.random.uniform(shape, dtype=real.dtype) if seed is None else \
        tf.random.stateless_uniform(shape, _stateless_seed(seed), dtype=real.dtype)
    return e * real + (1 - e) * fake


def wgan_gp_penalty(discriminator, real, fake, lam, seed=None) -> tf.Tensor:
    """lam E_{x^}[(||grad_x D(x^)||_2 - 1)^2] on `random_interpolates(real, fake, seed)` (Gulrajani et al. 2017,
    eq. 3 and Algorithm 1; their lambda = 10), added to the critic's loss. The norm is sqrt(max(||g||^2, tiny)),
    so a zero input gradient gives the penalty lam and no NaN in the second-order gradient."""
    lam = _weight("lam", lam)
    grads = input_gradients(discriminator, random_interpolates(real, fake, seed))
    tiny = np.finfo(grads.dtype.as_numpy_dtype).tiny
    norms = tf.sqrt(tf.maximum(tf.reduce_sum(tf.square(grads), axis=1), tiny))
    return _as(lam, grads.dtype) * tf.reduce_mean(tf.square(norms - 1))
