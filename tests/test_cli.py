"""The command line: --help lists the commands the rules use; bad values fail with one clear line and no output."""
import json
import subprocess
import sys

import pytest

from numerics_of_gans.cli import build_parser, main


def test_help_lists_the_commands_the_rules_use(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("config", "theory", "plot-theory", "step-cost"):
        assert command in out


def test_unknown_theory_claim_is_rejected(capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["theory", "L99", "--out", "x.json"])
    assert "unknown theory claim 'L99'; allowed: L1, L4" in capsys.readouterr().err


def test_bad_theory_setting_names_the_field_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "L4.json"
    assert main(["theory", "L4", "--params", json.dumps({"bogus": 1}), "--out", str(out)]) == 2
    assert "theory.L4: unknown key(s) ['bogus']; allowed:" in capsys.readouterr().err
    assert not out.exists() and not list(tmp_path.iterdir())


def test_config_command_prints_the_resolved_scale(capsys):
    assert main(["config", "--scale", "smoke"]) == 0
    assert "scale: smoke" in capsys.readouterr().out


def test_module_entry_point_runs():
    proc = subprocess.run([sys.executable, "-m", "numerics_of_gans", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and "numerics_of_gans" in proc.stdout
