"""regularizers.py against closed forms written in numpy: a linear discriminator D(x) = w.x + b (grad_x D = w) and a
quadratic one D(x) = x^T W x (grad_x D = M x, M = W + W^T); the penalties' values, and their gradients with respect
to the discriminator's variables (second order: the gradient of a gradient penalty), inside a tf.function."""
import numpy as np
import pytest
import tensorflow as tf

from consensus_optimization.games import as_tf_variables
from consensus_optimization.errors import InvalidSetting
from consensus_optimization.regularizers import (input_gradients, instance_noise, r1_penalty, r2_penalty,
                                                 random_interpolates, wgan_gp_penalty)

RNG = np.random.default_rng(28)
X = RNG.normal(size=(5, 3))
Y = RNG.normal(size=(5, 3))
W0 = RNG.normal(size=(3, 3))
w0, b0 = RNG.normal(size=3), 0.7


def linear():
    w, b = tf.Variable(w0), tf.Variable(b0, dtype=tf.float64)
    return (lambda x: tf.linalg.matvec(x, w) + b), [w, b]


def quadratic():
    W = tf.Variable(W0)
    return (lambda x: tf.einsum("bi,ij,bj->b", x, W, x)[:, None]), [W]   # logits [B, 1]


def value_and_grads(penalty, variables):
    """(penalty, d penalty / d variables) in one tf.function: an outer tape over the input-gradient tape."""
    @tf.function
    def run():
        with tf.GradientTape() as tape:
            value = penalty()
        return value, tape.gradient(value, variables, unconnected_gradients=tf.UnconnectedGradients.ZERO)
    value, grads = run()
    return value.numpy(), [g.numpy() for g in grads]


def test_input_gradients_are_the_closed_forms():
    D, _ = linear()
    np.testing.assert_allclose(input_gradients(D, X).numpy(), np.tile(w0, (5, 1)), rtol=1e-12)
    D, _ = quadratic()
    np.testing.assert_allclose(input_gradients(D, X).numpy(), X @ (W0 + W0.T).T, rtol=1e-12)


@pytest.mark.parametrize("penalty", [r1_penalty, r2_penalty])
def test_r1_r2_on_a_linear_discriminator(penalty):
    """gamma/2 ||w||^2, gradient gamma w for w and 0 for b."""
    D, variables = linear()
    value, (gw, gb) = value_and_grads(lambda: penalty(D, X, 3.0), variables)
    assert value == pytest.approx(1.5 * w0 @ w0, rel=1e-12)
    np.testing.assert_allclose(gw, 3.0 * w0, rtol=1e-12)
    assert gb == 0


@pytest.mark.parametrize("penalty", [r1_penalty, r2_penalty])
def test_r1_r2_on_a_quadratic_discriminator(penalty):
    """gamma/2 mean_i ||M x_i||^2; d/dM = gamma M S with S = mean_i x_i x_i^T, and d/dW = G + G^T (M = W + W^T)."""
    D, variables = quadratic()
    gamma = 0.8
    M = W0 + W0.T
    S = X.T @ X / len(X)
    value, (gW,) = value_and_grads(lambda: penalty(D, X, gamma), variables)
    assert value == pytest.approx(gamma / 2 * np.mean(np.sum((X @ M.T) ** 2, axis=1)), rel=1e-12)
    G = gamma * M @ S
    np.testing.assert_allclose(gW, G + G.T, rtol=1e-10)


def test_wgan_gp_on_a_linear_discriminator_does_not_depend_on_the_interpolates():
    """lam (||w|| - 1)^2, gradient 2 lam (||w|| - 1) w / ||w|| for w, 0 for b."""
    D, variables = linear()
    norm = np.linalg.norm(w0)
    value, (gw, gb) = value_and_grads(lambda: wgan_gp_penalty(D, X, Y, 10.0), variables)
    assert value == pytest.approx(10.0 * (norm - 1) ** 2, rel=1e-12)
    np.testing.assert_allclose(gw, 20.0 * (norm - 1) * w0 / norm, rtol=1e-12)
    assert gb == 0


