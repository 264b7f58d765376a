"""The check registry, the verdict type and the context a check reads results through."""
from __future__ import annotations

import functools
import importlib
import json
import math
import pkgutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml

HERE = Path(__file__).resolve().parent
STATUSES = ("pass", "fail", "skip")


@dataclass
class Verdict:
    status: str
    measured: Any = None
    expected: Any = None
    reason: str = ""

    def __post_init__(self):
        if self.status not in STATUSES:
            raise ValueError(f"verdict status must be one of {STATUSES}, got {self.status!r}")

    @classmethod
    def skip(cls, reason: str, expected: Any = None) -> "Verdict":
        return cls("skip", None, expected, reason)

    @classmethod
    def judge(cls, assertions: dict[str, bool], measured: Any, expected: Any) -> "Verdict":
        """Pass when every named assertion holds; the reason lists the ones that did not. No assertion at all is a
        defect of the check, not a pass."""
        if not assertions:
            raise ValueError("Verdict.judge: no assertion, so nothing was judged; return Verdict.skip with the reason")
        failed = [name for name, ok in assertions.items() if not bool(ok)]
        if failed:
            return cls("fail", measured, expected, "failed: " + "; ".join(failed))
        return cls("pass", measured, expected, "held: " + "; ".join(assertions))


NON_FINITE = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}   # how numerics_of_gans.io writes them


def _numbers(obj: Any) -> Any:
    """A result as written by numerics_of_gans.io (JSON has no inf/nan: stored as the strings "nan", "inf",
    "-inf"), with those numbers back, so that a non-finite metric fails its comparison instead of crashing it."""
    if isinstance(obj, dict):
        return {k: _numbers(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_numbers(v) for v in obj]
    return NON_FINITE.get(obj, obj) if isinstance(obj, str) else obj


class MissingResult(FileNotFoundError):
    """A result a check needs was not produced (run the workflow for this scale first)."""


@dataclass
class Context:
    scale: str
    results: Path                       # results/<scale>
    _cache: dict = field(default_factory=dict, repr=False)

    def json(self, relpath: str) -> Any:
        path = self.results / relpath
        if relpath not in self._cache:
            if not path.exists():
                raise MissingResult(f"{path} does not exist: run `snakemake --cores all --config scale={self.scale}` first")
            self._cache[relpath] = _numbers(json.loads(path.read_text()))
        return self._cache[relpath]

    @property
    def config(self) -> dict:
        """The resolved configuration the workflow ran with (config.yaml, the scale's file and every --config
        override), results/<scale>/config.json (rule resolved_config): the checks judge what was run."""
        return self.json("config.json")

    def theory(self, claim_id: str) -> dict:
        """The result of a theory rule, results/<scale>/theory/<ID>.json."""
        return self.json(f"theory/{claim_id}.json")


CheckFn = Callable[[Context], Verdict]
_CHECKS: dict[str, CheckFn] = {}


def check(claim_id: str) -> Callable[[CheckFn], CheckFn]:
    """Register `fn` as the one check of `claim_id`."""
    def register(fn: CheckFn) -> CheckFn:
        if claim_id in _CHECKS:
            raise ValueError(f"claim {claim_id} has two checks: {_CHECKS[claim_id].__module__} and {fn.__module__}")
        _CHECKS[claim_id] = fn
        return fn
    return register


@functools.cache
def claims() -> list[dict]:
    """The claim list (ID, source, statement, criterion) as data, read once per process (checks look up their
    expected data per cell). Read-only: callers copy what they change."""
    return yaml.safe_load((HERE / "claims.yaml").read_text())["claims"]


def expected(claim_id: str) -> dict:
    """The claim's `expected` data in claims.yaml: what a check compares the results against, where the paper
    states it (the slide's NM1 table, the L9 erratum), never taken from the code under test."""
    return next(c for c in claims() if c["id"] == claim_id)["expected"]


def load_checks() -> dict[str, CheckFn]:
    """Import every module of paper_checks.checks (registering its checks); one check per claim, none extra."""
    from paper_checks import checks as pkg
    for info in pkgutil.iter_modules(pkg.__path__):
        importlib.import_module(f"{pkg.__name__}.{info.name}")
    ids = [c["id"] for c in claims()]
    missing = [i for i in ids if i not in _CHECKS]
    extra = [i for i in _CHECKS if i not in ids]
    if missing or extra:
        raise RuntimeError(f"claims.yaml and the registered checks disagree: missing {missing}, unknown {extra}")
    return {i: _CHECKS[i] for i in ids}


def run_check(claim_id: str, fn: CheckFn, ctx: Context) -> Verdict:
    """Run one check; a missing result is a `fail` (the workflow should have made it), never a pass."""
    try:
        verdict = fn(ctx)
    except MissingResult as exc:
        verdict = Verdict("fail", None, None, f"missing result: {exc}")
    if not isinstance(verdict, Verdict):
        raise TypeError(f"check {claim_id} returned {type(verdict).__name__}, not a Verdict")
    return verdict
