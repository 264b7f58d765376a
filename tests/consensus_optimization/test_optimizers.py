"""Every optimizer update against an independent numpy formula on the quadratic game of conftest.py; the
consensus updates also on a small nonlinear conv GAN, against Hessian-vector products taken forward-over-reverse."""
import numpy as np
import pytest
import tensorflow as tf

from consensus_optimization.keras_optimizers import HeavyBallSGD, TF1RMSprop
from consensus_optimization.optimizers import make_optimizer

LR, GAMMA = 0.05, 0.7


def sgd_direction(g, method, a, b):
    """The descent direction of each method for the quadratic game, written from the formulas by hand."""
    ga, gd = g.grad_g(a, b), g.grad_d(a, b)
    if method == "simga":
        return ga, gd
    if method == "conopt":
        # grad + gamma * grad(1/2||grad||^2) = -(v - gamma v'^T v)
        v = g.v(a, b)
        step = -(v - GAMMA * g.jacobian().T @ v)
        return step[: len(a)], step[len(a):]
    if method == "smoothing":
        # D: grad_D d_loss + gamma * grad_D(1/2 ||Pa + Cb + p||^2) = ... + gamma C^T (Pa + Cb + p)
        return ga, gd + GAMMA * g.C.T @ ga
    raise AssertionError(method)


@pytest.mark.parametrize("method", ["simga", "conopt", "smoothing"])
def test_simultaneous_methods_sgd(quadratic_game, method):
    g = quadratic_game
    opt = make_optimizer(method, LR, gamma=GAMMA, base="sgd")
    a, b = g.state()
    for _ in range(3):
        da, db = sgd_direction(g, method, a, b)
        a, b = a - LR * da, b - LR * db
        opt.step(g.loss_fn, [g.b], [g.a])
        np.testing.assert_allclose(g.a.numpy(), a, rtol=1e-12)
        np.testing.assert_allclose(g.b.numpy(), b, rtol=1e-12)


def test_alternating_sgd_uses_the_new_discriminator(quadratic_game):
    g = quadratic_game
    opt = make_optimizer("altga", LR, base="sgd")
    a, b = g.state()
    for _ in range(3):
        b = b - LR * g.grad_d(a, b)
        a = a - LR * g.grad_g(a, b)
        opt.step(g.loss_fn, [g.b], [g.a])
        np.testing.assert_allclose(g.a.numpy(), a, rtol=1e-12)
        np.testing.assert_allclose(g.b.numpy(), b, rtol=1e-12)


@pytest.mark.parametrize("method", ["simga", "conopt"])
def test_rmsprop_base_matches_tf1_rmsprop(quadratic_game, method):
    """TF1 RMSPropOptimizer: ms starts at 1, decay 0.9, eps 1e-10 inside the root; ConOpt feeds it grad + gamma J^T g."""
    g = quadratic_game
    opt = make_optimizer(method, LR, gamma=GAMMA, base="rmsprop")
    a, b = g.state()
    ms = np.ones(len(a) + len(b))
    for _ in range(4):
        d = np.concatenate(sgd_direction(g, method, a, b))
        ms = 0.9 * ms + 0.1 * d ** 2
        x = np.concatenate([a, b]) - LR * d / np.sqrt(ms + 1e-10)
        a, b = x[: len(a)], x[len(a):]
        opt.step(g.loss_fn, [g.b], [g.a])
    np.testing.assert_allclose(np.concatenate(g.state()), np.concatenate([a, b]), rtol=1e-12)


@pytest.mark.parametrize("beta", [-0.5, 0.3])
def test_heavy_ball_momentum_of_either_sign(quadratic_game, beta):
    """x_{t+1} = x_t - lr d(x_t) + beta (x_t - x_{t-1}), as on the negative-momentum slides."""
    g = quadratic_game
    opt = make_optimizer("simga", LR, base="sgd", momentum=beta)
    prev = cur = np.concatenate(g.state())
    m = len(g.a0)
    for _ in range(4):
        d = np.concatenate(sgd_direction(g, "simga", cur[:m], cur[m:]))
        prev, cur = cur, cur - LR * d + beta * (cur - prev)
        opt.step(g.loss_fn, [g.b], [g.a])
    np.testing.assert_allclose(np.concatenate(g.state()), cur, rtol=1e-12)


