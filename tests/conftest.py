"""Shared fixtures: a small general-sum quadratic game whose Jacobian is known in closed form, and a module folder
with TF-GAN Inception's interface."""
from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np
import pytest


class QuadraticGame:
    """g_loss = 1/2 a'Pa + a'Cb + p'a (generator a), d_loss = 1/2 b'Qb + b'Ea + q'b (discriminator b).

    v = -(Pa + Cb + p, Qb + Ea + q) and v' = -[[P, C], [E, Q]], written by hand.
    """

    def __init__(self, m: int = 3, n: int = 2, seed: int = 0):
        import tensorflow as tf

        rng = np.random.default_rng(seed)
        sym = lambda k: (lambda r: (r + r.T) / 2)(rng.normal(size=(k, k)))
        self.P, self.Q = sym(m), sym(n)
        self.C, self.E = rng.normal(size=(m, n)), rng.normal(size=(n, m))
        self.p, self.q = rng.normal(size=m), rng.normal(size=n)
        self.a0, self.b0 = rng.normal(size=m), rng.normal(size=n)
        self.a = tf.Variable(self.a0, dtype=tf.float64)
        self.b = tf.Variable(self.b0, dtype=tf.float64)
        P, Q, C, E, p, q = (tf.constant(t) for t in (self.P, self.Q, self.C, self.E, self.p, self.q))

        def loss_fn():
            a, b = self.a, self.b
            g_loss = 0.5 * tf.tensordot(a, tf.linalg.matvec(P, a), 1) + tf.tensordot(a, tf.linalg.matvec(C, b), 1) \
                + tf.tensordot(p, a, 1)
            d_loss = 0.5 * tf.tensordot(b, tf.linalg.matvec(Q, b), 1) + tf.tensordot(b, tf.linalg.matvec(E, a), 1) \
                + tf.tensordot(q, b, 1)
            return d_loss, g_loss

        self.loss_fn = loss_fn

    # closed forms at a numpy point
    def grad_g(self, a, b):
        return self.P @ a + self.C @ b + self.p

    def grad_d(self, a, b):
        return self.Q @ b + self.E @ a + self.q

    def v(self, a, b):
        return -np.concatenate([self.grad_g(a, b), self.grad_d(a, b)])

    def jacobian(self):
        return -np.block([[self.P, self.C], [self.E, self.Q]])

    def state(self):
        return self.a.numpy().copy(), self.b.numpy().copy()


@pytest.fixture
def keras_float64():
    """Keras' float type float64 for one test of a float64 game: Keras keeps an optimizer's learning rate in floatx,
    and a float32 0.05 differs from the hand formulas' 0.05 by 1.5e-8 relative."""
    import keras
    floatx = keras.config.floatx()
    keras.config.set_floatx("float64")
    try:
        yield
    finally:
        keras.config.set_floatx(floatx)


@pytest.fixture
def quadratic_game(keras_float64):
    return QuadraticGame()


@pytest.fixture
def inception_like_module(tmp_path):
    """A SavedModel folder with TF-GAN Inception's interface (images [B, 299, 299, 3] in [-1, 1] -> 'logits'
    [B, 1008], 'pool_3' [B, 1, 1, 2048]) around a tiny network: the local-folder path without the real weights."""
    import keras

    from numerics_of_gans.images import inception
    x = inputs = keras.Input((inception.INCEPTION_SIZE, inception.INCEPTION_SIZE, 3))
    pool = keras.layers.Dense(inception.INCEPTION_POOL)(keras.layers.GlobalAveragePooling2D()(x))
    directory = tmp_path / "inception_like_module"
    inception.save_module(keras.Model(inputs, [keras.layers.Dense(inception.INCEPTION_CLASSES)(pool), pool]), directory)
    return directory
