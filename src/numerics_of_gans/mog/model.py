"""The mixture-of-Gaussians GAN of Section 5 / Figures 2 and 3 of the paper (model and data only).

Setting (paper, Section 5 and the original code; docs/setup.md, "Mixture of Gaussians"):
- target: 8 Gaussians with means on the unit circle at angles 2 pi k / 8 and std 0.01 each, equally weighted;
- latent: 16-dimensional standard Gaussian;
- generator and discriminator: fully connected, 4 hidden layers x 16 units, ReLU; the generator ends in a
  linear layer of size 2, the discriminator in one logit;
- objective: the standard GAN objective (sigmoid cross-entropy, non-saturating generator); batch 512;
- density plots: Gaussian KDE on the box [-1.6, 1.6]^2.

Parameter count (with the defaults; Dense layer = in*out weights + out biases):
  generator     16->16: 272, three 16->16: 3*272 = 816, 16->2: 34          -> 1122
  discriminator  2->16:  48, three 16->16: 3*272 = 816, 16->1: 17          ->  881
  total 2003 ("about 2000 parameters", docs/setup.md).

Random draws are stateless (`tf.random.stateless_*` with an explicit seed tensor of shape [2]) so that a compiled
training loop can derive a fresh, reproducible batch per step, e.g. from the seed (base, step). Nothing here touches
global TensorFlow state. The training loop is not here (see the training module).
"""
from __future__ import annotations

from typing import Callable

import keras
import numpy as np
import tensorflow as tf

from consensus_optimization import objectives
from numerics_of_gans.mog.settings import MoGSetting


def target_means(setting: MoGSetting = MoGSetting()) -> np.ndarray:
    """Means of the mixture components, [K, 2]: radius * (cos, sin)(2 pi k / K), k = 0..K-1."""
    angles = 2.0 * np.pi * np.arange(setting.n_components) / setting.n_components
    return setting.radius * np.stack([np.cos(angles), np.sin(angles)], axis=1)


def _seed_tensor(seed) -> tf.Tensor:
    seed = tf.convert_to_tensor(seed)
    if seed.dtype not in (tf.int32, tf.int64):
        raise TypeError(f"seed: expected an integer tensor of shape [2], got dtype {seed.dtype}")
    seed = tf.cast(seed, tf.int64)
    tf.debugging.assert_equal(tf.size(seed), 2, message="seed must have shape [2]")
    return tf.reshape(seed, [2])


def sample_target(setting: MoGSetting, n, seed) -> tf.Tensor:
    """n samples [n, 2] (float32) of the target mixture; `seed` an int tensor of shape [2] (stateless ops, so
    usable inside tf.function).

    Each sample picks a component uniformly, then adds isotropic Gaussian noise of std `setting.std`.
    """
    seed = _seed_tensor(seed)
    k_seed, noise_seed = tf.unstack(tf.random.experimental.stateless_split(seed, num=2))
    k = tf.random.stateless_uniform([n], seed=k_seed, minval=0, maxval=setting.n_components, dtype=tf.int32)
    means = tf.constant(target_means(setting), dtype=tf.float32)
    noise = tf.random.stateless_normal([n, 2], seed=noise_seed, stddev=setting.std, dtype=tf.float32)
    return tf.gather(means, k) + noise


def sample_latent(setting: MoGSetting, n, seed) -> tf.Tensor:
    """n latent codes [n, z_dim] (float32), standard Gaussian; `seed` an int tensor of shape [2]."""
    return tf.random.stateless_normal([n, setting.z_dim], seed=_seed_tensor(seed), dtype=tf.float32)


def _layer_seeds(seed: int, salt: int, n: int) -> list[int]:
    # Independent integer seeds per layer (and per network through `salt`), so G and D built from the same seed
    # do not share weights, and every call with the same seed gives the same weights.
    return [int(s) for s in np.random.SeedSequence([int(seed), salt]).generate_state(n, dtype=np.uint32) % (2**31 - 1)]


