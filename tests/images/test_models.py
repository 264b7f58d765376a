"""Every architecture: output shapes and parameter counts (hand-derived from the layer list of the original code)."""
from __future__ import annotations

import numpy as np
import pytest

F, Z, C = 4, 8, 3          # tiny width, latent size, channels


def conv(cin, cout, k=5, bias=True):
    return k * k * cin * cout + (cout if bias else 0)


def dense(n_in, n_out, bias=True):
    return n_in * n_out + (n_out if bias else 0)


def res(c, inner):          # residual branch conv3x3 c->inner, conv3x3 inner->c
    return conv(c, inner, 3) + conv(inner, c, 3)


def expected(arch: str, size: int):
    """(G trainable, D trainable, batch-norm channels of G, of D) at width F."""
    f = F
    s = size // (8 if arch in ("dcgan3", "dcgan3_nobn", "conv3") else 16)
    if arch == "dcgan3":
        g = dense(Z, s * s * 4 * f, False) + s * s * 4 * f + conv(4 * f, 2 * f, bias=False) + 2 * f \
            + conv(2 * f, f, bias=False) + f + conv(f, C)
        g_bn = s * s * 4 * f + 2 * f + f
        d = conv(C, f) + conv(f, 2 * f, bias=False) + 2 * f + conv(2 * f, 4 * f, bias=False) + 4 * f \
            + dense(s * s * 4 * f, 1)
        return g, d, g_bn, 6 * f
    if arch == "dcgan3_nobn":
        return (dense(Z, s * s * 4 * f) + conv(4 * f, 2 * f) + conv(2 * f, f) + conv(f, C),
                conv(C, f) + conv(f, 2 * f) + conv(2 * f, 4 * f) + dense(s * s * 4 * f, 1), 0, 0)
    if arch == "dcgan4":
        g = dense(Z, s * s * 8 * f) + 8 * f + conv(8 * f, 4 * f, bias=False) + 4 * f \
            + conv(4 * f, 2 * f, bias=False) + 2 * f + conv(2 * f, f, bias=False) + f + conv(f, C)
        d = conv(C, f) + sum(conv(a, 2 * a, bias=False) + 2 * a for a in (f, 2 * f, 4 * f)) + dense(s * s * 8 * f, 1)
        return g, d, 15 * f, 14 * f
    if arch == "dcgan4_nobn":
        return (dense(Z, s * s * 8 * f) + conv(8 * f, 4 * f) + conv(4 * f, 2 * f) + conv(2 * f, f) + conv(f, C),
                conv(C, f) + conv(f, 2 * f) + conv(2 * f, 4 * f) + conv(4 * f, 8 * f) + dense(s * s * 8 * f, 1), 0, 0)
    if arch == "dcgan4_nobn_cf":
        return (dense(Z, s * s * f) + 3 * conv(f, f) + conv(f, C),
                conv(C, f) + 3 * conv(f, f) + dense(s * s * f, 1), 0, 0)
    if arch == "conv3":
        return (dense(Z, s * s * f) + 2 * conv(f, f) + conv(f, C),
                conv(C, f) + 2 * conv(f, f) + dense(s * s * f, 512) + dense(512, 1), 0, 0)
    if arch == "conv4":
        return (dense(Z, 512) + dense(512, s * s * f) + 3 * conv(f, f) + conv(f, C),
                conv(C, f) + 3 * conv(f, f) + dense(s * s * f, 512) + dense(512, 1), 0, 0)
    if arch == "resnet":
        g = dense(Z, s * s * 8 * f) + sum(conv(2 * c, c) + res(c, c // 2) for c in (4 * f, 2 * f, f)) + conv(f, C)
        d = conv(C, f) + res(f, f // 2) + sum(conv(c // 2, c) + res(c, c // 2) for c in (2 * f, 4 * f, 8 * f)) \
            + dense(s * s * 8 * f, 1)
        return g, d, 0, 0
    if arch == "resnet_cf":
        g = dense(Z, s * s * f) + 3 * (conv(f, f) + res(f, f // 2)) + conv(f, C)
        d = conv(C, f) + res(f, f) + 3 * (conv(f, f) + res(f, f // 2)) + dense(s * s * f, 1)
        return g, d, 0, 0
    raise AssertionError(arch)


def count(variables):
    return int(sum(np.prod(v.shape) for v in variables))


@pytest.mark.parametrize("arch", ["dcgan3", "dcgan3_nobn", "dcgan4", "dcgan4_nobn", "dcgan4_nobn_cf", "conv3",
                                  "conv4", "resnet", "resnet_cf"])
def test_shapes_and_parameter_counts(arch):
    from numerics_of_gans.images import models
    size = 16 if models.downsampling(arch) == 16 else 8 if arch != "dcgan3" else 16
    g, d = models.build_pair(arch, F, size, C, Z, seed=0)
    z = np.random.default_rng(0).normal(size=(2, Z)).astype("float32")
    x = g(z, training=False).numpy()
    assert x.shape == (2, size, size, C) and np.all(np.abs(x) <= 1)
    assert tuple(d(x, training=False).shape) == (2, 1)
    g_n, d_n, g_bn, d_bn = expected(arch, size)
    assert count(g.trainable_variables) == g_n
    assert count(d.trainable_variables) == d_n
    # batch norm only where the original had it: its moving mean and variance are the only non-trainable state
    assert count(g.non_trainable_variables) == 2 * g_bn
    assert count(d.non_trainable_variables) == 2 * d_bn
    assert (g_bn + d_bn > 0) == (arch in models.BATCH_NORM)


def test_same_seed_same_weights_and_validation():
    from numerics_of_gans.images import models
    a = models.build_generator("dcgan3_nobn", F, 8, C, Z, seed=3)
    b = models.build_generator("dcgan3_nobn", F, 8, C, Z, seed=3)
    c = models.build_generator("dcgan3_nobn", F, 8, C, Z, seed=4)
    for va, vb in zip(a.weights, b.weights):
        np.testing.assert_array_equal(va.numpy(), vb.numpy())
    assert not np.array_equal(a.weights[0].numpy(), c.weights[0].numpy())
    with pytest.raises(ValueError, match="output_size"):
        models.build_generator("dcgan4", F, 24, C, Z)
    with pytest.raises(ValueError, match="arch"):
        models.build_generator("vgg", F, 16, C, Z)


def test_paper_size_output_shapes():
    from numerics_of_gans.images import models
    g = models.build_generator("dcgan3_nobn", 64, 32, 3, 256)
    assert tuple(g.output_shape) == (None, 32, 32, 3)
    g = models.build_generator("resnet_cf", 8, 64, 3, 64)
    assert tuple(g.output_shape) == (None, 64, 64, 3)
