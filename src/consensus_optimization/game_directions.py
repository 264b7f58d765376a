"""Three game directions beside consensus.py's: Hamiltonian descent, Symplectic Gradient Adjustment (SGA) and
competitive gradient descent (CGD), for any TensorFlow game, inside or outside your own `tf.function`.

Conventions as in consensus.py: `loss_fn() -> (d_loss, g_loss)`, each loss minimised by its own player;
x = (G variables, D variables), in that order; F(x) = (grad_G g_loss, grad_D d_loss) = -v(x) (eq. 5 of the paper);
J = F'(x) = -v'(x); H = 1/2 ||F||^2 (the consensus loss L of eq. 13) with grad H = J^T F. Each function returns
`(d_directions, g_directions)`, one descent direction per variable in the order given, for a Keras optimizer to
apply as x <- x - lr * direction; with `return_losses=True` also {"d_loss", "g_loss", ...}, taken before any
update. Second derivatives are taken by double backpropagation (vector-Jacobian products), J F forward-over-backward
(`tf.autodiff.ForwardAccumulator`); no dense Jacobian is ever formed. `loss_fn` must be deterministic between calls
(close over one minibatch): SGA evaluates it twice. No loss scaling: use float32 or float64 variables.

    d_dirs, g_dirs = sga_gradients(loss_fn, D.trainable_variables, G.trainable_variables, lam=1.0)
    d_opt.apply_gradients(zip(d_dirs, D.trainable_variables))
    g_opt.apply_gradients(zip(g_dirs, G.trainable_variables))
"""
from __future__ import annotations

from typing import Sequence

import tensorflow as tf

from consensus_optimization.errors import InvalidSetting, check_number
from consensus_optimization.games import LossFn, as_tf_variables, flatten, player_gradients, unflatten

ALIGN_EPSILON = 0.1   # the epsilon of SGA's alignment sign (Algorithm 1 of Balduzzi et al. 2018: 1/10)
_ZERO = tf.UnconnectedGradients.ZERO


def _players(d_vars: Sequence, g_vars: Sequence) -> tuple[list, list]:
    d_vars, g_vars = as_tf_variables(d_vars), as_tf_variables(g_vars)
    if not d_vars or not g_vars:
        raise InvalidSetting("d_vars, g_vars: a game needs at least one variable per player")
    return d_vars, g_vars


def _result(direction: tf.Tensor, d_vars: list, g_vars: list, losses: dict, return_losses: bool):
    """Split a flat direction over x = (G, D) into (d_directions, g_directions[, losses])."""
    parts = unflatten(direction, g_vars + d_vars)
    d_dirs, g_dirs = parts[len(g_vars):], parts[:len(g_vars)]
    return (d_dirs, g_dirs, losses) if return_losses else (d_dirs, g_dirs)


def _dot(a: tf.Tensor, b: tf.Tensor) -> tf.Tensor:
    return tf.reduce_sum(a * b)


def _field_and_hamiltonian_gradient(loss_fn: LossFn, d_vars: list, g_vars: list):
    """(F, grad H = J^T F, losses with "hamiltonian" = H = 1/2 ||F||^2), flat, by double backpropagation."""
    variables = g_vars + d_vars
    with tf.GradientTape(watch_accessed_variables=False) as outer:
        outer.watch(variables)
        g_grads, d_grads, d_loss, g_loss = player_gradients(loss_fn, d_vars, g_vars)
        field = flatten(g_grads + d_grads)
        hamiltonian = 0.5 * _dot(field, field)
    grad_h = flatten(outer.gradient(hamiltonian, variables, unconnected_gradients=_ZERO))
    return field, grad_h, {"d_loss": d_loss, "g_loss": g_loss, "hamiltonian": hamiltonian}


def hamiltonian_gradients(loss_fn: LossFn, d_vars: Sequence, g_vars: Sequence, return_losses: bool = False):
    """Hamiltonian descent (Balduzzi et al., ICML 2018; Abernethy, Lai, Wibisono 2019, "Last-iterate convergence
    rates for min-max optimization"): gradient descent on H = 1/2 ||F||^2 alone, direction grad H = J^T F (the
    consensus term of eq. 13 without the gradient). Losses: d_loss, g_loss, hamiltonian (H)."""
    d_vars, g_vars = _players(d_vars, g_vars)
    _, grad_h, losses = _field_and_hamiltonian_gradient(loss_fn, d_vars, g_vars)
    return _result(grad_h, d_vars, g_vars, losses, return_losses)


