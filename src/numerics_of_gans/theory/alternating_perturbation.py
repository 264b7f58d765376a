"""Proposition 14 and eqs. (43)-(45) (supplement, "Alternating Gradient Ascent").

AltGA (Algorithm 3) is F = F2 o F1 with F1(x) = x + h G1(x) updating the first player phi (G1 = (v_phi, 0)) and
F2(x) = x + h G2(x) updating the second player theta with phi already new (G2 = (0, v_theta)). At a fixed point x*

    F'(x*) = (I + h G2')(I + h G1') = I + h A + h^2 G2' G1',   A = G1' + G2' = v'(x*)          (eq. 45)

so F'(x*) = I + h A~_h with A~_h = A + h G2' G1', whose eigenvalues tend to those of A = v'(x*) as h -> 0.

What "perturbation" means here (so that the order is well defined): with pi the optimal one-to-one matching
(Hungarian assignment on |differences|) between the 2n eigenvalues,

    delta_F(h) = max_k |lambda_k(F'(x*)) - lambda_pi(k)(I + h v'(x*))|      (the AltGA vs SimGA Jacobians)
    delta_A(h) = max_k |lambda_k(A~_h)   - lambda_pi(k)(v'(x*))|  = delta_F(h) / h.

For simple eigenvalues first-order perturbation theory gives lambda_k(A~_h) = lambda_k + h c_k + O(h^2) with
c_k = (w_k^H G2'G1' u_k) / (w_k^H u_k) (left/right eigenvectors w_k, u_k), hence delta_A(h) = h max|c_k| + O(h^2)
and delta_F(h) = O(h^2): the log-log slope of delta_F against h is 2 (of delta_A: 1). delta_F is computed directly
from eig(F'), delta_A from eig(A~_h); both are reported. Local convergence (Proposition 14) is shown by iterating
AltGA on a nonlinear field v(x) = v'(x*) x + q W (x*x) - k x^3 (stationary point x* = 0) from a small perturbation.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from numerics_of_gans.theory.momentum_jacobian import match_multisets
from numerics_of_gans.theory.rmsprop_fixed_point import Field, run_length, stable_step


@dataclass(frozen=True)
class Params:
    seed: int = 0
    n_phi: int = 4               # first player's dimension (updated first)
    n_theta: int = 3             # second player's dimension
    n_games: int = 10            # random games; even index: zero-sum, odd: general-sum
    rotation: float = 3.0        # scale of the interaction block (large: eigenvalues close to the imaginary axis)
    h_lo: float = 1e-4           # h range of the slope fit, as multiples of 1/||v'||_2
    h_hi: float = 1e-2
    n_h: int = 9
    run_fraction: float = 0.5    # AltGA run step as a fraction of SimGA's largest stable step (Lemma 4)
    run_decades: float = 8.0     # run length: steps over which the linearisation predicts this many decades of decay
    run_max_steps: int = 100000  # cap on the run length
    run_x0: float = 1e-2         # ||x_0 - x*|| of the convergence run
    quad: float = 0.5            # nonlinearity of the run's field
    cubic: float = 0.5


def split_jacobians(vprime: np.ndarray, n_phi: int) -> tuple[np.ndarray, np.ndarray]:
    """G1' (phi rows of v', theta rows zero) and G2' (theta rows of v', phi rows zero); G1' + G2' = v'."""
    g1, g2 = np.zeros_like(vprime), np.zeros_like(vprime)
    g1[:n_phi] = vprime[:n_phi]
    g2[n_phi:] = vprime[n_phi:]
    return g1, g2


def altga_jacobian(vprime: np.ndarray, n_phi: int, h: float) -> np.ndarray:
    """(I + h G2')(I + h G1') of eq. (45)."""
    g1, g2 = split_jacobians(vprime, n_phi)
    eye = np.eye(len(vprime))
    return (eye + h * g2) @ (eye + h * g1)


def perturbations(vprime: np.ndarray, n_phi: int, h: float) -> tuple[float, float]:
    """(delta_F(h), delta_A(h)) as defined in the module docstring."""
    g1, g2 = split_jacobians(vprime, n_phi)
    lam = np.linalg.eigvals(vprime)
    a, b = match_multisets(np.linalg.eigvals(altga_jacobian(vprime, n_phi, h)), 1 + h * lam)
    c, d = match_multisets(np.linalg.eigvals(vprime + h * g2 @ g1), lam)
    return float(np.abs(a - b).max()), float(np.abs(c - d).max())


def first_order_coefficients(vprime: np.ndarray, n_phi: int) -> np.ndarray:
    """c_k = w_k^H G2'G1' u_k / (w_k^H u_k): d lambda_k(A~_h) / dh at h = 0."""
    g1, g2 = split_jacobians(vprime, n_phi)
    lam, right = np.linalg.eig(vprime)
    left = np.linalg.inv(right).conj().T   # columns: left eigenvectors with w_k^H u_j = delta_kj
    return np.array([left[:, k].conj() @ g2 @ g1 @ right[:, k] for k in range(len(lam))])