def test_step_returns_losses_before_update_and_counts(quadratic_game):
    g = quadratic_game
    d_loss, g_loss = (t.numpy() for t in g.loss_fn())
    opt = make_optimizer("conopt", LR, gamma=GAMMA)
    out = opt.step(g.loss_fn, [g.b], [g.a])
    assert out["d_loss"].numpy() == pytest.approx(d_loss)
    assert out["g_loss"].numpy() == pytest.approx(g_loss)
    v = g.v(g.a0, g.b0)
    assert out["consensus_loss"].numpy() == pytest.approx(0.5 * v @ v)
    assert int(opt.iterations.numpy()) == 1


def test_step_usable_inside_a_compiled_loop(quadratic_game):
    """Many steps in one tf.function (as the MoG training does) give the same iterates as eager stepping."""
    g = quadratic_game
    ref = make_optimizer("conopt", LR, gamma=GAMMA, base="sgd")
    a, b = g.state()
    for _ in range(5):
        ref.step(g.loss_fn, [g.b], [g.a])
    expected = np.concatenate(g.state())
    g.a.assign(a), g.b.assign(b)
    opt = make_optimizer("conopt", LR, gamma=GAMMA, base="sgd")
    opt.build([g.b], [g.a])

    @tf.function
    def loop():
        for _ in tf.range(5):
            opt.step(g.loss_fn, [g.b], [g.a])

    loop()
    np.testing.assert_allclose(np.concatenate(g.state()), expected, rtol=1e-12)


def test_checkpoint_round_trip_restores_slots(quadratic_game, tmp_path):
    g = quadratic_game
    opt = make_optimizer("simga", LR, momentum=0.5)
    opt.step(g.loss_fn, [g.b], [g.a])
    path = tf.train.Checkpoint(opt=opt, a=g.a, b=g.b).save(str(tmp_path / "ckpt"))
    after_one = np.concatenate(g.state())
    opt.step(g.loss_fn, [g.b], [g.a])
    expected = np.concatenate(g.state())

    fresh = make_optimizer("simga", LR, momentum=0.5)
    fresh.build([g.b], [g.a])
    tf.train.Checkpoint(opt=fresh, a=g.a, b=g.b).restore(path).assert_consumed()
    np.testing.assert_allclose(np.concatenate(g.state()), after_one)
    fresh.step(g.loss_fn, [g.b], [g.a])
    np.testing.assert_allclose(np.concatenate(g.state()), expected, rtol=1e-12)


@pytest.mark.parametrize("kwargs, message", [
    (dict(name="adam", learning_rate=1e-4), "method: unknown 'adam'; allowed: simga, altga, conopt, smoothing"),
    (dict(name="conopt", learning_rate=-1e-4), "learning_rate: -0.0001 is outside the allowed range"),
    (dict(name="conopt", learning_rate=0.0), "learning_rate: 0.0 is outside"),
    (dict(name="conopt", learning_rate=1e-4, gamma="ten"), "gamma: expected a finite number, got 'ten'"),
    (dict(name="conopt", learning_rate=1e-4, gamma=float("nan")), "gamma: expected a finite number"),
    (dict(name="conopt", learning_rate=1e-4, base="adam"), "base: unknown 'adam'; allowed: rmsprop, sgd"),
    (dict(name="simga", learning_rate=1e-4, momentum=1.0), "momentum: 1.0 is outside the allowed range"),
])
def test_bad_settings_name_the_field(kwargs, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace("[", r"\[")):
        make_optimizer(**kwargs)


