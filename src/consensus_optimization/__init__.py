"""Consensus optimization (Mescheder, Nowozin, Geiger, "The Numerics of GANs", NeurIPS 2017) for TensorFlow 2 and
Keras: needs TensorFlow and NumPy only.

Layers, each importing only those below it: games (the vector field v of a two-player game, its Jacobian, the
consensus loss 1/2 ||v||^2) <- consensus (the players' directions of SimGA, ConOpt and smoothing; AltGA's ordering)
<- optimizers, keras_optimizers (GameOptimizer over any Keras optimizer; the paper's TF1 RMSProp, heavy-ball
momentum) <- model (ConsensusGAN, a keras.Model trained by `fit`); objectives (the GAN losses) and errors beside.

    from consensus_optimization import ConsensusGAN, TF1RMSprop, consensus_gradients

The names below load their module on first use, so that `errors` and `names` (what a command line validates
against) import without TensorFlow.
"""
from __future__ import annotations

import importlib

__all__ = ["CONSENSUS", "METHODS", "OBJECTIVES", "ConsensusGAN", "Game", "GameOptimizer", "HeavyBallSGD",
           "InvalidSetting", "TF1RMSprop", "alternating_step", "consensus_gradients", "losses", "make_optimizer"]

_MODULE = {"CONSENSUS": "names", "METHODS": "names", "OBJECTIVES": "names", "ConsensusGAN": "model", "Game": "games",
           "GameOptimizer": "optimizers", "HeavyBallSGD": "keras_optimizers", "InvalidSetting": "errors",
           "TF1RMSprop": "keras_optimizers", "alternating_step": "consensus", "consensus_gradients": "consensus",
           "losses": "objectives", "make_optimizer": "optimizers"}


def __getattr__(name: str):
    if name in _MODULE:
        return getattr(importlib.import_module(f"{__name__}.{_MODULE[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
