"""C1's step-cost measurement (numerics_of_gans.step_cost) and its command: settings validated, every method timed."""
import json

import pytest

from numerics_of_gans.cli import main

TIMING = {"warmup_steps": 1, "timed_steps": 1, "repeats": 1, "seed": 0}
DCGAN = {"arch": "dcgan3_nobn", "width": 2, "batch_size": 2, "z_dim": 4, "image_size": 32}


@pytest.mark.parametrize("params, message", [
    ({**TIMING, "width": 2}, "params: unknown width for mog"),
    ({**TIMING, **DCGAN, "depth": 3}, "params: unknown depth for dcgan"),
    ({"warmup_steps": 1, **DCGAN}, "params: dcgan needs timed_steps, repeats, seed"),
])
def test_bad_params_name_the_field(tmp_path, capsys, params, message):
    model = "mog" if "arch" not in params else "dcgan"
    out = tmp_path / "c1.json"
    assert main(["step-cost", "--model", model, "--out", str(out), "--params", json.dumps(params)]) == 2
    assert message in capsys.readouterr().err and not out.exists()


def test_dcgan_step_cost_times_every_method(tmp_path):
    out = tmp_path / "dcgan.json"
    assert main(["step-cost", "--model", "dcgan", "--out", str(out), "--params", json.dumps({**TIMING, **DCGAN})]) == 0
    result = json.loads(out.read_text())
    assert result["setting"] == DCGAN and set(result["seconds_per_step"]) == {"simga", "altga", "conopt"}
    assert result["ratio_to_simga"]["simga"] == 1.0 and result["cpu_ratio_to_simga"]["conopt"] > 0
