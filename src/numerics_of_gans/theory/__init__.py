"""The paper's theoretical results, one module per lemma family, each checked numerically.

Every module holds a frozen dataclass `Params` (the knobs the config sets, under `theory.<ID>`) and
`compute(params) -> dict`, a pure function whose result has a `metrics` dict of scalars (what
paper_checks judges) and the raw data its figure needs. Each figure is drawn by `numerics_of_gans.plots.<figure>.plot(result, pdf_path, scale)`.
"""
from __future__ import annotations

import dataclasses
import importlib
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from numerics_of_gans.errors import SettingsError


@dataclass(frozen=True)
class TheoryClaim:
    claim_id: str
    module: str          # numerics_of_gans.theory.<module>
    figure: str          # figures/<scale>/<figure>.{pdf,png}, drawn by numerics_of_gans.plots.<figure>.plot


CLAIMS: dict[str, TheoryClaim] = {c.claim_id: c for c in (
    TheoryClaim("L1", "zero_sum_definiteness", "lemma1_definiteness"),
    TheoryClaim("L4", "step_size_bound", "fig01_eigenvalue_projection"),
    TheoryClaim("L7", "consensus_convergence", "lemma7_consensus_convergence"),
    TheoryClaim("L9", "imaginary_ratio_bound", "lemma9_bound"),
    TheoryClaim("L11", "momentum_jacobian", "lemma11_momentum_spectrum"),
    TheoryClaim("P13", "rmsprop_fixed_point", "prop13_rmsprop_jacobian"),
    TheoryClaim("P14", "alternating_perturbation", "prop14_alternating_perturbation"),
    TheoryClaim("L15", "minibatch_bias", "lemma15_minibatch_bias"),
    TheoryClaim("NM1", "bilinear_momentum", "nm1_bilinear_momentum"),
    TheoryClaim("NM3", "momentum_spectrum", "nm3_momentum_spectrum"),
)}


def module(claim_id: str) -> ModuleType:
    if claim_id not in CLAIMS:
        raise SettingsError(f"theory claim: unknown id {claim_id!r}; allowed: {', '.join(CLAIMS)}")
    return importlib.import_module(f"numerics_of_gans.theory.{CLAIMS[claim_id].module}")


def make_params(claim_id: str, values: dict[str, Any]):
    """Build the module's Params from a config mapping; unknown or ill-typed keys are errors naming the field."""
    params_cls = module(claim_id).Params
    fields = {f.name: f for f in dataclasses.fields(params_cls)}
    unknown = sorted(set(values) - set(fields))
    if unknown:
        raise SettingsError(f"theory.{claim_id}: unknown key(s) {unknown}; allowed: {sorted(fields)}")
    for name, value in values.items():
        default = getattr(params_cls, name, None)
        expected = type(default) if default is not None and not isinstance(default, dataclasses.Field) else None
        if expected in (int, float) and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise SettingsError(f"theory.{claim_id}.{name}: expected a number, got {value!r}")
        if expected is tuple and not isinstance(value, (list, tuple)):
            raise SettingsError(f"theory.{claim_id}.{name}: expected a list, got {value!r}")
    converted = {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}
    return params_cls(**converted)


def compute(claim_id: str, values: dict[str, Any]) -> dict:
    return module(claim_id).compute(make_params(claim_id, values))
