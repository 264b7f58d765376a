"""Game optimizers: SimGA (Algorithm 1), AltGA (Algorithm 3), consensus optimization (Algorithm 2), the
smoothing optimizer of the supplement, and heavy-ball momentum of either sign (Gidel et al., AISTATS 2019).

    opt = make_optimizer("conopt", learning_rate=1e-4, gamma=10.0)      # TF1 RMSProp base, as in the paper
    for batch in data:
        scalars = opt.step(lambda: loss_of(batch), d_vars, g_vars)        # one update of both players

`loss_fn() -> (d_loss, g_loss)`, each minimised by its own player (see games.py for the sign convention).
A `GameOptimizer` is a thin layer over the library's parts: simga, conopt (Algorithm 2) and smoothing (supplement)
take the directions of `consensus.consensus_gradients`, both players at the same point; altga is
`consensus.alternating_step`; each player's Keras optimizer applies its directions. `make_optimizer` gives both
players the paper's base, `keras_optimizers.TF1RMSprop` (TensorFlow 1's RMSProp, as the authors ran it), or
`keras_optimizers.HeavyBallSGD` (base="sgd", momentum of either sign); `GameOptimizer(method, gamma, d_optimizer,
g_optimizer)` takes any Keras optimizers (Adam, schedules, ...).

`step` compiles one `tf.function` per loss function's code (compiled_step.py): a fresh closure per step, over new
data, reuses the compiled step. The optimizer is a `tf.Module`: the players' optimizers and their slots go into a
`tf.train.Checkpoint` with the models.
"""
from __future__ import annotations

from types import SimpleNamespace
from typing import Sequence

import keras
import tensorflow as tf

from consensus_optimization.compiled_step import CompiledSteps
from consensus_optimization.consensus import alternating_step, consensus_gradients
from consensus_optimization.errors import InvalidSetting, check_number
from consensus_optimization.games import LossFn, as_tf_variables
from consensus_optimization.keras_optimizers import HeavyBallSGD, TF1RMSprop
from consensus_optimization.names import CONSENSUS, METHODS

BASES = ("rmsprop", "sgd")


def _check_method(method: str) -> str:
    if method not in METHODS:
        raise InvalidSetting(f"method: unknown {method!r}; allowed: {', '.join(METHODS)}")
    return method


def make_optimizer(name: str, learning_rate: float, gamma: float = 10.0, base: str = "rmsprop",
                   momentum: float = 0.0, rmsprop_decay: float = 0.9, rmsprop_epsilon: float = 1e-10,
                   jit_compile: bool = False) -> "GameOptimizer":
    """A game optimizer with the paper's base for both players (the contract of DESIGN.md). `gamma` is used by
    conopt and smoothing only."""
    _check_method(name)
    if base not in BASES:
        raise InvalidSetting(f"base: unknown {base!r}; allowed: {', '.join(BASES)}")
    lr = check_number("learning_rate", learning_rate, low=0.0, low_open=True)
    if base == "rmsprop":
        rho = check_number("rmsprop_decay", rmsprop_decay, low=0.0, high=1.0, high_open=True)
        eps = check_number("rmsprop_epsilon", rmsprop_epsilon, low=0.0, low_open=True)
        players = [TF1RMSprop(lr, rho=rho, momentum=momentum, epsilon=eps, name=f"{p}_tf1_rmsprop") for p in "dg"]
    else:
        players = [HeavyBallSGD(lr, momentum=momentum, name=f"{p}_heavy_ball_sgd") for p in "dg"]
    return GameOptimizer(name, gamma, *players, jit_compile=bool(jit_compile))


class GameOptimizer(tf.Module):
    """One of SimGA / AltGA / ConOpt / smoothing, each player's directions applied by its own Keras optimizer."""

    def __init__(self, method: str, gamma: float, d_optimizer: keras.optimizers.Optimizer,
                 g_optimizer: keras.optimizers.Optimizer, jit_compile: bool = False):
        super().__init__(name=f"{_check_method(method)}_optimizer")
        if d_optimizer is g_optimizer:
            raise InvalidSetting("g_optimizer: give each player its own optimizer (the slots are per variable list)")
        for field, opt in (("d_optimizer", d_optimizer), ("g_optimizer", g_optimizer)):
            if isinstance(opt, keras.optimizers.LossScaleOptimizer):
                # it would unscale directions that were never scaled: steps S times too small, silently
                raise InvalidSetting(f"{field}: a LossScaleOptimizer needs scaled losses, which this step does not "
                                    "make; for mixed precision use consensus_gradients(..., loss_scale=...) in your "
                                    "own step (README)")
        self.method, self.gamma = method, check_number("gamma", gamma, low=0.0)
        self.d_optimizer, self.g_optimizer = d_optimizer, g_optimizer
        self.jit_compile = jit_compile
        # Plain Python state kept out of tf.Module's tracking (not checkpoint content).
        self._cache = SimpleNamespace(steps=CompiledSteps(self._raw_step, jit_compile=jit_compile))

    def __repr__(self) -> str:
        extra = f", gamma={self.gamma}" if self.method in CONSENSUS else ""
        return f"GameOptimizer({self.method}{extra}, d={self.d_optimizer.name}, g={self.g_optimizer.name})"

    @property
    def iterations(self) -> tf.Variable:
        """Steps taken (each player's optimizer applies once per step)."""
        return self.g_optimizer.iterations

    def build(self, d_vars: Sequence, g_vars: Sequence) -> None:
        """Create both players' slots (done by `step`; call it before restoring a checkpoint or before using `step`
        inside your own tf.function, which cannot create variables after its first trace)."""
        for opt, variables in ((self.g_optimizer, g_vars), (self.d_optimizer, d_vars)):
            if not opt.built:
                opt.build(as_tf_variables(variables))

    def step(self, loss_fn: LossFn, d_vars: Sequence, g_vars: Sequence) -> dict[str, tf.Tensor]:
        """One update of both players; returns the scalars of this step (losses before the update)."""
        d_vars, g_vars = as_tf_variables(d_vars), as_tf_variables(g_vars)
        self.build(d_vars, g_vars)
        return self._cache.steps(loss_fn, d_vars, g_vars)

    def _raw_step(self, loss_fn: LossFn, d_vars: list, g_vars: list) -> dict[str, tf.Tensor]:
        def apply_d(directions, variables):
            self.d_optimizer.apply_gradients(zip(directions, variables))

        def apply_g(directions, variables):
            self.g_optimizer.apply_gradients(zip(directions, variables))

        if self.method == "altga":
            return alternating_step(loss_fn, d_vars, g_vars, apply_d=apply_d, apply_g=apply_g)
        d_dirs, g_dirs, losses = consensus_gradients(loss_fn, d_vars, g_vars, self.gamma, self.method,
                                                     return_losses=True)
        apply_g(g_dirs, g_vars)
        apply_d(d_dirs, d_vars)
        return losses