class TinyConvGan:
    """A small nonlinear GAN (dense + transposed conv + tanh generator; conv + leaky ReLU + dense discriminator,
    the layer types of dcgan3_nobn) in float64, with the standard non-saturating losses on a fixed batch."""

    def __init__(self, seed: int = 0):
        from consensus_optimization import objectives

        rng = np.random.default_rng(seed)
        var = lambda *shape: tf.Variable(rng.normal(scale=0.5, size=shape), dtype=tf.float64)
        self.g_vars = [var(3, 12), var(12), var(3, 3, 2, 3), var(2)]          # dense W, b; deconv filter, b
        self.d_vars = [var(3, 3, 2, 3), var(3), var(12, 1), var(1)]           # conv filter, b; dense W, b
        z, real = tf.constant(rng.normal(size=(4, 3))), tf.constant(rng.uniform(-1, 1, size=(4, 4, 4, 2)))

        def generator():
            w, b, f, c = self.g_vars
            h = tf.reshape(tf.nn.relu(z @ w + b), [4, 2, 2, 3])
            return tf.tanh(tf.nn.conv2d_transpose(h, f, [4, 4, 4, 2], strides=2, padding="SAME") + c)

        def discriminator(x):
            f, c, w, b = self.d_vars
            h = tf.nn.leaky_relu(tf.nn.conv2d(x, f, strides=2, padding="SAME") + c, alpha=0.2)
            return tf.reshape(h, [4, 12]) @ w + b

        self.loss_fn = lambda: objectives.losses("standard", discriminator(real), discriminator(generator()))

    def hvp(self, loss_index: int, tangents):
        """H tangents of one loss (0: d_loss, 1: g_loss) over all variables (G then D), forward-over-reverse:
        an autodiff mode independent of the optimizer's reverse-over-reverse."""
        variables = self.g_vars + self.d_vars
        with tf.autodiff.ForwardAccumulator(variables, tangents) as acc:
            with tf.GradientTape() as tape:
                loss = self.loss_fn()[loss_index]
            grads = tape.gradient(loss, variables)
        return [t.numpy() for t in acc.jvp(grads)]


@pytest.mark.parametrize("method", ["conopt", "smoothing"])
def test_consensus_update_on_a_conv_gan_matches_hessian_vector_products(method, keras_float64):
    """grad + gamma grad(1/2||grad||^2) = grad + gamma (H_g (a, 0) + H_d (0, b)), a = grad_G g_loss, b = grad_D d_loss
    (J^T v with J = v', both Hessians symmetric); smoothing keeps only the D rows of H_g (a, 0), on D only."""
    gan = TinyConvGan()
    with tf.GradientTape(persistent=True) as tape:
        d_loss, g_loss = gan.loss_fn()
    a, b = tape.gradient(g_loss, gan.g_vars), tape.gradient(d_loss, gan.d_vars)
    zeros = lambda vs: [tf.zeros_like(v) for v in vs]
    h_g = gan.hvp(1, a + zeros(gan.d_vars))
    h_d = gan.hvp(0, zeros(gan.g_vars) + b)
    grads = [t.numpy() for t in a + b]
    n_g = len(gan.g_vars)
    if method == "conopt":
        expected = [g + GAMMA * (x + y) for g, x, y in zip(grads, h_g, h_d)]
    else:
        expected = grads[:n_g] + [g + GAMMA * x for g, x in zip(grads[n_g:], h_g[n_g:])]
    before = [v.numpy() for v in gan.g_vars + gan.d_vars]
    make_optimizer(method, LR, gamma=GAMMA, base="sgd").step(gan.loss_fn, gan.d_vars, gan.g_vars)
    for x0, var, d in zip(before, gan.g_vars + gan.d_vars, expected):
        np.testing.assert_allclose((x0 - var.numpy()) / LR, d, rtol=1e-8, atol=1e-12)


@pytest.mark.parametrize("method", ["simga", "conopt", "smoothing"])
def test_consensus_gradients_are_the_hand_written_directions(quadratic_game, method):
    """The library function (imported from the package top) gives each player the direction written by hand above,
    D first; the optimizer's step is the same function's directions (one implementation of the consensus term)."""
    from consensus_optimization import consensus_gradients
    g = quadratic_game
    d_dirs, g_dirs, losses = consensus_gradients(g.loss_fn, [g.b], [g.a], gamma=GAMMA, method=method,
                                                 return_losses=True)
    da, db = sgd_direction(g, method, *g.state())
    np.testing.assert_allclose(g_dirs[0].numpy(), da, rtol=1e-12)
    np.testing.assert_allclose(d_dirs[0].numpy(), db, rtol=1e-12)
    assert set(losses) == {"d_loss", "g_loss"} | ({"consensus_loss"} if method != "simga" else set())


