"""Reproduction of "The Numerics of GANs" (Mescheder, Nowozin, Geiger, NeurIPS 2017).

Library entry points for a researcher:
- `numerics_of_gans.consensus_gradients` (consensus.py): the players' descent directions of SimGA, consensus
  optimization (Algorithm 2) and smoothing, for your own training step and any Keras optimizer.
- `numerics_of_gans.games.Game`: the gradient vector field v of a two-player game, its Jacobian v',
  and the consensus loss L = 1/2 ||v||^2 (Section 4.1).
- `numerics_of_gans.optimizers.make_optimizer`: SimGA, AltGA, consensus optimization (Algorithm 2),
  the smoothing optimizer of the supplement, and heavy-ball momentum of either sign (Gidel et al.).

Command line: `python -m numerics_of_gans --help`.
"""

__version__ = "0.1.0"


def __getattr__(name: str):
    # `from numerics_of_gans import consensus_gradients` without importing TensorFlow for every other use (the CLI's
    # --help stays instant)
    if name == "consensus_gradients":
        from numerics_of_gans.consensus import consensus_gradients
        return consensus_gradients
    raise AttributeError(f"module 'numerics_of_gans' has no attribute {name!r}")
