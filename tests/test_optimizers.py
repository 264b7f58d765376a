"""Every optimizer update against an independent numpy formula on the quadratic game of conftest.py."""
import numpy as np
import pytest
import tensorflow as tf

from numerics_of_gans.optimizers import make_optimizer

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
