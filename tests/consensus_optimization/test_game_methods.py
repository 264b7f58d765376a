"""The game methods after the paper in GameOptimizer, each against its update written by hand in numpy on the
quadratic game of conftest.py (float64; F(z) = (P a + C b + p, Q b + E a + q) is affine, so every expected iterate is
a closed-form numpy expression): extragradient, extrapolation from the past, optimistic gradient, lookahead-minmax over several
methods, alternating and simultaneous heavy-ball momentum (Gidel et al., AISTATS 2019); Extra-Adam's slots; the
state's checkpoint mid-run; bad settings. With base="sgd" and momentum 0 one application of a player's optimizer is
z <- z - h F, h = LR."""
import numpy as np
import pytest
import tensorflow as tf

from consensus_optimization.errors import InvalidSetting
from consensus_optimization.keras_optimizers import HeavyBallSGD
from consensus_optimization.names import GAME_METHODS, LATER_METHODS, METHODS
from consensus_optimization.optimizers import GameOptimizer, make_optimizer

LR = 0.05


def field(g, z):
    """F(z) = (grad_G g_loss, grad_D d_loss) of the quadratic game, z = (a, b) flat."""
    m = len(g.a0)
    return np.concatenate([g.grad_g(z[:m], z[m:]), g.grad_d(z[:m], z[m:])])


def by_hand(g, method, h=LR):
    """One step z -> z' of `method`, with the method's memory in the closure, from the update rules:
    extragradient      z~ = z - h F(z);  z' = z - h F(z~)                              (Korpelevich; Gidel et al. 2019)
    past_extragradient z~_t = z_t - h F(z~_{t-1}); z_{t+1} = z_t - h F(z~_t); F(z~_{-1}) := F(z_0)   (Gidel et al.)
    optimistic         z_{t+1} = z_t - 2h F(z_t) + h F(z_{t-1}); F_{-1} := F_0          (Daskalakis et al. 2018)
    simga              z' = z - h F(z);  altga: D first, then G at the new D."""
    memory = {}
    m = len(g.a0)

    def step(z):
        if method == "extragradient":
            return z - h * field(g, z - h * field(g, z))
        if method == "past_extragradient":
            previous = memory.get("F", field(g, z))
            memory["F"] = field(g, z - h * previous)
            return z - h * memory["F"]
        if method == "optimistic":
            f = field(g, z)
            previous, memory["F"] = memory.get("F", f), f
            return z - 2 * h * f + h * previous
        if method == "simga":
            return z - h * field(g, z)
        if method == "altga":
            b = z[m:] - h * g.grad_d(z[:m], z[m:])
            return np.concatenate([z[:m] - h * g.grad_g(z[:m], b), b])
        raise AssertionError(method)

    return step


def state(g):
    return np.concatenate(g.state())


def steps(opt, g, n):
    for _ in range(n):
        out = opt.step(g.loss_fn, [g.b], [g.a])
    return out


@pytest.mark.parametrize("method", ["extragradient", "past_extragradient", "optimistic"])
def test_each_step_is_the_hand_written_recurrence(quadratic_game, method):
    g = quadratic_game
    opt, step, z = make_optimizer(method, LR, base="sgd"), by_hand(g, method), state(g)
    for _ in range(3):
        z = step(z)
        steps(opt, g, 1)
        np.testing.assert_allclose(state(g), z, rtol=1e-10, atol=1e-13)
    assert int(opt.iterations.numpy()) == 3
    # extragradient and extrapolation from the past apply each player's optimizer twice a step (as Extra-Adam)
    assert int(opt.g_optimizer.iterations.numpy()) == int(opt.d_optimizer.iterations.numpy()) == \
        (3 if method == "optimistic" else 6)


