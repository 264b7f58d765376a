"""Reproduction of "The Numerics of GANs" (Mescheder, Nowozin, Geiger, NeurIPS 2017).

Library entry points for a researcher:
- `numerics_of_gans.games.Game`: the gradient vector field v of a two-player game, its Jacobian v',
  and the consensus loss L = 1/2 ||v||^2 (Section 4.1).
- `numerics_of_gans.optimizers.make_optimizer`: SimGA, AltGA, consensus optimization (Algorithm 2),
  the smoothing optimizer of the supplement, and heavy-ball momentum of either sign (Gidel et al.).

Command line: `python -m numerics_of_gans --help`.
"""

__version__ = "0.1.0"
