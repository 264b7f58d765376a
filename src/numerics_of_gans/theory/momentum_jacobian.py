"""Lemma 11 and Corollary 12 (supplement, "Momentum"): the spectrum of the momentum Jacobian.

With momentum the update is F(x, m) = (x, m) + h G(x, m), G(x, m) = (m, v(x) - gamma m) (eq. 35), whose Jacobian is

    G'(x, m) = [[0, I], [v'(x), -gamma I]]                                   (eq. 36)

Lemma 11: l is an eigenvalue of G' iff l (l + gamma) is an eigenvalue mu of v', i.e. spec(G') is the multiset of the
roots of l^2 + gamma l - mu = 0 over mu in spec(v') (each mu gives two roots, so 2n eigenvalues in all).

Corollary 12: for gamma > 0 and real negative mu both roots have negative real part, so F is locally convergent for
small h (Proposition 3). With complex mu this breaks down. Setting l = i w in l^2 + gamma l = mu shows exactly where:
some root has Re l >= 0 iff  Re mu >= -(Im mu / gamma)^2  -- a parabola in the mu-plane that, near the imaginary
axis, swallows every eigenvalue with |Re mu| gamma^2 <= (Im mu)^2. The proof of Corollary 12 says "real and
non-positive", but mu = 0 gives the root l = 0 (Re l = 0, not < 0): the statement's "negative" is the right one.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment


@dataclass(frozen=True)
class Params:
    seed: int = 0
    dims: tuple = (2, 3, 5, 8, 16)       # sizes n of v' (G' is 2n x 2n)
    n_per_dim: int = 40                  # random v' per (dim, gamma)
    gammas: tuple = (0.1, 0.5, 1.0, 3.0)  # momentum damping gamma > 0
    example_re: float = -0.05            # breakdown example: mu = example_re +- i example_im (near the imaginary axis)
    example_im: float = 1.0
    example_gamma: float = 1.0
    grid_points: int = 61                # resolution of the stability map drawn in the figure
    h_grid: tuple = (1e-3, 1e-2, 0.03, 0.1, 0.3, 1.0)  # step sizes h of F = I + h G' tried on both examples


def match_multisets(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Optimal one-to-one matching of two equally long complex multisets (Hungarian on |a_i - b_j|).

    Returns (a reordered, b reordered) so that a[k] is matched with b[k]; a greedy nearest-neighbour match could
    pair one value twice and hide a missing eigenvalue, the assignment cannot."""
    a, b = np.asarray(a, complex), np.asarray(b, complex)
    if a.shape != b.shape:
        raise ValueError(f"multisets of different sizes: {a.shape} vs {b.shape}")
    rows, cols = linear_sum_assignment(np.abs(a[:, None] - b[None, :]))
    return a[rows], b[cols]


def momentum_jacobian(vprime: np.ndarray, gamma: float) -> np.ndarray:
    """G' of eq. (36)."""
    n = vprime.shape[0]
    return np.block([[np.zeros((n, n)), np.eye(n)], [vprime, -gamma * np.eye(n)]])


def lemma11_roots(mus: np.ndarray, gamma: float) -> np.ndarray:
    """Both roots of l^2 + gamma l - mu = 0 for every mu (2n values)."""
    mus = np.asarray(mus, complex)
    disc = np.sqrt(gamma ** 2 + 4 * mus)
    return np.concatenate([(-gamma + disc) / 2, (-gamma - disc) / 2])


def unstable(mu: complex, gamma: float) -> bool:
    """Closed form of where Corollary 12 fails: some root of l(l + gamma) = mu has Re l >= 0."""
    return bool(mu.real >= -(mu.imag / gamma) ** 2)


def _check_one(vprime: np.ndarray, gamma: float) -> tuple[float, float]:
    """(max |eig G' - matched root|, max_l min_mu |l(l+gamma) - mu|): both directions of the iff."""
    eig_g = np.linalg.eigvals(momentum_jacobian(vprime, gamma))
    mus = np.linalg.eigvals(vprime)
    a, b = match_multisets(eig_g, lemma11_roots(mus, gamma))
    residual = np.abs((eig_g * (eig_g + gamma))[:, None] - mus[None, :]).min(axis=1).max()
    return float(np.abs(a - b).max()), float(residual)


