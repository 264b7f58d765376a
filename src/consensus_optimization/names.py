"""The library's names, each list defined once (the reproduction's numerics_of_gans.names imports them)."""

METHODS = ("simga", "altga", "conopt", "smoothing")     # the game optimizers (optimizers.py)
CONSENSUS = ("conopt", "smoothing")                     # the methods with gamma, whose step returns consensus_loss
OBJECTIVES = ("standard", "js", "indicator", "kl", "tv")  # objectives.py
