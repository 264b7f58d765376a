"""Reproduction of "The Numerics of GANs" (Mescheder, Nowozin, Geiger, NeurIPS 2017).

The library it reproduces with, consensus_optimization (src/consensus_optimization/, TensorFlow and NumPy only), is
a package of its own; its main names stay importable from here for the users of earlier versions:
`from numerics_of_gans import consensus_gradients, ConsensusGAN, TF1RMSprop`. This package is the reproduction:
configuration, command line, the theory, mixture-of-Gaussians and image experiments, plots and reports.

Command line: `python -m numerics_of_gans --help`.
"""

__version__ = "0.1.0"


_LIBRARY = ("consensus_gradients", "alternating_step", "ConsensusGAN", "TF1RMSprop", "HeavyBallSGD", "make_optimizer",
            "GameOptimizer")


def __getattr__(name: str):
    # the library's names, loaded on first use: the CLI's --help stays instant (no TensorFlow)
    if name in _LIBRARY:
        import consensus_optimization
        return getattr(consensus_optimization, name)
    raise AttributeError(f"module 'numerics_of_gans' has no attribute {name!r}")
