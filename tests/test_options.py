"""options with images.settings and mog.settings: one definition of each run setting, from which the commands'
options and the workflow's command lines are derived."""
from __future__ import annotations

import argparse
from dataclasses import fields

import pytest

from numerics_of_gans import options
from numerics_of_gans.config import resolve
from numerics_of_gans.errors import SettingsError
from numerics_of_gans.images.runs import all_runs
from numerics_of_gans.images.settings import TrainSettings
from numerics_of_gans.names import SCALES


def _parser():
    parser = argparse.ArgumentParser()
    options.add_arguments(parser, TrainSettings)
    return parser


@pytest.mark.parametrize("scale", SCALES)
def test_every_run_of_every_scale_survives_the_command_line(scale):
    """The workflow's arguments for a run, parsed by the train command, give the run's settings back."""
    runs = all_runs(resolve({"scale": scale})["images"]).values()
    assert runs
    for run in runs:
        argv = options.cli_args(TrainSettings, run.options()) + ["--out", "results/x", "--classifier", "c.keras"]
        parsed = options.from_arguments(TrainSettings, _parser().parse_args(argv))
        assert {k: getattr(parsed, k) for k in run.options()} == run.options()
        assert (parsed.out, parsed.classifier, parsed.data_dir) == ("results/x", "c.keras", None)


def test_options_are_the_fields():
    """Every setting the CLI sets has exactly one option, named after the field; library-only fields have none."""
    options = {a.dest: a.option_strings for a in _parser()._actions if a.dest != "help"}
    cli = {f.name for f in fields(TrainSettings) if f.metadata["cli"]}
    assert set(options) == cli and {"keep_checkpoints", "max_chunk"}.isdisjoint(options)
    assert options["batch_size"] == ["--batch-size"] and options["stands_in_for"] == ["--stands-in-for"]
    required = {a.dest for a in _parser()._actions if a.required}
    assert required == {"out", "dataset", "arch", "method", "steps"}


@pytest.mark.parametrize("field, value, message", [
    ("width", 3, "width: 3 is not allowed; allowed: even whole numbers >= 2"),
    ("width", 0, "width: 0 is outside the allowed range [2, inf)"),
    ("lr", 0.0, "lr: 0.0 is outside the allowed range (0.0, inf)"),
    ("gamma", float("inf"), "gamma: expected a finite number, got inf"),
    ("gamma", -1.0, "gamma: -1.0 is outside the allowed range [0.0, inf)"),
    ("steps", 2.5, "steps: 2.5 is outside the allowed range [1, inf) (whole numbers)"),
    ("keep_checkpoints", 0, "keep_checkpoints: 0 is outside the allowed range [1, inf)"),
    ("objective", "wgan", "objective: unknown 'wgan'; allowed: standard, js, indicator, kl, tv"),
    ("dataset", None, "dataset: a value is needed"),
])
def test_the_library_refuses_what_the_cli_refuses(field, value, message):
    with pytest.raises(SettingsError) as err:
        TrainSettings(**{"out": "x", "dataset": "digits", field: value})
    assert str(err.value).startswith(message)


def test_cli_args_names_an_unknown_setting():
    with pytest.raises(SettingsError, match="^batch: not a setting of this command; allowed: arch, batch_size"):
        options.cli_args(TrainSettings, {"batch": 4})
    assert options.cli_args(TrainSettings, {"mock": False, "data_dir": None, "jit_compile": True, "lr": 1e-4}) == [
        "--jit-compile", "--lr", "0.0001"]


@pytest.mark.parametrize("scale", SCALES)
def test_mog_train_settings_of_every_scale_survive_the_command_line(scale):
    """The same derivation for `mog-train` (mog/settings.py): a tuple setting (snapshots) as several words."""
    from numerics_of_gans.mog.settings import RunSettings
    mog = resolve({"scale": scale})["mog"]
    values = {f.name: mog[f.name] for f in options.cli_fields(RunSettings) if f.name in mog}
    assert set(values) == {"steps", "snapshots", "learning_rate", "gamma", "batch_size", "eval_every", "eval_samples",
                           "quality_k"}
    parser = argparse.ArgumentParser()
    options.add_arguments(parser, RunSettings)
    argv = ["--method", "smoothing", "--seed", "3"] + options.cli_args(RunSettings, values)
    parsed = options.from_arguments(RunSettings, parser.parse_args(argv))
    assert parsed == RunSettings(method="smoothing", seed=3, **{**values, "snapshots": tuple(values["snapshots"])})
