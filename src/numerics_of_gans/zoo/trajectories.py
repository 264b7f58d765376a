"""The path of a game optimizer on a toy game: the points z_t (flat, generator first, `ToyGame.point`) of the
implemented step from the game's start point, for phase portraits in the (theta, psi) plane of the Dirac-GAN as in
Mescheder, Geiger, Nowozin, "Which Training Methods for GANs do actually Converge?" (ICML 2018), Figures 1 and 3
(SimGA spiralling out, AltGA cycling, regularised and consensus methods spiralling in).

The run is spectra.simulate's (a fresh `make_optimizer(method, learning_rate, base="sgd", **hyper)` in one compiled
loop, `spectra.compiled_points`; the game's point restored on return) but keeps the points, not only their
distance to the equilibrium.
"""
from __future__ import annotations

import numpy as np
import tensorflow as tf

from consensus_optimization.optimizers import make_optimizer
from numerics_of_gans.errors import check_number, check_whole
from numerics_of_gans.zoo.games import ToyGame
from numerics_of_gans.zoo.spectra import compiled_points

BLOWUP = 1e3     # a path ends once ||z_t|| > BLOWUP ||z_0||: beyond it a portrait shows nothing more


def trajectory(game: ToyGame, method: str, learning_rate: float, steps: int, blowup: float = BLOWUP,
               **hyper) -> np.ndarray:
    """[T, n] float64, T <= steps + 1: the points z_0 (the game's start) .. z_t of the implemented method. The path
    ends before the first point that is not finite or whose norm exceeds `blowup` times the start's (times 1 if the
    start is 0, so that a run from the origin still has a finite bound). The game's point is restored on return."""
    steps = check_whole("steps", steps, low=1)
    blowup = check_number("blowup", blowup, low=1.0, low_open=True)
    opt = make_optimizer(method, learning_rate, base="sgd", **hyper)
    entry = game.point()
    try:
        game.reset()
        start = game.point().astype(np.float64)
        z = np.concatenate([start[None], compiled_points(opt, game)(tf.constant(steps)).numpy().astype(np.float64)])
    finally:
        game.reset(entry)
    bound = blowup * (np.linalg.norm(start) or 1.0)
    bad = np.flatnonzero(~np.all(np.isfinite(z), axis=1) | (np.linalg.norm(z, axis=1) > bound))
    return z[:bad[0]] if bad.size else z
