"""Proposition 13 (supplement, "Gradient Rescaling"): the fixed-point Jacobian of RMSProp-like updates.

The rescaled iteration is (eq. 40)

    F(x, beta) = ( x + h / sqrt(beta + eps) v(x),  (1 - alpha) beta + alpha ||v(x)||^2 ).

Its Jacobian (eq. 41) at a fixed point (x*, 0) with v(x*) = 0 reduces to the block form (eq. 42)

    F'(x*, 0) = [[I + h / sqrt(eps) v'(x*), 0], [0, 1 - alpha]],

whose eigenvalues are those of I + h/sqrt(eps) v'(x*) and 1 - alpha.

We use nonlinear fields v(x) = J x + q W (x * x) - k x^3 (elementwise powers) with the known stationary point x* = 0,
v'(0) = J, and compare (42) with a Jacobian of F obtained without autodiff, by float64 central differences.

Finite-difference steps. Derivatives in beta are taken at beta = 0 with a step db < eps (F needs beta + eps > 0); at
x* the column d/dbeta is exact anyway, because the top block is h (beta+eps)^(-1/2) v(x*) = 0 for every beta and the
bottom one is linear in beta. The (beta+eps)^(-3/2) factor of eq. (41) therefore multiplies v(x*) = 0 and cannot
amplify anything. In x, F is O(dx) near x* = 0 so the rounding error of the quotient stays ~1e-16 and the truncation
error is O(dx^2 h/sqrt(eps) k). A complex-step derivative (no subtractive cancellation) is the sharper cross-check.

Erratum measured here: away from fixed points the bottom-left block of eq. (41) is printed as alpha v'(x)^T v(x), but
d/dx alpha ||v(x)||^2 = 2 alpha v'(x)^T v(x). The factor 2 does not matter for Proposition 13 (v(x*) = 0).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from numerics_of_gans.theory.momentum_jacobian import match_multisets


@dataclass(frozen=True)
class Params:
    seed: int = 0
    dim: int = 6                 # dimension of x (F acts on R^(dim+1))
    n_fields: int = 20           # random fields v
    eps: float = 1e-8            # RMSProp epsilon (inside the square root, as in eq. 40)
    alpha: float = 0.1           # averaging rate of beta, in (0, 1)
    step_fraction: float = 0.5   # h/sqrt(eps) as a fraction of the largest stable step of I + h/sqrt(eps) J (Lemma 4)
    quad: float = 1.0            # q: strength of the quadratic term
    cubic: float = 1.0           # k: strength of the cubic term
    fd_step_x: float = 1e-6      # central-difference step in x
    fd_step_beta: float = 1e-10  # central-difference step in beta (< eps so that beta + eps > 0)
    test_beta: float = 0.01      # beta of the non-fixed point where eq. (41) is checked
    test_x_scale: float = 0.3    # norm of the non-fixed point x
    run_x0: float = 1e-6         # ||x_0|| of the local-convergence run (local: alpha ||v||^2 << eps)
    run_decades: float = 8.0     # run length: steps over which the linearisation (42) predicts this many decades
    run_max_steps: int = 100000  # cap on the run length


class Field:
    """v(x) = J x + q W (x*x) - k x^3 with v(0) = 0, v'(0) = J; analytic, so complex steps work."""

    def __init__(self, jac: np.ndarray, w: np.ndarray, q: float, k: float):
        self.jac, self.w, self.q, self.k = jac, w, q, k

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return self.jac @ x + self.q * self.w @ (x * x) - self.k * x ** 3

    def jacobian(self, x: np.ndarray) -> np.ndarray:
        return self.jac + 2 * self.q * self.w * x[None, :] - 3 * self.k * np.diag(x ** 2)


def rmsprop_map(field: Field, z: np.ndarray, h: float, eps: float, alpha: float) -> np.ndarray:
    """Eq. (40) on z = (x, beta); ||v||^2 written as sum(v*v) so the map stays analytic."""
    x, beta = z[:-1], z[-1]
    v = field(x)
    return np.concatenate([x + h / np.sqrt(beta + eps) * v, [(1 - alpha) * beta + alpha * np.sum(v * v)]])