def sga_gradients(loss_fn: LossFn, d_vars: Sequence, g_vars: Sequence, lam: float = 1.0, align: bool = True,
                  return_losses: bool = False):
    """Symplectic Gradient Adjustment (Balduzzi et al., ICML 2018, "The Mechanics of n-Player Differentiable
    Games", Algorithm 1; Letcher et al., JMLR 2019, "Differentiable Game Mechanics", Algorithm 1):

        direction = F + lam' * A^T F,   A = (J - J^T)/2, so A^T F = (J^T F - J F)/2,

    with J^T F = grad H by double backpropagation and J F by a forward-over-backward Jacobian-vector product.
    With `align=True` the sign of the adjustment is Algorithm 1's alignment test,

        lam' = lam * sign( <F, grad H> <A^T F, grad H> / d + epsilon ),   grad H = J^T F, d = dim x, epsilon = 1/10,

    (`ALIGN_EPSILON`): the adjusted direction is at least as aligned with grad H as F is where <F, grad H> > 0
    (descending H towards a stable fixed point) and at most as aligned where <F, grad H> < 0 (away from an
    unstable one); with `align=False`, lam' = lam. Losses: d_loss, g_loss, hamiltonian (H) and
    alignment (the sign used: +1 or -1, 1 without align)."""
    lam = check_number("lam", lam, low=0.0)
    if not isinstance(align, bool):
        raise InvalidSetting(f"align: expected True or False, got {align!r}")
    d_vars, g_vars = _players(d_vars, g_vars)
    variables = g_vars + d_vars
    field, grad_h, losses = _field_and_hamiltonian_gradient(loss_fn, d_vars, g_vars)
    with tf.autodiff.ForwardAccumulator(variables, unflatten(tf.stop_gradient(field), variables)) as acc:
        g_grads, d_grads, _, _ = player_gradients(loss_fn, d_vars, g_vars)
    jf = flatten(acc.jvp(g_grads + d_grads, unconnected_gradients=_ZERO))
    adjustment = 0.5 * (grad_h - jf)
    if align:
        size = tf.cast(tf.size(field), field.dtype)
        sign = tf.sign(_dot(field, grad_h) * _dot(adjustment, grad_h) / size + ALIGN_EPSILON)
    else:
        sign = tf.ones([], field.dtype)
    losses["alignment"] = sign
    return _result(field + (lam * sign) * adjustment, d_vars, g_vars, losses, return_losses)


def _conjugate_gradient(matvec, rhs: tf.Tensor, iterations: int, bound: tf.Tensor):
    """CG for M u = rhs from u = 0: (u, residual rhs - M u, steps). Stops when ||residual|| <= bound, after
    `iterations` steps, or where the curvature p^T M p is not positive (M is not positive definite along p, as may
    happen when M is not symmetric). The residual is updated as r <- r - alpha M p, so r = rhs - M u holds whether
    or not M is symmetric: a small residual certifies the solution for any M."""
    def cond(i, u, r, p, rr, ok):
        return ok & (i < iterations) & (tf.sqrt(rr) > bound)

    def body(i, u, r, p, rr, ok):
        mp = matvec(p)
        curvature = _dot(p, mp)
        good = tf.math.is_finite(curvature) & (curvature > 0)
        alpha = rr / tf.where(good, curvature, tf.ones_like(curvature))
        r_new = r - alpha * mp
        rr_new = _dot(r_new, r_new)
        keep = lambda new, old: tf.where(good, new, old)  # noqa: E731
        return (i + 1, keep(u + alpha * p, u), keep(r_new, r), keep(r_new + (rr_new / rr) * p, p),
                keep(rr_new, rr), good)

    start = (tf.constant(0), tf.zeros_like(rhs), rhs, rhs, _dot(rhs, rhs), tf.constant(True))
    steps, u, r, _, _, _ = tf.while_loop(cond, body, start)
    return u, r, steps


def _least_squares_cg(matvec, rmatvec, u: tf.Tensor, r: tf.Tensor, iterations: int, bound: tf.Tensor):
    """CGLS (CG on the normal equations M^T M u = M^T rhs, for any nonsingular M) from u with residual
    r = rhs - M u: (u, r, steps). ||r|| decreases monotonically; stops when ||r|| <= bound or after `iterations`."""
    def cond(i, u, r, p, ss):
        return (i < iterations) & (tf.sqrt(_dot(r, r)) > bound) & (ss > 0)

    def body(i, u, r, p, ss):
        mp = matvec(p)
        alpha = ss / _dot(mp, mp)
        r_new = r - alpha * mp
        s = rmatvec(r_new)
        ss_new = _dot(s, s)
        return i + 1, u + alpha * p, r_new, s + (ss_new / ss) * p, ss_new

    s0 = rmatvec(r)
    steps, u, r, _, _ = tf.while_loop(cond, body, (tf.constant(0), u, r, s0, _dot(s0, s0)))
    return u, r, steps


