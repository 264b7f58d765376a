"""The workflow's configuration: config/config.yaml, overlaid by config/scales/<scale>.yaml, overlaid by
command-line overrides, validated against config/schema.yaml. Used by the Snakefile (before any job starts)
and by `python -m numerics_of_gans config --scale S` (prints the resolved configuration).
"""
from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, Mapping

import jsonschema
import yaml

from numerics_of_gans import paths
from numerics_of_gans.errors import SettingsError
from numerics_of_gans.names import SCALES


class ConfigError(SettingsError):
    """A configuration value is missing, unknown or out of range; the message names the field."""


def deep_merge(base: Mapping, override: Mapping) -> dict:
    """`override` on top of `base`, recursively for mappings; lists and scalars are replaced whole."""
    out = copy.deepcopy(dict(base))
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _load_yaml(path: Path) -> dict:
    data = yaml.safe_load(path.read_text())
    return data or {}


def _describe(error: jsonschema.ValidationError) -> str:
    field = ".".join(str(p) for p in error.absolute_path) or "(top level)"
    schema = error.schema
    if error.validator == "enum":
        return f"config field '{field}': {error.instance!r} is not allowed; allowed values: {', '.join(map(str, schema['enum']))}"
    if error.validator == "required":
        return f"config field '{field}': {error.message}"
    if error.validator == "additionalProperties":
        allowed = ", ".join(sorted(schema.get("properties", {})))
        return f"config field '{field}': {error.message}; allowed keys: {allowed}"
    if error.validator in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        return f"config field '{field}': {error.instance!r} is out of range ({error.validator} {error.validator_value})"
    if "description" in schema:   # the schema's own words for what is allowed
        return f"config field '{field}': {error.instance!r} is not allowed; allowed values: {schema['description']}"
    return f"config field '{field}': {error.message}"


def validate(config: Mapping, schema_path: Path | None = None) -> None:
    """Raise ConfigError naming the first bad field (all of them, one per line)."""
    schema = _load_yaml(schema_path or paths.CONFIG / "schema.yaml")
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(dict(config)), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        raise ConfigError("invalid configuration:\n  " + "\n  ".join(_describe(e) for e in errors))


def typed(value):
    """Snakemake reads nested --config values with YAML's BaseLoader, so `mog={"seeds": [0, 1]}` arrives with the
    strings '0', '1'; give numbers and booleans their types back ('1e-4', a string to YAML 1.1, becomes a float)."""
    if isinstance(value, Mapping):
        return {k: typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [typed(v) for v in value]
    if isinstance(value, str):
        for parse in (int, float):
            try:
                return parse(value)
            except ValueError:
                pass
        if value.lower() in ("true", "false"):
            return value.lower() == "true"
        if value in ("null", "~"):
            return None
    return value


def _check_mog(mog: dict) -> None:
    """What the schema cannot say of config `mog`: Figure 3's spectra are of ConOpt runs of the trained seeds, and
    the settings are those mog-train accepts (checked as it would check them), before any job."""
    if "conopt" not in mog["methods"] or not set(mog["spectrum_seeds"]) <= set(mog["seeds"]):
        raise ConfigError("config field 'mog.spectrum_seeds': Figure 3 analyses ConOpt runs, so 'conopt' must be in"
                          f" mog.methods and every spectrum seed in mog.seeds (got {mog['spectrum_seeds']})")
    from numerics_of_gans.mog.settings import RunSettings
    try:
        RunSettings(**RunSettings.of_config(mog))
    except SettingsError as exc:
        name, _, why = str(exc).partition(": ")
        raise ConfigError(f"config field 'mog.{name}': {why}") from None


def _check_zoo(zoo: dict) -> None:
    """What the schema cannot say of config `zoo`: every label run (zoo.run, a game's methods) is defined, and the
    ring's hyperparameters replace ones zoo.methods has."""
    for field, labels, defined in (("run.methods", zoo["run"]["methods"], zoo["methods"]),
                                   ("run.games", zoo["run"]["games"], zoo["games"]),
                                   *((f"games.{g}.methods", zoo["games"][g].get("methods", []), zoo["run"]["methods"])
                                     for g in zoo["run"]["games"] if g in zoo["games"])):
        missing = [label for label in labels if label not in defined]
        if missing:
            raise ConfigError(f"config field 'zoo.{field}': {missing} not defined; allowed values: "
                              f"{', '.join(defined)}")
    swept = [label for label, spec in zoo["methods"].items() if spec.get("hyper")]
    unswept = [label for label in zoo["ring"]["hyper"] if label not in swept]
    if unswept:
        raise ConfigError(f"config field 'zoo.ring.hyper': {unswept} have no hyperparameter in zoo.methods; allowed "
                          f"values: {', '.join(swept)}")


def resolve(overrides: Mapping[str, Any] | None = None, config_dir: Path | None = None) -> dict:
    """The validated configuration for the scale named in `overrides` (default: config.yaml's `scale`)."""
    config_dir = config_dir or paths.CONFIG
    overrides = typed(dict(overrides or {}))
    base = _load_yaml(config_dir / "config.yaml")
    scale = overrides.get("scale", base.get("scale"))
    if scale not in SCALES:
        raise ConfigError(f"config field 'scale': {scale!r} is not allowed; allowed values: {', '.join(SCALES)}")
    merged = deep_merge(deep_merge(base, _load_yaml(config_dir / "scales" / f"{scale}.yaml")), overrides)
    merged["scale"] = scale
    validate(merged, config_dir / "schema.yaml")
    cluster = merged["cluster"]
    if cluster["max_job_minutes"] is not None and cluster["stop_margin_minutes"] >= cluster["max_job_minutes"]:
        raise ConfigError(f"config field 'cluster.stop_margin_minutes': {cluster['stop_margin_minutes']} leaves no "
                          f"training time in a job of cluster.max_job_minutes {cluster['max_job_minutes']}; allowed "
                          f"values: below max_job_minutes")
    images = merged["images"]
    # positive controls judge the stand-in classifier's record and thresholds; the pilot walks until they pass
    if images["controls"] is not None and images["classifier"] != "stand-in":
        raise ConfigError(f"config field 'images.controls': positive controls judge the stand-in classifier; allowed "
                          f"only with images.classifier stand-in (got {images['classifier']!r}), else null")
    if images["pilot"] is not None and images["controls"] is None:
        raise ConfigError("config field 'images.pilot': the pilot stops at the first candidate whose positive "
                          "controls pass; allowed only with images.controls set, else null")
    _check_mog(merged["mog"])
    _check_zoo(merged["zoo"])
    # Each theory section must build its module's Params (unknown key, wrong type: error naming the field).
    from numerics_of_gans.theory import make_params
    for claim_id, values in merged["theory"].items():
        make_params(claim_id, values)
    return merged