def eq41(field: Field, x: np.ndarray, beta: float, h: float, eps: float, alpha: float, factor: float) -> np.ndarray:
    """Eq. (41); factor = 1 is the printed bottom-left block alpha v'^T v, factor = 2 the correct derivative."""
    v, vp = field(x), field.jacobian(x)
    top = np.hstack([np.eye(len(x)) + h / np.sqrt(beta + eps) * vp, (-h / (2 * (beta + eps) ** 1.5) * v)[:, None]])
    bottom = np.concatenate([factor * alpha * vp.T @ v, [1 - alpha]])
    return np.vstack([top, bottom])


def eq42(jac: np.ndarray, h: float, eps: float, alpha: float) -> np.ndarray:
    """Block form (42) at a fixed point."""
    n = len(jac)
    out = np.zeros((n + 1, n + 1))
    out[:n, :n] = np.eye(n) + h / np.sqrt(eps) * jac
    out[n, n] = 1 - alpha
    return out


def central_jacobian(fn, z: np.ndarray, steps: np.ndarray) -> np.ndarray:
    cols = []
    for j, d in enumerate(steps):
        e = np.zeros_like(z)
        e[j] = d
        cols.append((fn(z + e) - fn(z - e)) / (2 * d))
    return np.stack(cols, axis=1)


def complex_step_jacobian(fn, z: np.ndarray, step: float = 1e-30) -> np.ndarray:
    cols = []
    for j in range(len(z)):
        e = np.zeros(len(z), complex)
        e[j] = 1j * step
        cols.append(fn(z.astype(complex) + e).imag / step)
    return np.stack(cols, axis=1)


def stable_step(jac: np.ndarray) -> float:
    """Largest h_eff with eig(I + h_eff J) in the unit disc: min over eigenvalues of 2 |Re l| / |l|^2 (Lemma 4)."""
    lam = np.linalg.eigvals(jac)
    return float(np.min(-2 * lam.real / np.abs(lam) ** 2))


def random_field(rng: np.random.Generator, params: Params) -> Field:
    n = params.dim
    m = rng.standard_normal((n, n)) / np.sqrt(n)
    jac = m - (np.linalg.eigvals(m).real.max() + rng.uniform(0.1, 0.5)) * np.eye(n)  # Re eig(J) < 0, complex pairs
    return Field(jac, rng.standard_normal((n, n)) / np.sqrt(n), params.quad, params.cubic)


def run_length(rho: float, decades: float, max_steps: int) -> int:
    """Steps after which a linear map of spectral radius rho has shrunk by 10^-decades (max_steps if rho >= 1)."""
    if rho >= 1:
        return max_steps
    return int(min(max_steps, np.ceil(decades * np.log(10) / -np.log(rho))))


def run(field: Field, x0: np.ndarray, h: float, params: Params, steps: int) -> np.ndarray:
    """||x_t|| / ||x_0|| along the iteration of eq. (40) started at (x0, 0)."""
    z = np.concatenate([x0, [0.0]])
    norms = np.empty(steps + 1)
    norms[0] = 1.0
    for t in range(steps):
        z = rmsprop_map(field, z, h, params.eps, params.alpha)
        norms[t + 1] = np.linalg.norm(z[:-1]) / np.linalg.norm(x0)
    return norms


