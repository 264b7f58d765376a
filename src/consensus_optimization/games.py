"""Differentiable two-player games (Section 2.2 of the paper) in TensorFlow.

A game is given by a zero-argument callable `loss_fn() -> (d_loss, g_loss)`, each loss minimised by its own
player, and the two players' variable lists. Sign convention (docs/setup.md): the generator maximises f = -g_loss and
the discriminator maximises g = -d_loss, so the associated gradient vector field (eq. 5) is

    v(x) = -(grad_G g_loss, grad_D d_loss),        x = (G variables, D variables), in that order,

its Jacobian is v'(x) (eq. 6 for zero-sum games), and consensus optimization uses L(x) = 1/2 ||v(x)||^2 with
grad L = v'(x)^T v(x) (eq. 13), computed by double backpropagation.

`loss_fn` must be deterministic between calls (close over a fixed minibatch) for the Jacobian to be that of one v.

    game = Game(lambda: (d_loss(x, y), g_loss(x, y)), d_vars=[y], g_vars=[x])
    J = game.jacobian()        # [n, n] dense, vectorised autodiff (one pfor over the rows, not a loop)
"""
from __future__ import annotations

from typing import Callable, Sequence

import tensorflow as tf

LossFn = Callable[[], tuple[tf.Tensor, tf.Tensor]]
_ZERO = tf.UnconnectedGradients.ZERO  # a variable that a loss does not touch has gradient 0, not None


def as_tf_variables(variables: Sequence) -> list[tf.Variable]:
    """Accept tf.Variables or Keras 3 variables (whose `.value` is the backing tf.Variable)."""
    out = []
    for v in variables:
        if isinstance(v, tf.Variable):
            out.append(v)
        elif isinstance(getattr(v, "value", None), tf.Variable):
            out.append(v.value)
        else:
            raise TypeError(f"expected tf.Variable or keras.Variable, got {type(v).__name__}")
    return out


def flatten(tensors: Sequence[tf.Tensor]) -> tf.Tensor:
    """Concatenate tensors into one vector (the order of the list)."""
    return tf.concat([tf.reshape(t, [-1]) for t in tensors], axis=0)


def unflatten(vector: tf.Tensor, like: Sequence[tf.Variable]) -> list[tf.Tensor]:
    """Split a flat vector into tensors shaped like `like` (inverse of `flatten`); the variables' static sizes, so
    that it also traces inside a tf.function."""
    sizes = [v.shape.num_elements() for v in like]
    return [tf.reshape(p, v.shape) for p, v in zip(tf.split(vector, sizes), like)]


def player_gradients(loss_fn: LossFn, d_vars: Sequence[tf.Variable], g_vars: Sequence[tf.Variable]):
    """Each player's gradient of its own loss at the current point: (g_grads, d_grads, d_loss, g_loss).

    The concatenation g_grads + d_grads is -v(x).
    """
    with tf.GradientTape(persistent=True, watch_accessed_variables=False) as tape:
        tape.watch(list(g_vars) + list(d_vars))
        d_loss, g_loss = loss_fn()
    g_grads = tape.gradient(g_loss, list(g_vars), unconnected_gradients=_ZERO)
    d_grads = tape.gradient(d_loss, list(d_vars), unconnected_gradients=_ZERO)
    del tape
    return g_grads, d_grads, d_loss, g_loss


class Game:
    """A two-player game: vector field v, its Jacobian v', and the consensus loss L = 1/2 ||v||^2."""

    def __init__(self, loss_fn: LossFn, d_vars: Sequence, g_vars: Sequence):
        self.loss_fn = loss_fn
        self.d_vars = as_tf_variables(d_vars)
        self.g_vars = as_tf_variables(g_vars)
        if not self.d_vars or not self.g_vars:
            raise ValueError("a game needs at least one variable per player")

    @property
    def variables(self) -> list[tf.Variable]:
        """x = (G variables, D variables): the order of every flat vector and of the Jacobian's rows/columns."""
        return self.g_vars + self.d_vars

    @property
    def size(self) -> int:
        return sum(int(tf.size(v)) for v in self.variables)

    def _flat_field(self) -> tf.Tensor:
        g_grads, d_grads, _, _ = player_gradients(self.loss_fn, self.d_vars, self.g_vars)
        return -flatten(g_grads + d_grads)

    def vector_field(self) -> tf.Tensor:
        """v(x) of eq. (5), flat, in the order of `variables`."""
        return self._flat_field()

    def jacobian(self) -> tf.Tensor:
        """v'(x) as a dense [n, n] matrix: row i is the gradient of v_i (vectorised with pfor)."""
        with tf.GradientTape(watch_accessed_variables=False) as tape:
            tape.watch(self.variables)
            v = self._flat_field()
        blocks = tape.jacobian(v, self.variables, unconnected_gradients=_ZERO, experimental_use_pfor=True)
        return tf.concat([tf.reshape(b, [tf.shape(v)[0], -1]) for b in blocks], axis=1)

    def consensus_loss(self) -> tf.Tensor:
        """L(x) = 1/2 ||v(x)||^2 (Section 4.1)."""
        return 0.5 * tf.reduce_sum(tf.square(self._flat_field()))

    def consensus_gradient(self) -> tf.Tensor:
        """grad L(x) = v'(x)^T v(x) (eq. 13), by double backpropagation, flat. (consensus.consensus_term computes
        the same per player for the optimizers; tests/consensus_optimization/test_games.py and test_optimizers.py
        check each against v'^T v from the Jacobian.)"""
        with tf.GradientTape(watch_accessed_variables=False) as tape:
            tape.watch(self.variables)
            loss = self.consensus_loss()
        return flatten(tape.gradient(loss, self.variables, unconnected_gradients=_ZERO))
