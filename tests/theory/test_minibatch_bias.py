"""Lemma 15 (supplement): minibatch bias of the consensus loss and its debiasing."""
from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from numerics_of_gans.mog import model as mog
from numerics_of_gans.io import to_jsonable, write_json
from numerics_of_gans.plots import lemma15_minibatch_bias as fig
from numerics_of_gans.theory import minibatch_bias as mb
from paper_checks.checks.minibatch_bias import lemma15
from paper_checks.registry import Context

SMALL = mb.Params(warmup_steps=20, pool_size=1024, n_pools=24)   # B up to 256: 4 minibatches per pool


def _ctx(tmp_path, result) -> Context:
    write_json(tmp_path / "theory" / "L15.json", result)
    return Context("smoke", tmp_path)


@pytest.fixture(scope="module")
def small_result():
    return to_jsonable(mb.compute(SMALL))


def test_pool_statistics_by_hand():
    # v = (1,0), (3,0), (0,2), (0,-2): mean (1,0), ||v_i||^2 = 1, 9, 4, 4 (mean 4.5), Var_hat = 4/3 (4.5 - 1) = 14/3,
    # L_hat = 1/2 (1 - (14/3)/4) = -1/12 (the U-statistic may be negative).
    # B = 2: minibatch means (2,0), (0,0) -> L_B = 2, 0; S = 5 - 4 = 1 and 4 - 0 = 4 -> debiased 2 - 1/2, 0 - 4/2.
    V = np.array([[1.0, 0.0], [3.0, 0.0], [0.0, 2.0], [0.0, -2.0]])
    st = mb.pool_statistics(V, (1, 2))
    assert np.isclose(st["var_hat"], 14 / 3) and np.isclose(st["L_hat"], -1 / 12)
    assert np.allclose(st["lb"], [4.5 / 2, 1.0])
    assert np.isclose(st["deb"][1], (1.5 - 2.0) / 2) and np.isnan(st["deb"][0])
    assert np.isclose(st["lb_sq"][1], (4 + 0) / 2)
    with pytest.raises(ValueError, match="must divide"):
        mb.pool_statistics(V, (3,))


def test_b1_identity_and_debiased_equals_scaled_bias_per_pool():
    # Per pool: bias(B=1) - Var_hat/2 = 0 exactly, and (debiased - L_hat) = B/(B-1) (bias - Var_hat/(2B)).
    rng = np.random.default_rng(1)
    V = rng.normal(size=(64, 7)) + 0.3
    bs = (1, 2, 4, 8, 16)
    st = mb.pool_statistics(V.astype(np.float32), bs)
    d = np.array(st["lb"]) - st["L_hat"] - st["var_hat"] / (2 * np.array(bs))
    assert abs(d[0]) < 1e-12
    e = np.array(st["deb"][1:]) - st["L_hat"]
    assert np.allclose(e, np.array(bs[1:]) / (np.array(bs[1:]) - 1) * d[1:], rtol=1e-9, atol=1e-12)


def _gaussian_pools(rng, mu, sigma, n, R, correlated=False):
    pools = []
    for _ in range(R):
        V = mu + sigma * rng.standard_normal((n, mu.size))
        if correlated:                      # each example twice in a row: minibatches are not i.i.d. any more
            V[1::2] = V[0::2]
        pools.append(V)
    return pools


def test_lemma_on_gaussian_vectors_with_known_variance():
    # v_i ~ N(mu, diag(sigma^2)): L = 1/2 ||mu||^2 and Var[v_1] = sum sigma^2 in closed form.
    rng = np.random.default_rng(0)
    mu, sigma = np.array([0.5, -0.3, 0.2, 0.0, 0.1]), np.array([1.0, 0.5, 0.8, 0.3, 1.2])
    L, var = 0.5 * mu @ mu, float(np.sum(sigma ** 2))
    bs = (1, 2, 4, 8, 16, 32, 64)
    pools = [mb.pool_statistics(V, bs) for V in _gaussian_pools(rng, mu, sigma, 256, 400)]
    out = mb.summarise(pools, bs, slope_min_snr=10.0)
    m, raw = out["metrics"], out["raw"]
    b = np.array(bs, float)
    # against the exact L and Var (no estimated reference at all): E[L_B] = L + Var/(2B)
    lb, lb_se = np.array(raw["L_B_mean"]), np.array(raw["L_B_mean_se"])
    assert np.all(np.abs(lb - (L + var / (2 * b))) < 4 * lb_se)
    assert abs(m["L"] - L) < 4 * m["L_se"] and abs(m["var"] - var) < 4 * m["var_se"]
    # the paired estimates
    assert np.all(np.abs(m["z_bias"]) < 4) and np.all(np.abs(m["z_debiased"]) < 4)
    assert abs(m["z_bias"][0]) < 1e-3
    assert abs(m["slope"] + 1) < 0.02 and m["slope_batch_sizes"] == list(bs)
    assert np.allclose(m["predicted"], m["var"] / (2 * b))
    # pairing removes the shared noise term v.(v_B - v): much smaller SE than an independent reference at large B
    assert m["bias_se"][-1] < 0.5 * raw["bias_se_unpaired"][-1]