def test_past_extragradient_and_optimistic_differ_from_extragradient_after_the_first_step(quadratic_game):
    """The memory is used: past_extragradient's first step is extragradient's, its second is not; optimistic's
    first is a gradient step."""
    g, z0 = quadratic_game, state(quadratic_game)
    eg, past, simga = (by_hand(g, m) for m in ("extragradient", "past_extragradient", "simga"))
    np.testing.assert_allclose(past(z0), eg(z0), rtol=1e-14)
    z1 = eg(z0)
    assert np.abs(past(z1) - eg(z1)).max() > 1e-6       # O(h^3), far above the tests' 1e-10
    np.testing.assert_allclose(by_hand(g, "optimistic")(z0), simga(z0), rtol=1e-14)


def losses_at(g, z):
    """(d_loss, g_loss) at z, the game's variables left as they were."""
    before = state(g)
    g.a.assign(z[:len(g.a0)]), g.b.assign(z[len(g.a0):])
    losses = [t.numpy() for t in g.loss_fn()]
    g.a.assign(before[:len(g.a0)]), g.b.assign(before[len(g.a0):])
    return losses


@pytest.mark.parametrize("method", ["extragradient", "optimistic", "past_extragradient"])
def test_step_returns_the_losses_where_it_first_evaluates_the_field(quadratic_game, method):
    """At z_t (extragradient, optimistic); at z~_t = z_t - h F(z~_{t-1}) for past_extragradient, its one
    evaluation (z~_0 = z_0 - h F(z_0))."""
    g = quadratic_game
    opt, z0 = make_optimizer(method, LR, base="sgd"), state(g)
    z1 = by_hand(g, method)(z0)
    where = [z0, z1]
    if method == "past_extragradient":
        previous = field(g, z0 - LR * field(g, z0))              # F(z~_0)
        where = [z0 - LR * field(g, z0), z1 - LR * previous]
    for at in where:
        out = opt.step(g.loss_fn, [g.b], [g.a])
        np.testing.assert_allclose([out["d_loss"].numpy(), out["g_loss"].numpy()], losses_at(g, at), rtol=1e-12)


def test_extragradient_over_keras_adam_is_extra_adam(quadratic_game):
    """Extra-Adam (Gidel et al. 2019): the extrapolation and the update are both Adam applications that advance the
    moments m, v and the step count t; the update starts from the saved z. Keras' Adam: t += 1, m += (1-b1)(g - m),
    v += (1-b2)(g^2 - v), x -= lr sqrt(1-b2^t)/(1-b1^t) m / (sqrt(v) + eps). (Keras' Adam is this formula to about
    1e-7 relative in float64: keras.ops.power(0.9, 1.0) is 0.9 to 2.4e-8; an extrapolation that left the slots alone
    differs by more than 1e-4.)"""
    import keras
    g = quadratic_game
    b1, b2, eps = 0.5, 0.9, 1e-8
    adam = lambda: keras.optimizers.Adam(LR, beta_1=b1, beta_2=b2, epsilon=eps)   # noqa: E731
    opt = GameOptimizer("extragradient", 0.0, adam(), adam())

    def run(extrapolation_advances_slots):
        z, slots = state(g), {"m": 0.0, "v": 0.0, "t": 0}

        def apply(x, grad, advance=True):
            m, v, t = slots["m"] + (1 - b1) * (grad - slots["m"]), slots["v"] + (1 - b2) * (grad ** 2 - slots["v"]), \
                slots["t"] + 1
            if advance:
                slots.update(m=m, v=v, t=t)
            return x - LR * np.sqrt(1 - b2 ** t) / (1 - b1 ** t) * m / (np.sqrt(v) + eps)

        for _ in range(3):
            z_tilde = apply(z, field(g, z), advance=extrapolation_advances_slots)
            z = apply(z, field(g, z_tilde))
        return z

    expected, other = run(True), run(False)
    steps(opt, g, 3)
    np.testing.assert_allclose(state(g), expected, rtol=1e-6, atol=1e-7)
    assert np.abs(state(g) - other).max() > 1e-4
    assert int(opt.g_optimizer.iterations.numpy()) == 6 and int(opt.iterations.numpy()) == 3


