"""One compiled step per loss function's code, not per closure: `opt.step(lambda: loss_of(batch), ...)` with a
fresh closure over new data each step runs one `tf.function`, traced once.

A plain Python function is split into its code (the cache key, with the variables) and what a fresh closure of the
same code may change: its closure cells, its defaults and the tensors or arrays among the module globals it names
(`for batch in data: opt.step(lambda: loss_of(batch), ...)` at module level reads `batch` as a global). These are
the compiled step's inputs: tensors become its arguments, other values (models, numbers, strings) select a trace as
for any `tf.function` argument (by identity or value). What the function reaches only through other objects is
read when the step is traced, as in any `tf.function`. A bound method is its function with `self` as one more input;
any other callable (a `functools.partial`, an object with `__call__`) is one input itself, so each new one traces.
"""
from __future__ import annotations

import types
from typing import Callable

import numpy as np
import tensorflow as tf


class _Function:
    """How to rebuild a plain function of one code object from its inputs (cells, defaults, data globals)."""

    def __init__(self, fn: types.FunctionType, data_names: tuple[str, ...]):
        self.code, self.globals, self.name, self.data_names = fn.__code__, fn.__globals__, fn.__name__, data_names

    def rebuild(self, inputs):
        cells, defaults, kwdefaults, data = inputs
        namespace = {**self.globals, **dict(zip(self.data_names, data))} if self.data_names else self.globals
        fn = types.FunctionType(self.code, namespace, self.name, defaults or None,
                                tuple(types.CellType(value) for value in cells) or None)
        fn.__kwdefaults__ = kwdefaults
        return fn


def _split(loss_fn: Callable):
    """(key, rebuild, inputs) of a callable: rebuild(inputs) is a callable equivalent to loss_fn."""
    if isinstance(loss_fn, types.MethodType):
        key, rebuild, inputs = _split(loss_fn.__func__)
        return ("method", key), lambda both: types.MethodType(rebuild(both[1]), both[0]), (loss_fn.__self__, inputs)
    if isinstance(loss_fn, types.FunctionType):
        try:
            cells = tuple(cell.cell_contents for cell in loss_fn.__closure__ or ())
        except ValueError:      # a cell not yet bound (a recursive closure): no inputs to take apart
            return ("callable", type(loss_fn)), lambda fn: fn, loss_fn
        names = tuple(n for n in loss_fn.__code__.co_names
                      if isinstance(loss_fn.__globals__.get(n), (tf.Tensor, np.ndarray)))
        template = _Function(loss_fn, names)
        inputs = (cells, loss_fn.__defaults__ or (), loss_fn.__kwdefaults__,
                  tuple(loss_fn.__globals__[n] for n in names))
        return (loss_fn.__code__, id(loss_fn.__globals__), names), template.rebuild, inputs
    return ("callable", type(loss_fn)), lambda fn: fn, loss_fn


class CompiledSteps:
    """`steps(loss_fn, d_vars, g_vars)` runs `body(loss_fn, d_vars, g_vars)` compiled, one `tf.function` per
    (loss function's code, variable lists), traced again only where any `tf.function` would retrace on its inputs
    (a new dtype or rank, shapes relaxed after the first change, a new non-tensor value)."""

    def __init__(self, body: Callable, jit_compile: bool = False):
        self._body, self._jit_compile = body, jit_compile
        self._steps: dict = {}

    def __call__(self, loss_fn: Callable, d_vars: list, g_vars: list):
        key, rebuild, inputs = _split(loss_fn)
        key = (key, tuple(v.ref() for v in d_vars), tuple(v.ref() for v in g_vars))
        if key not in self._steps:
            def step(inputs, rebuild=rebuild, d_vars=d_vars, g_vars=g_vars):
                return self._body(rebuild(inputs), d_vars, g_vars)
            self._steps[key] = tf.function(step, jit_compile=self._jit_compile, reduce_retracing=True)
        return self._steps[key](inputs)

    def traces(self) -> int:
        """How many graphs the compiled steps hold (tests and benchmarks count retracing with it)."""
        return sum(step.experimental_get_tracing_count() for step in self._steps.values())
