"""The zoo's 8-Gaussian ring jobs (issue 28, part 2): which (method, hyperparameter value) pairs run on the paper's
ring, and each job's settings. No TensorFlow here: the workflow expands the jobs when it reads the config.

The ring is the paper's (Section 5, Figure 2; claim E2) at its full setting: config `mog` gives the learning rate,
batch, steps, seeds, evaluation samples and the high-quality radius, so each is defined once. The methods are
config `zoo.run.methods` (labels of `zoo.methods`); `zoo.ring.hyper` replaces a method's recommended value and grid
where the ring's differs from the games' (ConOpt: the paper's gamma = 10 on the ring). One job per (label, value):
all seeds of it, `value_index` counting the recommended value first (sweeps.values).
"""
from __future__ import annotations

from numerics_of_gans.zoo.sweeps import values

# Methods whose step on a sum of independent games is each game's own step: every operation of the update is per
# parameter or a gradient of the summed loss. SGA (its alignment sign is one inner product over all parameters) and
# CGD (one conjugate-gradient solve with one stopping rule for all parameters) couple the seeds: their seeds run
# one after another instead (ring.py).
COUPLED = ("sga", "cgd")


def hyper_spec(zoo: dict, label: str) -> dict | None:
    """The label's swept hyperparameter on the ring: zoo.methods[label].hyper, with zoo.ring.hyper[label]'s
    recommended value and grid where given."""
    spec = zoo["methods"][label].get("hyper")
    override = (zoo.get("ring") or {}).get("hyper", {}).get(label)
    return {**spec, **override} if spec and override else spec


def jobs(zoo: dict) -> list[tuple[str, int]]:
    """Every (label, value_index) the ring runs, in the order of zoo.run.methods."""
    return [(label, i) for label in zoo["run"]["methods"] for i in range(len(values(hyper_spec(zoo, label))))]


def job(zoo: dict, mog: dict, label: str, value_index: int) -> dict:
    """The settings of one ring job (JSON-ready): the method, its hyperparameter's name and value, and the paper's
    ring setting from config `mog`."""
    spec = hyper_spec(zoo, label)
    choices = values(spec)
    if not 0 <= value_index < len(choices):
        raise ValueError(f"value_index: {value_index} outside the allowed range [0, {len(choices) - 1}] of {label!r}")
    method = zoo["methods"][label]["method"]
    return {"label": label, "method": method, "value_index": value_index,
            "hyper": None if spec is None else {"name": spec["name"], "value": choices[value_index]},
            "stacked": method not in COUPLED,
            **{k: mog[k] for k in ("seeds", "learning_rate", "batch_size", "steps", "eval_samples", "quality_k")},
            "gamma": mog["gamma"]}
