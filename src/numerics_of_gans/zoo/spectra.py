"""Theory checked against the implementation (issue 28, part 3): the spectral radius of the linearised update of a
game optimizer at a toy game's equilibrium, taken through the implemented step; its closed form where one exists;
and the verdict of a simulation beside the verdict the spectral radius predicts.

Conventions (games.py, extrapolation.py): z = (G, D) flat, generator first; F = each player's gradient of its own
loss = -v; V = v'(z*) with eigenvalues lam (`ToyGame.eigenvalues`), J = F'(z*) = -V; h the learning rate; base
"sgd" (Keras, momentum 0) applies z <- z - h direction. The Keras learning rate is a float32 variable, so the h
of the implemented step is float32(learning_rate): the tests use step sizes exact in float32.

The implemented map (`update_jacobian`): the real `make_optimizer(method, h, base="sgd", **hyper).step` on the
state it reads and writes, s = (z, the players' heavy-ball buffers when momentum != 0, the previous F of
past_extragradient and optimistic), over one step, or with lookahead (k, alpha) over one whole block of k steps
started at a block start (where the slow weights are set to z, so they are no independent part of s). Before the
columns, a warm-up of one block at the equilibrium puts every part of s at its value there (F(z*) = 0 previous,
buffers 0) and the counters where the method's recurrence runs (past the first step's special case, at a block
start); each column then starts from that same state, every variable the step reads assigned. Why this map's
spectral radius is the theory's: the method is the linear recurrence s_{t+1} = M s_t near z*, so the distance
goes as rho(M)^t (per block with lookahead); for optimistic and past_extragradient M on (z, previous F) has as
eigenvalues the 2n roots of the characteristic polynomial of the two-step recurrence in z (derived in
`field_update_eigenvalues`), since the previous F is J times the previous (extrapolated) point.

Columns by central differences, M e_j = (m(s* + d e_j) - m(s* - d e_j)) / 2d, d = DELTA = 1e-5: both games have
their equilibrium at 0 and an odd field (F(-z) = -F(z)), so each image is computed to relative round-off (1e-16),
with no large base value to cancel, and the error is truncation alone, d^2/6 times the third derivative of the
map: zero on the bilinear game (the map is linear: CGD's conjugate-gradient solve, with a relative tolerance, is
homogeneous and exact in <= dim iterations), about 1e-11 on the Dirac-GAN (softplus's third derivative is <= 1/8,
times h). For an equilibrium away from 0, d ~ eps^(1/3) |s*| = 6e-6 |s*| balances truncation and cancellation;
1e-5 is that order.
"""
from __future__ import annotations

import math

import numpy as np
import tensorflow as tf

from consensus_optimization.optimizers import make_optimizer
from numerics_of_gans.errors import SettingsError, check_number, check_whole
from numerics_of_gans.theory.step_size_bound import spectral_radius
from numerics_of_gans.zoo.games import ToyGame, dirac_f

DELTA = 1e-5        # the step of the central differences (module docstring)
BAND = 10.0         # verdict: converges if the distance fell by this factor over the run, diverges if it rose by it
TOL = 1e-6          # predicted_verdict: |rho - 1| <= TOL cycles (the tests' precision of rho)
VERDICTS = ("converges", "cycles", "diverges")
FIELD_METHODS = ("simga", "extragradient", "past_extragradient", "optimistic")  # maps built from V alone
MEMORY = ("past_extragradient", "optimistic")  # keep the previous F: lookahead's slow weights do not cover it


def _read(variables: list) -> np.ndarray:
    return np.concatenate([np.ravel(np.asarray(v, dtype=np.float64)) for v in variables])


def _assign(variables: list, flat: np.ndarray) -> None:
    sizes = [int(np.prod(v.shape)) for v in variables]
    for v, part in zip(variables, np.split(flat, np.cumsum(sizes)[:-1])):
        v.assign(part.reshape(v.shape))


def _slots(optimizer) -> list:
    """A Keras optimizer's slot variables (the heavy-ball buffers): all its variables but the counter and rate."""
    return [v for v in optimizer.variables if v is not optimizer.iterations and v is not optimizer.learning_rate]


def _state(game: ToyGame, opt) -> list:
    """The variables the step reads and writes, the point first (G, D), then the slots (G's, D's), then the
    previous F (G, D). Built by the optimizer's first step."""
    previous = opt.state.g_previous + opt.state.d_previous if opt.state is not None else []
    return game.variables + _slots(opt.g_optimizer) + _slots(opt.d_optimizer) + previous


