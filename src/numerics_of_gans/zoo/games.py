"""The zoo's toy games, each with its equilibrium and the closed-form eigenvalues of the Jacobian of the gradient
vector field there (SimGA's continuous field v of eq. 5; consensus_optimization.games.Game computes v and v' by
autodiff, tests/zoo/test_games.py checks one against the other).

The Dirac-GAN (Mescheder, Geiger, Nowozin, "Which Training Methods for GANs do actually Converge?", ICML 2018,
Section 2): real data delta_0, generator delta_theta, linear discriminator D(x) = psi x, and

    L(theta, psi) = f(psi theta) + f(0),   D maximises L, G minimises it (d_loss = -L, g_loss = L),

in that paper's sign convention (its eq. 1: E_fake f(D(G(z))) + E_real f(-D(x))), where psi x is the logit of
"x is generated"; the probability the discriminator gives "x is real" is sigmoid(-psi x).
- "standard": f(t) = -log(1 + exp(-t)) = -softplus(-t); f'(0) = 1/2, f''(0) = -1/4. Zero-sum.
- "non_saturating": the discriminator as in "standard"; the generator minimises -log P(real | G(z)) instead of
  log(1 - P(real | G(z))) (Goodfellow et al. 2014, Section 3): -log sigmoid(-psi theta) = -f(-psi theta)
  = softplus(psi theta). Its gradient differs from the standard one away from psi theta = 0, not at the
  equilibrium, so the Jacobian there is the same.
- "wgan": f(t) = t (Arjovsky et al. 2017; the Lipschitz constraint |psi| <= 1 is the optimizer's clipping, not part
  of this game); f'(0) = 1, f''(0) = 0.
Options: R1 weight gamma (regularizers.r1_penalty on the real point 0: gamma/2 psi^2 added to d_loss), and instance
noise sigma: N(0, sigma^2) added to the real and the generated sample. The expectation over the noise is a
Gauss-Hermite quadrature, a fixed set of `noise_points` symmetric noise values with weights, exact for polynomials
of degree < 2 * noise_points: so exact for "wgan" (whose loss with noise is the closed form psi theta) and for the
Jacobian at the equilibrium (which sees the noise only through E e = 0 and E e^2 = sigma^2); for the softplus
objectives, away from it, an approximation with an error far below float32 resolution at 20 points.

Jacobian at (theta, psi) = (0, 0), with a = f'(0), b = f''(0) (derived in `dirac_jacobian`):
    v'(0, 0) = [[0, -a], [a, 2 b sigma^2 - gamma]],   eigenvalues c/2 +- sqrt(c^2/4 - a^2), c = 2 b sigma^2 - gamma:
    +- i a (no regulariser), -gamma/2 +- sqrt(gamma^2/4 - a^2) (R1), b sigma^2 +- sqrt(b^2 sigma^4 - a^2) (noise).

The bilinear game f(x, y) = x^T A y (x minimises f: g_loss = f; y maximises it: d_loss = -f), A = U diag(s) V^T with
U, V random orthogonal (seeded) and s geometric from 1 down to 1/cond; equilibrium 0; v'(0) = [[0, -A], [A^T, 0]],
eigenvalues +- i s_k.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import tensorflow as tf

from consensus_optimization.games import Game, LossFn, flatten
from consensus_optimization.regularizers import r1_penalty
from numerics_of_gans.errors import SettingsError, check_number, check_whole

DIRAC_OBJECTIVES = ("standard", "non_saturating", "wgan")


@dataclass
class ToyGame:
    """A game of the zoo: its losses, each player's variables, the equilibrium and the closed-form eigenvalues of v'
    there, all flat in the order of Game.variables (generator first). Unpacks as the four the optimizers take:
    `loss_fn, d_vars, g_vars, equilibrium = game`."""
    name: str
    loss_fn: LossFn
    d_vars: list
    g_vars: list
    equilibrium: np.ndarray
    eigenvalues: np.ndarray
    start: np.ndarray
    settings: dict = field(default_factory=dict)

    def __iter__(self):
        return iter((self.loss_fn, self.d_vars, self.g_vars, self.equilibrium))

    @property
    def variables(self) -> list:
        return self.g_vars + self.d_vars

    def game(self) -> Game:
        return Game(self.loss_fn, d_vars=self.d_vars, g_vars=self.g_vars)

    def point(self) -> np.ndarray:
        """The current point, flat (generator first)."""
        return flatten(self.variables).numpy()

    def distance(self) -> float:
        """||point - equilibrium||."""
        return float(np.linalg.norm(self.point() - self.equilibrium))

    def reset(self, point=None) -> None:
        """Put the variables at `point` (flat, generator first; default: the game's start point)."""
        point = np.asarray(self.start if point is None else point, dtype=np.float64).reshape(-1)
        sizes = [int(np.prod(v.shape)) for v in self.variables]
        if point.size != sum(sizes):
            raise SettingsError(f"{self.name}: a point has {sum(sizes)} coordinates, got {point.size}")
        for v, part in zip(self.variables, np.split(point, np.cumsum(sizes)[:-1])):
            v.assign(part.reshape(v.shape).astype(v.dtype.as_numpy_dtype))


def _dtype(dtype) -> tf.DType:
    dtype = tf.as_dtype(dtype)
    if not dtype.is_floating:
        raise SettingsError(f"dtype: expected a floating type, got {dtype.name}")
    return dtype


def dirac_f(objective: str):
    """(f, f'(0), f''(0)) of an objective of the Dirac-GAN."""
    if objective not in DIRAC_OBJECTIVES:
        raise SettingsError(f"objective: unknown {objective!r}; allowed: {', '.join(DIRAC_OBJECTIVES)}")
    if objective == "wgan":
        return (lambda t: t), 1.0, 0.0
    return (lambda t: -tf.nn.softplus(-t)), 0.5, -0.25


def noise_quadrature(sigma: float, points: int) -> tuple[np.ndarray, np.ndarray]:
    """(values, weights) with sum(w g(values)) = E g(e), e ~ N(0, sigma^2): probabilists' Gauss-Hermite, exact
    for polynomials g of degree < 2 * points. sigma 0: the one value 0."""
    if sigma == 0:
        return np.zeros(1), np.ones(1)
    nodes, weights = np.polynomial.hermite_e.hermegauss(points)
    return sigma * nodes, weights / weights.sum()


def dirac_jacobian(objective: str = "standard", gamma: float = 0.0, sigma: float = 0.0) -> np.ndarray:
    """v'(0, 0) of the Dirac-GAN, in the order (theta, psi). With noise e (generated) and e' (real),
    L = E f(psi (theta + e)) + E f(-psi e'), v = (-d_theta g_loss, d_psi L - gamma psi):
      d/dpsi of -psi f'(psi(theta + e)) at 0: -f'(0);  d/dtheta of it: -psi^2 f'' = 0
      (non_saturating: v_theta = -psi E f'(-psi(theta + e)), the same two derivatives at 0);
      v_psi = E (theta + e) f'(psi(theta + e)) - E e' f'(-psi e') - gamma psi:
      d/dtheta at 0: f'(0);  d/dpsi at 0: E (theta + e)^2 f''(0) + E e'^2 f''(0) - gamma = 2 sigma^2 f''(0) - gamma."""
    _, a, b = dirac_f(objective)
    return np.array([[0.0, -a], [a, 2 * b * sigma ** 2 - gamma]])


def dirac_eigenvalues(objective: str = "standard", gamma: float = 0.0, sigma: float = 0.0) -> np.ndarray:
    """Eigenvalues of `dirac_jacobian`: c/2 -+ sqrt(c^2/4 - a^2) with c = 2 f''(0) sigma^2 - gamma, a = f'(0)."""
    _, a, b = dirac_f(objective)
    c = 2 * b * sigma ** 2 - gamma
    root = np.sqrt(complex(c ** 2 / 4 - a ** 2))
    return np.array([c / 2 - root, c / 2 + root])


def dirac_gan(objective: str = "standard", gamma: float = 0.0, sigma: float = 0.0, noise_points: int = 20,
              start=(1.0, 1.0), dtype="float32") -> ToyGame:
    """The Dirac-GAN at the start point (theta, psi); see the module docstring."""
    f, _, _ = dirac_f(objective)
    gamma = check_number("gamma", gamma, low=0.0)
    sigma = check_number("sigma", sigma, low=0.0)
    noise_points = check_whole("noise_points", noise_points, low=2)
    dtype = _dtype(dtype)
    theta = tf.Variable(0.0, dtype=dtype, name="theta")
    psi = tf.Variable(0.0, dtype=dtype, name="psi")
    values, weights = (tf.constant(t, dtype) for t in noise_quadrature(sigma, noise_points))
    real_point = tf.zeros([1], dtype)

    def discriminator(x):
        return psi * x

    def expectation(t):
        return tf.reduce_sum(weights * t)

    def loss_fn():
        fake = theta + values
        value = expectation(f(discriminator(fake))) + expectation(f(-discriminator(values)))
        g_loss = -expectation(f(-discriminator(fake))) if objective == "non_saturating" else value
        d_loss = -value
        if gamma > 0:
            d_loss += r1_penalty(discriminator, real_point, gamma)
        return d_loss, g_loss

    name = "dirac_" + objective + (f"_r1={gamma:g}" if gamma else "") + (f"_noise={sigma:g}" if sigma else "")
    game = ToyGame(name, loss_fn, [psi], [theta], equilibrium=np.zeros(2),
                   eigenvalues=dirac_eigenvalues(objective, gamma, sigma), start=np.asarray(start, np.float64),
                   settings={"objective": objective, "gamma": gamma, "sigma": sigma, "noise_points": noise_points})
    game.reset()
    return game


def _orthogonal(rng: np.random.Generator, n: int) -> np.ndarray:
    """A Haar-random orthogonal matrix: Q of the QR decomposition of a Gaussian matrix, columns' signs fixed by R."""
    q, r = np.linalg.qr(rng.normal(size=(n, n)))
    return q * np.sign(np.diag(r))


def bilinear_matrix(dim: int, cond: float = 1.0, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """(A, s): A = U diag(s) V^T, s_k = cond^(-k / (dim - 1)) for k = 0..dim-1 (geometric from 1 to 1/cond), so the
    condition number of A is cond; U, V seeded random orthogonal."""
    dim = check_whole("dim", dim, low=1)
    cond = check_number("cond", cond, low=1.0)
    seed = check_whole("seed", seed)
    if dim == 1 and cond != 1:
        raise SettingsError(f"cond: a 1 x 1 matrix has condition number 1, got {cond!r}")
    s = cond ** (-np.arange(dim) / (dim - 1)) if dim > 1 else np.ones(1)
    rng = np.random.default_rng(seed)
    u, v = _orthogonal(rng, dim), _orthogonal(rng, dim)
    return (u * s) @ v.T, s


def bilinear_eigenvalues(singular_values) -> np.ndarray:
    """Eigenvalues of v'(0) = [[0, -A], [A^T, 0]]: its square is -diag(A A^T, A^T A), so +- i s_k."""
    s = np.asarray(singular_values, dtype=np.float64)
    return np.concatenate([1j * s, -1j * s])


def bilinear_game(dim: int = 1, cond: float = 1.0, seed: int = 0, start=None, dtype="float32") -> ToyGame:
    """f(x, y) = x^T A y with A = `bilinear_matrix(dim, cond, seed)`; x the generator (minimises f), y the
    discriminator (maximises f). Start point: all ones unless given (flat: x, then y)."""
    a_np, s = bilinear_matrix(dim, cond, seed)
    dtype = _dtype(dtype)
    x = tf.Variable(tf.zeros([dim], dtype), name="x")
    y = tf.Variable(tf.zeros([dim], dtype), name="y")
    a = tf.constant(a_np, dtype)

    def loss_fn():
        value = tf.tensordot(x, tf.linalg.matvec(a, y), 1)
        return -value, value

    game = ToyGame(f"bilinear_dim={dim}_cond={cond:g}", loss_fn, [y], [x], equilibrium=np.zeros(2 * dim),
                   eigenvalues=bilinear_eigenvalues(s),
                   start=np.ones(2 * dim) if start is None else np.asarray(start, np.float64),
                   settings={"dim": dim, "cond": cond, "seed": seed, "matrix": a_np, "singular_values": s})
    game.reset()
    return game