@pytest.mark.parametrize("method", ["simga", "altga", "extragradient", "optimistic", "past_extragradient"])
@pytest.mark.parametrize("k, alpha", [(3, 0.5), (1, 0.3)])
def test_lookahead_averages_every_k_steps(quadratic_game, method, k, alpha):
    """Lookahead-minmax (Chavdarova et al. 2021): z0 at the start of a block, k steps of the method (its memory
    carried across blocks), then z <- z0 + alpha (zk - z0) for both players."""
    g = quadratic_game
    opt, step, z = make_optimizer(method, LR, base="sgd", lookahead=(k, alpha)), by_hand(g, method), state(g)
    slow = z
    for t in range(1, 8):
        z = step(z)
        if t % k == 0:
            z = slow = slow + alpha * (z - slow)
        steps(opt, g, 1)
        np.testing.assert_allclose(state(g), z, rtol=1e-10, atol=1e-13)
    assert int(opt.lookahead.steps.numpy()) == 7 and int(opt.iterations.numpy()) == 7


def test_lookahead_with_alpha_one_is_the_method(quadratic_game):
    g = quadratic_game
    z0 = state(g)
    steps(make_optimizer("optimistic", LR, base="sgd", lookahead=(2, 1.0)), g, 5)
    with_lookahead = state(g)
    g.a.assign(z0[:len(g.a0)]), g.b.assign(z0[len(g.a0):])
    steps(make_optimizer("optimistic", LR, base="sgd"), g, 5)
    np.testing.assert_allclose(with_lookahead, state(g), rtol=1e-13)


@pytest.mark.parametrize("method", ["altga", "simga"])
@pytest.mark.parametrize("beta", [-0.5, -0.1, 0.3])
def test_heavy_ball_is_gidel_et_al_s_recurrence(quadratic_game, method, beta):
    """Gidel et al., AISTATS 2019: each player x_{t+1} = x_t - h grad_x + beta (x_t - x_{t-1}), x_{-1} = x_0;
    alternating: the discriminator first, the generator's gradient at the new discriminator (AltGA's order);
    simultaneous: both gradients at (a_t, b_t). beta < 0 is their negative momentum."""
    g = quadratic_game
    opt = make_optimizer(method, LR, base="sgd", momentum=beta)
    a, b = g.state()
    a_prev, b_prev = a, b
    for _ in range(5):
        b_new = b - LR * g.grad_d(a, b) + beta * (b - b_prev)
        a_new = a - LR * g.grad_g(a, b_new if method == "altga" else b) + beta * (a - a_prev)
        (a_prev, a), (b_prev, b) = (a, a_new), (b, b_new)
        steps(opt, g, 1)
        np.testing.assert_allclose(state(g), np.concatenate([a, b]), rtol=1e-10, atol=1e-13)


CHECKPOINTED = [  # (method, make_optimizer's keyword arguments)
    ("past_extragradient", dict(base="sgd")),
    ("optimistic", dict(base="sgd")),
    ("extragradient", dict(base="rmsprop", momentum=0.3)),
    ("simga", dict(base="sgd", lookahead=(3, 0.5))),
    ("optimistic", dict(base="rmsprop", lookahead=(4, 0.6))),
]