def _run(opt, game: ToyGame, steps: int) -> None:
    for _ in range(steps):
        opt.step(game.loss_fn, game.d_vars, game.g_vars)


def update_jacobian(game: ToyGame, method: str, learning_rate: float, *, delta: float = DELTA,
                    **hyper) -> tuple[np.ndarray, float]:
    """(M, rho(M)): the Jacobian at the equilibrium of the implemented map of `make_optimizer(method,
    learning_rate, base="sgd", **hyper)` on its state s (one step, or one block of lookahead's k steps; the module
    docstring), in float64, and its spectral radius max |eigenvalue|. The first len(z) rows and columns are the
    point's. The game's point is restored on return."""
    if any(v.dtype.name != "float64" for v in game.variables):
        raise SettingsError(f"{game.name}: update_jacobian differentiates in float64; make the game with "
                            "dtype='float64'")
    delta = check_number("delta", delta, low=0.0, low_open=True)
    opt = make_optimizer(method, learning_rate, base="sgd", **hyper)
    block = opt.lookahead.k if opt.lookahead is not None else 1
    entry = game.point()
    try:
        game.reset(game.equilibrium)
        _run(opt, game, block)                      # the warm-up: one block at the equilibrium
        variables = _state(game, opt)
        centre = _read(variables)
        centre[:game.equilibrium.size] = game.equilibrium
        M = np.empty((centre.size, centre.size))
        for j in range(centre.size):
            images = []
            for sign in (1.0, -1.0):
                start = centre.copy()
                start[j] += sign * delta
                _assign(variables, start)
                _run(opt, game, block)
                images.append(_read(variables))
            M[:, j] = (images[0] - images[1]) / (2.0 * delta)
    finally:
        game.reset(entry)
    return M, spectral_radius(M)


def field_update_eigenvalues(method: str, h: float, eigenvalues) -> np.ndarray:
    """Eigenvalues of the linearised update of one of FIELD_METHODS, whose map is built from V = v'(z*) alone (no
    V^T: so for any game), from the eigenvalues lam of V; F(z) ~ -V z near z* = 0:
    simga: z' = z + h V z, so 1 + h lam;
    extragradient: z' = z + h V (z + h V z) = (I + h V + h^2 V^2) z, so 1 + h lam + h^2 lam^2;
    optimistic: z_{t+1} = z_t + 2h V z_t - h V z_{t-1}, x^2 = (1 + 2h lam) x - h lam: the roots
        x = (1 + 2h lam +- sqrt(1 + 4h^2 lam^2)) / 2; on (z, P = F_{t-1}) the map [[I + 2hV, hI], [-V, 0]] has the
        characteristic polynomial x^2 - (1 + 2h lam) x + h lam per lam, the same;
    past_extragradient: on (z, P = F(z~_{t-1})), z~ = z - hP, P' = -V z + hV P, z' = z - hP' = (I + hV) z - h^2 V P:
        det [[x - 1 - h lam, h^2 lam], [lam, x - h lam]] = x^2 - (1 + 2h lam) x + h lam, optimistic's polynomial
        (z~ follows optimistic's recurrence: z~_{t+1} = z~_t - 2h F(z~_t) + h F(z~_{t-1}))."""
    lam = np.asarray(eigenvalues, dtype=complex)
    if method == "simga":
        return 1 + h * lam
    if method == "extragradient":
        return 1 + h * lam + (h * lam) ** 2
    if method in MEMORY:
        root = np.sqrt(1 + 4 * (h * lam) ** 2)
        return np.concatenate([(1 + 2 * h * lam + root) / 2, (1 + 2 * h * lam - root) / 2])
    raise SettingsError(f"method: {method!r} is not one of {', '.join(FIELD_METHODS)}")


