"""The "Bilinear game" table of the negative-momentum slides (Gidel et al., AISTATS 2019).

Game: min_theta max_phi theta^T A phi with square A. Gradient-descent convention of the slides, x = (theta, phi),
v(x) = (A phi, -A^T theta), heavy-ball momentum x_{t+1} = x_t - eta v(x_t) + beta (x_t - x_{t-1}), x_{-1} = x_0:

  simultaneous: theta' = theta - eta A phi + beta (theta - theta_prev)
                phi'   = phi + eta A^T theta + beta (phi - phi_prev)
  alternating (theta, the min player, goes first; phi already sees the new theta):
                theta' = theta - eta A phi + beta (theta - theta_prev)
                phi'   = phi + eta A^T theta' + beta (phi - phi_prev)

The slide's table: simultaneous, any beta: not bounded, not convergent; alternating beta > 0: not bounded, not
convergent; beta = 0: bounded, not convergent; beta < 0: bounded and convergent.

Both methods are linear maps of the augmented state s_t = (theta_t, phi_t, theta_{t-1}, phi_{t-1}); the spectral
radius rho of that 4n x 4n operator is the exact, step-count independent reason for each verdict (rho > 1: the
iterates grow geometrically; rho = 1 with simple unit-modulus eigenvalues: bounded, not convergent; rho < 1:
geometric convergence). compute() runs the update rules themselves (not the operator) for T steps on several random A
and reports the norm ratios, and reports rho for each cell and over a sweep of (eta, beta). Runs rescale the state
when it gets large (the map is linear, so this is exact) and keep the logarithm of the scale.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

METHODS = ("simultaneous", "alternating")


@dataclass(frozen=True)
class Params:
    seed: int = 0
    n: int = 5                          # A is n x n
    n_seeds: int = 5                    # random matrices A
    sigma_min: float = 0.5              # singular values of A uniform in [sigma_min, sigma_max] (cond(A) <= 2)
    sigma_max: float = 1.0
    eta: float = 0.5                    # step size of the runs
    betas: tuple = (-0.5, -0.3, -0.1, 0.0, 0.1, 0.3, 0.5)
    steps: int = 10000                  # T
    record_every: int = 50              # subsampling of the stored trajectories (seed 0 only)
    sweep_etas: tuple = (0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0, 1.5)
    sweep_betas: tuple = (-0.9, -0.7, -0.5, -0.3, -0.1, -0.05, -0.01, 0.0, 0.01, 0.05, 0.1, 0.3, 0.5, 0.7, 0.9)


def random_matrix(rng: np.random.Generator, params: Params) -> np.ndarray:
    """U diag(s) W^T with Haar-random orthogonal U, W and s uniform in [sigma_min, sigma_max]."""
    n = params.n
    u, _ = np.linalg.qr(rng.standard_normal((n, n)))
    w, _ = np.linalg.qr(rng.standard_normal((n, n)))
    return u @ np.diag(rng.uniform(params.sigma_min, params.sigma_max, n)) @ w.T


def operator(a: np.ndarray, eta: float, beta: float, method: str) -> np.ndarray:
    """The linear update s_{t+1} = M s_t on s_t = (theta_t, phi_t, theta_{t-1}, phi_{t-1})."""
    n = len(a)
    eye, zero = np.eye(n), np.zeros((n, n))
    theta_row = np.hstack([(1 + beta) * eye, -eta * a, -beta * eye, zero])
    if method == "simultaneous":
        phi_row = np.hstack([eta * a.T, (1 + beta) * eye, zero, -beta * eye])
    elif method == "alternating":   # phi' uses theta' = theta_row @ s
        phi_row = np.hstack([zero, (1 + beta) * eye, zero, -beta * eye]) + eta * a.T @ theta_row
    else:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    shift = np.hstack([np.eye(2 * n), np.zeros((2 * n, 2 * n))])
    return np.vstack([theta_row, phi_row, shift])


def spectral_radius(a: np.ndarray, eta: float, beta: float, method: str) -> float:
    return float(np.abs(np.linalg.eigvals(operator(a, eta, beta, method))).max())


def run(mats: np.ndarray, x0: np.ndarray, eta: float, betas: np.ndarray, alternating: np.ndarray, steps: int,
        record_every: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Iterate the update rules for a batch of cells (one A, x0, beta, method per row).

    Returns log10 ||x_t|| / ||x_0|| as (final, max over t <= T, recorded every `record_every` steps)."""
    n = mats.shape[1]
    theta, phi = x0[:, :n].copy(), x0[:, n:].copy()
    theta_prev, phi_prev = theta.copy(), phi.copy()
    b, alt = betas[:, None], alternating[:, None]
    log0 = np.log10(np.linalg.norm(x0, axis=1))
    offset = np.zeros(len(mats))           # log10 of the factor the state was divided by
    log_max = np.zeros(len(mats))
    recorded = [np.zeros(len(mats))]
    mats_t = np.swapaxes(mats, 1, 2)
    for t in range(1, steps + 1):
        theta_new = theta - eta * (mats @ phi[:, :, None])[:, :, 0] + b * (theta - theta_prev)
        theta_seen = np.where(alt, theta_new, theta)
        phi_new = phi + eta * (mats_t @ theta_seen[:, :, None])[:, :, 0] + b * (phi - phi_prev)
        theta_prev, phi_prev, theta, phi = theta, phi, theta_new, phi_new
        norm = np.sqrt((theta ** 2).sum(1) + (phi ** 2).sum(1))
        log_ratio = np.log10(norm) + offset - log0
        log_max = np.maximum(log_max, log_ratio)
        if t % record_every == 0:
            recorded.append(log_ratio)
        big = norm > 1e100
        if np.any(big):                    # exact rescaling of a linear recursion: both iterates, same factor
            f = np.where(big, norm, 1.0)[:, None]
            theta, phi, theta_prev, phi_prev = theta / f, phi / f, theta_prev / f, phi_prev / f
            offset += np.log10(f[:, 0])
    return log_ratio, log_max, np.array(recorded)


