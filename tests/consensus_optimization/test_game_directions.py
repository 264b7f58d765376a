"""game_directions.py (Hamiltonian descent, SGA, CGD) against hand-written numpy formulas on quadratic games.

The general game (float64): g_loss = 1/2 x'Px + x'By + a'x (generator x), d_loss = 1/2 y'Qy - y'Cx + b'y
(discriminator y, held in two variables of shapes [2, 2] and [1]), so F = (Px + By + a, Qy - Cx + b) and
J = [[P, B], [-C, Q]] are known in closed form. Expected values, derived by hand from the formulas:
- Hamiltonian: J^T F.
- SGA: F + lam * s * A^T F, A^T F = (J^T F - J F)/2, s = sign(<F, J^T F> <A^T F, J^T F> / d + 1/10) (1 without align).
- CGD (f = g_loss, g = d_loss: D_xy f = B, D_yx g = -C, grad_y g = F_y): directions Delta / (-eta) =
  x: (I + eta^2 B C)^-1 (F_x - eta B F_y),  y: (I + eta^2 C B)^-1 (F_y + eta C F_x).
"""
import numpy as np
import pytest
import tensorflow as tf

from consensus_optimization.errors import InvalidSetting
from consensus_optimization.game_directions import cgd_gradients, hamiltonian_gradients, sga_gradients

TIGHT = dict(cg_iterations=100, cg_tolerance=1e-14)


class Quadratic:
    def __init__(self, nx=4, ny=5, seed=0, zero_sum_bilinear=False):
        rng = np.random.default_rng(seed)
        sym = lambda k: (lambda r: (r + r.T) / 2)(rng.normal(size=(k, k)))  # noqa: E731
        self.P, self.Q = sym(nx), sym(ny)
        self.B, self.C = rng.normal(size=(nx, ny)), rng.normal(size=(ny, nx))
        self.a, self.b = rng.normal(size=nx), rng.normal(size=ny)
        if zero_sum_bilinear:   # g_loss = x'Ay, d_loss = -x'Ay: P = Q = 0, a = b = 0, C = B^T
            self.P, self.Q, self.C = 0 * self.P, 0 * self.Q, self.B.T
            self.a, self.b = 0 * self.a, 0 * self.b
        self.x0, self.y0 = rng.normal(size=nx), rng.normal(size=ny)
        self.x = tf.Variable(self.x0)
        self.y_parts = [tf.Variable(self.y0[:4].reshape(2, 2)), tf.Variable(self.y0[4:])]
        self.nx = nx

    def loss_fn(self):
        x, y = self.x, tf.concat([tf.reshape(v, [-1]) for v in self.y_parts], 0)
        quad = lambda M, u, w: tf.tensordot(u, tf.linalg.matvec(tf.constant(M), w), 1)  # noqa: E731
        g_loss = 0.5 * quad(self.P, x, x) + quad(self.B, x, y) + tf.tensordot(tf.constant(self.a), x, 1)
        d_loss = 0.5 * quad(self.Q, y, y) - quad(self.C, y, x) + tf.tensordot(tf.constant(self.b), y, 1)
        return d_loss, g_loss

    def field(self):
        return np.concatenate([self.P @ self.x0 + self.B @ self.y0 + self.a,
                               self.Q @ self.y0 - self.C @ self.x0 + self.b])

    def jacobian(self):
        return np.block([[self.P, self.B], [-self.C, self.Q]])

    def losses(self):
        x, y = self.x0, self.y0
        return (0.5 * y @ self.Q @ y - y @ self.C @ x + self.b @ y, 0.5 * x @ self.P @ x + x @ self.B @ y + self.a @ x)

    def call(self, fn, **kwargs):
        """fn's directions flat in the order x = (G, D), and its losses as floats."""
        d_dirs, g_dirs, losses = fn(self.loss_fn, self.y_parts, [self.x], return_losses=True, **kwargs)
        assert [d.shape for d in d_dirs] == [v.shape for v in self.y_parts] and g_dirs[0].shape == self.x.shape
        flat = np.concatenate([t.numpy().ravel() for t in g_dirs + d_dirs])
        return flat, {name: float(value) for name, value in losses.items()}