def bilinear_update_eigenvalues(method: str, h: float, singular_values, gamma: float = 10.0) -> np.ndarray:
    """Eigenvalues of the linearised update on a game whose J is antisymmetric with singular values s: x^T A y
    (J = [[0, A], [-A^T, 0]]), and the Dirac-GAN without regulariser (s = f'(0)). In A's singular basis J is
    2 x 2 blocks [[0, s], [-s, 0]], eigenvalues mu = -lam = -+ i s, J^T J = s^2 I, z = (x, y) per block:
    FIELD_METHODS: `field_update_eigenvalues` with lam = +- i s;
    conopt: z' = z - h (J + gamma J^T J) z, so 1 - h gamma s^2 + h lam, |.|^2 = (1 - h gamma s^2)^2 + h^2 s^2;
    sga (lambda = gamma): A = (J - J^T)/2 = J, so F + lambda A^T F = conopt's direction; its alignment sign is +1
        because <F, grad H> = F^T J^T F = 0 for antisymmetric J (sign(0 + 1/10));
    hamiltonian: z' = (I - h J^T J) z, so 1 - h s^2 (twice);
    cgd: dx = -h (1 + h^2 s^2)^-1 (s y + h s^2 x), dy = h (1 + h^2 s^2)^-1 (s x - h s^2 y), M = c [[1, -hs], [hs,
        1]], c = 1/(1 + h^2 s^2): eigenvalues c (1 -+ i h s) = 1 / (1 - h lam), modulus 1/sqrt(1 + h^2 s^2)
        (the proximal point z' = z - h F(z'));
    smoothing: the discriminator's direction gains gamma A^T A y, so SimGA on V_s = [[0, -s], [s, -gamma s^2]]:
        1 + h (c/2 +- sqrt(c^2/4 - s^2)), c = -gamma s^2;
    altga (the discriminator first): y' = y + h s x, x' = x - h s y', M = [[1 - h^2 s^2, -hs], [hs, 1]], trace
        2 - h^2 s^2, det 1: roots of x^2 - (2 - h^2 s^2) x + 1, modulus 1 for h s < 2 (complex pair on the unit
        circle), a real pair with one root beyond -1 for h s > 2."""
    s = np.asarray(singular_values, dtype=np.float64)
    lam = np.concatenate([1j * s, -1j * s])
    s2 = np.concatenate([s, s]) ** 2
    if method in FIELD_METHODS:
        return field_update_eigenvalues(method, h, lam)
    if method in ("conopt", "sga"):
        return 1 - h * gamma * s2 + h * lam
    if method == "hamiltonian":
        return (1 - h * s2).astype(complex)
    if method == "cgd":
        return 1 / (1 - h * lam)
    if method == "smoothing":
        c = -gamma * s ** 2
        root = np.sqrt((c ** 2 / 4 - s ** 2).astype(complex))
        return 1 + h * np.concatenate([c / 2 + root, c / 2 - root])
    if method == "altga":
        trace = (2 - h ** 2 * s ** 2).astype(complex)
        root = np.sqrt(trace ** 2 - 4)
        return np.concatenate([(trace + root) / 2, (trace - root) / 2])
    raise SettingsError(f"method: no closed form for {method!r}")


def _singular_values(game: ToyGame):
    """s of an antisymmetric J at the equilibrium: the bilinear game's, or f'(0) for the Dirac-GAN without R1 and
    instance noise (its J, [[0, a], [-a, 0]], is the 1-d bilinear game's with A = a); else None."""
    settings = game.settings
    if "singular_values" in settings:
        return np.asarray(settings["singular_values"], dtype=np.float64)
    if "objective" in settings and not settings.get("gamma") and not settings.get("sigma"):
        return np.array([dirac_f(settings["objective"])[1]])
    return None


def closed_form_eigenvalues(game: ToyGame, method: str, learning_rate: float, gamma: float = 10.0,
                            momentum: float = 0.0, lookahead: tuple[int, float] | None = None):
    """The eigenvalues of `update_jacobian`'s M in closed form (the same arguments as make_optimizer's), or None
    where there is none here (heavy-ball momentum; R1 or noise with a method outside FIELD_METHODS; lookahead over
    a method that keeps the previous F). Lookahead (k, alpha) over a memoryless method with update eigenvalues nu:
    the block z0 -> z0 + alpha (M^k z0 - z0) = (alpha M^k + (1 - alpha) I) z0, eigenvalues alpha nu^k + 1 - alpha."""
    h = float(learning_rate)
    s = _singular_values(game)
    if momentum or (lookahead is not None and method in MEMORY):
        return None
    if s is not None:
        values = bilinear_update_eigenvalues(method, h, s, gamma)
    elif method in FIELD_METHODS:
        values = field_update_eigenvalues(method, h, game.eigenvalues)
    else:
        return None
    if lookahead is not None:
        k, alpha = lookahead
        values = alpha * values ** k + (1 - alpha)
    return values


def closed_form_rho(game: ToyGame, method: str, learning_rate: float, **hyper) -> float | None:
    """max |closed_form_eigenvalues|, or None where there is no closed form."""
    values = closed_form_eigenvalues(game, method, learning_rate, **hyper)
    return None if values is None else float(np.max(np.abs(values)))


CHUNK = 100         # simulate: steps per compiled call (the early stop is decided per step within a chunk)


