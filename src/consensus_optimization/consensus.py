"""The players' descent directions of SimGA, consensus optimization (Algorithm 2) and the supplement's smoothing
optimizer, for any TensorFlow GAN: apply them with any Keras optimizer, inside your own `tf.function`.

    @tf.function
    def train_step(real):
        z = tf.random.normal([real.shape[0], z_dim])
        def loss_fn():
            return d_loss_of(D(real), D(G(z))), g_loss_of(D(G(z)))
        d_dirs, g_dirs = consensus_gradients(loss_fn, D.trainable_variables, G.trainable_variables, gamma=10.0)
        d_opt.apply_gradients(zip(d_dirs, D.trainable_variables))
        g_opt.apply_gradients(zip(g_dirs, G.trainable_variables))

`loss_fn() -> (d_loss, g_loss)`, each minimised by its own player (games.py). With x = (G, D) and grad the players'
gradients of their own losses (grad = -v, eq. 5):
- simga:     grad;
- conopt:    grad + gamma * grad_x(1/2 ||grad||^2) = -(v - gamma v'^T v): Algorithm 2, by double backpropagation;
- smoothing: the discriminator's direction gets gamma * grad_D(1/2 ||grad_G g_loss||^2), the generator's is its
             gradient (supplement, Figures 7-8, as in the original code).
AltGA (Algorithm 3) is an ordering of plain gradient steps, not a direction: `alternating_step` takes the
discriminator's step, then the generator's gradient at the new discriminator, with the caller's update functions:

    losses = alternating_step(loss_fn, D.trainable_variables, G.trainable_variables,
                              apply_d=lambda dirs, vs: d_opt.apply_gradients(zip(dirs, vs)),
                              apply_g=lambda dirs, vs: g_opt.apply_gradients(zip(dirs, vs)))
"""
from __future__ import annotations

import math
from typing import Sequence

import tensorflow as tf

from consensus_optimization.errors import InvalidSetting
from consensus_optimization.games import LossFn, as_tf_variables, player_gradients
from consensus_optimization.names import CONSENSUS

METHODS = ("simga",) + CONSENSUS     # the methods that are directions (altga is an ordering)
_ZERO = tf.UnconnectedGradients.ZERO


def consensus_gradients(loss_fn: LossFn, d_vars: Sequence, g_vars: Sequence, gamma: float = 10.0,
                        method: str = "conopt", return_losses: bool = False, loss_scale=None):
    """(d_directions, g_directions): one descent direction per variable of each player, in the order given;
    with `return_losses`, also {"d_loss", "g_loss"} (before any update) and, for conopt / smoothing,
    "consensus_loss" (the 1/2 ||.||^2 the consensus term differentiates).

    Mixed precision: with `loss_scale` S (a `keras.optimizers.LossScaleOptimizer`'s `dynamic_scale`), both losses
    are multiplied by S before each backpropagation, so that float16 gradients do not underflow, and every
    direction comes back multiplied by S exactly once (the consensus loss is divided by S before its gradient is
    taken), as that optimizer's `apply` expects. Use one LossScaleOptimizer over both players' variables: the
    consensus term couples them, so both must see one scale and one skip decision. The returned losses are
    unscaled."""
    if method not in METHODS:
        raise InvalidSetting(f"method: unknown {method!r}; allowed: {', '.join(METHODS)} (altga, an ordering of "
                            f"gradient steps: alternating_step)")
    if isinstance(gamma, (int, float)) and (isinstance(gamma, bool) or not math.isfinite(gamma) or gamma < 0):
        raise InvalidSetting(f"gamma: {gamma!r} is outside the allowed range [0, inf)")
    d_vars, g_vars = as_tf_variables(d_vars), as_tf_variables(g_vars)
    if loss_scale is not None:
        unscaled = loss_fn
        loss_fn = lambda: tuple(tf.cast(loss_scale, loss.dtype) * loss for loss in unscaled())  # noqa: E731
    if method == "simga":
        g_grads, d_grads, d_loss, g_loss = player_gradients(loss_fn, d_vars, g_vars)
        losses = {"d_loss": d_loss, "g_loss": g_loss}
    else:
        g_grads, d_grads, losses, g_reg, d_reg = consensus_term(loss_fn, d_vars, g_vars, method, loss_scale)
        g_grads = g_grads if g_reg is None else [g + gamma * r for g, r in zip(g_grads, g_reg)]
        d_grads = [g + gamma * r for g, r in zip(d_grads, d_reg)]
    if loss_scale is not None:
        losses = {name: value / tf.cast(loss_scale, value.dtype) ** (2 if name == "consensus_loss" else 1)
                  for name, value in losses.items()}
    return (d_grads, g_grads, losses) if return_losses else (d_grads, g_grads)


def consensus_term(loss_fn: LossFn, d_vars: list, g_vars: list, method: str = "conopt", loss_scale=None):
    """The one implementation of the consensus term: (g_grads, d_grads, losses, g_reg, d_reg), with the players'
    gradients, losses = {d_loss, g_loss, consensus_loss}, and the gradient of consensus_loss with respect to each
    player's variables by double backpropagation: conopt, L = 1/2 ||grad||^2 = 1/2 ||v||^2 on both players (eq. 13:
    grad L = v'^T v); smoothing, 1/2 ||grad_G g_loss||^2 on the discriminator only (g_reg None). With `loss_scale`
    S (loss_fn's losses already multiplied by S), L is differentiated divided by S, so g_reg carries S once."""
    conopt = method == "conopt"
    with tf.GradientTape(watch_accessed_variables=False) as outer:
        outer.watch(g_vars + d_vars)
        g_grads, d_grads, d_loss, g_loss = player_gradients(loss_fn, d_vars, g_vars)
        penalised = g_grads + d_grads if conopt else g_grads
        consensus = 0.5 * tf.add_n([tf.reduce_sum(tf.square(g)) for g in penalised])
        scaled = consensus if loss_scale is None else consensus / tf.cast(loss_scale, consensus.dtype)
    reg = outer.gradient(scaled, g_vars + d_vars if conopt else d_vars, unconnected_gradients=_ZERO)
    g_reg, d_reg = (reg[:len(g_vars)], reg[len(g_vars):]) if conopt else (None, reg)
    return g_grads, d_grads, {"d_loss": d_loss, "g_loss": g_loss, "consensus_loss": consensus}, g_reg, d_reg


def alternating_step(loss_fn: LossFn, d_vars: Sequence, g_vars: Sequence, apply_d, apply_g) -> dict:
    """One step of AltGA (Algorithm 3): `apply_d(d_grads, d_vars)` with the discriminator's gradient of d_loss,
    then `apply_g(g_grads, g_vars)` with the generator's gradient of g_loss at the updated discriminator. Returns
    {"d_loss", "g_loss"}, each taken before its own player's update."""
    d_vars, g_vars = as_tf_variables(d_vars), as_tf_variables(g_vars)
    with tf.GradientTape(watch_accessed_variables=False) as tape:
        tape.watch(d_vars)
        d_loss, _ = loss_fn()
    apply_d(tape.gradient(d_loss, d_vars, unconnected_gradients=_ZERO), d_vars)
    with tf.GradientTape(watch_accessed_variables=False) as tape:
        tape.watch(g_vars)
        _, g_loss = loss_fn()
    apply_g(tape.gradient(g_loss, g_vars, unconnected_gradients=_ZERO), g_vars)
    return {"d_loss": d_loss, "g_loss": g_loss}