def sga_expected(F, J, lam, align):
    grad_h = J.T @ F
    adjustment = (J.T @ F - J @ F) / 2
    sign = np.sign((F @ grad_h) * (adjustment @ grad_h) / len(F) + 0.1) if align else 1.0
    return F + lam * sign * adjustment, sign


def cgd_expected(g, eta):
    F, nx = g.field(), g.nx
    fx, fy = F[:nx], F[nx:]
    dx = np.linalg.solve(np.eye(nx) + eta ** 2 * g.B @ g.C, fx - eta * g.B @ fy)
    dy = np.linalg.solve(np.eye(len(fy)) + eta ** 2 * g.C @ g.B, fy + eta * g.C @ fx)
    return np.concatenate([dx, dy])


def test_hamiltonian_general_game():
    g = Quadratic()
    F = g.field()
    got, losses = g.call(hamiltonian_gradients)
    np.testing.assert_allclose(got, g.jacobian().T @ F, rtol=1e-10, atol=1e-12)
    assert losses["hamiltonian"] == pytest.approx(0.5 * F @ F, rel=1e-12)
    assert (losses["d_loss"], losses["g_loss"]) == pytest.approx(g.losses(), rel=1e-12)


@pytest.mark.parametrize("align", [True, False])
def test_sga_general_game(align):
    g = Quadratic(seed=1)
    expected, sign = sga_expected(g.field(), g.jacobian(), lam=0.7, align=align)
    got, losses = g.call(sga_gradients, lam=0.7, align=align)
    np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-12)
    assert losses["alignment"] == sign


@pytest.mark.parametrize("eta", [0.05, 0.4])
def test_cgd_general_game(eta):
    """A general-sum game: I + eta^2 B C is not symmetric (CG, then CGLS where CG falls short)."""
    g = Quadratic(seed=2)
    got, losses = g.call(cgd_gradients, eta=eta, **TIGHT)
    np.testing.assert_allclose(got, cgd_expected(g, eta), rtol=1e-10, atol=1e-12)
    assert losses["cgd_residual"] < 1e-12
    # both solver paths: at eta = 0.05 (M near the identity) CG alone converges; at 0.4 it stalls and CGLS finishes
    assert (losses["cgd_iterations"] > TIGHT["cg_iterations"]) == (eta == 0.4)
    assert (losses["d_loss"], losses["g_loss"]) == pytest.approx(g.losses(), rel=1e-12)


def test_zero_sum_bilinear_game():
    """x'Ay: F = (Ay, -A'x), J = [[0, A], [-A', 0]] antisymmetric. Hamiltonian J^T F = (AA'x, A'Ay); SGA's
    <F, J^T F> = 0, so its sign is +1 and its direction F + lam J^T F; CGD the zero-sum form, where CG on the
    symmetric positive definite I + eta^2 AA' ends within dim x steps."""
    g = Quadratic(nx=3, ny=5, seed=3, zero_sum_bilinear=True)
    A, x, y, eta, lam = g.B, g.x0, g.y0, 0.3, 0.5
    F = np.concatenate([A @ y, -A.T @ x])
    hamiltonian = np.concatenate([A @ A.T @ x, A.T @ A @ y])
    np.testing.assert_allclose(g.call(hamiltonian_gradients)[0], hamiltonian, rtol=1e-10)
    got, losses = g.call(sga_gradients, lam=lam)
    assert losses["alignment"] == 1.0
    np.testing.assert_allclose(got, F + lam * hamiltonian, rtol=1e-10)
    dx = np.linalg.solve(np.eye(3) + eta ** 2 * A @ A.T, A @ y + eta * A @ A.T @ x)
    dy = -np.linalg.solve(np.eye(5) + eta ** 2 * A.T @ A, A.T @ x - eta * A.T @ A @ y)
    got, losses = g.call(cgd_gradients, eta=eta, **TIGHT)
    np.testing.assert_allclose(got, np.concatenate([dx, dy]), rtol=1e-10, atol=1e-12)
    assert losses["cgd_iterations"] <= 3 + 1 and losses["cgd_residual"] < 1e-12


def scalar_game(p):
    """g_loss = p/2 x^2 + 2xy, d_loss = p/2 y^2 at x = y = 1: F = (p + 2, p), J = [[p, 2], [0, p]]."""
    x, y = tf.Variable([1.0], dtype=tf.float64), tf.Variable([1.0], dtype=tf.float64)
    return lambda: (p / 2 * y[0] ** 2, p / 2 * x[0] ** 2 + 2 * x[0] * y[0]), [y], [x]


