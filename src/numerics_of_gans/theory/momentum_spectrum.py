"""Theorem 3 of the negative-momentum slides (Gidel et al., AISTATS 2019): the spectrum of heavy-ball momentum.

Gradient-DESCENT convention of the slides: x_{t+1} = x_t - eta v(x_t) + beta (x_t - x_{t-1}). On the augmented state
(x_t, x_{t-1}) the operator's Jacobian at a stationary point is

    J = [[(1 + beta) I - eta V, -beta I], [I, 0]],     V = nabla v(x*)  (2n x 2n).

Theorem 3: its eigenvalues are, for every lambda in Sp(V),

    mu_pm(beta, eta, lambda) = (1 - eta lambda + beta) (1 pm Delta^(1/2)) / 2,                            (9)
    Delta = 1 - 4 beta / (1 - eta lambda + beta)^2

with Delta^(1/2) the complex square root with positive real part (i sqrt(-Delta) when Delta is a negative real).
(Both roots of mu^2 - (1 - eta lambda + beta) mu + beta = 0; the branch only decides which one is called mu_+.)
Taylor expansion (10) as beta -> 0:

    mu_+ = 1 - eta lambda - beta eta lambda / (1 - eta lambda) + O(beta^2),
    mu_- = beta / (1 - eta lambda) + O(beta^2).                                                           (10)

The branch matters for (10): with the slide's branch mu_+ -> 1 - eta lambda as beta -> 0 and mu_- -> 0.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from numerics_of_gans.theory.momentum_jacobian import match_multisets


@dataclass(frozen=True)
class Params:
    seed: int = 0
    dims: tuple = (2, 4, 8, 16)                          # n (the Jacobian is 2n x 2n)
    n_per_dim: int = 25                                  # random V per (dim, eta, beta)
    etas: tuple = (0.05, 0.3, 1.0)
    betas: tuple = (-0.9, -0.5, -0.1, 0.0, 0.1, 0.5, 0.9)  # includes negative momentum
    taylor_betas: tuple = (1e-4, 3e-4, 1e-3, 3e-3, 1e-2)  # |beta| values of the expansion check (both signs)
    taylor_eta: float = 0.3
    plot_eta: float = 0.3                                # eta of the figure's spectra
    plot_betas: tuple = (-0.5, 0.0, 0.5)


def sqrt_slide(z: np.ndarray) -> np.ndarray:
    """Complex square root with positive real part; i sqrt(-z) on the negative real axis (slides' footnote 3)."""
    z = np.asarray(z, complex)
    root = np.sqrt(z)
    on_cut = (z.imag == 0) & (z.real < 0)
    return np.where(on_cut, 1j * np.sqrt(np.abs(z.real)), root)


def mu_pm(beta: float, eta: float, lam: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Eq. (9)."""
    c = 1 - eta * np.asarray(lam, complex) + beta
    root = sqrt_slide(1 - 4 * beta / c ** 2)
    return c * (1 + root) / 2, c * (1 - root) / 2


def taylor(beta: float, eta: float, lam: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Eq. (10) without the O(beta^2) terms."""
    a = 1 - eta * np.asarray(lam, complex)
    return a - beta * eta * lam / a, beta / a


def momentum_jacobian(vmat: np.ndarray, eta: float, beta: float) -> np.ndarray:
    """The augmented Jacobian [[(1+beta) I - eta V, -beta I], [I, 0]]."""
    n = len(vmat)
    eye = np.eye(n)
    return np.block([[(1 + beta) * eye - eta * vmat, -beta * eye], [eye, np.zeros((n, n))]])


def random_v(rng: np.random.Generator, n: int) -> np.ndarray:
    """Nonsymmetric V with complex spectrum: a game-like Jacobian (symmetric part + larger antisymmetric part)."""
    m = rng.standard_normal((n, n)) / np.sqrt(n)
    s = rng.standard_normal((n, n)) / np.sqrt(n)
    return 0.5 * (m + m.T) + (s - s.T)


def formula_error(vmat: np.ndarray, eta: float, beta: float) -> float:
    lam = np.linalg.eigvals(vmat)
    plus, minus = mu_pm(beta, eta, lam)
    a, b = match_multisets(np.linalg.eigvals(momentum_jacobian(vmat, eta, beta)), np.concatenate([plus, minus]))
    return float(np.abs(a - b).max())


def compute(params: Params) -> dict:
    rng = np.random.default_rng(params.seed)
    errors, cells = [], []
    for eta in params.etas:
        for beta in params.betas:
            cell = [formula_error(random_v(rng, n), eta, beta) for n in params.dims for _ in range(params.n_per_dim)]
            errors += cell
            cells.append({"eta": eta, "beta": beta, "max_error": max(cell)})

    # Taylor expansion (10): error of the first-order formula against the exact (9), for beta -> 0 of both signs.
    lam = np.linalg.eigvals(random_v(rng, 8))
    bs = np.asarray(params.taylor_betas, float)
    taylor_err = {"plus": {}, "minus": {}}
    slopes = []
    for sign in (1.0, -1.0):
        e_plus, e_minus = [], []
        for b in sign * bs:
            exact_p, exact_m = mu_pm(b, params.taylor_eta, lam)
            approx_p, approx_m = taylor(b, params.taylor_eta, lam)
            e_plus.append(np.abs(exact_p - approx_p).max())
            e_minus.append(np.abs(exact_m - approx_m).max())
        key = "pos" if sign > 0 else "neg"
        taylor_err["plus"][key], taylor_err["minus"][key] = e_plus, e_minus
        slopes += [np.polyfit(np.log(bs), np.log(e), 1)[0] for e in (e_plus, e_minus)]
    # The error divided by beta^2 must stay bounded: report its largest value over the range.
    scaled = max(max(np.asarray(taylor_err[w][k]) / bs ** 2) for w in ("plus", "minus") for k in ("pos", "neg"))

    # Spectra for the figure: one game-like V whose eigenvalues have Re > 0 (a stable point for descent), several beta.
    v_plot = random_v(np.random.default_rng(params.seed + 1), 8)
    v_plot += (0.1 - np.linalg.eigvals(v_plot).real.min()) * np.eye(8)
    lam_plot = np.linalg.eigvals(v_plot)
    spectra = []
    for b in params.plot_betas:
        plus, minus = mu_pm(b, params.plot_eta, lam_plot)
        numeric = np.linalg.eigvals(momentum_jacobian(v_plot, params.plot_eta, b)).astype(complex)
        spectra.append({"beta": b, "numeric": numeric, "plus": plus, "minus": minus})
    return {
        "metrics": {
            "n_matrices": len(errors),
            "max_error": float(max(errors)),
            "taylor_slope_min": float(min(slopes)),
            "taylor_slope_max": float(max(slopes)),
            "taylor_err_over_beta2_max": float(scaled),
            "taylor_err_at_smallest_beta": float(max(taylor_err[w][k][0] for w in ("plus", "minus")
                                                     for k in ("pos", "neg"))),
            "n_negative_betas": int(sum(b < 0 for b in params.betas)),
        },
        "cells": cells,
        "taylor": {"betas": bs, "eta": params.taylor_eta, **taylor_err},
        "spectra": {"eta": params.plot_eta, "per_beta": spectra},
    }
