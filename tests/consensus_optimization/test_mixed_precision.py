"""Consensus optimization under mixed precision (consensus.consensus_gradients(loss_scale=...)): the double
backpropagation runs through float16 activations, a LossScaleOptimizer applies the scaled directions."""
import keras
import numpy as np
import pytest
import tensorflow as tf

from consensus_optimization import consensus_gradients, objectives
from numerics_of_gans.images import models


@pytest.mark.parametrize("method", ["simga", "conopt", "smoothing"])
def test_a_power_of_two_loss_scale_multiplies_every_direction_exactly_once(quadratic_game, method):
    g = quadratic_game
    plain = consensus_gradients(g.loss_fn, [g.b], [g.a], gamma=0.7, method=method, return_losses=True)
    scaled = consensus_gradients(g.loss_fn, [g.b], [g.a], gamma=0.7, method=method, return_losses=True,
                                 loss_scale=tf.constant(2.0 ** 15))
    for p, s in zip(plain[0] + plain[1], scaled[0] + scaled[1]):
        np.testing.assert_array_equal(s.numpy(), 2.0 ** 15 * p.numpy())
    assert {k: float(v) for k, v in plain[2].items()} == {k: float(v) for k, v in scaled[2].items()}


def _conopt_step_update(policy: str, seed: int, loss_scaled: bool) -> list[np.ndarray]:
    """The change of every variable in one ConOpt step of SGD(1.0) on dcgan3_nobn (width 16, batch 16)."""
    keras.mixed_precision.set_global_policy(policy)
    try:
        gen, disc = models.build_pair("dcgan3_nobn", 16, 32, 3, 32, seed=seed)
        real = tf.random.stateless_uniform([16, 32, 32, 3], seed=[seed, 1], minval=-1, maxval=1)
        z = tf.random.stateless_normal([16, 32], seed=[seed, 2])
    finally:
        keras.mixed_precision.set_global_policy("float32")

    def loss_fn():
        logits = [tf.cast(disc(x, training=True), tf.float32) for x in (real, gen(z, training=True))]
        return objectives.losses("standard", *logits)

    variables = gen.trainable_variables + disc.trainable_variables
    before = [v.numpy() for v in variables]
    opt = keras.optimizers.SGD(1.0)
    if loss_scaled:
        opt = keras.optimizers.LossScaleOptimizer(opt)     # one optimizer, one scale for both players
    opt.build(variables)
    scale = opt.dynamic_scale if loss_scaled else None
    d_dirs, g_dirs = consensus_gradients(loss_fn, disc.trainable_variables, gen.trainable_variables, gamma=10.0,
                                         loss_scale=scale)
    opt.apply_gradients(zip(g_dirs + d_dirs, variables))
    return [b - v.numpy() for b, v in zip(before, variables)]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_mixed_float16_conopt_step_with_a_loss_scale_optimizer_is_the_float32_step(seed):
    """float16 activations, float32 variables, the dynamic loss scale 2^15: every variable's update equals the
    float32 update to a few percent. Measured over seeds 0-2: largest relative error per variable 0.024, 0.029,
    0.049; median 0.0035-0.0060. Bound 0.1, twice the largest: float16's 11-bit mantissa through two
    backpropagations."""
    reference = _conopt_step_update("float32", seed, loss_scaled=False)
    mixed = _conopt_step_update("mixed_float16", seed, loss_scaled=True)
    errors = [np.linalg.norm(m - r) / np.linalg.norm(r) for m, r in zip(mixed, reference)]
    assert all(np.isfinite(errors)) and max(errors) < 0.1, errors