def test_interpolates_lie_on_the_segments_with_one_e_per_sample_and_follow_the_seed():
    x_hat = random_interpolates(X, Y, seed=5).numpy()
    e = (x_hat - Y) / (X - Y)                     # the same e in every coordinate of a sample
    np.testing.assert_allclose(e, np.repeat(e[:, :1], 3, axis=1), rtol=1e-10)
    assert np.all((e >= 0) & (e <= 1)) and len(np.unique(np.round(e[:, 0], 12))) == 5
    np.testing.assert_array_equal(random_interpolates(X, Y, seed=5).numpy(), x_hat)
    assert not np.allclose(random_interpolates(X, Y, seed=6).numpy(), x_hat)
    images = RNG.normal(size=(4, 2, 2, 3))        # e broadcasts over every axis but the batch
    e = (random_interpolates(images, 0 * images, seed=1).numpy() / images).reshape(4, -1)
    np.testing.assert_allclose(e, np.repeat(e[:, :1], 12, axis=1), rtol=1e-10)


def test_wgan_gp_on_a_quadratic_discriminator_with_a_fixed_seed():
    """lam mean_i (||g_i|| - 1)^2, g_i = M x^_i, at the seed's interpolates; d/dM = lam mean_i 2 (n_i - 1) g_i x^_i^T
    / n_i, d/dW = G + G^T."""
    D, variables = quadratic()
    lam, M = 2.5, W0 + W0.T
    x_hat = random_interpolates(X, Y, seed=7).numpy()
    g = x_hat @ M.T
    n = np.linalg.norm(g, axis=1)
    value, (gW,) = value_and_grads(lambda: wgan_gp_penalty(D, X, Y, lam, seed=7), variables)
    assert value == pytest.approx(lam * np.mean((n - 1) ** 2), rel=1e-12)
    G = lam * np.mean([2 * (ni - 1) / ni * np.outer(gi, xi) for gi, ni, xi in zip(g, n, x_hat)], axis=0)
    np.testing.assert_allclose(gW, G + G.T, rtol=1e-10)
    assert wgan_gp_penalty(D, X, Y, lam, seed=7).numpy() == value
    assert wgan_gp_penalty(D, X, Y, lam, seed=8).numpy() != value


def test_wgan_gp_at_a_zero_input_gradient_is_finite():
    w = tf.Variable(np.zeros(3))
    value, (gw,) = value_and_grads(lambda: wgan_gp_penalty(lambda x: tf.linalg.matvec(x, w), X, Y, 1.0), [w])
    assert value == pytest.approx(1.0) and np.all(np.isfinite(gw))


def test_a_keras_discriminator_gets_second_order_gradients_in_float32():
    import keras

    D = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="tanh"), keras.layers.Dense(1)])
    real = tf.constant(X, tf.float32)
    value, grads = value_and_grads(lambda: r1_penalty(D, real, 1.0) + wgan_gp_penalty(D, real, real[::-1], 1.0),
                                   as_tf_variables(D.trainable_variables))
    assert value.dtype == np.float32 and np.isfinite(value)
    assert all(np.isfinite(g).all() for g in grads) and np.abs(grads[0]).sum() > 0


def test_instance_noise_has_the_asked_scale_and_follows_the_seed():
    samples = tf.zeros([20000, 2], tf.float64)
    noisy = instance_noise(samples, 0.3, seed=3).numpy()
    assert noisy.std() == pytest.approx(0.3, rel=0.02) and abs(noisy.mean()) < 0.01
    np.testing.assert_array_equal(instance_noise(samples, 0.3, seed=3).numpy(), noisy)
    assert not np.allclose(instance_noise(samples, 0.3, seed=4).numpy(), noisy)
    np.testing.assert_array_equal(instance_noise(X, 0.0).numpy(), X)
    in_graph = tf.function(lambda s: instance_noise(s, 0.3, seed=tf.constant([1, 2], tf.int64)))
    assert in_graph(samples).shape == (20000, 2)


@pytest.mark.parametrize("call, field", [
    (lambda D: r1_penalty(D, X, -1.0), "gamma"),
    (lambda D: r2_penalty(D, X, float("nan")), "gamma"),
    (lambda D: r1_penalty(D, X, "10"), "gamma"),
    (lambda D: wgan_gp_penalty(D, X, Y, float("inf")), "lam"),
    (lambda D: wgan_gp_penalty(D, X, Y, True), "lam"),
    (lambda D: instance_noise(X, -0.1), "sigma"),
])
def test_bad_weights_raise_invalid_setting_naming_the_field(call, field):
    D, _ = linear()
    with pytest.raises(InvalidSetting, match=field):
        call(D)


def test_numpy_weights_are_accepted_and_a_wrong_logit_shape_is_an_error():
    D, _ = linear()
    assert r1_penalty(D, X, np.float32(2.0)).numpy() == pytest.approx(w0 @ w0, rel=1e-6)
    with pytest.raises(ValueError, match="discriminator"):
        r1_penalty(lambda x: tf.concat([x, x], axis=1), X, 1.0)