def test_consensus_gradients_applied_by_keras_adam_equal_adam_by_hand(quadratic_game):
    """Any Keras optimizer applies the directions: one Adam step of ConOpt equals Adam's formula on them."""
    from consensus_optimization import consensus_gradients
    g = quadratic_game
    a, b = g.state()
    da, db = sgd_direction(g, "conopt", a, b)
    adam = tf.keras.optimizers.Adam(learning_rate=LR, beta_1=0.5, beta_2=0.9, epsilon=1e-8)
    d_dirs, g_dirs = consensus_gradients(g.loss_fn, [g.b], [g.a], gamma=GAMMA)
    adam.apply_gradients(zip(g_dirs + d_dirs, [g.a, g.b]))
    for x0, d, var in ((a, da, g.a), (b, db, g.b)):
        m, v = 0.5 * d, 0.1 * d ** 2                         # first step: m = (1-b1) d, v = (1-b2) d^2
        lr_t = LR * np.sqrt(1 - 0.9) / (1 - 0.5)              # Keras' bias correction folded into the rate
        np.testing.assert_allclose(var.numpy(), x0 - lr_t * m / (np.sqrt(v) + 1e-8), rtol=1e-6)


def test_consensus_gradients_inside_a_callers_tf_function_trace_once():
    """A researcher's own compiled step on new data each call traces once in 100 calls."""
    from consensus_optimization import consensus_gradients
    a, b = tf.Variable([0.3, -0.2]), tf.Variable([0.1, 0.4])
    opt = tf.keras.optimizers.SGD(0.01)

    @tf.function
    def step(x):
        def loss_fn():
            d = tf.reduce_sum(a * x) * tf.reduce_sum(b * x)
            return d + 0.1 * tf.reduce_sum(b ** 2), -d
        d_dirs, g_dirs = consensus_gradients(loss_fn, [b], [a], gamma=1.0)
        opt.apply_gradients(zip(g_dirs + d_dirs, [a, b]))

    for i in range(100):
        step(tf.random.stateless_normal([2], seed=[i, 0]))
    assert step.experimental_get_tracing_count() == 1


@pytest.mark.parametrize("kwargs, message", [
    ({"method": "altga"}, "method: unknown 'altga'; allowed: simga, conopt, smoothing"),
    ({"gamma": -1.0}, "gamma: -1.0 is outside the allowed range [0, inf)"),
])
def test_consensus_gradients_bad_settings_name_the_field(quadratic_game, kwargs, message):
    from consensus_optimization.consensus import consensus_gradients
    from consensus_optimization.errors import InvalidSetting
    g = quadratic_game
    with pytest.raises(InvalidSetting, match=message.replace("[", r"\[").replace("(", r"\(").replace(")", r"\)")):
        consensus_gradients(g.loss_fn, [g.b], [g.a], **kwargs)


def test_alternating_step_with_keras_optimizers_uses_the_new_discriminator(quadratic_game):
    """AltGA's ordering with the caller's Keras optimizers: D's SGD step first, G's gradient at the new D."""
    from consensus_optimization.consensus import alternating_step
    g = quadratic_game
    d_opt, g_opt = tf.keras.optimizers.SGD(LR), tf.keras.optimizers.SGD(LR)
    a, b = g.state()
    for _ in range(3):
        b = b - LR * g.grad_d(a, b)
        a = a - LR * g.grad_g(a, b)
        alternating_step(g.loss_fn, [g.b], [g.a], apply_d=lambda d, v: d_opt.apply_gradients(zip(d, v)),
                         apply_g=lambda d, v: g_opt.apply_gradients(zip(d, v)))
        np.testing.assert_allclose(g.a.numpy(), a, rtol=1e-12)
        np.testing.assert_allclose(g.b.numpy(), b, rtol=1e-12)


def _fresh_closure_data(n):
    return [tf.random.stateless_normal([2], seed=[i, 7], dtype=tf.float64) for i in range(n)]


def _bilinear(a, b):
    def loss(x):
        d = tf.reduce_sum(a * x) * tf.reduce_sum(b * x)
        return d + 0.1 * tf.reduce_sum(b ** 2), -d
    return loss