def layer_sizes(setting: MoGSetting) -> tuple[list[int], list[int]]:
    """Widths from input to output: generator z_dim -> g_units x g_layers -> 2, discriminator 2 -> d_units x
    d_layers -> 1 (the one definition of both networks' shapes)."""
    return ([setting.z_dim] + [setting.g_units] * setting.g_layers + [2],
            [2] + [setting.d_units] * setting.d_layers + [1])


def layer_shapes(setting: MoGSetting) -> tuple[list, list]:
    """Kernel and bias shapes of the generator and the discriminator, in Keras' variable order."""
    return tuple([s for a, b in zip(sizes[:-1], sizes[1:]) for s in ((a, b), (b,))] for sizes in layer_sizes(setting))


def _mlp(name: str, sizes: list[int], seed: int, salt: int) -> keras.Model:
    seeds = _layer_seeds(seed, salt, len(sizes) - 1)
    # Glorot-uniform kernels and zero biases: the Dense defaults of both TF1 (original code) and Keras 3.
    stack = [keras.Input(shape=(sizes[0],), name=f"{name}_input")]
    for i, units in enumerate(sizes[1:]):
        last = i == len(sizes) - 2
        stack.append(keras.layers.Dense(units, activation=None if last else "relu",
                                        name=f"{name}_out" if last else f"{name}_hidden{i}",
                                        kernel_initializer=keras.initializers.GlorotUniform(seed=seeds[i]),
                                        bias_initializer="zeros"))
    model = keras.Sequential(stack, name=name)
    assert tuple(model.output_shape) == (None, sizes[-1]), f"{name}: output {model.output_shape} != (None, {sizes[-1]})"
    return model


def apply_mlp(params: list, x: tf.Tensor) -> tf.Tensor:
    """The same network as a function of its parameters [W_1, b_1, ...] (layer_shapes): x W + b with ReLU between
    layers and a linear last layer. Figure 3's Jacobians differentiate it with respect to a flat parameter vector."""
    n = len(params) // 2
    for i in range(n):
        x = tf.matmul(x, params[2 * i]) + params[2 * i + 1]
        if i < n - 1:
            x = tf.nn.relu(x)
    return x


def build_generator(setting: MoGSetting, seed: int) -> keras.Model:
    """Generator z [n, z_dim] -> x [n, 2]: `g_layers` ReLU layers of `g_units`, linear output; weights from `seed`."""
    return _mlp("generator", layer_sizes(setting)[0], seed, salt=0)


def build_discriminator(setting: MoGSetting, seed: int) -> keras.Model:
    """Discriminator x [n, 2] -> logit [n, 1]: `d_layers` ReLU layers of `d_units`, one linear logit."""
    return _mlp("discriminator", layer_sizes(setting)[1], seed, salt=1)


def n_parameters(setting: MoGSetting = MoGSetting()) -> tuple[int, int]:
    """(generator, discriminator) parameter counts from the layer sizes (1122 and 881 with the defaults)."""
    return tuple(sum(int(np.prod(shape)) for shape in shapes) for shapes in layer_shapes(setting))


def per_example_losses(setting: MoGSetting, generator: keras.Model, discriminator: keras.Model,
                       real: tf.Tensor, z: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
    """(d_loss_i, g_loss_i), each [n]: the losses of the example pairs (real_i, z_i) (objectives.per_example_losses).

    Example i is the pair (real_i, fake_i = G(z_i)); the minibatch losses are the means of these, so the
    minibatch gradient is the mean of the per-example gradients (the v_i of Lemma 15).
    """
    fake = generator(z)
    return objectives.per_example_losses(setting.objective, discriminator(real), discriminator(fake))


def make_loss_fn(setting: MoGSetting, generator: keras.Model, discriminator: keras.Model,
                 real: tf.Tensor, z: tf.Tensor) -> Callable[[], tuple[tf.Tensor, tf.Tensor]]:
    """A zero-argument callable () -> (d_loss, g_loss) for the fixed batch (real, z) (objectives.losses)."""
    def loss_fn() -> tuple[tf.Tensor, tf.Tensor]:
        fake = generator(z)
        return objectives.losses(setting.objective, discriminator(real), discriminator(fake))
    return loss_fn
