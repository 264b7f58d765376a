"""images.step_loop: one compiled call takes the steps asked for (one trace for every n), its interval statistics
are numpy's over the steps' scalars, a non-finite step stops it with the cause, and TrainTime counts the training
time and each interval's steps per second. (Through train(): tests/images/test_train.py, bitwise equality of
chunkings and the per-step TensorBoard scalars.)"""
from __future__ import annotations

import numpy as np
import pytest


def _loop(method: str, lr: float):
    import tensorflow as tf

    from consensus_optimization.optimizers import make_optimizer
    from numerics_of_gans.images import models
    from numerics_of_gans.images.step_loop import StepLoop
    g, d = models.build_pair("dcgan3_nobn", 2, 16, 3, 4, seed=0)
    real = tf.random.stateless_uniform([8, 16, 16, 3], seed=[0, 1], minval=-1, maxval=1)
    iterator = iter(tf.data.Dataset.from_tensor_slices(real).repeat().batch(4, drop_remainder=True))
    step = tf.Variable(0, dtype=tf.int64, trainable=False)
    opt = make_optimizer(method, learning_rate=lr, gamma=1.0)
    return StepLoop(opt, g, d, iterator, step, objective="standard", z_dim=4, seed=0), tf.summary.create_noop_writer()


def test_calls_take_their_steps_and_the_interval_statistics_are_numpys():
    loop, writer = _loop("conopt", 1e-4)
    assert loop.keys == ("d_loss", "g_loss", "consensus_loss")
    loop.run(0, writer)
    values = [loop.run(1, writer) for _ in range(4)]
    assert int(loop.step) == 4 and loop.cause() is None
    assert loop.fn.experimental_get_tracing_count() == 1
    interval = loop.take_interval()
    for key in loop.keys:
        x = np.array([v[key] for v in values])
        assert interval[key]["min"] == x.min() and interval[key]["max"] == x.max(), key
        assert interval[key]["mean"] == pytest.approx(x.mean(), rel=1e-6), key
        assert interval[key]["std"] == pytest.approx(x.std(), rel=1e-4, abs=1e-9), key
    assert loop.take_interval() == {}   # a new interval, with no step yet


def test_a_non_finite_step_ends_the_call_with_its_cause():
    loop, writer = _loop("simga", 1e30)
    loop.run(6, writer)
    assert 1 <= int(loop.step) < 6
    assert loop.cause().startswith("non-finite") and str(int(loop.step)) in loop.cause()
    assert all(v["mean"] == v["mean"] for v in loop.take_interval().values())   # the finite steps only: no NaN


def test_train_time_sums_the_seconds_and_each_interval_has_its_own_rate():
    from numerics_of_gans.images.step_loop import TrainTime
    clock = TrainTime()
    clock.add(2, 0.5)
    clock.add(3, 1.5)
    assert clock.take_interval() == {"steps_per_s": 2.5, "train_time_s": 2.0}
    clock.add(4, 1.0)
    assert clock.take_interval() == {"steps_per_s": 4.0, "train_time_s": 3.0}
    assert clock.take_interval() == {"steps_per_s": 0.0, "train_time_s": 3.0}