@pytest.mark.parametrize("method, kwargs", CHECKPOINTED)
def test_checkpoint_mid_run_continues_bit_for_bit(quadratic_game, tmp_path, method, kwargs):
    """2 steps, save (mid lookahead block, with a previous F in memory), 3 steps more, restore into a fresh
    optimizer, 4 steps: the 6-step run exactly. Without the new state restored the run differs (the test can fail)."""
    g = quadratic_game
    z0 = state(g)

    def reset(z):
        g.a.assign(z[:len(g.a0)]), g.b.assign(z[len(g.a0):])

    steps(make_optimizer(method, LR, **kwargs), g, 6)
    expected = state(g)
    reset(z0)
    opt = make_optimizer(method, LR, **kwargs)
    steps(opt, g, 2)
    path = tf.train.Checkpoint(opt=opt, a=g.a, b=g.b).save(str(tmp_path / "ckpt"))
    steps(opt, g, 3)
    fresh = make_optimizer(method, LR, **kwargs)
    fresh.build([g.b], [g.a])
    tf.train.Checkpoint(opt=fresh, a=g.a, b=g.b).restore(path).assert_consumed()
    steps(fresh, g, 4)
    np.testing.assert_array_equal(state(g), expected)
    assert int(fresh.iterations.numpy()) == 6

    if method == "extragradient" and "lookahead" not in kwargs:
        return      # its state is the step count alone
    fresh = make_optimizer(method, LR, **kwargs)       # the players' optimizers restored, not the new state
    fresh.build([g.b], [g.a])
    players = tf.Module()
    players.d_optimizer, players.g_optimizer = fresh.d_optimizer, fresh.g_optimizer
    status = tf.train.Checkpoint(opt=players, a=g.a, b=g.b).restore(path)
    status.assert_existing_objects_matched().expect_partial()
    steps(fresh, g, 4)
    assert np.abs(state(g) - expected).max() > 1e-6


@pytest.mark.parametrize("method", ["extragradient", "past_extragradient", "optimistic"])
def test_one_trace_for_fresh_closures_and_inside_a_callers_loop(keras_float64, method):
    """A fresh closure over new data each step reuses the compiled step (tf.cond and the memory included), and the
    step runs inside a caller's tf.function as eagerly."""
    a, b = tf.Variable([0.3, -0.2], dtype=tf.float64), tf.Variable([0.1, 0.4], dtype=tf.float64)

    def loss(x):
        d = tf.reduce_sum(a * x) * tf.reduce_sum(b * x)
        return d + 0.1 * tf.reduce_sum(b ** 2), -d

    batches = [tf.random.stateless_normal([2], seed=[i, 3], dtype=tf.float64) for i in range(6)]
    opt = make_optimizer(method, LR, base="sgd", lookahead=(2, 0.5))
    for batch in batches:
        opt.step(lambda: loss(batch), [b], [a])
    assert opt._cache.steps.traces() == 1                                           # noqa: SLF001
    eager = np.concatenate([a.numpy(), b.numpy()])
    a.assign([0.3, -0.2]), b.assign([0.1, 0.4])
    looped = make_optimizer(method, LR, base="sgd", lookahead=(2, 0.5))
    looped.build([b], [a])

    @tf.function
    def loop():
        for batch in batches:
            looped.step(lambda: loss(batch), [b], [a])

    loop()
    np.testing.assert_allclose(np.concatenate([a.numpy(), b.numpy()]), eager, rtol=1e-13)


def test_direction_methods_use_game_directions(quadratic_game):
    """hamiltonian: z <- z - h J^T F (J = F', the grad of 1/2 ||F||^2); sga and cgd: the step applies the
    directions of game_directions with lambda = gamma and eta = the learning rate."""
    game_directions = pytest.importorskip("consensus_optimization.game_directions")
    g = quadratic_game
    z0 = state(g)
    jac = np.block([[g.P, g.C], [g.E, g.Q]])                      # F' = -v'
    steps(make_optimizer("hamiltonian", LR, base="sgd"), g, 1)
    np.testing.assert_allclose(state(g), z0 - LR * jac.T @ field(g, z0), rtol=1e-10)
    for method, call in (("sga", lambda: game_directions.sga_gradients(g.loss_fn, [g.b], [g.a], lam=0.7)),
                         ("cgd", lambda: game_directions.cgd_gradients(g.loss_fn, [g.b], [g.a], eta=LR))):
        g.a.assign(z0[:len(g.a0)]), g.b.assign(z0[len(g.a0):])
        d_dirs, g_dirs = call()[:2]
        expected = z0 - LR * np.concatenate([g_dirs[0].numpy(), d_dirs[0].numpy()])
        steps(make_optimizer(method, LR, gamma=0.7, base="sgd"), g, 1)
        np.testing.assert_allclose(state(g), expected, rtol=1e-10, err_msg=method)