def compiled_points(opt, game: ToyGame):
    """A compiled call (steps) -> the flat point after each of `steps` steps of `opt`, [steps, n]: the same steps as
    `_run`, one device round trip per chunk instead of two per step."""
    opt.build(game.d_vars, game.g_vars)    # no variable may be created inside the loop

    @tf.function
    def run(steps):
        points = tf.TensorArray(game.variables[0].dtype, size=steps)
        for i in tf.range(steps):
            opt.step(game.loss_fn, game.d_vars, game.g_vars)
            points = points.write(i, tf.concat([tf.reshape(v, [-1]) for v in game.variables], axis=0))
        return points.stack()
    return run


def simulate(game: ToyGame, method: str, learning_rate: float, steps: int, stop: float | None = None,
             **hyper) -> np.ndarray:
    """||z_t - z*|| for t = 0..steps: `make_optimizer(method, learning_rate, base="sgd", **hyper)` (a fresh one)
    run from the game's start point. Non-finite distances mean the run overflowed. The game's point is restored.
    With `stop` (> 1), the run ends early once the distance left [d_0 / stop, d_0 stop] or is not finite: the
    distances are then fewer than steps + 1 (the last one the first outside), and `verdict` of them is the whole
    run's for any stop >= its band (beyond stop the linear rate, not the remaining steps, decides)."""
    steps = check_whole("steps", steps, low=1)
    if stop is not None:
        stop = check_number("stop", stop, low=1.0, low_open=True)
    opt = make_optimizer(method, learning_rate, base="sgd", **hyper)
    entry = game.point()
    try:
        game.reset()
        run = compiled_points(opt, game)
        distances = [game.distance()]
        while len(distances) <= steps:
            chunk = run(tf.constant(min(CHUNK, steps + 1 - len(distances)))).numpy().astype(np.float64)
            new = np.linalg.norm(chunk - game.equilibrium, axis=1)
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = new / distances[0]
            outside = np.flatnonzero(~((1 / stop <= ratio) & (ratio <= stop))) if stop is not None else []
            if len(outside):    # also a non-finite ratio
                distances.extend(new[:outside[0] + 1])
                break
            distances.extend(new)
    finally:
        game.reset(entry)
    return np.asarray(distances, dtype=np.float64)


def verdict(distances, band: float = BAND) -> str:
    """From the ratio r of the last to the first distance (float64): "converges" if r < 1/band, "diverges" if
    r > band or not finite (overflow), else "cycles". A verdict of the run's length: a rate rho per step shows as
    rho^steps, so choose steps with rho^steps far outside [1/band, band] where the verdict should be clear."""
    d = np.asarray(distances, dtype=np.float64)
    band = check_number("band", band, low=1.0, low_open=True)
    if d.ndim != 1 or d.size < 2 or not np.isfinite(d[0]) or d[0] <= 0:
        raise SettingsError("distances: expected a run of at least two distances starting at a positive finite one")
    ratio = d[-1] / d[0]
    if not np.isfinite(ratio) or ratio > band:
        return "diverges"
    return "converges" if ratio < 1 / band else "cycles"


def horizon_verdict(rho: float, steps: float, band: float = BAND) -> str:
    """What the linearisation predicts the run of `steps` applications of the map of rate rho shows (steps / k for
    lookahead's blocks of k steps), by `verdict`'s rule: the distance ratio rho^steps against [1/band, band]. A rate within about log(band)/steps of 1 is "cycles" at that horizon though
    its asymptotic verdict (predicted_verdict) is "converges" or "diverges"; transients of a non-normal update are
    ignored."""
    rho = check_number("rho", rho, low=0.0)
    band = check_number("band", band, low=1.0, low_open=True)
    log_ratio = steps * math.log(rho) if rho > 0 else -math.inf
    if log_ratio > math.log(band):
        return "diverges"
    return "converges" if log_ratio < -math.log(band) else "cycles"


def predicted_verdict(rho: float, tol: float = TOL) -> str:
    """From the spectral radius of the linearised update: "converges" if rho < 1 - tol, "cycles" if |rho - 1| <=
    tol, else "diverges". rho = 1 predicts bounded iterates only when the unit-modulus eigenvalues are semisimple
    (not AltGA at h s = 2 exactly, a Jordan block growing linearly)."""
    rho = check_number("rho", rho, low=0.0)
    tol = check_number("tol", tol, low=0.0)
    if rho < 1 - tol:
        return "converges"
    return "cycles" if rho <= 1 + tol else "diverges"
