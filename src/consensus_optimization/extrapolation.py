"""The game optimizers after the paper that keep state or evaluate the players' gradients twice per step, and
lookahead-minmax over any game method: the steps `GameOptimizer` (optimizers.py) runs for them, over any Keras base
optimizer, and the checkpointed state they keep (`MethodState`, `Lookahead`, both `tf.Module`s).

F(z) = each player's gradient of its own loss at z = (G, D) (F = -v, games.py); "apply F" is one application of
each player's Keras optimizer to its part of F, the generator's first (`apply(d_dirs, g_dirs)`); with base="sgd"
and momentum 0 one application is z <- z - h F, h the learning rate.

- extragradient (Korpelevich 1976; Gidel et al., ICLR 2019, "A Variational Inequality Perspective on GANs"):
      z~ = z - h F(z);   z <- z - h F(z~).
  Two applications per step, as Gidel et al.'s Extra-Adam: the extrapolation applies F(z) at z; the variables are
  then restored to z and the update applies F(z~) from z. Every slot of the base optimizer (heavy-ball momentum,
  RMSProp's mean square, Adam's moments) and its `iterations` (Adam's bias correction, schedules) advance at BOTH
  applications; `GameOptimizer.iterations` counts steps (`MethodState.steps`).
- past_extragradient (extrapolation from the past, same paper): one evaluation of F per step, at z~_t,
      z~_t = z_t - h F(z~_{t-1});   z_{t+1} = z_t - h F(z~_t);
  two applications as for extragradient; F(z~_{t-1}) is kept in variables (`MethodState.d_previous, g_previous`);
  the first step uses F(z_0) (one extra evaluation, that step only): it is an extragradient step.
- optimistic (Daskalakis et al., ICLR 2018, "Training GANs with Optimism"): z_{t+1} = z_t - 2h F(z_t) + h F(z_{t-1}),
  one application of the direction 2 F_t - F_{t-1}; F_{t-1} kept in variables; F_{-1} = F_0 (a gradient step first).
  Over an adaptive base (RMSProp, Adam) the base sees 2 F_t - F_{t-1}: optimism in the gradient, not Daskalakis
  et al.'s Optimistic Adam, which extrapolates Adam's own steps.
- lookahead-minmax (Chavdarova et al., ICLR 2021, "Taming GANs with Lookahead-Minmax"), over any game method: the
  slow weights z0 (`Lookahead.slow`, set to z at the start of every block of k steps), then after k steps of the
  method z <- z0 + alpha (zk - z0), both players jointly; the base optimizers' slots are kept.

The scalars a step returns are the players' losses where the step evaluates F first: at z_t for extragradient and
optimistic, at the extrapolated point z~_t for past_extragradient (its only evaluation).
"""
from __future__ import annotations

from typing import Callable

import keras
import tensorflow as tf

from consensus_optimization.errors import InvalidSetting, check_number
from consensus_optimization.games import LossFn, player_gradients

EXTRAPOLATION = ("extragradient", "past_extragradient", "optimistic")   # the methods that keep a MethodState
Apply = Callable[[list, list], None]     # apply(d_dirs, g_dirs): one application of each player's optimizer


def _counter() -> keras.Variable:
    # a keras.Variable, as a Keras optimizer's `iterations` (ConsensusGAN reads `.value`)
    return keras.Variable(0, dtype="int64", trainable=False, name="steps")


def _copies(existing: list, variables: list, name: str) -> list[tf.Variable]:
    """`existing` if it was made for variables of these shapes, else (when empty) new variables shaped like them."""
    if not existing:
        return [tf.Variable(tf.zeros_like(v), trainable=False, name=f"{name}_{i}") for i, v in enumerate(variables)]
    if [tuple(e.shape) for e in existing] != [tuple(v.shape) for v in variables]:
        raise InvalidSetting(f"variables: this optimizer's {name} state was built for other variables; use one game "
                             "optimizer per pair of variable lists")
    return existing


class MethodState(tf.Module):
    """The checkpointed state of one of EXTRAPOLATION: the steps taken and, for past_extragradient and optimistic,
    each player's previous F (variables shaped like the player's, made by `build`)."""

    def __init__(self, method: str):
        super().__init__(name=f"{method}_state")
        self.method = method
        self.steps = _counter()
        self.d_previous: list = []
        self.g_previous: list = []

    def build(self, d_vars: list, g_vars: list) -> None:
        if self.method != "extragradient":
            self.d_previous = _copies(self.d_previous, d_vars, "d_previous")
            self.g_previous = _copies(self.g_previous, g_vars, "g_previous")

    def step(self, loss_fn: LossFn, d_vars: list, g_vars: list, apply: Apply) -> dict[str, tf.Tensor]:
        """One step of the method (the module docstring), applied by `apply`."""
        step = {"extragradient": _extragradient, "past_extragradient": _past_extragradient,
                "optimistic": _optimistic}[self.method]
        losses = step(self, loss_fn, d_vars, g_vars, apply)
        self.steps.assign_add(1)
        return losses

    def remember(self, d_dirs: list, g_dirs: list) -> None:
        for memory, value in zip(self.d_previous + self.g_previous, d_dirs + g_dirs):
            memory.assign(value)