def random_game(rng: np.random.Generator, n_phi: int, n_theta: int, rotation: float, zero_sum: bool) -> np.ndarray:
    """v' with Re eig < 0 and large imaginary parts. Zero-sum: [[-S1, B], [-B^T, -S2]] with S1, S2 > 0 (its
    symmetric part is negative definite); general-sum: independent blocks, shifted left until Re eig <= -0.1."""
    n = n_phi + n_theta
    b = rotation * rng.standard_normal((n_phi, n_theta)) / np.sqrt(n)
    if zero_sum:
        s1, s2 = (rng.standard_normal((k, k)) / np.sqrt(k) for k in (n_phi, n_theta))
        return np.block([[-(s1 @ s1.T + 0.1 * np.eye(n_phi)), b],
                         [-b.T, -(s2 @ s2.T + 0.1 * np.eye(n_theta))]])
    m = rng.standard_normal((n, n)) / np.sqrt(n)
    m[:n_phi, n_phi:] = b
    m[n_phi:, :n_phi] = rotation * rng.standard_normal((n_theta, n_phi)) / np.sqrt(n)
    return m - (np.linalg.eigvals(m).real.max() + 0.1) * np.eye(n)


def altga_run(field: Field, n_phi: int, x0: np.ndarray, h: float, steps: int) -> np.ndarray:
    """||x_t|| / ||x_0|| under Algorithm 3: phi <- phi + h v_phi(x); then theta <- theta + h v_theta(new phi, theta)."""
    x = x0.copy()
    norms = np.empty(steps + 1)
    norms[0] = 1.0
    for t in range(steps):
        x[:n_phi] += h * field(x)[:n_phi]
        x[n_phi:] += h * field(x)[n_phi:]
        norms[t + 1] = np.linalg.norm(x) / np.linalg.norm(x0)
    return norms


def _slope(h: np.ndarray, y: np.ndarray) -> float:
    return float(np.polyfit(np.log(h), np.log(y), 1)[0])


def compute(params: Params) -> dict:
    rng = np.random.default_rng(params.seed)
    n = params.n_phi + params.n_theta
    games = []
    for g in range(params.n_games):
        vprime = random_game(rng, params.n_phi, params.n_theta, params.rotation, zero_sum=(g % 2 == 0))
        norm = np.linalg.norm(vprime, 2)
        hs = np.geomspace(params.h_lo, params.h_hi, params.n_h) / norm
        d_f, d_a = np.array([perturbations(vprime, params.n_phi, h) for h in hs]).T
        coef = first_order_coefficients(vprime, params.n_phi)

        # Convergence of AltGA near x* = 0 for small h; SimGA at the same h for comparison.
        field = Field(vprime, rng.standard_normal((n, n)) / np.sqrt(n), params.quad, params.cubic)
        h_sim = stable_step(vprime)
        h_run = params.run_fraction * h_sim
        x0 = rng.standard_normal(n)
        x0 *= params.run_x0 / np.linalg.norm(x0)
        rho_run = float(np.abs(np.linalg.eigvals(altga_jacobian(vprime, params.n_phi, h_run))).max())
        steps = run_length(rho_run, params.run_decades, params.run_max_steps)
        traj = altga_run(field, params.n_phi, x0, h_run, steps)
        every = max(1, steps // 200)
        h_grid = np.geomspace(1e-3, 10, 300) * h_sim
        rho_alt = np.array([np.abs(np.linalg.eigvals(altga_jacobian(vprime, params.n_phi, h))).max() for h in h_grid])
        games.append({
            "zero_sum": g % 2 == 0, "eig_v": np.linalg.eigvals(vprime).astype(complex), "h": hs,
            "delta_F": d_f, "delta_A": d_a, "slope_F": _slope(hs, d_f), "slope_A": _slope(hs, d_a),
            "first_order_ratio": float(d_a[0] / (hs[0] * np.abs(coef).max())),
            "consistency": float(np.abs(d_f - hs * d_a).max() / d_f.max()),
            "h_run": h_run, "h_simga_max": h_sim, "run_t": np.arange(0, steps + 1, every), "run_norms": traj[::every],
            "run_steps": steps, "run_final_ratio": float(traj[-1]), "rho_altga_at_h_run": rho_run,
            # first h on the grid where AltGA's linearisation stops being contractive
            "h_altga_max": float(h_grid[np.argmax(rho_alt >= 1)]) if np.any(rho_alt >= 1) else float("inf"),
            "rho_altga_grid": rho_alt[::10], "h_grid": h_grid[::10],
            "eig_F_run": np.linalg.eigvals(altga_jacobian(vprime, params.n_phi, h_run)).astype(complex),
            "eig_sim_run": (1 + h_run * np.linalg.eigvals(vprime)).astype(complex),
        })
    col = {k: [g[k] for g in games] for k in ("slope_F", "slope_A", "first_order_ratio", "consistency",
                                               "run_final_ratio", "rho_altga_at_h_run")}
    return {
        "metrics": {
            "n_games": params.n_games,
            "max_re_eig_v": float(max(np.max(np.real(g["eig_v"])) for g in games)),
            "max_abs_im_over_re": float(max(np.max(np.abs(g["eig_v"].imag / g["eig_v"].real)) for g in games)),
            "slope_F_min": min(col["slope_F"]), "slope_F_max": max(col["slope_F"]),
            "slope_A_min": min(col["slope_A"]), "slope_A_max": max(col["slope_A"]),
            "first_order_ratio_min": min(col["first_order_ratio"]),
            "first_order_ratio_max": max(col["first_order_ratio"]),
            "delta_F_vs_h_delta_A_max_rel_diff": max(col["consistency"]),
            "run_final_ratio_max": max(col["run_final_ratio"]),
            "rho_altga_at_h_run_max": max(col["rho_altga_at_h_run"]),
            "run_fraction_of_simga_bound": params.run_fraction,
            "run_steps_max": max(g["run_steps"] for g in games),
            "h_altga_over_h_simga_min": float(min(g["h_altga_max"] / g["h_simga_max"] for g in games)),
        },
        "games": games,
    }
