"""Lemmas 6, 7 and Corollary 8 of the main paper: consensus optimization x <- x + h A(x) v(x), A(x) = I - gamma v'(x)^T.

Lemma 6: if A(x) is invertible, fixed points of F(x) = x + h A(x) v(x) are the stationary points of v, and there
F'(x) = I + h A(x) v'(x) (eq. 16). Lemma 7: if v' is negative semi-definite and invertible, A v' = v' - gamma v'^T v'
is negative definite, because (supplement eq. 25)

    w^T A v' w = w^T v' w - gamma ||v' w||^2 <= -gamma ||v' w||^2 <= -gamma sigma_min(v')^2 ||w||^2 < 0.

`compute` measures:
- on random negative semi-definite invertible v' = -G G^T + K (G of any rank from 0, i.e. pure skew-symmetric K = the
  Jacobian of a bilinear game, to full; K skew), for several gamma: the largest eigenvalue of the symmetric part of
  A v', also relative to the bound -gamma sigma_min(v')^2 of eq. (25), and sigma_min(A) (>= 1, so A is invertible);
- eq. (16) on a nonlinear zero-sum game whose Jacobian at the stationary point 0 is bilinear (purely imaginary
  eigenvalues): the finite-difference Jacobian of F against I + h A v';
- on the bilinear game v(x) = J x, J = [[0, C], [-C^T, 0]]: the norm of SimGA's iterates x <- x + h J x (eigenvalues
  1 +- i h omega of modulus > 1: grows for every h > 0) and of consensus optimization's iterates
  x <- x + h (I - gamma J^T) J x, for several h, as log10(||x_T|| / ||x_0||) (log-norm accumulated with
  renormalisation, so SimGA's growth never overflows).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Params:
    seed: int = 0
    n_cases: int = 240                    # random negative semi-definite invertible v'
    dims: tuple = (2, 3, 4, 6, 8, 10)     # sizes (pure skew cases use the even ones: odd skew is singular)
    gammas: tuple = (0.01, 0.1, 1.0, 10.0)
    log10_scale_range: tuple = (-2.0, 2.0)  # ||v'|| log-uniform: the sign of A v' must not depend on scale
    min_rel_sigma: float = 1e-3           # redraw v' with sigma_min < this * ||v'|| (keep "invertible" well posed)
    bilinear_n: int = 5                   # phi and theta have this size in the bilinear game
    bilinear_sv: tuple = (0.5, 2.0)       # singular values of C spread over this range (omega = rotation speeds)
    bilinear_gamma: float = 1.0
    bilinear_h: tuple = (0.01, 0.03, 0.1, 0.3)  # consensus is stable iff h < 2 gamma / (1 + gamma^2 omega^2) = 0.4
    bilinear_steps: int = 10000           # the slowest case (h=0.01, omega=0.5) contracts by ~exp(-25) in this many
    n_checkpoints: int = 101              # log-norms stored for the figure
    fd_h: float = 0.1                     # step size and gamma for the eq. (16) finite-difference check
    fd_gamma: float = 0.5
    fd_eps: float = 1e-5


def random_nsd_invertible(rng: np.random.Generator, n: int, rank: int, scale: float, min_rel_sigma: float):
    """v' = -G G^T + K with G n x rank, K skew: negative semi-definite (sym part -G G^T <= 0), invertible."""
    while True:
        G = rng.standard_normal((n, rank)) / np.sqrt(max(rank, 1))
        M = rng.standard_normal((n, n))
        V = -G @ G.T + (M - M.T) / 2
        V *= scale / np.linalg.norm(V, 2)
        if np.linalg.svd(V, compute_uv=False)[-1] > min_rel_sigma * scale:
            return V


def consensus_matrix(V: np.ndarray, gamma: float) -> np.ndarray:
    """A v' with A = I - gamma v'^T (Lemma 7)."""
    return V - gamma * V.T @ V


def bilinear_jacobian(rng: np.random.Generator, n: int, sv_range: tuple) -> np.ndarray:
    """J = [[0, C], [-C^T, 0]]: v' of f(phi, theta) = phi^T C theta (eq. 6 with P = Q = 0); eig(J) = +- i sv(C)."""
    U, _ = np.linalg.qr(rng.standard_normal((n, n)))
    W, _ = np.linalg.qr(rng.standard_normal((n, n)))
    s = np.linspace(*sv_range, n)
    C = (U * s) @ W.T
    Z = np.zeros((n, n))
    return np.block([[Z, C], [-C.T, Z]])


def iterate_log_norm(M: np.ndarray, x0: np.ndarray, steps: int, n_checkpoints: int) -> np.ndarray:
    """log10 ||M^k x0|| / ||x0|| at evenly spaced k (renormalising each step so nothing overflows)."""
    marks = set(np.linspace(0, steps, n_checkpoints).astype(int).tolist())
    x, log_norm, out = x0 / np.linalg.norm(x0), 0.0, []
    for k in range(steps + 1):
        if k in marks:
            out.append(log_norm)
        if k == steps:
            break
        x = M @ x
        nx = np.linalg.norm(x)
        log_norm += np.log10(nx)
        x /= nx
    return np.array(out)


def nonlinear_game(C: np.ndarray):
    """f = phi^T C theta + 1/3 sum phi^3 + 1/2 |phi|^2 |theta|^2; returns v and v' (v = (grad_phi f, -grad_theta f))."""
    m = C.shape[0]

    def v(x):
        p, t = x[:m], x[m:]
        return np.concatenate([C @ t + p**2 + p * (t @ t), -C.T @ p - t * (p @ p)])

    def vprime(x):
        p, t = x[:m], x[m:]
        top = np.hstack([np.diag(2 * p) + (t @ t) * np.eye(m), C + 2 * np.outer(p, t)])
        bottom = np.hstack([-C.T - 2 * np.outer(t, p), -(p @ p) * np.eye(len(t))])
        return np.vstack([top, bottom])

    return v, vprime


