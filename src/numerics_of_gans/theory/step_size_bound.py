"""Lemma 4 / Proposition 3 and Figure 1 of the main paper: the largest stable step size of I + hA.

Lemma 4: if every eigenvalue l = -a + bi of A has a > 0, the eigenvalues of I + hA lie in the unit ball iff

    h < 1/|Re l| * 2 / (1 + (Im l / Re l)^2) = 2a / (a^2 + b^2)        (eq. 10; supplement eqs. 20-21)

for every l, so h_max = min over l of that closed form, and for q = |Im/Re| -> infinity h_max = O(q^-2).

`compute` measures three things:
(a) on random real matrices A = S D S^-1 (D block diagonal with the chosen eigenvalues, S a random real similarity with
    condition number <= `max_cond`, so that eig(I + hA) is accurate to ~1e-15 and the crossing of the unit circle is
    resolved even for |Im/Re| = 1e3), the largest h with spectral radius rho(I + hA) < 1 found by bisection on h,
    against the closed form (eq. 10) of the chosen eigenvalues;
(b) the log-log slope of the bisected h_max against q for eigenvalues -1 +- iq, q large;
(c) the data of Figure 1: eigenvalues of a Jacobian A near the imaginary axis, their projection 1 + hl along rays from
    1 (some leave the unit ball), and the consensus-modified A - gamma A^T A (Lemma 9's matrix; the Jacobian of
    Algorithm 2 at a fixed point is (I - gamma A^T) A) whose eigenvalues move left so that the same h is stable.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Params:
    seed: int = 0
    n_matrices: int = 240                 # random matrices for (a)
    dims: tuple = (2, 3, 4, 6, 8, 10)     # matrix sizes for (a)
    log10_q_max: float = 3.0              # |Im/Re| drawn log-uniform in [1, 10^this]; some matrices hit it exactly
    log10_re_range: tuple = (-2.0, 1.0)   # |Re l| log-uniform: the bound is scale dependent (1/|Re l|)
    max_cond: float = 10.0                # condition number bound of the similarity S
    bisection_rtol: float = 1e-12         # stop bisection when (hi - lo) <= this * hi
    slope_q: tuple = (10.0, 31.6227766, 100.0, 316.227766, 1000.0)  # q grid for the slope (b)
    slope_dim: int = 6                    # matrix size in (b): the pair -1 +- iq plus non-binding real eigenvalues
    fig_h: float = 0.5                    # step size of the Figure 1 example
    fig_gamma: float = 1.0                # consensus gamma of the Figure 1 example


def closed_form_hmax(eigenvalues: np.ndarray) -> float:
    """Eq. (10): min over l of 1/|Re l| * 2/(1 + (Im l/Re l)^2) (requires Re l < 0 for all l)."""
    lam = np.asarray(eigenvalues, dtype=complex)
    if np.any(lam.real >= 0):
        raise ValueError("Lemma 4 needs eigenvalues with negative real part")
    a, q = -lam.real, np.abs(lam.imag / lam.real)
    return float(np.min(1.0 / a * 2.0 / (1.0 + q**2)))


def spectral_radius(M: np.ndarray) -> float:
    return float(np.max(np.abs(np.linalg.eigvals(M))))


def bisect_hmax(A: np.ndarray, rtol: float = 1e-12) -> float:
    """Largest h with rho(I + hA) < 1, by bisection on h (no eigenvalue formula used: only eig(I + hA))."""
    n = A.shape[0]
    eye = np.eye(n)
    stable = lambda h: spectral_radius(eye + h * A) < 1.0  # noqa: E731
    h = 1.0 / np.linalg.norm(A, "fro")
    if stable(h):           # bracket [lo, hi] with lo stable, hi unstable; the stable set is (0, h_max)
        lo, hi = h, 2.0 * h
        while stable(hi):
            lo, hi = hi, 2.0 * hi
    else:
        lo, hi = h / 2.0, h
        while not stable(lo):
            if lo < 1e-300:
                raise ValueError("no stable step size: does A have eigenvalues with Re >= 0?")
            lo, hi = lo / 2.0, lo
    while hi - lo > rtol * hi:
        mid = 0.5 * (lo + hi)
        if stable(mid):
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def random_similarity(rng: np.random.Generator, n: int, max_cond: float) -> np.ndarray:
    """Real S = U diag(s) V^T with singular values in [1, max_cond] (so cond(S) <= max_cond)."""
    U, _ = np.linalg.qr(rng.standard_normal((n, n)))
    V, _ = np.linalg.qr(rng.standard_normal((n, n)))
    s = 10.0 ** rng.uniform(0.0, np.log10(max_cond), n)
    s[0], s[-1] = 1.0, max_cond
    return (U * s) @ V.T


def real_block_diagonal(eigenvalues: list[complex]) -> np.ndarray:
    """Real matrix with these eigenvalues: [[a, b], [-b, a]] per pair a +- bi (give one of each pair), a per real."""
    blocks = []
    for lam in eigenvalues:
        if lam.imag == 0:
            blocks.append(np.array([[lam.real]]))
        else:
            blocks.append(np.array([[lam.real, abs(lam.imag)], [-abs(lam.imag), lam.real]]))
    n = sum(b.shape[0] for b in blocks)
    D, i = np.zeros((n, n)), 0
    for b in blocks:
        k = b.shape[0]
        D[i:i + k, i:i + k] = b
        i += k
    return D


def full_spectrum(eigenvalues: list[complex]) -> np.ndarray:
    out = []
    for lam in eigenvalues:
        out += [lam] if lam.imag == 0 else [complex(lam.real, abs(lam.imag)), complex(lam.real, -abs(lam.imag))]
    return np.array(out)


def _random_spectrum(rng: np.random.Generator, n: int, params: Params, force_q_max: bool) -> list[complex]:
    eig: list[complex] = []
    while len(full_spectrum(eig)) < n:
        a = 10.0 ** rng.uniform(*params.log10_re_range)
        if len(full_spectrum(eig)) + 2 <= n and rng.random() < 0.8:
            q = 10.0 ** (params.log10_q_max if force_q_max and not eig else rng.uniform(0.0, params.log10_q_max))
            eig.append(complex(-a, a * q))
        else:
            eig.append(complex(-a, 0.0))
    return eig


def _consensus_example(params: Params) -> dict:
    """Figure 1 data: a normal Jacobian with eigenvalues near the imaginary axis, before and after consensus."""
    spec = [complex(-0.05, 1.0), complex(-0.15, 1.6), complex(-0.3, 0.5), complex(-0.6, 0.0), complex(-1.2, 0.0)]
    D = real_block_diagonal(spec)
    Qm, _ = np.linalg.qr(np.random.default_rng(1).standard_normal((D.shape[0],) * 2))
    A = Qm @ D @ Qm.T                 # orthogonal similarity keeps A negative semi-definite (Lemma 7's setting)
    h, g = params.fig_h, params.fig_gamma
    Ac = A - g * A.T @ A              # (I - gamma A^T) A: Jacobian of consensus optimization at the fixed point
    eye = np.eye(A.shape[0])
    eig_a, eig_c = np.linalg.eigvals(A), np.linalg.eigvals(Ac)
    return {
        "h": h, "gamma": g,
        "eig_A": eig_a, "eig_I_plus_hA": np.linalg.eigvals(eye + h * A),
        "eig_Ac": eig_c, "eig_I_plus_hAc": np.linalg.eigvals(eye + h * Ac),
        "rho_simga": spectral_radius(eye + h * A), "rho_consensus": spectral_radius(eye + h * Ac),
        "hmax_simga": closed_form_hmax(eig_a), "hmax_consensus": closed_form_hmax(eig_c),
    }


def compute(params: Params) -> dict:
    rng = np.random.default_rng(params.seed)
    rows = []
    for k in range(params.n_matrices):
        n = int(params.dims[k % len(params.dims)])
        spec = _random_spectrum(rng, n, params, force_q_max=(k % 10 == 0))
        S = random_similarity(rng, n, params.max_cond)
        A = S @ real_block_diagonal(spec) @ np.linalg.inv(S)
        lam = full_spectrum(spec)
        h_closed = closed_form_hmax(lam)
        h_bis = bisect_hmax(A, params.bisection_rtol)
        rows.append(dict(n=n, q_max=float(np.max(np.abs(lam.imag / lam.real))), h_closed=h_closed,
                         h_bisect=float(h_bis),
                         rel_err=abs(h_bis - h_closed) / h_closed))
    # (b) slope: eigenvalues -1 +- iq (binding) plus real ones in [-1, -0.1] (their 2/|l| >= 2 never binds).
    slope_rows = []
    for q in params.slope_q:
        n_real = params.slope_dim - 2
        spec = [complex(-1.0, q)] + [complex(-x, 0.0) for x in rng.uniform(0.1, 1.0, n_real)]
        S = random_similarity(rng, params.slope_dim, params.max_cond)
        A = S @ real_block_diagonal(spec) @ np.linalg.inv(S)
        slope_rows.append(dict(q=float(q), h_bisect=float(bisect_hmax(A, params.bisection_rtol)),
                               h_closed=closed_form_hmax(full_spectrum(spec))))
    logq = np.log10([r["q"] for r in slope_rows])
    logh = np.log10([r["h_bisect"] for r in slope_rows])
    slope = float(np.polyfit(logq, logh, 1)[0])
    fig = _consensus_example(params)
    q_max = np.array([r["q_max"] for r in rows])
    metrics = {
        "n_matrices": len(rows),
        "max_q": float(q_max.max()),
        "n_q_ge_100": int(np.sum(q_max >= 100.0)),
        "max_rel_err": float(max(r["rel_err"] for r in rows)),
        "median_rel_err": float(np.median([r["rel_err"] for r in rows])),
        "max_rel_err_large_q": float(max((r["rel_err"] for r in rows if r["q_max"] >= 100.0), default=0.0)),
        "slope_loglog": slope,
        "slope_q_min": float(min(params.slope_q)),
        "slope_q_max": float(max(params.slope_q)),
        "slope_max_rel_err": float(max(abs(r["h_bisect"] - r["h_closed"]) / r["h_closed"] for r in slope_rows)),
        "fig_rho_simga": fig["rho_simga"],
        "fig_rho_consensus": fig["rho_consensus"],
    }
    return {"metrics": metrics, "matrices": rows, "slope": slope_rows, "figure1": fig}