def compute(params: Params) -> dict:
    rng = np.random.default_rng(params.seed)
    n = params.dim
    steps = np.array([params.fd_step_x] * n + [params.fd_step_beta])
    err_fd, err_cs, err_eig, err41_fixed, err41_printed, err41_corrected, rhos, ratio_bl = ([] for _ in range(8))
    for _ in range(params.n_fields):
        field = random_field(rng, params)
        h = params.step_fraction * stable_step(field.jac) * np.sqrt(params.eps)

        def fn(z, field=field, h=h):
            return rmsprop_map(field, z, h, params.eps, params.alpha)

        z_star = np.zeros(n + 1)
        if not np.all(fn(z_star) == z_star):  # (0, 0) must be a fixed point: v(0) = 0, beta = 0
            raise RuntimeError("(x*, beta) = (0, 0) is not a fixed point of eq. (40)")
        block = eq42(field.jac, h, params.eps, params.alpha)
        num = central_jacobian(fn, z_star, steps)
        err_fd.append(np.abs(num - block).max())
        err_cs.append(np.abs(complex_step_jacobian(fn, z_star) - block).max())
        err41_fixed.append(np.abs(eq41(field, z_star[:-1], 0.0, h, params.eps, params.alpha, 1.0) - block).max())
        expected = np.concatenate([np.linalg.eigvals(np.eye(n) + h / np.sqrt(params.eps) * field.jac),
                                   [1 - params.alpha]])
        a, b = match_multisets(np.linalg.eigvals(num), expected)
        err_eig.append(np.abs(a - b).max())
        rhos.append(np.abs(expected).max())

        # Eq. (41) away from the fixed point, with the complex-step Jacobian (exact to rounding) as reference.
        x_t = rng.standard_normal(n)
        x_t *= params.test_x_scale / np.linalg.norm(x_t)
        z_t = np.concatenate([x_t, [params.test_beta]])
        ref = complex_step_jacobian(fn, z_t)
        scale = np.abs(ref).max()
        printed = eq41(field, x_t, params.test_beta, h, params.eps, params.alpha, 1.0)
        corrected = eq41(field, x_t, params.test_beta, h, params.eps, params.alpha, 2.0)
        err41_printed.append(np.abs(printed - ref).max() / scale)
        err41_corrected.append(np.abs(corrected - ref).max() / scale)
        ratio_bl.append(float(np.median(ref[n, :n] / printed[n, :n])))

    # Local convergence (Proposition 13) on the first field (same seed, same draws), and a step beyond the bound.
    field = random_field(np.random.default_rng(params.seed), params)
    x0 = np.random.default_rng(params.seed + 1).standard_normal(n)
    x0 *= params.run_x0 / np.linalg.norm(x0)
    h_eff = params.step_fraction * stable_step(field.jac)
    h_max = stable_step(field.jac) * np.sqrt(params.eps)
    fixed_eigs = np.concatenate([np.linalg.eigvals(np.eye(n) + h_eff * field.jac), [1 - params.alpha]])
    rho_run = float(np.abs(fixed_eigs).max())
    steps = run_length(rho_run, params.run_decades, params.run_max_steps)
    traj_stable = run(field, x0, params.step_fraction * h_max, params, steps)
    traj_unstable = run(field, x0, 1.5 * h_max, params, steps)
    every = max(1, steps // 300)
    return {
        "metrics": {
            "n_fields": params.n_fields,
            "max_err_eq42_central_diff": float(max(err_fd)),
            "max_err_eq42_complex_step": float(max(err_cs)),
            "max_err_eq41_vs_eq42_at_fixed_point": float(max(err41_fixed)),
            "max_err_eigenvalues": float(max(err_eig)),
            "max_spectral_radius": float(max(rhos)),
            "eq41_printed_max_rel_err": float(max(err41_printed)),
            "eq41_corrected_max_rel_err": float(max(err41_corrected)),
            "eq41_bottom_left_numeric_over_printed": float(np.median(ratio_bl)),
            "run_final_ratio_stable_step": float(traj_stable[-1]),
            "run_rho": rho_run,
            "run_steps": steps,
            "run_predicted_final_ratio": float(rho_run ** steps),
            "run_final_ratio_1p5x_bound": float(traj_unstable[-1]),
            "eps": params.eps,
            "fd_step_x": params.fd_step_x,
            "fd_step_beta": params.fd_step_beta,
        },
        "errors_central_diff": err_fd,
        "errors_complex_step": err_cs,
        "fixed_point_eigs": fixed_eigs.astype(complex),
        "run": {"stable": traj_stable[::every], "beyond_bound": traj_unstable[::every], "every": every,
                "step_fraction": params.step_fraction},
    }
