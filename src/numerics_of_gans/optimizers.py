"""Game optimizers: SimGA (Algorithm 1), AltGA (Algorithm 3), consensus optimization (Algorithm 2), the
smoothing optimizer of the supplement, and heavy-ball momentum of either sign (Gidel et al., AISTATS 2019).

    opt = make_optimizer("conopt", learning_rate=1e-4, gamma=10.0)      # RMSProp base, as in the paper
    for _ in range(steps):
        scalars = opt.step(loss_fn, d_vars, g_vars)                       # one update of both players

`loss_fn() -> (d_loss, g_loss)`, each minimised by its own player (see games.py for the sign convention).
Every method turns the players' loss gradients into one update direction per variable and hands it to the base:
simga, conopt (Algorithm 2) and smoothing (supplement) take the directions of `consensus.consensus_gradients`, both
players at the same point; altga steps the discriminator first and takes the generator's gradient at the new
discriminator.

Bases (per variable): `sgd`: delta = lr d; `rmsprop`: TensorFlow 1's RMSPropOptimizer as the authors ran it:
ms <- rho ms + (1 - rho) d^2 with ms initialised to ONES, delta = lr d / sqrt(ms + eps), eps = 1e-10 inside the
root (Keras' RMSprop starts ms at zero and differs in the first tens of steps; SETUP.md).
Momentum (heavy ball): buf <- beta buf + delta, x <- x - buf, i.e. x_{t+1} = x_t - delta_t + beta (x_t - x_{t-1});
beta may be negative (negative momentum). beta = 0 is plain descent.

Each (loss_fn, variables) pair compiles to one `tf.function` step. The optimizer is a `tf.Module`, so its slots
(`ms`, momentum buffers, the step counter) go into a `tf.train.Checkpoint` with the models.
"""
from __future__ import annotations

import math
from types import SimpleNamespace
from typing import Sequence

import tensorflow as tf

from numerics_of_gans.errors import SettingsError
from numerics_of_gans.consensus import alternating_step, consensus_gradients
from numerics_of_gans.games import LossFn, as_tf_variables

METHODS = ("simga", "altga", "conopt", "smoothing")
BASES = ("rmsprop", "sgd")


