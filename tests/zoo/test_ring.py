"""The zoo's ring (numerics_of_gans.zoo.ring): each seed of a stacked run is the E2 run of that seed."""
import numpy as np
import pytest

from numerics_of_gans.mog.settings import RunSettings
from numerics_of_gans.mog.train import MoGRun
from numerics_of_gans.zoo import ring, ring_settings

STEPS = 3


def _job(method, hyper=None, seeds=(0, 1), stacked=True):
    return {"label": method, "method": method, "value_index": 0, "hyper": hyper, "stacked": stacked,
            "seeds": list(seeds), "learning_rate": 1e-3, "batch_size": 64, "steps": STEPS, "eval_samples": 200,
            "quality_k": 3.0, "gamma": 10.0}


@pytest.mark.parametrize("method", ["simga", "altga", "conopt"])
def test_one_seed_is_the_mog_run(method):
    """A ring seed starts from E2's networks and sees E2's minibatches: after a few steps, E2's weights."""
    stacked = ring.StackedRing(_job(method, seeds=(3,)), [3])
    e2 = MoGRun(RunSettings(method=method, seed=3, steps=STEPS, learning_rate=1e-3, batch_size=64, gamma=10.0,
                            snapshots=(0,)))
    np.testing.assert_array_equal(stacked.weights(0), e2.weights())
    stacked.train(STEPS)
    e2.train(STEPS)
    np.testing.assert_allclose(stacked.weights(0), e2.weights(), rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("method, hyper", [("conopt", {"name": "gamma", "value": 1.0}),
                                           ("extragradient", None), ("optimistic", None),
                                           ("altga", {"name": "momentum", "value": -0.5}),
                                           ("simga", {"name": "lookahead", "value": [2, 0.5]})])
def test_stacked_seeds_are_separate_runs(method, hyper):
    """For a method outside COUPLED, two seeds in one graph are the two runs alone (the second seed's, here)."""
    assert method not in ring_settings.COUPLED
    both = ring.StackedRing(_job(method, hyper), [0, 1])
    alone = ring.StackedRing(_job(method, hyper, seeds=(1,)), [1])
    np.testing.assert_array_equal(both.weights(1), alone.weights(0))
    both.train(STEPS)
    alone.train(STEPS)
    np.testing.assert_allclose(both.weights(1), alone.weights(0), rtol=1e-4, atol=1e-6)
    assert np.abs(both.weights(1) - both.weights(0)).max() > 1e-2      # two seeds, two different runs


def test_train_job_records_every_seed_at_half_and_end():
    run = ring.train_job(_job("simga", stacked=False), log=lambda line: None)   # seeds one after another
    assert sorted(run["seeds"]) == ["0", "1"]
    for seed in run["seeds"].values():
        assert [e["step"] for e in seed["evals"]] == [1, 3]
        assert np.asarray(seed["samples"]).shape == (200, 2) and seed["finite"]
        assert 0 <= seed["evals"][-1]["modes_covered"] <= 8