def _field(loss_fn: LossFn, d_vars: list, g_vars: list):
    """(d_grads, g_grads, losses): F at the current point."""
    g_grads, d_grads, d_loss, g_loss = player_gradients(loss_fn, d_vars, g_vars)
    return d_grads, g_grads, {"d_loss": d_loss, "g_loss": g_loss}


def _from_the_same_point(d_vars: list, g_vars: list, apply: Apply, extrapolate: tuple, update: Callable):
    """Apply `extrapolate` = (d_dirs, g_dirs) at z, then `update()` -> (d_dirs, g_dirs, losses), evaluated at z~;
    restore z and apply those from z. Returns the losses."""
    variables = d_vars + g_vars
    z = [v.read_value() for v in variables]
    apply(*extrapolate)
    d_dirs, g_dirs, losses = update()
    for v, value in zip(variables, z):
        v.assign(value)
    apply(d_dirs, g_dirs)
    return losses


def _extragradient(state: MethodState, loss_fn: LossFn, d_vars: list, g_vars: list, apply: Apply):
    d_grads, g_grads, losses = _field(loss_fn, d_vars, g_vars)
    _from_the_same_point(d_vars, g_vars, apply, (d_grads, g_grads), lambda: _field(loss_fn, d_vars, g_vars))
    return losses


def _past_extragradient(state: MethodState, loss_fn: LossFn, d_vars: list, g_vars: list, apply: Apply):
    def first_field():      # F(z_0), the first step only
        d_grads, g_grads, _ = _field(loss_fn, d_vars, g_vars)
        return d_grads + g_grads

    n_d = len(d_vars)
    previous = tf.cond(state.steps.value > 0, lambda: [m.read_value() for m in state.d_previous + state.g_previous],
                       first_field)

    def update():
        d_grads, g_grads, losses = _field(loss_fn, d_vars, g_vars)
        state.remember(d_grads, g_grads)
        return d_grads, g_grads, losses

    return _from_the_same_point(d_vars, g_vars, apply, (previous[:n_d], previous[n_d:]), update)


def _optimistic(state: MethodState, loss_fn: LossFn, d_vars: list, g_vars: list, apply: Apply):
    d_grads, g_grads, losses = _field(loss_fn, d_vars, g_vars)
    started = state.steps.value > 0
    directions = [2.0 * f - tf.where(started, m.read_value(), f)
                  for f, m in zip(d_grads + g_grads, state.d_previous + state.g_previous)]
    state.remember(d_grads, g_grads)
    apply(directions[:len(d_vars)], directions[len(d_vars):])
    return losses


def check_lookahead(lookahead) -> tuple[int, float] | None:
    """None, or (k, alpha) validated: k an integer >= 1, alpha in (0, 1]."""
    if lookahead is None:
        return None
    if not isinstance(lookahead, (tuple, list)) or len(lookahead) != 2:
        raise InvalidSetting(f"lookahead: expected None or (k, alpha), got {lookahead!r}")
    k, alpha = lookahead
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise InvalidSetting(f"lookahead k: expected an integer in [1, inf), got {k!r}")
    return k, check_number("lookahead alpha", alpha, low=0.0, low_open=True, high=1.0)


class Lookahead(tf.Module):
    """Lookahead-minmax's checkpointed state: the steps taken and the slow weights of both players (G then D)."""

    def __init__(self, k: int, alpha: float):
        super().__init__(name="lookahead")
        self.k, self.alpha = check_lookahead((k, alpha))
        self.steps = _counter()
        self.slow: list = []

    def build(self, variables: list) -> None:
        self.slow = _copies(self.slow, variables, "slow")

    def step(self, variables: list, method_step: Callable[[], dict]) -> dict:
        """`method_step()` (one step of the game method), with the slow weights set at the start of a block and
        the joint interpolation at its end."""
        def assign(targets, values):
            for target, value in zip(targets, values):
                target.assign(value)

        tf.cond(self.steps.value % self.k == 0, lambda: assign(self.slow, variables), lambda: None)
        losses = method_step()
        self.steps.assign_add(1)
        tf.cond(self.steps.value % self.k == 0,
                lambda: assign(variables, [s + self.alpha * (v - s) for s, v in zip(self.slow, variables)]),
                lambda: None)
        return losses
