"""requirements.txt, environment.yml and constraints.txt pin the same versions."""
import re

import yaml

from numerics_of_gans import paths

PIN = re.compile(r"^([A-Za-z0-9_.\-]+)(\[[^\]]*\])?==([^\s;#]+)")


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(lines) -> dict:
    out = {}
    for line in lines:
        m = PIN.match(line.strip())
        if m:
            out[_norm(m.group(1))] = m.group(3)
    return out


def test_environment_yml_has_the_same_pins_as_requirements():
    req = _pins((paths.ROOT / "requirements.txt").read_text().splitlines())
    req.update(_pins((paths.ROOT / "requirements-dev.txt").read_text().splitlines()))
    env = yaml.safe_load((paths.ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert _pins(pip_section) == req
    assert "python=3.11" in env["dependencies"]


def test_constraints_agree_with_direct_pins():
    req = _pins((paths.ROOT / "requirements.txt").read_text().splitlines())
    constraints = _pins((paths.ROOT / "constraints.txt").read_text().splitlines())
    assert {k: constraints.get(k) for k in req} == req
