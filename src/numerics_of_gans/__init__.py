"""Reproduction of "The Numerics of GANs" (Mescheder, Nowozin, Geiger, NeurIPS 2017).

Library entry points for a researcher (README, "Using consensus optimization on your own GAN"):
- `ConsensusGAN` (consensus_gan.py): a keras.Model trained by `fit` with SimGA, AltGA, consensus optimization
  (Algorithm 2) or smoothing, each player with any Keras optimizer.
- `consensus_gradients`, `alternating_step` (consensus.py): the players' descent directions of SimGA, ConOpt and
  smoothing, and AltGA's ordering, for your own training step and any Keras optimizer (mixed precision included).
- `TF1RMSprop`, `HeavyBallSGD` (keras_optimizers.py): the paper's base optimizer and heavy-ball momentum of either
  sign (Gidel et al.) as Keras optimizers.
- `make_optimizer`, `GameOptimizer` (optimizers.py): the workflow's helper, one compiled step per loss function.
- `numerics_of_gans.games.Game`: the gradient vector field v of a two-player game, its Jacobian v',
  and the consensus loss L = 1/2 ||v||^2 (Section 4.1).

Command line: `python -m numerics_of_gans --help`.
"""

__version__ = "0.1.0"


_LIBRARY = {"consensus_gradients": "consensus", "alternating_step": "consensus", "ConsensusGAN": "consensus_gan",
            "TF1RMSprop": "keras_optimizers", "HeavyBallSGD": "keras_optimizers", "make_optimizer": "optimizers",
            "GameOptimizer": "optimizers"}


def __getattr__(name: str):
    # `from numerics_of_gans import ConsensusGAN` without importing TensorFlow for every other use (the CLI's --help
    # stays instant)
    if name in _LIBRARY:
        import importlib
        return getattr(importlib.import_module(f"numerics_of_gans.{_LIBRARY[name]}"), name)
    raise AttributeError(f"module 'numerics_of_gans' has no attribute {name!r}")