def compute(params: Params) -> dict:
    rng = np.random.default_rng(params.seed)
    n, betas = params.n, np.asarray(params.betas, float)
    mats = [random_matrix(rng, params) for _ in range(params.n_seeds)]
    x0s = [rng.standard_normal(2 * n) for _ in range(params.n_seeds)]
    cells = [(s, m, b) for s in range(params.n_seeds) for m in METHODS for b in betas]
    final, peak, rec = run(np.array([mats[s] for s, _, _ in cells]), np.array([x0s[s] for s, _, _ in cells]),
                           params.eta, np.array([b for _, _, b in cells]),
                           np.array([m == "alternating" for _, m, _ in cells]), params.steps, params.record_every)
    rho = np.array([spectral_radius(mats[s], params.eta, b, m) for s, m, b in cells])
    shape = (params.n_seeds, len(METHODS), len(betas))
    final, peak, rho = final.reshape(shape), peak.reshape(shape), rho.reshape(shape)

    metrics = {"betas": betas.tolist(), "eta": params.eta, "steps": params.steps, "n_seeds": params.n_seeds,
               "sigma_range": [params.sigma_min, params.sigma_max]}
    for i, m in enumerate(METHODS):
        key = m[:3]
        metrics[f"{key}_log10_max_ratio_min"] = peak[:, i].min(0).tolist()   # min/max over the random A
        metrics[f"{key}_log10_max_ratio_max"] = peak[:, i].max(0).tolist()
        metrics[f"{key}_log10_final_ratio_min"] = final[:, i].min(0).tolist()
        metrics[f"{key}_log10_final_ratio_max"] = final[:, i].max(0).tolist()
        metrics[f"{key}_rho_min"] = rho[:, i].min(0).tolist()
        metrics[f"{key}_rho_max"] = rho[:, i].max(0).tolist()

    # The (eta, beta) grid tried: spectral radius of every cell, min and max over the random A.
    sweep = np.array([[[[spectral_radius(a, e, b, m) for b in params.sweep_betas] for e in params.sweep_etas]
                       for m in METHODS] for a in mats])
    metrics["sweep_sim_rho_min"] = float(sweep[:, 0].min())
    alt = sweep[:, 1]
    sb = np.asarray(params.sweep_betas)
    metrics["sweep_alt_pos_beta_rho_min"] = float(alt[..., sb > 0].min())
    metrics["sweep_alt_zero_beta_abs_rho_minus_1_max"] = float(np.abs(alt[..., sb == 0] - 1).max())
    neg_ok = (alt[..., sb < 0].max(axis=0) < 1)          # per (eta, negative beta): converges for every A
    metrics["sweep_alt_neg_beta_fraction_rho_below_1"] = float(neg_ok.mean())
    metrics["sweep_etas_all_negative_betas_converge"] = [e for e, ok in zip(params.sweep_etas, neg_ok.all(1)) if ok]
    return {
        "metrics": metrics,
        "trajectories": {"t": np.arange(rec.shape[0]) * params.record_every,
                         "log10_ratio": rec.T.reshape(shape + (rec.shape[0],))[0]},  # seed 0: (method, beta, t)
        "sweep": {"etas": list(params.sweep_etas), "betas": list(params.sweep_betas),
                  "rho_min": sweep.min(0), "rho_max": sweep.max(0)},           # (method, eta, beta)
    }
