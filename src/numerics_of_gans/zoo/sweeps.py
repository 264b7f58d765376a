"""The zoo's swept settings (config `zoo`: a method's hyperparameter, a game's regulariser weight): the values each
is tried at and the keywords they give make_optimizer. No TensorFlow: the workflow expands the ring's jobs from it.
"""
from __future__ import annotations


def values(spec: dict | None) -> list:
    """The recommended value first, then the grid's others: what a hyperparameter or weight is tried at."""
    if not spec:
        return [None]
    out = [spec["recommended"]]
    out += [v for v in spec["grid"] if v not in out]
    return out


def hyper_kwargs(name: str | None, value) -> dict:
    """make_optimizer's keyword for a swept hyperparameter's value (lookahead: the tuple (k, alpha))."""
    if value is None:
        return {}
    return {name: tuple(value) if name == "lookahead" else float(value)}