def cgd_gradients(loss_fn: LossFn, d_vars: Sequence, g_vars: Sequence, eta: float, cg_iterations: int = 50,
                  cg_tolerance: float = 1e-6, return_losses: bool = False):
    """Competitive gradient descent (Schaefer & Anandkumar, NeurIPS 2019, "Competitive Gradient Descent",
    Theorem 2.1 / Algorithm 1), general two-loss form with f = g_loss minimised by G = x and g = d_loss minimised
    by D = y: the Nash equilibrium of the regularised bilinear local game,

        Delta_x = -eta (I - eta^2 D_xy f D_yx g)^-1 (grad_x f - eta D_xy f grad_y g),
        Delta_y = -eta (I - eta^2 D_yx g D_xy f)^-1 (grad_y g - eta D_yx g grad_x f).

    In the zero-sum case (g = -f, B = D_xy f) this is dx = -eta (I + eta^2 B B^T)^-1 (grad_x f + eta B grad_y f),
    dy = +eta (I + eta^2 B^T B)^-1 (grad_y f - eta B^T grad_x f). The directions returned are Delta / (-eta):
    a Keras SGD optimizer with learning rate `eta` applies exactly CGD's step, so `eta` must be the learning rate
    of the base optimizer (with RMSProp or Adam the base rescales CGD's direction instead).

    Solved without a dense matrix, on mixed second-derivative products by double backpropagation (B w, C u with
    C = D_yx g; their transposes for CGLS). Only the x system M u = r, M = I - eta^2 B C, r = grad_x f - eta B
    grad_y g, is solved: y's direction follows from y's optimality condition in the local game, Delta_y = -eta
    (grad_y g + C Delta_x), which equals the formula above (push-through identity). Solver:
    1. conjugate gradient on M (zero-sum: M = I + eta^2 B B^T, symmetric positive definite), up to
       `cg_iterations` steps or relative residual ||r - M u|| <= cg_tolerance ||r||;
    2. in a general-sum game M is not symmetric and CG may stall; its updated residual equals r - M u for any M
       (so a small one certifies the solution), and if it did not reach the tolerance, CGLS (CG on the normal
       equations M^T M u = M^T r, convergent for any nonsingular M) continues from CG's iterate (or from 0 if
       that is worse), up to `cg_iterations` more steps.
    Losses: d_loss, g_loss, cgd_residual (the final ||r - M u|| / ||r||, recomputed) and cgd_iterations (the
    solver's steps; CG costs two mixed products a step, CGLS four)."""
    eta = check_number("eta", eta, low=0.0, low_open=True)
    if isinstance(cg_iterations, bool) or not isinstance(cg_iterations, int):
        raise InvalidSetting(f"cg_iterations: expected an integer in [1, inf), got {cg_iterations!r}")
    check_number("cg_iterations", cg_iterations, low=1)
    tolerance = check_number("cg_tolerance", cg_tolerance, low=0.0, low_open=True, high=1.0, high_open=True)
    d_vars, g_vars = _players(d_vars, g_vars)
    variables = g_vars + d_vars
    with tf.GradientTape(persistent=True, watch_accessed_variables=False) as outer:
        outer.watch(variables)
        with tf.GradientTape(persistent=True, watch_accessed_variables=False) as inner:
            inner.watch(variables)
            d_loss, g_loss = loss_fn()
        f_grads = inner.gradient(g_loss, variables, unconnected_gradients=_ZERO)
        g_grads = inner.gradient(d_loss, variables, unconnected_gradients=_ZERO)
        del inner
    n_g = len(g_vars)
    fx, fy, gx, gy = f_grads[:n_g], f_grads[n_g:], g_grads[:n_g], g_grads[n_g:]

    def mixed(grads, wrt, vector, like):
        """d/d(wrt) <grads, vector>: a mixed second-derivative (Hessian-vector) product, flat."""
        products = outer.gradient(grads, wrt, output_gradients=unflatten(vector, like), unconnected_gradients=_ZERO)
        return flatten(products)

    b_times = lambda w: mixed(fy, g_vars, w, d_vars)     # B w     = D_xy f w    # noqa: E731
    c_times = lambda u: mixed(gx, d_vars, u, g_vars)     # C u     = D_yx g u    # noqa: E731
    bt_times = lambda u: mixed(fx, d_vars, u, g_vars)    # B^T u   = D_yx f u    # noqa: E731
    ct_times = lambda w: mixed(gy, g_vars, w, d_vars)    # C^T w   = D_xy g w    # noqa: E731
    matvec = lambda u: u - eta ** 2 * b_times(c_times(u))       # noqa: E731
    rmatvec = lambda u: u - eta ** 2 * ct_times(bt_times(u))    # noqa: E731

    grad_x, grad_y = flatten(fx), flatten(gy)
    rhs = grad_x - eta * b_times(grad_y)
    rhs_norm = tf.norm(rhs)
    bound = tolerance * rhs_norm
    u, r, cg_steps = _conjugate_gradient(matvec, rhs, cg_iterations, bound)
    better = tf.norm(r) < rhs_norm
    u, r = tf.where(better, u, tf.zeros_like(u)), tf.where(better, r, rhs)
    u, r, ls_steps = tf.cond(tf.norm(r) > bound,
                             lambda: _least_squares_cg(matvec, rmatvec, u, r, cg_iterations, bound),
                             lambda: (u, r, tf.constant(0)))
    residual = tf.norm(rhs - matvec(u)) / tf.where(rhs_norm > 0, rhs_norm, tf.ones_like(rhs_norm))
    direction_y = grad_y - eta * c_times(u)     # Delta_y / (-eta) = grad_y g + C Delta_x, Delta_x = -eta u
    losses = {"d_loss": d_loss, "g_loss": g_loss, "cgd_residual": residual,
              "cgd_iterations": tf.cast(cg_steps + ls_steps, residual.dtype)}
    return _result(tf.concat([u, direction_y], 0), d_vars, g_vars, losses, return_losses)