def test_the_method_names():
    assert METHODS == ("simga", "altga", "conopt", "smoothing")      # the image runs validate against these
    assert LATER_METHODS == ("hamiltonian", "sga", "cgd", "extragradient", "past_extragradient", "optimistic")
    assert GAME_METHODS == METHODS + LATER_METHODS


ALLOWED = "allowed: " + ", ".join(GAME_METHODS)


@pytest.mark.parametrize("kwargs, message", [
    (dict(name="adam"), f"method: unknown 'adam'; {ALLOWED}"),
    (dict(name="optimistic", lookahead=(0, 0.5)), "lookahead k: expected an integer in [1, inf), got 0"),
    (dict(name="simga", lookahead=(2.5, 0.5)), "lookahead k: expected an integer in [1, inf), got 2.5"),
    (dict(name="simga", lookahead=(3, 0.0)), "lookahead alpha: 0.0 is outside the allowed range (0.0, 1.0]"),
    (dict(name="simga", lookahead=(3, 1.5)), "lookahead alpha: 1.5 is outside the allowed range (0.0, 1.0]"),
    (dict(name="simga", lookahead=3), "lookahead: expected None or (k, alpha), got 3"),
    (dict(name="sga", gamma=-1.0), "gamma: -1.0 is outside the allowed range [0.0, inf)"),
])
def test_bad_settings_name_the_field_and_the_allowed_values(kwargs, message):
    with pytest.raises(InvalidSetting) as error:
        make_optimizer(learning_rate=LR, **kwargs)
    assert str(error.value) == message
    with pytest.raises(InvalidSetting, match="lookahead alpha"):
        GameOptimizer("extragradient", 0.0, HeavyBallSGD(LR), HeavyBallSGD(LR), lookahead=(2, -1.0))


@pytest.mark.parametrize("method", ["extragradient", "optimistic"])
def test_consensus_gan_fits_with_a_later_method_and_counts_steps(method):
    """ConsensusGAN draws its noise from the step count, `GameOptimizer.iterations`: steps, not the players'
    optimizer applications (two a step for extragradient)."""
    import keras
    from consensus_optimization import ConsensusGAN
    from numerics_of_gans.mog import model as mog
    setting = mog.MoGSetting()
    gan = ConsensusGAN(mog.build_generator(setting, seed=0), mog.build_discriminator(setting, seed=0), seed=0)
    gan.compile(d_optimizer=keras.optimizers.Adam(1e-4), g_optimizer=keras.optimizers.Adam(1e-4), method=method)
    seed = lambda i: tf.stack([tf.constant(3, tf.int64), i])       # noqa: E731
    real = tf.data.Dataset.range(3).map(lambda i: mog.sample_target(setting, 64, seed(i)))
    history = gan.fit(real, verbose=0, shuffle=False).history
    assert set(history) == {"d_loss", "g_loss"} and np.isfinite(history["d_loss"] + history["g_loss"]).all()
    assert int(gan.game.iterations.numpy()) == 3
    assert int(gan.g_optimizer.iterations.numpy()) == (6 if method == "extragradient" else 3)


def test_state_built_for_other_variables_is_refused(quadratic_game):
    g = quadratic_game
    opt = make_optimizer("optimistic", LR, base="sgd", lookahead=(2, 0.5))
    steps(opt, g, 1)
    with pytest.raises(InvalidSetting, match="variables: this optimizer's d_previous state was built for other"):
        opt.build([tf.Variable(np.zeros(7))], [g.a])