def _check_number(field: str, value, *, low: float | None = None, low_open: bool = False, high: float | None = None,
                  high_open: bool = False) -> float:
    """Validate a numeric setting; the error names the field and the allowed range."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise SettingsError(f"{field}: expected a finite number, got {value!r}")
    allowed = f"{'(' if low_open else '['}{low if low is not None else '-inf'}, " \
              f"{high if high is not None else 'inf'}{')' if high_open or high is None else ']'}"
    if low is not None and (value < low or (low_open and value == low)):
        raise SettingsError(f"{field}: {value!r} is outside the allowed range {allowed}")
    if high is not None and (value > high or (high_open and value == high)):
        raise SettingsError(f"{field}: {value!r} is outside the allowed range {allowed}")
    return float(value)


def make_optimizer(name: str, learning_rate: float, gamma: float = 10.0, base: str = "rmsprop",
                   momentum: float = 0.0, rmsprop_decay: float = 0.9, rmsprop_epsilon: float = 1e-10,
                   jit_compile: bool = False) -> "GameOptimizer":
    """Build a game optimizer (the contract of DESIGN.md). `gamma` is used by conopt and smoothing only."""
    if name not in METHODS:
        raise SettingsError(f"method: unknown {name!r}; allowed: {', '.join(METHODS)}")
    if base not in BASES:
        raise SettingsError(f"base: unknown {base!r}; allowed: {', '.join(BASES)}")
    return GameOptimizer(
        method=name,
        learning_rate=_check_number("learning_rate", learning_rate, low=0.0, low_open=True),
        gamma=_check_number("gamma", gamma, low=0.0),
        base=base,
        momentum=_check_number("momentum", momentum, low=-1.0, low_open=True, high=1.0, high_open=True),
        rmsprop_decay=_check_number("rmsprop_decay", rmsprop_decay, low=0.0, high=1.0, high_open=True),
        rmsprop_epsilon=_check_number("rmsprop_epsilon", rmsprop_epsilon, low=0.0, low_open=True),
        jit_compile=bool(jit_compile),
    )


class GameOptimizer(tf.Module):
    """One of SimGA / AltGA / ConOpt / smoothing on an RMSProp or SGD base, with optional heavy-ball momentum."""

    def __init__(self, method: str, learning_rate: float, gamma: float, base: str, momentum: float,
                 rmsprop_decay: float, rmsprop_epsilon: float, jit_compile: bool):
        super().__init__(name=f"{method}_optimizer")
        self.method, self.base = method, base
        self.learning_rate, self.gamma, self.momentum = learning_rate, gamma, momentum
        self.rmsprop_decay, self.rmsprop_epsilon = rmsprop_decay, rmsprop_epsilon
        self.jit_compile = jit_compile
        self.iterations = tf.Variable(0, dtype=tf.int64, trainable=False, name="iterations")
        self.mean_squares: list[tf.Variable] = []
        self.momentum_buffers: list[tf.Variable] = []
        # Plain Python bookkeeping kept out of tf.Module's tracking (its keys are not checkpointable names).
        self._cache = SimpleNamespace(slot_index={}, compiled={})

    def __repr__(self) -> str:
        extra = f", gamma={self.gamma}" if self.method in ("conopt", "smoothing") else ""
        return f"GameOptimizer({self.method}, lr={self.learning_rate}{extra}, base={self.base}, momentum={self.momentum})"

    # -- state ------------------------------------------------------------------------------------------
    def build(self, d_vars: Sequence, g_vars: Sequence) -> None:
        """Create the slots of these variables (called by `step`; call it yourself before using `step` inside
        your own tf.function). Slots are created in the order G then D, so checkpoints restore deterministically."""
        for var in as_tf_variables(g_vars) + as_tf_variables(d_vars):
            if var.ref() in self._cache.slot_index:
                continue
            self._cache.slot_index[var.ref()] = len(self.mean_squares)
            with tf.init_scope():
                dtype = var.dtype
                self.mean_squares.append(tf.Variable(tf.ones(var.shape, dtype), trainable=False,
                                                     name=f"ms_{len(self.mean_squares)}"))
                self.momentum_buffers.append(tf.Variable(tf.zeros(var.shape, dtype), trainable=False,
                                                         name=f"momentum_{len(self.momentum_buffers)}"))

    def _apply(self, directions: Sequence[tf.Tensor], variables: Sequence[tf.Variable]) -> None:
        """x <- x - delta (with momentum) for each variable, from its descent direction."""
        for d, var in zip(directions, variables):
            i = self._cache.slot_index[var.ref()]
            d = tf.cast(d, var.dtype)
            if self.base == "rmsprop":
                ms = self.mean_squares[i]
                ms.assign(self.rmsprop_decay * ms + (1.0 - self.rmsprop_decay) * tf.square(d))
                delta = self.learning_rate * d / tf.sqrt(ms + self.rmsprop_epsilon)
            else:
                delta = self.learning_rate * d
            if self.momentum != 0.0:
                buf = self.momentum_buffers[i]
                delta = buf.assign(self.momentum * buf + delta)
            var.assign_sub(delta)

    # -- one step ---------------------------------------------------------------------------------------
    def step(self, loss_fn: LossFn, d_vars: Sequence, g_vars: Sequence) -> dict[str, tf.Tensor]:
        """One update of both players; returns the scalars of this step (losses before the update)."""
        d_vars, g_vars = as_tf_variables(d_vars), as_tf_variables(g_vars)
        self.build(d_vars, g_vars)
        key = (id(loss_fn), tuple(v.ref() for v in d_vars), tuple(v.ref() for v in g_vars))
        if key not in self._cache.compiled:
            def compiled_step(loss_fn=loss_fn, d_vars=d_vars, g_vars=g_vars):
                return self._raw_step(loss_fn, d_vars, g_vars)
            # Keep loss_fn alive with its compiled step, so id() cannot be reused by another callable.
            self._cache.compiled[key] = (tf.function(compiled_step, jit_compile=self.jit_compile), loss_fn)
        return self._cache.compiled[key][0]()

    def _raw_step(self, loss_fn: LossFn, d_vars: list, g_vars: list) -> dict[str, tf.Tensor]:
        self.iterations.assign_add(1)
        if self.method == "altga":
            return alternating_step(loss_fn, d_vars, g_vars, apply_d=self._apply, apply_g=self._apply)
        d_dirs, g_dirs, losses = consensus_gradients(loss_fn, d_vars, g_vars, self.gamma, self.method,
                                                     return_losses=True)
        self._apply(g_dirs + d_dirs, g_vars + d_vars)
        return losses
