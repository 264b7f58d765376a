"""The mixture-of-Gaussians GAN (numerics_of_gans.mog.model): data, networks, losses."""
from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from consensus_optimization import objectives
from numerics_of_gans.mog import model as mog

S = mog.MoGSetting()


def test_paper_defaults():
    assert (S.n_components, S.radius, S.std, S.z_dim) == (8, 1.0, 0.01, 16)
    assert (S.g_layers, S.g_units, S.d_layers, S.d_units) == (4, 16, 4, 16)
    assert (S.batch_size, S.objective, S.kde_box) == (512, "standard", 1.6)


def test_target_means_by_hand():
    m = mog.target_means(S)
    assert m.shape == (8, 2)
    r = np.sqrt(0.5)
    expected = [(1, 0), (r, r), (0, 1), (-r, r), (-1, 0), (-r, -r), (0, -1), (r, -r)]   # angles 2 pi k / 8
    assert np.allclose(m, expected, atol=1e-12)


def test_parameter_count_by_hand():
    # generator: 16->16 (16*16+16 = 272), three more 16->16 (3*272 = 816), 16->2 (16*2+2 = 34): 1122
    # discriminator: 2->16 (2*16+16 = 48), three 16->16 (816), 16->1 (16+1 = 17): 881
    g, d = mog.build_generator(S, 0), mog.build_discriminator(S, 0)
    assert g.count_params() == 272 + 3 * 272 + 34 == 1122
    assert d.count_params() == 48 + 3 * 272 + 17 == 881
    assert mog.n_parameters(S) == (1122, 881)
    assert mog.n_parameters(mog.MoGSetting(g_layers=1, g_units=3, z_dim=2, d_layers=2, d_units=5)) == (
        (2 * 3 + 3) + (3 * 2 + 2), (2 * 5 + 5) + (5 * 5 + 5) + (5 + 1))


def test_shapes_and_names():
    g, d = mog.build_generator(S, 1), mog.build_discriminator(S, 1)
    assert (g.name, d.name) == ("generator", "discriminator")
    z = mog.sample_latent(S, 7, tf.constant([0, 1]))
    x = g(z)
    assert z.shape == (7, 16) and x.shape == (7, 2) and d(x).shape == (7, 1)
    assert [type(layer).__name__ for layer in g.layers] == ["Dense"] * 5
    assert [layer.activation.__name__ for layer in d.layers] == ["relu"] * 4 + ["linear"]


def test_initialisation_deterministic_from_seed():
    def weights(model):
        return [w.numpy() for w in model.weights]
    a, b, c = mog.build_generator(S, 3), mog.build_generator(S, 3), mog.build_generator(S, 4)
    assert all(np.array_equal(x, y) for x, y in zip(weights(a), weights(b)))
    assert not np.array_equal(weights(a)[0], weights(c)[0])
    # G and D from the same seed do not share their 16x16 hidden kernels, nor do two layers of one net
    g, d = mog.build_generator(S, 3), mog.build_discriminator(S, 3)
    assert not np.array_equal(g.layers[1].kernel.numpy(), d.layers[1].kernel.numpy())
    assert not np.array_equal(g.layers[1].kernel.numpy(), g.layers[2].kernel.numpy())
    assert all(np.all(layer.bias.numpy() == 0) for layer in g.layers)


def test_target_samples_near_the_modes_with_the_right_std():
    n = 16000
    x = mog.sample_target(S, n, tf.constant([5, 6])).numpy()
    assert x.shape == (n, 2) and x.dtype == np.float32
    means = mog.target_means(S)
    dist = np.linalg.norm(x[:, None, :] - means[None], axis=2)
    k = dist.argmin(axis=1)
    resid = x - means[k]
    assert dist.min(axis=1).max() < 0.06                      # 6 std: every sample sits on a mode
    assert abs(resid.std() / 0.01 - 1) < 0.02                   # per-coordinate std 0.01 (SE of the ratio ~0.4 %)
    assert np.allclose(resid.mean(axis=0), 0, atol=4e-4)
    counts = np.bincount(k, minlength=8) / n                    # uniform weights: 1/8 +- 4 SE (SE ~ 0.0026)
    assert np.all(np.abs(counts - 1 / 8) < 0.011)


def test_sampling_stateless_and_usable_in_tf_function():
    seed = tf.constant([11, 12], tf.int64)
    x1, x2 = mog.sample_target(S, 5, seed), mog.sample_target(S, 5, seed)
    assert np.array_equal(x1.numpy(), x2.numpy())
    assert not np.array_equal(x1.numpy(), mog.sample_target(S, 5, tf.constant([11, 13], tf.int64)).numpy())

    @tf.function
    def batches(base):
        out = []
        for step in range(3):                  # a fresh batch per step from the seed (base, step)
            s = base + tf.constant([0, step], tf.int64)
            out.append(mog.sample_latent(S, 4, s)[0, 0] + mog.sample_target(S, 4, s)[0, 0])
        return tf.stack(out)

    a = batches(tf.constant([1, 0], tf.int64)).numpy()
    assert np.array_equal(a, batches(tf.constant([1, 0], tf.int64)).numpy()) and len(set(a.tolist())) == 3
    z = mog.sample_latent(S, 20000, tf.constant([3, 4])).numpy()
    assert abs(z.mean()) < 0.01 and abs(z.std() - 1) < 0.01
    with pytest.raises(TypeError):
        mog.sample_latent(S, 2, tf.constant([1.0, 2.0]))


def test_losses_per_example_and_batch_agree():
    g, d = mog.build_generator(S, 0), mog.build_discriminator(S, 0)
    real = mog.sample_target(S, 9, tf.constant([1, 1]))
    z = mog.sample_latent(S, 9, tf.constant([2, 2]))
    d_i, g_i = mog.per_example_losses(S, g, d, real, z)
    assert d_i.shape == (9,) and g_i.shape == (9,)
    d_loss, g_loss = mog.make_loss_fn(S, g, d, real, z)()
    assert np.isclose(d_loss.numpy(), d_i.numpy().mean(), rtol=1e-6)
    assert np.isclose(g_loss.numpy(), g_i.numpy().mean(), rtol=1e-6)
    # the standard objective by hand: softplus(-D(real)) + softplus(D(fake)), non-saturating softplus(-D(fake))
    dr, df = d(real).numpy()[:, 0], d(g(z)).numpy()[:, 0]
    assert np.allclose(d_i.numpy(), np.logaddexp(0, -dr) + np.logaddexp(0, df), rtol=1e-5)
    assert np.allclose(g_i.numpy(), np.logaddexp(0, -df), rtol=1e-5)
    assert "standard" in objectives.OBJECTIVES
