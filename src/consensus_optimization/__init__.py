"""Consensus optimization (Mescheder, Nowozin, Geiger, "The Numerics of GANs", NeurIPS 2017) for TensorFlow 2 and
Keras: needs TensorFlow and NumPy only.

Layers, each importing only those below it: games (the vector field v of a two-player game, its Jacobian, the
consensus loss 1/2 ||v||^2) <- consensus (the players' directions of SimGA, ConOpt and smoothing; AltGA's ordering),
game_directions (Hamiltonian descent, SGA, CGD), extrapolation (the steps and checkpointed state of extragradient,
extrapolation from the past, optimistic gradient and lookahead-minmax), keras_optimizers (the paper's TF1 RMSProp,
heavy-ball momentum) <- optimizers (GameOptimizer over any Keras optimizer, every method of names.GAME_METHODS) <-
model (ConsensusGAN, a keras.Model trained by `fit`); objectives (the GAN losses), regularizers (R1, R2, instance
noise, WGAN-GP: Mescheder, Geiger, Nowozin 2018) and errors beside.

    from consensus_optimization import ConsensusGAN, TF1RMSprop, consensus_gradients

The names below load their module on first use, so that `errors` and `names` (what a command line validates
against) import without TensorFlow.
"""
from __future__ import annotations

import importlib

_MODULE = {"CONSENSUS": "names", "GAME_METHODS": "names", "LATER_METHODS": "names", "METHODS": "names",
           "OBJECTIVES": "names", "ConsensusGAN": "model", "Game": "games", "GameOptimizer": "optimizers",
           "HeavyBallSGD": "keras_optimizers", "InvalidSetting": "errors", "TF1RMSprop": "keras_optimizers",
           "alternating_step": "consensus", "cgd_gradients": "game_directions", "consensus_gradients": "consensus",
           "hamiltonian_gradients": "game_directions", "instance_noise": "regularizers", "losses": "objectives",
           "make_optimizer": "optimizers", "r1_penalty": "regularizers", "r2_penalty": "regularizers",
           "sga_gradients": "game_directions", "wgan_gp_penalty": "regularizers"}
__all__ = sorted(_MODULE)


def __getattr__(name: str):
    if name in _MODULE:
        return getattr(importlib.import_module(f"{__name__}.{_MODULE[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
