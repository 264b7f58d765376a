"""games.Game against the hand-written vector field and Jacobian of a quadratic game (eqs. 5, 6, 13)."""
import numpy as np
import pytest
import tensorflow as tf

from consensus_optimization.games import Game, flatten, unflatten


def test_vector_field_and_jacobian_match_closed_form(quadratic_game):
    g = quadratic_game
    game = Game(g.loss_fn, d_vars=[g.b], g_vars=[g.a])
    np.testing.assert_allclose(game.vector_field().numpy(), g.v(g.a0, g.b0), rtol=1e-12)
    np.testing.assert_allclose(game.jacobian().numpy(), g.jacobian(), rtol=1e-12, atol=1e-12)
    assert game.size == 5


def test_consensus_loss_and_gradient(quadratic_game):
    g = quadratic_game
    game = Game(g.loss_fn, d_vars=[g.b], g_vars=[g.a])
    v = g.v(g.a0, g.b0)
    assert game.consensus_loss().numpy() == pytest.approx(0.5 * v @ v, rel=1e-12)
    np.testing.assert_allclose(game.consensus_gradient().numpy(), g.jacobian().T @ v, rtol=1e-12)


def test_jacobian_of_zero_sum_game_has_block_structure_of_eq6():
    """For f = -g the off-diagonal blocks are negatives of each other's transpose (eq. 6)."""
    rng = np.random.default_rng(1)
    x = tf.Variable(rng.normal(size=2))
    y = tf.Variable(rng.normal(size=3))
    W = tf.constant(rng.normal(size=(2, 3)))

    def loss_fn():
        f = tf.tensordot(tf.tanh(x), tf.linalg.matvec(W, tf.sin(y)), 1)
        return f, -f   # d_loss = f (D maximises -f), g_loss = -f (G maximises f)

    J = Game(loss_fn, d_vars=[y], g_vars=[x]).jacobian().numpy()
    np.testing.assert_allclose(J[:2, 2:], -J[2:, :2].T, atol=1e-12)


def test_keras_variables_and_unconnected_variables():
    import keras

    layer = keras.layers.Dense(1, use_bias=True)
    layer.build((None, 2))
    extra = tf.Variable([1.0])   # touches neither loss: gradient 0, not None
    inputs = tf.ones([4, 2])

    def loss_fn():
        out = tf.reduce_mean(layer(inputs))
        return out, -out

    game = Game(loss_fn, d_vars=layer.trainable_variables, g_vars=[extra])
    J = game.jacobian().numpy()
    assert J.shape == (4, 4)
    assert np.all(J[0] == 0)


def test_flatten_roundtrip():
    parts = [tf.reshape(tf.range(6.0), [2, 3]), tf.constant([7.0])]
    back = unflatten(flatten(parts), [tf.Variable(p) for p in parts])
    for p, b in zip(parts, back):
        np.testing.assert_array_equal(p.numpy(), b.numpy())


def test_game_needs_variables_for_both_players():
    with pytest.raises(ValueError, match="at least one variable"):
        Game(lambda: (0.0, 0.0), d_vars=[], g_vars=[tf.Variable(1.0)])