def test_estimator_detects_dependent_examples():
    # Duplicated examples break the lemma's independence: Var[v_B] = Var/(B/2), so the bias doubles for B >= 2.
    rng = np.random.default_rng(2)
    mu, sigma = np.array([0.4, 0.1, -0.2]), np.array([1.0, 0.7, 0.4])
    bs = (1, 2, 4, 8, 16)
    pools = [mb.pool_statistics(V, bs) for V in _gaussian_pools(rng, mu, sigma, 128, 200, correlated=True)]
    m = mb.summarise(pools, bs, 10.0)["metrics"]
    assert np.all(np.array(m["z_bias"][1:]) > 10) and np.all(np.array(m["z_debiased"]) > 10)
    assert np.allclose(np.array(m["bias"][1:]) / np.array(m["predicted"][1:]), 2.0, rtol=0.1)


def test_per_example_fields_average_to_the_minibatch_field():
    s = mog.MoGSetting()
    g, d = mog.build_generator(s, 5), mog.build_discriminator(s, 5)
    real = mog.sample_target(s, 32, tf.constant([1, 2]))
    z = mog.sample_latent(s, 32, tf.constant([3, 4]))
    field = mb.field_fn(s, g, d)
    V = mb.per_example_fields(field, real, z).numpy()
    assert V.shape == (32, 2003)
    assert np.allclose(V.mean(axis=0), field(real, z).numpy(), atol=1e-6)
    # sign and order (docs/setup.md): v = -(grad_G g_loss, grad_D d_loss), generator first
    with tf.GradientTape() as tape:
        _, g_loss = mog.per_example_losses(s, g, d, real[:1], z[:1])
    grad_g = np.concatenate([t.numpy().ravel() for t in tape.gradient(g_loss, g.trainable_variables)])
    assert np.allclose(V[0, :1122], -grad_g, atol=1e-6)


def test_compute_small_and_check(tmp_path, small_result):
    m = small_result["metrics"]
    assert m["n_params"] == 2003 and m["n_examples"] == 1024 * 24
    assert m["batch_sizes"] == [1, 2, 4, 8, 16, 32, 64, 128, 256]
    assert abs(m["slope"] + 1) < 0.1 and m["max_abs_z_bias"] < 3
    assert m["var"] > 0 and m["bias"][0] > m["bias"][-1] > 0
    assert lemma15(_ctx(tmp_path, small_result)).status == "pass"


def test_compute_deterministic():
    p = mb.Params(warmup_steps=5, pool_size=512, n_pools=3, batch_sizes=(1, 2, 4))
    a, b = mb.compute(p)["metrics"], mb.compute(p)["metrics"]
    a.pop("runtime_s"), b.pop("runtime_s")
    assert a == b


def test_check_fails_on_doctored_results(tmp_path, small_result):
    m = small_result["metrics"]
    doctored = {
        "z_bias": dict(z_bias=m["z_bias"][:3] + [4.0] + m["z_bias"][4:]),
        "z_debiased": dict(z_debiased=[-3.5] + m["z_debiased"][1:]),
        "slope": dict(slope=-0.85),
        "slope nan": dict(slope="nan"),
        "too few slope points": dict(slope_batch_sizes=[1, 2]),
        "B range": dict(batch_sizes=m["batch_sizes"][:-1], z_bias=m["z_bias"][:-1]),
    }
    for name, change in doctored.items():
        bad = dict(small_result, metrics=dict(m, **change))
        assert lemma15(_ctx(tmp_path, bad)).status == "fail", name


def test_plot(tmp_path, small_result):
    fig.plot(small_result, tmp_path / "l15.pdf", "smoke")
    assert (tmp_path / "l15.pdf").stat().st_size > 0 and (tmp_path / "l15.png").stat().st_size > 0
