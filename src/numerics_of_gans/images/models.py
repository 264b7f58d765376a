"""The image GANs of the paper (Figures 4-14) as Keras 3 build functions.

Every architecture of the authors' code (consensus_gan/models/*.py; docs/setup.md, "Architectures") is rebuilt with the
TF1-slim defaults that code relied on:
- convolutions: 5x5, stride 2, 'same' padding (transposed convolutions alike); 3x3 stride 1 inside residual blocks;
- kernels Glorot-uniform (slim's xavier default), biases zero; a layer followed by batch norm has no bias;
- batch norm = slim.batch_norm defaults: a shift (beta) but no scale (gamma), decay 0.999, epsilon 1e-3;
- leaky ReLU slope 0.2; the generator ends in tanh, the discriminator in one logit ([B, 1]).

    G = build_generator("dcgan3_nobn", f=64, output_size=32, channels=3, z_dim=256, seed=0)
    D = build_discriminator("dcgan3_nobn", f=64, output_size=32, channels=3, seed=0)

`resnet` follows the code's final release (commit c8e9bf4): widths 8f, 4f, 2f, f in the generator and f .. 8f in
the discriminator, residual branches conv3x3 (c/2) -> conv3x3 (c) added with weight 0.1. (The paper-era code, an
earlier commit, fce4055, whose branches were added with weight 1 and initialised with std 1e-5.)
"""
from __future__ import annotations

import keras
import numpy as np

from numerics_of_gans.names import ARCHITECTURES, THREE_STRIDED

BATCH_NORM = frozenset({"dcgan3", "dcgan4"})   # the only families with batch norm in the original code
_DEPTH = {a: 3 if a in THREE_STRIDED else 4 for a in ARCHITECTURES}
SLOPE = 0.2


def downsampling(arch: str) -> int:
    """The factor between output size and the smallest feature map: 8 (3 strided layers) or 16 (4)."""
    return 2 ** _DEPTH[arch]


class _Builder:
    """Hands out layers with per-layer seeded initialisers, so equal seeds give equal weights."""

    def __init__(self, seed: int, salt: int):
        self._seeds = iter(int(s) for s in np.random.SeedSequence([int(seed), salt]).generate_state(256) % (2**31 - 1))

    def _init(self):
        return keras.initializers.GlorotUniform(seed=next(self._seeds))

    def dense(self, x, units, bias=True):
        return keras.layers.Dense(units, use_bias=bias, kernel_initializer=self._init())(x)

    def conv(self, x, filters, k=5, s=2, bias=True):
        return keras.layers.Conv2D(filters, k, strides=s, padding="same", use_bias=bias,
                                   kernel_initializer=self._init())(x)

    def deconv(self, x, filters, bias=True):
        return keras.layers.Conv2DTranspose(filters, 5, strides=2, padding="same", use_bias=bias,
                                            kernel_initializer=self._init())(x)

    @staticmethod
    def bn(x):
        # slim.batch_norm: center=True, scale=False, decay 0.999, epsilon 0.001.
        return keras.layers.BatchNormalization(center=True, scale=False, momentum=0.999, epsilon=1e-3)(x)


def lrelu(x):
    return keras.layers.LeakyReLU(negative_slope=SLOPE)(x)


def relu(x):
    return keras.layers.ReLU()(x)


def _residual(b: _Builder, x, inner: int, filters: int):
    """x + 0.1 * conv3x3(lrelu(conv3x3(lrelu(x), inner)), filters) (pre-activation residual block)."""
    d = b.conv(lrelu(x), inner, k=3, s=1)
    d = b.conv(lrelu(d), filters, k=3, s=1)
    return keras.layers.Add()([x, keras.layers.Rescaling(0.1)(d)])


def _check(arch: str, f: int, output_size: int, channels: int) -> None:
    if arch not in ARCHITECTURES:
        raise ValueError(f"arch: unknown {arch!r}; allowed: {', '.join(ARCHITECTURES)}")
    if f < 2 or f % 2:
        raise ValueError(f"f: expected an even width >= 2, got {f}")
    if output_size % downsampling(arch) or output_size <= 0:
        raise ValueError(f"output_size: {arch} needs a multiple of {downsampling(arch)}, got {output_size}")
    if channels < 1:
        raise ValueError(f"channels: expected >= 1, got {channels}")


