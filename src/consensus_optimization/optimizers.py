"""Game optimizers: SimGA (Algorithm 1), AltGA (Algorithm 3), consensus optimization (Algorithm 2), the
smoothing optimizer of the supplement, heavy-ball momentum of either sign (Gidel et al., AISTATS 2019: with AltGA and
momentum < 0, their alternating negative momentum), and the methods after the paper (names.LATER_METHODS):
Hamiltonian descent, SGA and CGD (directions of game_directions.py), extragradient, extrapolation from the past and
optimistic gradient (extrapolation.py); lookahead-minmax over any of them (`lookahead=(k, alpha)`).

    opt = make_optimizer("conopt", learning_rate=1e-4, gamma=10.0)      # TF1 RMSProp base, as in the paper
    for batch in data:
        scalars = opt.step(lambda: loss_of(batch), d_vars, g_vars)        # one update of both players

`loss_fn() -> (d_loss, g_loss)`, each minimised by its own player (see games.py for the sign convention).
A `GameOptimizer` is a thin layer over the library's parts: simga, conopt (Algorithm 2) and smoothing (supplement)
take the directions of `consensus.consensus_gradients`, both players at the same point; altga is
`consensus.alternating_step` (the discriminator first); hamiltonian, sga and cgd take game_directions'; the stateful
methods are extrapolation.py's steps; each player's Keras optimizer applies its directions. `make_optimizer` gives both
players the paper's base, `keras_optimizers.TF1RMSprop` (TensorFlow 1's RMSProp, as the authors ran it), or
`keras_optimizers.HeavyBallSGD` (base="sgd", momentum of either sign); `GameOptimizer(method, gamma, d_optimizer,
g_optimizer)` takes any Keras optimizers (Adam, schedules, ...).

Hyperparameters: `gamma` is conopt's and smoothing's gamma and SGA's lambda (whose sign SGA's alignment test then
chooses); CGD's eta is the players' one learning rate, read when the optimizer is made (cgd_gradients takes a number:
a schedule's later values or a changed rate do not reach eta). `lookahead=(k, alpha)`: every k steps
z <- z0 + alpha (zk - z0) for both players, z0 the point k steps before (extrapolation.py).

`step` compiles one `tf.function` per loss function's code (compiled_step.py): a fresh closure per step, over new
data, reuses the compiled step. The optimizer is a `tf.Module`: the players' optimizers and their slots go into a
`tf.train.Checkpoint` with the models, and so do the state of extragradient, past_extragradient and optimistic
(`.state`: steps, the previous F) and lookahead's (`.lookahead`: steps, slow weights); the paper's methods without
lookahead keep no more than their optimizers, so their earlier checkpoints restore unchanged.
"""
from __future__ import annotations

from types import SimpleNamespace
from typing import Sequence

import keras
import tensorflow as tf

from consensus_optimization.compiled_step import CompiledSteps
from consensus_optimization.consensus import alternating_step, consensus_gradients
from consensus_optimization.errors import InvalidSetting, check_number
from consensus_optimization.extrapolation import EXTRAPOLATION, Lookahead, MethodState, check_lookahead
from consensus_optimization.games import LossFn, as_tf_variables
from consensus_optimization.keras_optimizers import HeavyBallSGD, TF1RMSprop
from consensus_optimization.names import CONSENSUS, GAME_METHODS

BASES = ("rmsprop", "sgd")
DIRECTIONS = ("hamiltonian", "sga", "cgd")      # game_directions.py


def _check_method(method: str) -> str:
    if method not in GAME_METHODS:
        raise InvalidSetting(f"method: unknown {method!r}; allowed: {', '.join(GAME_METHODS)}")
    return method


def make_optimizer(name: str, learning_rate: float, gamma: float = 10.0, base: str = "rmsprop",
                   momentum: float = 0.0, rmsprop_decay: float = 0.9, rmsprop_epsilon: float = 1e-10,
                   jit_compile: bool = False, lookahead: tuple[int, float] | None = None) -> "GameOptimizer":
    """A game optimizer with the paper's base for both players (the contract of docs/design.md). `gamma` is used by
    conopt and smoothing (gamma) and sga (lambda) only; `lookahead` (k, alpha) or None."""
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
    return GameOptimizer(name, gamma, *players, jit_compile=bool(jit_compile), lookahead=lookahead)