def consensus_step(v, vprime, h: float, gamma: float):
    """F(x) = x + h A(x) v(x) with A(x) = I - gamma v'(x)^T (eq. 15, Algorithm 2)."""
    return lambda x: x + h * (v(x) - gamma * vprime(x).T @ v(x))


def fd_jacobian(F, x: np.ndarray, eps: float) -> np.ndarray:
    cols = [(F(x + eps * e) - F(x - eps * e)) / (2 * eps) for e in np.eye(len(x))]
    return np.array(cols).T


def compute(params: Params) -> dict:
    rng = np.random.default_rng(params.seed)
    rows = []
    even = [d for d in params.dims if d % 2 == 0]
    for k in range(params.n_cases):
        skew = k % 3 == 0                              # a third are bilinear-game Jacobians (pure skew)
        n = int(even[k % len(even)] if skew else params.dims[k % len(params.dims)])
        rank = 0 if skew else int(rng.integers(1, n + 1))   # rank < n: semi-definite but not definite
        scale = 10.0 ** rng.uniform(*params.log10_scale_range)
        V = random_nsd_invertible(rng, n, rank, scale, params.min_rel_sigma)
        sigma_min = np.linalg.svd(V, compute_uv=False)[-1]
        eig_v = np.linalg.eigvals(V)
        for g in params.gammas:
            AV = consensus_matrix(V, g)
            lam_max = float(np.linalg.eigvalsh((AV + AV.T) / 2).max())
            A = np.eye(n) - g * V.T
            rows.append(dict(n=n, rank=rank, skew=skew, scale=scale, gamma=g, lam_max_sym=lam_max,
                             ratio_to_eq25=lam_max / (g * sigma_min**2),
                             lam_max_sym_vprime=float(np.linalg.eigvalsh((V + V.T) / 2).max()) / scale,
                             max_re_eig_vprime=float(eig_v.real.max()) / scale,
                             sigma_min_A=float(np.linalg.svd(A, compute_uv=False)[-1])))

    # Lemma 6, eq. (16), on a nonlinear game whose Jacobian at the stationary point 0 is bilinear.
    m = params.bilinear_n
    Jb = bilinear_jacobian(rng, m, params.bilinear_sv)
    v, vprime = nonlinear_game(Jb[:m, m:])
    F = consensus_step(v, vprime, params.fd_h, params.fd_gamma)
    x0 = np.zeros(2 * m)
    J0 = vprime(x0)
    predicted = np.eye(2 * m) + params.fd_h * (np.eye(2 * m) - params.fd_gamma * J0.T) @ J0
    fd_err = float(np.abs(fd_jacobian(F, x0, params.fd_eps) - predicted).max())
    fixed_point_residual = float(np.linalg.norm(F(x0) - x0))

    # Bilinear game: SimGA against consensus optimization for several h.
    x_start = rng.standard_normal(2 * m)
    g = params.bilinear_gamma
    traj, sim_final, con_final = {}, [], []
    for h in params.bilinear_h:
        sim = iterate_log_norm(np.eye(2 * m) + h * Jb, x_start, params.bilinear_steps, params.n_checkpoints)
        con = iterate_log_norm(np.eye(2 * m) + h * consensus_matrix(Jb, g), x_start, params.bilinear_steps,
                               params.n_checkpoints)
        traj[str(h)] = {"simga": sim, "consensus": con}
        sim_final.append(float(sim[-1]))
        con_final.append(float(con[-1]))
    omegas = np.abs(np.linalg.eigvals(Jb).imag)
    ratios = np.array([r["ratio_to_eq25"] for r in rows])
    skew_rows = [r for r in rows if r["skew"]]
    metrics = {
        "n_cases": params.n_cases,
        "n_skew": sum(r["skew"] for r in rows) // len(params.gammas),
        "n_gammas": len(params.gammas),
        "max_lam_max_sym": float(max(r["lam_max_sym"] for r in rows)),
        "max_ratio_to_eq25": float(ratios.max()),        # eq. (25): <= -1
        "min_sigma_min_A": float(min(r["sigma_min_A"] for r in rows)),
        # without consensus: the skew cases have sym(v') = 0 and eigenvalues on the imaginary axis
        "max_abs_lam_sym_vprime_skew": float(max(abs(r["lam_max_sym_vprime"]) for r in skew_rows)),
        "max_abs_re_eig_vprime_skew": float(max(abs(r["max_re_eig_vprime"]) for r in skew_rows)),
        "eq16_fd_max_abs_err": fd_err,
        "eq16_fixed_point_residual": fixed_point_residual,
        "bilinear_h": list(params.bilinear_h),
        "bilinear_steps": params.bilinear_steps,
        "bilinear_gamma": g,
        "bilinear_omega_range": [float(omegas.min()), float(omegas.max())],
        "simga_log10_growth": sim_final,             # log10(||x_T|| / ||x_0||) per h
        "consensus_log10_ratio": con_final,
        "min_simga_log10_growth": float(min(sim_final)),
        "max_consensus_log10_ratio": float(max(con_final)),
    }
    return {"metrics": metrics, "cases": rows, "bilinear": {"trajectories": traj, "h": list(params.bilinear_h),
                                                             "steps": params.bilinear_steps,
                                                             "eig_J": np.linalg.eigvals(Jb),
                                                             "eig_AJ": np.linalg.eigvals(consensus_matrix(Jb, g))}}