def test_step_with_a_fresh_closure_per_step_compiles_once_and_reads_each_batch(keras_float64):
    """100 calls of make_optimizer(...).step(lambda: loss(batch), ...) with new data: one trace, and the iterates
    of SimGA by hand on each batch (a trace that kept the first batch would miss them)."""
    a, b = tf.Variable([0.3, -0.2], dtype=tf.float64), tf.Variable([0.1, 0.4], dtype=tf.float64)
    loss, batches = _bilinear(a, b), _fresh_closure_data(100)
    opt = make_optimizer("simga", LR, base="sgd")
    x_a, x_b = a.numpy(), b.numpy()
    for batch in batches:
        opt.step(lambda: loss(batch), [b], [a])
        x = batch.numpy()
        ga, gb = -(x_b @ x) * x, (x_a @ x) * x + 0.2 * x_b
        x_a, x_b = x_a - LR * ga, x_b - LR * gb
    np.testing.assert_allclose(np.concatenate([a.numpy(), b.numpy()]), np.concatenate([x_a, x_b]), rtol=1e-10)
    assert opt._cache.steps.traces() == 1                                      # noqa: SLF001


def test_step_reads_a_module_level_loop_variable_anew(keras_float64):
    """At module level `batch` is a global of the lambda, not a closure cell: still an input of the one trace."""
    a, b = tf.Variable([0.3, -0.2], dtype=tf.float64), tf.Variable([0.1, 0.4], dtype=tf.float64)
    opt, eager = make_optimizer("conopt", LR, gamma=GAMMA), make_optimizer("conopt", LR, gamma=GAMMA)
    namespace = {"opt": opt, "loss": _bilinear(a, b), "a": a, "b": b, "batches": _fresh_closure_data(5)}
    exec("for batch in batches:\n    opt.step(lambda: loss(batch), [b], [a])", namespace)   # a module's loop
    assert opt._cache.steps.traces() == 1                                      # noqa: SLF001
    a2, b2 = tf.Variable([0.3, -0.2], dtype=tf.float64), tf.Variable([0.1, 0.4], dtype=tf.float64)
    loss2 = _bilinear(a2, b2)
    for batch in namespace["batches"]:
        eager.step(lambda: loss2(tf.identity(batch)), [b2], [a2])
    np.testing.assert_allclose(np.concatenate([a.numpy(), b.numpy()]), np.concatenate([a2.numpy(), b2.numpy()]),
                               rtol=1e-12)


@pytest.mark.parametrize("momentum", [0.0, 0.5, -0.3])
def test_tf1_rmsprop_is_tf1s_formula(keras_float64, momentum):
    """TF1 RMSPropOptimizer: ms starts at 1, eps inside the root, mom <- momentum mom + lr g / sqrt(ms + eps)."""
    x = tf.Variable([1.0, -2.0, 0.5], dtype=tf.float64)
    opt = TF1RMSprop(learning_rate=0.01, rho=0.8, momentum=momentum, epsilon=1e-6)
    ref, ms, mom = x.numpy(), np.ones(3), np.zeros(3)
    for k in range(4):
        g = np.array([0.3, -1.0, 2.0]) * (k + 1)
        opt.apply_gradients([(tf.constant(g), x)])
        ms = 0.8 * ms + 0.2 * g ** 2
        mom = momentum * mom + 0.01 * g / np.sqrt(ms + 1e-6)
        ref = ref - mom
    np.testing.assert_allclose(x.numpy(), ref, rtol=1e-13)
    clone = TF1RMSprop.from_config(opt.get_config())
    assert (clone.rho, clone.momentum, clone.epsilon) == (0.8, momentum, 1e-6)


@pytest.mark.parametrize("make, message", [
    (lambda: TF1RMSprop(rho=1.0), "rho: 1.0 is outside the allowed range [0.0, 1.0)"),
    (lambda: HeavyBallSGD(momentum=-1.0), "momentum: -1.0 is outside the allowed range (-1.0, 1.0)"),
])
def test_keras_optimizers_bad_settings_name_the_field(make, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace("[", r"\[").replace(")", r"\)")):
        make()