def build_generator(arch: str, f: int, output_size: int, channels: int, z_dim: int, seed: int = 0) -> keras.Model:
    """z [B, z_dim] -> images [B, output_size, output_size, channels] in (-1, 1)."""
    _check(arch, f, output_size, channels)
    b, s = _Builder(seed, salt=0), output_size // downsampling(arch)
    z = keras.Input(shape=(z_dim,), name="z")
    if arch == "dcgan3":       # FC (BN over the FC units, as slim's normalizer_fn) + ReLU; deconvs with BN + ReLU
        x = keras.layers.Reshape((s, s, 4 * f))(relu(b.bn(b.dense(z, s * s * 4 * f, bias=False))))
        for c in (2 * f, f):
            x = relu(b.bn(b.deconv(x, c, bias=False)))
    elif arch == "dcgan3_nobn":
        x = keras.layers.Reshape((s, s, 4 * f))(relu(b.dense(z, s * s * 4 * f)))
        for c in (2 * f, f):
            x = relu(b.deconv(x, c))
    elif arch == "dcgan4":     # FC with bias, then BN per channel after the reshape
        x = lrelu(b.bn(keras.layers.Reshape((s, s, 8 * f))(b.dense(z, s * s * 8 * f))))
        for c in (4 * f, 2 * f, f):
            x = lrelu(b.bn(b.deconv(x, c, bias=False)))
    elif arch in ("dcgan4_nobn", "dcgan4_nobn_cf"):
        widths = (8 * f, 4 * f, 2 * f, f) if arch == "dcgan4_nobn" else (f, f, f, f)
        x = lrelu(keras.layers.Reshape((s, s, widths[0]))(b.dense(z, s * s * widths[0])))
        for c in widths[1:]:
            x = lrelu(b.deconv(x, c))
    elif arch == "conv3":
        x = keras.layers.Reshape((s, s, f))(lrelu(b.dense(z, s * s * f)))
        for c in (f, f):
            x = lrelu(b.deconv(x, c))
    elif arch == "conv4":
        x = keras.layers.Reshape((s, s, f))(lrelu(b.dense(lrelu(b.dense(z, 512)), s * s * f)))
        for c in (f, f, f):
            x = lrelu(b.deconv(x, c))
    else:                      # resnet, resnet_cf: pre-activation, no activation between blocks
        widths = (8 * f, 4 * f, 2 * f, f) if arch == "resnet" else (f, f, f, f)
        x = keras.layers.Reshape((s, s, widths[0]))(b.dense(z, s * s * widths[0]))
        for c in widths[1:]:
            x = b.deconv(lrelu(x), c)
            x = _residual(b, x, c // 2, c)
        x = lrelu(x)
    x = b.deconv(x, channels)
    out = keras.layers.Activation("tanh")(x)
    return keras.Model(z, out, name=f"generator_{arch}")


def build_discriminator(arch: str, f: int, output_size: int, channels: int, seed: int = 0) -> keras.Model:
    """images [B, output_size, output_size, channels] -> logits [B, 1]."""
    _check(arch, f, output_size, channels)
    b = _Builder(seed, salt=1)
    x = inputs = keras.Input(shape=(output_size, output_size, channels), name="x")
    if arch in ("dcgan3", "dcgan4"):       # BN on all convs but the first
        widths = (f, 2 * f, 4 * f) + ((8 * f,) if arch == "dcgan4" else ())
        x = lrelu(b.conv(x, widths[0]))
        for c in widths[1:]:
            x = lrelu(b.bn(b.conv(x, c, bias=False)))
    elif arch in ("dcgan3_nobn", "dcgan4_nobn", "dcgan4_nobn_cf", "conv3", "conv4"):
        widths = {"dcgan3_nobn": (f, 2 * f, 4 * f), "dcgan4_nobn": (f, 2 * f, 4 * f, 8 * f)}.get(
            arch, (f,) * _DEPTH[arch])
        for c in widths:
            x = lrelu(b.conv(x, c))
        if arch in ("conv3", "conv4"):     # the "additional fully connected layer" (Fig. 8)
            x = lrelu(b.dense(keras.layers.Flatten()(x), 512))
    else:                                  # resnet, resnet_cf
        widths = (f, 2 * f, 4 * f, 8 * f) if arch == "resnet" else (f, f, f, f)
        for i, c in enumerate(widths):
            x = b.conv(x if i == 0 else lrelu(x), c)
            # resnet_cf's first block has an inner width f, every other block c/2 (the original code).
            x = _residual(b, x, f if (arch == "resnet_cf" and i == 0) else c // 2, c)
        x = lrelu(x)
    logits = b.dense(keras.layers.Flatten()(x), 1)
    return keras.Model(inputs, logits, name=f"discriminator_{arch}")


def build_pair(arch: str, f: int, output_size: int, channels: int, z_dim: int, seed: int = 0):
    """(generator, discriminator) built from one seed (different weights: salted per network)."""
    return (build_generator(arch, f, output_size, channels, z_dim, seed),
            build_discriminator(arch, f, output_size, channels, seed))
