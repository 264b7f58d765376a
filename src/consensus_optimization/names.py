"""The library's names, each list defined once (the reproduction's numerics_of_gans.names imports them)."""

METHODS = ("simga", "altga", "conopt", "smoothing")     # the paper's game optimizers (the image runs' choices)
CONSENSUS = ("conopt", "smoothing")                     # the methods with gamma, whose step returns consensus_loss
LATER_METHODS = ("hamiltonian", "sga", "cgd", "extragradient", "past_extragradient", "optimistic")  # after the paper
GAME_METHODS = METHODS + LATER_METHODS                  # what GameOptimizer / make_optimizer accept (optimizers.py)
OBJECTIVES = ("standard", "js", "indicator", "kl", "tv")  # objectives.py