def _random_with_spectrum(rng: np.random.Generator, eigs: np.ndarray) -> np.ndarray:
    """A real non-normal matrix with the given real spectrum (S diag S^-1, S well conditioned)."""
    n = len(eigs)
    s = np.eye(n) + 0.3 * rng.standard_normal((n, n)) / np.sqrt(n)
    return s @ np.diag(eigs) @ np.linalg.inv(s)


def compute(params: Params) -> dict:
    rng = np.random.default_rng(params.seed)
    errors, residuals, n_complex = [], [], 0
    for n in params.dims:
        for gamma in params.gammas:
            for _ in range(params.n_per_dim):
                vprime = rng.standard_normal((n, n)) / np.sqrt(n)   # real, generically with complex pairs
                n_complex += int(np.any(np.abs(np.linalg.eigvals(vprime).imag) > 1e-12))
                err, res = _check_one(vprime, gamma)
                errors.append(err)
                residuals.append(res)

    # Breakdown example (Corollary 12 fails): a 2x2 rotation-dominated block, mu = a +- i b with a slightly < 0.
    g = params.example_gamma
    a, b = params.example_re, params.example_im
    v_bad = np.array([[a, b], [-b, a]])
    eig_bad = np.linalg.eigvals(momentum_jacobian(v_bad, g))
    bad_err, _ = _check_one(v_bad, g)

    # Corollary 12's setting: non-normal v' with real negative spectrum -> every root strictly in the left half plane.
    good_eigs = -rng.uniform(0.05, 2.0, size=6)
    v_good = _random_with_spectrum(rng, good_eigs)
    eig_good = np.linalg.eigvals(momentum_jacobian(v_good, g))
    good_err, _ = _check_one(v_good, g)
    # The proof's "non-positive": mu = 0 yields the root l = 0 (Re = 0, not < 0).
    zero_root_max_re = float(lemma11_roots(np.array([0.0]), g).real.max())

    # What it means for the iteration F = (x, m) + h G (Proposition 3): spectral radius of I + h G' per h.
    def rho(eig: np.ndarray) -> list:
        return [float(np.abs(1 + h * eig).max()) for h in params.h_grid]

    # Stability map in the mu-plane for the figure: max Re of the two roots.
    re = np.linspace(-2.0, 0.5, params.grid_points)
    im = np.linspace(-2.0, 2.0, params.grid_points)
    mu_grid = re[None, :] + 1j * im[:, None]
    disc = np.sqrt(g ** 2 + 4 * mu_grid)
    max_re = np.maximum(((-g + disc) / 2).real, ((-g - disc) / 2).real)
    mus_random = np.linalg.eigvals(rng.standard_normal((16, 16)) / 4.0)

    return {
        "metrics": {
            "n_matrices": len(errors),
            "n_with_complex_spectrum": n_complex,
            "max_eig_error": max(errors),
            "max_root_residual": max(residuals),
            "example_mu": [a, b],
            "example_gamma": g,
            "example_max_re_root": float(eig_bad.real.max()),
            "example_predicted_unstable": unstable(complex(a, b), g),
            "example_eig_error": bad_err,
            "real_negative_max_re_root": float(eig_good.real.max()),
            "real_negative_eig_error": good_err,
            "mu_zero_max_re_root": zero_root_max_re,
            "example_min_rho_over_h": min(rho(eig_bad)),
            "real_negative_min_rho_over_h": min(rho(eig_good)),
        },
        "example": {"mus": np.linalg.eigvals(v_bad).astype(complex), "eig": eig_bad.astype(complex),
                    "rho": rho(eig_bad)},
        "real_negative": {"mus": np.linalg.eigvals(v_good).astype(complex), "eig": eig_good.astype(complex),
                          "rho": rho(eig_good)},
        "h_grid": list(params.h_grid),
        "map": {"re": re, "im": im, "max_re_root": max_re, "gamma": g, "mus_random": mus_random.astype(complex),
                "roots_random": lemma11_roots(mus_random, g)},
        "errors": errors,
    }
