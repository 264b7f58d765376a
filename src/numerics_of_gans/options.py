"""Settings dataclasses whose fields say everything about a setting once (name, type, default, allowed values, help),
and what is derived from them: the validation (SettingsError naming the field and the allowed values), a command's
options (`--batch-size` for batch_size) and the command lines the workflow builds (rules/common.smk).

Used by images.settings.TrainSettings (`train`), the other image commands' (images/command_settings.py) and
mog.train.RunSettings (`mog-train`). No TensorFlow here.
"""
from __future__ import annotations

import argparse
from dataclasses import MISSING, field, fields

from numerics_of_gans.errors import SettingsError, check_number, check_whole

_TYPES = {"str": str, "str | None": str, "int": int, "int | None": int, "float": float, "float | None": float,
          "bool": bool, "tuple[int, ...]": int}


def setting(default=MISSING, *, help: str = "", choices: tuple | None = None, low: float | None = None,
            low_open: bool = False, cli: bool = True, required: bool = False, **kw):
    """A dataclass field with what the CLI and the validation need: `low` is the smallest allowed value (excluded
    with `low_open`); `cli=False`: library only; `required`: the command asks for it although the library has a
    default (a run says what it trains)."""
    return field(default=default, metadata={"help": help, "choices": choices, "low": low, "low_open": low_open,
                                            "cli": cli, "required": required}, **kw)


def _described(cls):
    return [f for f in fields(cls) if "cli" in f.metadata]


def validate(settings) -> None:
    """Every described field of a settings dataclass instance against its choices and range."""
    for f in _described(settings):
        value, m = getattr(settings, f.name), f.metadata
        if value is None:
            if f.default is not None:
                raise SettingsError(f"{f.name}: a value is needed")
            continue
        for item in (value if f.type.startswith("tuple") else [value]):
            if m["choices"] is not None and item not in m["choices"]:
                raise SettingsError(f"{f.name}: unknown {item!r}; allowed: {', '.join(m['choices'])}")
            if m["low"] is not None and _TYPES[f.type] is int:
                check_whole(f.name, item, low=m["low"])
            elif m["low"] is not None:
                check_number(f.name, item, low=m["low"], low_open=m["low_open"])


def flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def cli_fields(cls) -> list:
    return [f for f in _described(cls) if f.metadata["cli"]]


def add_arguments(parser: argparse.ArgumentParser, cls) -> None:
    """One option per field of `cls` a command sets."""
    for f in cli_fields(cls):
        m, kind = f.metadata, _TYPES[f.type]
        help_text = "; ".join(filter(None, [m["help"], m["choices"] and f"one of {', '.join(m['choices'])}"]))
        if kind is bool:
            parser.add_argument(flag(f.name), dest=f.name, action="store_true", help=help_text)
            continue
        required = m["required"] or f.default is MISSING
        default = None if required else f.default
        parser.add_argument(flag(f.name), dest=f.name, type=kind, required=required, default=default,
                            nargs="+" if f.type.startswith("tuple") else None, help=help_text)


def from_arguments(cls, args: argparse.Namespace):
    """The validated settings of parsed arguments (SettingsError on the first bad value)."""
    return cls(**{f.name: tuple(getattr(args, f.name)) if f.type.startswith("tuple") else getattr(args, f.name)
                  for f in cli_fields(cls)})


def cli_args(cls, values: dict) -> list[str]:
    """The options that set `values` (fields of `cls`), in their order: a true flag alone, None and false left out,
    a sequence as several words."""
    known = {f.name for f in cli_fields(cls)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise SettingsError(f"{unknown[0]}: not a setting of this command; allowed: {', '.join(sorted(known))}")
    args: list[str] = []
    for name, value in values.items():
        if value is None or value is False:
            continue
        if value is True:
            args.append(flag(name))
        elif isinstance(value, (list, tuple)):
            args += [flag(name), *map(str, value)]
        else:
            args += [flag(name), str(value)]
    return args
