"""The path of a game optimizer on a toy game: the points z_t (flat, generator first, `ToyGame.point`) of the
implemented step from the game's start point, for phase portraits in the (theta, psi) plane of the Dirac-GAN as in
Mescheder, Geiger, Nowozin, "Which Training Methods for GANs do actually Converge?" (ICML 2018), Figures 1 and 3
(SimGA spiralling out, AltGA cycling, regularised and consensus methods spiralling in).

The run mirrors spectra.simulate (a fresh `make_optimizer(method, learning_rate, base="sgd", **hyper)`, the game's
point restored on return) but keeps the points, not only their distance to the equilibrium.
"""
from __future__ import annotations

import numpy as np

from consensus_optimization.optimizers import make_optimizer
from numerics_of_gans.errors import check_number, check_whole
from numerics_of_gans.zoo.games import ToyGame
from numerics_of_gans.zoo.spectra import _run

BLOWUP = 1e3     # a run stops once ||z_t|| > BLOWUP ||z_0||: beyond it a portrait shows nothing more


def trajectory(game: ToyGame, method: str, learning_rate: float, steps: int, blowup: float = BLOWUP,
               **hyper) -> np.ndarray:
    """[T, n] float64, T <= steps + 1: the points z_0 (the game's start) .. z_t of the implemented method. The run
    stops early, without the offending point, once a point is not finite or its norm exceeds `blowup` times the
    start's (times 1 if the start is 0, so that a run from the origin still has a finite bound). The game's point
    is restored on return."""
    steps = check_whole("steps", steps, low=1)
    blowup = check_number("blowup", blowup, low=1.0, low_open=True)
    opt = make_optimizer(method, learning_rate, base="sgd", **hyper)
    entry = game.point()
    try:
        game.reset()
        points = [game.point().astype(np.float64)]
        bound = blowup * (np.linalg.norm(points[0]) or 1.0)
        for _ in range(steps):
            _run(opt, game, 1)
            z = game.point().astype(np.float64)
            if not np.all(np.isfinite(z)) or np.linalg.norm(z) > bound:
                break
            points.append(z)
    finally:
        game.reset(entry)
    return np.stack(points)
