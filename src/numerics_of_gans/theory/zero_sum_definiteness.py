"""Lemma 1 (and Corollary 2) of the main paper, checked on random quadratic zero-sum games.

For the zero-sum game f(phi, theta) = 1/2 phi^T P phi + phi^T C theta + 1/2 theta^T Q theta the Hessian blocks are
grad^2_phi f = P and grad^2_theta f = Q, and eq. (6) gives the Jacobian of the associated gradient vector field

    v' = [[ P,    C ],
          [-C^T, -Q ]].

Lemma 1: v' is negative (semi-)definite iff P is negative (semi-)definite and Q is positive (semi-)definite. The proof
(supplement, eq. 19) is w^T v' w = w1^T P w1 - w2^T Q w2: the coupling C cancels in the quadratic form.

`compute` draws games of a designed category (definite / semi-definite but not definite / neither), the semi-definite
ones with exact zero eigenvalues (rank-deficient P or Q, down to the zero matrix), and decides each side of the iff
independently: the left side from the eigenvalues of the symmetric part of the assembled v' (never from the blocks), the
right side from the eigenvalues of P and Q. Zero is decided with a tolerance `rtol` times the spectral norm of v'
(one tolerance per game for both sides, so the comparison is not biased by different scales).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

CATEGORIES = ("definite", "semidefinite", "neither")


@dataclass(frozen=True)
class Params:
    seed: int = 0
    n_games: int = 300                      # games in total, cycled through the three designed categories
    dims: tuple = (1, 2, 3, 5, 8)           # sizes of phi and theta are drawn independently from this list
    log10_scale_range: tuple = (-3.0, 3.0)  # overall scale of a game, log-uniform, so the tolerance is exercised
    log10_coupling_range: tuple = (-2.0, 2.0)  # ||C|| relative to the game scale: the coupling must not matter
    rtol: float = 1e-9                      # eigenvalue counted as zero if |lambda| <= rtol * ||v'||_2
    n_quadratic_form_samples: int = 20      # random w per game to check eq. (19) numerically


def classify(eigenvalues: np.ndarray, tol: float, sign: int) -> str:
    """Category of a symmetric matrix with these eigenvalues w.r.t. sign (-1: negative, +1: positive) definiteness."""
    signed = sign * np.asarray(eigenvalues, dtype=float)   # definite <=> all signed eigenvalues > 0
    if signed.size == 0 or np.all(signed > tol):
        return "definite"
    if np.all(signed >= -tol):
        return "semidefinite"
    return "neither"


def combine(p_cat: str, q_cat: str) -> str:
    """Right side of Lemma 1: definite if both blocks are, semi-definite if both are at least semi-definite."""
    if p_cat == "neither" or q_cat == "neither":
        return "neither"
    if p_cat == "definite" and q_cat == "definite":
        return "definite"
    return "semidefinite"


def vprime(P: np.ndarray, C: np.ndarray, Q: np.ndarray) -> np.ndarray:
    """Eq. (6): Jacobian of v = (grad_phi f, -grad_theta f) for the quadratic zero-sum game."""
    return np.block([[P, C], [-C.T, -Q]])


def _random_orthogonal(rng: np.random.Generator, n: int) -> np.ndarray:
    q, r = np.linalg.qr(rng.standard_normal((n, n)))
    return q * np.sign(np.diag(r))


def _block(rng: np.random.Generator, n: int, kind: str, scale: float) -> np.ndarray:
    """A symmetric positive block of the requested kind: 'pd', 'psd' (exact zero eigenvalues) or 'indef'."""
    d = scale * rng.uniform(0.05, 1.0, n)
    if kind == "psd":
        n_zero = rng.integers(1, n + 1)           # at least one exact zero, possibly the zero matrix
        d[rng.permutation(n)[:n_zero]] = 0.0
    elif kind == "indef":
        d[rng.integers(n)] *= -1.0                # one clearly negative eigenvalue (>= 5 % of the scale)
    U = _random_orthogonal(rng, n)
    M = (U * d) @ U.T
    return (M + M.T) / 2                          # exactly symmetric


def _design(rng: np.random.Generator, category: str) -> tuple[str, str]:
    """Kinds of (-P, Q) for a designed category; both sides of the 'or' are exercised."""
    if category == "definite":
        return "pd", "pd"
    if category == "semidefinite":
        return [("psd", "pd"), ("pd", "psd"), ("psd", "psd")][rng.integers(3)]
    return [("indef", "pd"), ("pd", "indef"), ("indef", "indef"), ("indef", "psd"), ("psd", "indef")][rng.integers(5)]


def compute(params: Params) -> dict:
    rng = np.random.default_rng(params.seed)
    rows = []
    max_form_err = 0.0
    below, above = [0.0], [np.inf]   # |eig sym(v')| / ||v'||: noise floor of exact zeros vs smallest genuine one
    for k in range(params.n_games):
        designed = CATEGORIES[k % 3]
        n_phi, n_theta = (int(rng.choice(params.dims)) for _ in range(2))
        scale = 10.0 ** rng.uniform(*params.log10_scale_range)
        kind_p, kind_q = _design(rng, designed)
        P = -_block(rng, n_phi, kind_p, scale)     # phi maximises f: P should be negative (semi-)definite
        Q = _block(rng, n_theta, kind_q, scale)    # theta minimises f: Q should be positive (semi-)definite
        C = rng.standard_normal((n_phi, n_theta)) * scale * 10.0 ** rng.uniform(*params.log10_coupling_range)
        J = vprime(P, C, Q)
        tol = params.rtol * np.linalg.norm(J, 2)
        # Left side: definiteness of v' itself, through the symmetric part of the assembled matrix.
        eig_sym = np.linalg.eigvalsh((J + J.T) / 2)
        lhs = classify(eig_sym, tol, sign=-1)
        rel = np.abs(eig_sym) / np.linalg.norm(J, 2)
        below.append(float(rel[rel <= params.rtol].max(initial=0.0)))
        above.append(float(rel[rel > params.rtol].min(initial=np.inf)))
        # Right side: the Hessian blocks.
        p_cat = classify(np.linalg.eigvalsh(P), tol, sign=-1)
        q_cat = classify(np.linalg.eigvalsh(Q), tol, sign=+1)
        rhs = combine(p_cat, q_cat)
        # Eq. (19): w^T v' w = w1^T P w1 - w2^T Q w2 (relative to ||v'|| ||w||^2).
        W = rng.standard_normal((params.n_quadratic_form_samples, n_phi + n_theta))
        w1, w2 = W[:, :n_phi], W[:, n_phi:]
        lhs_form = np.einsum("ki,ij,kj->k", W, J, W)
        rhs_form = np.einsum("ki,ij,kj->k", w1, P, w1) - np.einsum("ki,ij,kj->k", w2, Q, w2)
        err = np.abs(lhs_form - rhs_form) / (np.linalg.norm(J, 2) * np.sum(W**2, axis=1))
        max_form_err = max(max_form_err, float(err.max()))
        max_sym = float(eig_sym.max())
        max_blocks = float(max(np.linalg.eigvalsh(P).max(), -np.linalg.eigvalsh(Q).min()))
        rows.append(dict(n_phi=n_phi, n_theta=n_theta, designed=designed, lhs=lhs, rhs=rhs, p=p_cat, q=q_cat,
                         tol=float(tol), max_eig_sym_vprime=max_sym, max_eig_blocks=max_blocks))

    def count(key: str, cat: str) -> int:
        return sum(r[key] == cat for r in rows)

    metrics = {
        "n_games": len(rows),
        "n_dims_distinct": len({(r["n_phi"], r["n_theta"]) for r in rows}),
        "max_dim": max(r["n_phi"] + r["n_theta"] for r in rows),
        # the iff, split into its two statements (definite; semi-definite), counted over all games
        "n_disagree_definite": sum((r["lhs"] == "definite") != (r["rhs"] == "definite") for r in rows),
        "n_disagree_semidefinite": sum((r["lhs"] != "neither") != (r["rhs"] != "neither") for r in rows),
        "n_disagree_category": sum(r["lhs"] != r["rhs"] for r in rows),
        # the tolerance must recover the designed category (otherwise the borderline games were not borderline)
        "n_mismatch_designed": sum(r["lhs"] != r["designed"] for r in rows),
        "max_rel_err_eq19": max_form_err,
        # margin of the tolerance: exact zeros come out at ~1e-16, genuine eigenvalues far above rtol
        "max_rel_eig_at_or_below_tol": max(below),
        "min_rel_eig_above_tol": min(above),
        "rtol": params.rtol,
        "n_borderline_exact_zero": sum(r["designed"] == "semidefinite" for r in rows),
    }
    for cat in CATEGORIES:
        metrics[f"n_lhs_{cat}"] = count("lhs", cat)
        metrics[f"n_rhs_{cat}"] = count("rhs", cat)
    return {"metrics": metrics, "games": rows, "categories": list(CATEGORIES)}