class GameOptimizer(tf.Module):
    """One of names.GAME_METHODS, each player's directions applied by its own Keras optimizer; with `lookahead`
    (k, alpha), lookahead-minmax over it."""

    def __init__(self, method: str, gamma: float, d_optimizer: keras.optimizers.Optimizer,
                 g_optimizer: keras.optimizers.Optimizer, jit_compile: bool = False,
                 lookahead: tuple[int, float] | None = None):
        super().__init__(name=f"{_check_method(method)}_optimizer")
        lookahead = check_lookahead(lookahead)
        if d_optimizer is g_optimizer:
            raise InvalidSetting("g_optimizer: give each player its own optimizer (the slots are per variable list)")
        for field, opt in (("d_optimizer", d_optimizer), ("g_optimizer", g_optimizer)):
            if isinstance(opt, keras.optimizers.LossScaleOptimizer):
                # it would unscale directions that were never scaled: steps S times too small, silently
                raise InvalidSetting(f"{field}: a LossScaleOptimizer needs scaled losses, which this step does not "
                                    "make; for mixed precision use consensus_gradients(..., loss_scale=...) in your "
                                    "own step (docs/library.md)")
        self.method, self.gamma = method, check_number("gamma", gamma, low=0.0)
        self.d_optimizer, self.g_optimizer = d_optimizer, g_optimizer
        self.jit_compile = jit_compile
        self.eta = _common_learning_rate(d_optimizer, g_optimizer) if method == "cgd" else None
        # checkpointed state, only where the method keeps some (the paper's methods' checkpoints stay as they were)
        self.state = MethodState(method) if method in EXTRAPOLATION else None
        self.lookahead = Lookahead(*lookahead) if lookahead else None
        # Plain Python state kept out of tf.Module's tracking (not checkpoint content).
        self._cache = SimpleNamespace(steps=CompiledSteps(self._raw_step, jit_compile=jit_compile))

    def __repr__(self) -> str:
        extra = f", gamma={self.gamma}" if self.method in CONSENSUS + ("sga",) else ""
        extra += f", lookahead=({self.lookahead.k}, {self.lookahead.alpha})" if self.lookahead else ""
        return f"GameOptimizer({self.method}{extra}, d={self.d_optimizer.name}, g={self.g_optimizer.name})"

    @property
    def iterations(self) -> tf.Variable:
        """Steps taken: the players' optimizers' count, which extragradient and past_extragradient advance twice a
        step (as Extra-Adam), so theirs is counted by `state`."""
        return self.state.steps if self.state is not None else self.g_optimizer.iterations

    def build(self, d_vars: Sequence, g_vars: Sequence) -> None:
        """Create both players' slots (done by `step`; call it before restoring a checkpoint or before using `step`
        inside your own tf.function, which cannot create variables after its first trace)."""
        for opt, variables in ((self.g_optimizer, g_vars), (self.d_optimizer, d_vars)):
            if not opt.built:
                opt.build(as_tf_variables(variables))
        if self.state is not None:
            self.state.build(as_tf_variables(d_vars), as_tf_variables(g_vars))
        if self.lookahead is not None:
            self.lookahead.build(as_tf_variables(g_vars) + as_tf_variables(d_vars))

    def step(self, loss_fn: LossFn, d_vars: Sequence, g_vars: Sequence) -> dict[str, tf.Tensor]:
        """One update of both players; returns the scalars of this step: the losses where the step first takes the
        players' gradients, before the update (at the extrapolated point for past_extragradient, extrapolation.py)."""
        d_vars, g_vars = as_tf_variables(d_vars), as_tf_variables(g_vars)
        self.build(d_vars, g_vars)
        return self._cache.steps(loss_fn, d_vars, g_vars)

    def _raw_step(self, loss_fn: LossFn, d_vars: list, g_vars: list) -> dict[str, tf.Tensor]:
        if self.lookahead is None:
            return self._method_step(loss_fn, d_vars, g_vars)
        return self.lookahead.step(g_vars + d_vars, lambda: self._method_step(loss_fn, d_vars, g_vars))

    def _method_step(self, loss_fn: LossFn, d_vars: list, g_vars: list) -> dict[str, tf.Tensor]:
        def apply_d(directions, variables):
            self.d_optimizer.apply_gradients(zip(directions, variables))

        def apply_g(directions, variables):
            self.g_optimizer.apply_gradients(zip(directions, variables))

        def apply(d_dirs, g_dirs):
            apply_g(g_dirs, g_vars)
            apply_d(d_dirs, d_vars)

        if self.method == "altga":
            return alternating_step(loss_fn, d_vars, g_vars, apply_d=apply_d, apply_g=apply_g)
        if self.state is not None:
            return self.state.step(loss_fn, d_vars, g_vars, apply)
        if self.method in DIRECTIONS:
            d_dirs, g_dirs, losses = self._directions(loss_fn, d_vars, g_vars)
        else:
            d_dirs, g_dirs, losses = consensus_gradients(loss_fn, d_vars, g_vars, self.gamma, self.method,
                                                         return_losses=True)
        apply(d_dirs, g_dirs)
        return losses

    def _directions(self, loss_fn: LossFn, d_vars: list, g_vars: list):
        """Hamiltonian descent, SGA (lambda = gamma) or CGD (eta = the players' learning rate, `self.eta`)."""
        from consensus_optimization import game_directions     # written beside consensus.py (layer 2)

        if self.method == "hamiltonian":
            return game_directions.hamiltonian_gradients(loss_fn, d_vars, g_vars, return_losses=True)
        if self.method == "sga":
            return game_directions.sga_gradients(loss_fn, d_vars, g_vars, lam=self.gamma, align=True,
                                                 return_losses=True)
        return game_directions.cgd_gradients(loss_fn, d_vars, g_vars, self.eta, return_losses=True)


def _common_learning_rate(d_optimizer: keras.optimizers.Optimizer, g_optimizer: keras.optimizers.Optimizer) -> float:
    """CGD's eta: the players' one learning rate (its value now, for a schedule)."""
    d_rate, g_rate = (float(keras.ops.convert_to_numpy(opt.learning_rate)) for opt in (d_optimizer, g_optimizer))
    if d_rate != g_rate:
        raise InvalidSetting(f"g_optimizer: cgd's eta is the learning rate, so both players need the same one; got "
                             f"d_optimizer {d_rate!r}, g_optimizer {g_rate!r}")
    return g_rate