@pytest.mark.parametrize("p, sign, aligned, unaligned", [
    # p = 1: F = (3, 1), J^T F = (3, 7), J F = (5, 1), A^T F = (-1, 3); <F, J^T F> <A^T F, J^T F> / 2 = 16 * 18 / 2
    (1.0, 1.0, [2.0, 4.0], [2.0, 4.0]),
    # p = -1: F = (1, -1), J^T F = (-1, 3), J F = (-3, 1), A^T F = (1, 1); (-4) * 2 / 2 + 0.1 < 0: the sign flips
    (-1.0, -1.0, [0.0, -2.0], [2.0, 0.0]),
])
def test_sga_alignment_sign_flips(p, sign, aligned, unaligned):
    loss_fn, d_vars, g_vars = scalar_game(p)
    d, g, losses = sga_gradients(loss_fn, d_vars, g_vars, return_losses=True)
    assert float(losses["alignment"]) == sign
    np.testing.assert_allclose([g[0].numpy()[0], d[0].numpy()[0]], aligned, atol=1e-12)
    d, g = sga_gradients(loss_fn, d_vars, g_vars, align=False)
    np.testing.assert_allclose([g[0].numpy()[0], d[0].numpy()[0]], unaligned, atol=1e-12)


def test_cgd_step_applied_by_sgd_with_learning_rate_eta(keras_float64):
    """Directions Delta / (-eta): an SGD optimizer with learning rate eta moves each player by CGD's Delta."""
    import keras

    g, eta = Quadratic(seed=4), 0.2
    d_dirs, g_dirs = cgd_gradients(g.loss_fn, g.y_parts, [g.x], eta, **TIGHT)
    keras.optimizers.SGD(eta).apply_gradients(zip(g_dirs + d_dirs, [g.x] + g.y_parts))
    delta = -eta * cgd_expected(g, eta)
    np.testing.assert_allclose(g.x.numpy(), g.x0 + delta[:4], rtol=1e-10)
    np.testing.assert_allclose(np.concatenate([v.numpy().ravel() for v in g.y_parts]), g.y0 + delta[4:], rtol=1e-10)


@pytest.mark.parametrize("fn, kwargs", [(hamiltonian_gradients, {}), (sga_gradients, {"lam": 0.7}),
                                        (cgd_gradients, {"eta": 0.3, **TIGHT})])
def test_inside_tf_function(fn, kwargs):
    g = Quadratic(seed=5)
    eager, eager_losses = g.call(fn, **kwargs)
    compiled = tf.function(lambda: fn(g.loss_fn, g.y_parts, [g.x], return_losses=True, **kwargs))
    d_dirs, g_dirs, losses = compiled()
    np.testing.assert_allclose(np.concatenate([t.numpy().ravel() for t in g_dirs + d_dirs]), eager, rtol=1e-10)
    assert {name: float(value) for name, value in losses.items()} == pytest.approx(eager_losses, rel=1e-9, abs=1e-13)


@pytest.mark.parametrize("fn, kwargs, field", [
    (sga_gradients, {"lam": -1.0}, "lam"),
    (sga_gradients, {"lam": float("nan")}, "lam"),
    (sga_gradients, {"align": "yes"}, "align"),
    (cgd_gradients, {"eta": 0.0}, "eta"),
    (cgd_gradients, {"eta": -0.1}, "eta"),
    (cgd_gradients, {"eta": 0.1, "cg_iterations": 0}, "cg_iterations"),
    (cgd_gradients, {"eta": 0.1, "cg_iterations": 2.5}, "cg_iterations"),
    (cgd_gradients, {"eta": 0.1, "cg_tolerance": 0.0}, "cg_tolerance"),
    (cgd_gradients, {"eta": 0.1, "cg_tolerance": 1.0}, "cg_tolerance"),
    (hamiltonian_gradients, {"d_vars": []}, "d_vars"),
])
def test_bad_arguments_name_the_field(fn, kwargs, field):
    g = Quadratic(seed=6)
    arguments = {"loss_fn": g.loss_fn, "d_vars": g.y_parts, "g_vars": [g.x], **kwargs}
    with pytest.raises(InvalidSetting, match=f"^{field}"):
        fn(**arguments)
