"""Every image subcommand's options come from one settings dataclass (images/command_settings.py): the options are
its fields, and a bad value is refused naming the field and the allowed values before anything is imported or
written."""
import dataclasses
import re

import pytest

from numerics_of_gans import options
from numerics_of_gans.cli import build_parser, main
from numerics_of_gans.errors import SettingsError
from numerics_of_gans.images import command, command_settings as cs


def _options(name: str) -> set[str]:
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    return {o for a in sub.choices[name]._actions for o in a.option_strings} - {"-h", "--help"}


@pytest.mark.parametrize("name", list(command.COMMANDS))
def test_each_commands_options_are_its_settings_fields(name):
    settings = command.COMMANDS[name][0]
    assert _options(name) == {options.flag(f.name) for cls in settings for f in options.cli_fields(cls)}
    assert all(dataclasses.is_dataclass(cls) for cls in settings)


def test_no_option_is_defined_twice_for_one_command():
    """A command's dataclasses share no field (train: the run's settings and the job's)."""
    for settings, _, _ in command.COMMANDS.values():
        names = [f.name for cls in settings for f in options.cli_fields(cls)]
        assert len(names) == len(set(names))


@pytest.mark.parametrize("make, message", [
    (lambda: cs.JobSettings(min_step_seconds=0.5), "min_step_seconds: 0.5 is allowed only with job_minutes"),
    (lambda: cs.JobSettings(job_minutes=5, stop_margin_minutes=10), "job_minutes: 5 leaves no time"),
    (lambda: cs.JobSettings(stop_after=0), "stop_after: 0 is outside the allowed range [1, inf)"),
    (lambda: cs.ClusterPlanSettings(max_job_minutes=60, scale="gpu"), "scale: unknown 'gpu'; allowed: smoke"),
    (lambda: cs.PrepareDatasetSettings(dataset="digits", out="x.json"), "dataset: unknown 'digits'; allowed: cifar10"),
    (lambda: cs.CalibrateScorerSettings(classifier="d", out="x", samples=(6400, 65)),
     "samples: 65 does not split into splits 10 equal parts"),
    (lambda: cs.CalibrateScorerSettings(classifier="d", out="x", samples=(0,)), "samples: 0 is outside"),
    (lambda: cs.TrainClassifierSettings(out="x.keras", dataset="cifar10"), "dataset: cifar10 needs --mock"),
    (lambda: cs.TrainClassifierSettings(out="x.h5"), "out: must end in .keras"),
    (lambda: cs.TrainClassifierSettings(out="x.keras", size=12), "size: 12 is not allowed; allowed: multiples of 8"),
    (lambda: cs.TrainClassifierSettings(out="x.keras", calibration_samples=64), "calibration_samples: 64 does not"),
    (lambda: cs.PlotImagesSettings(specs="[]", results="r", figure="figures/cpu/fig04_samples.pdf"),
     "specs: expected a non-empty JSON list"),
    (lambda: cs.PlotImagesSettings(specs="[{", results="r", figure="figures/cpu/fig04_samples.pdf"),
     "specs: not JSON"),
    (lambda: cs.PlotImagesSettings(specs='[{"run_id": "a"}]', results="r", figure="figures/cpu/fig03.pdf"),
     "figure: expected figures/<scale>/figNN_<name>.pdf with NN in 04-14"),
])
def test_bad_values_name_the_field(make, message):
    with pytest.raises(SettingsError, match=re.escape(message)):
        make()


def test_the_command_line_refuses_before_writing(tmp_path, capsys):
    out = tmp_path / "c.keras"
    assert main(["train-classifier", "--dataset", "digits", "--epochs", "0", "--out", str(out)]) == 2
    assert capsys.readouterr().err.startswith("error: epochs: 0 is outside the allowed range [1, inf)")
    assert main(["plot-images", "--specs", "[]", "--results", str(tmp_path), "--figure", "x.pdf"]) == 2
    assert not list(tmp_path.iterdir())
