"""requirements*.txt, environment*.yml and constraints.txt pin the same versions; the GPU files differ from the CPU
ones only by TensorFlow's CUDA libraries (tensorflow[and-cuda] at the same pin)."""
import re

import yaml

from numerics_of_gans import paths

PIN = re.compile(r"^([A-Za-z0-9_.\-]+)(\[[^\]]*\])?==([^\s;#]+)")


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(lines, extras: bool = False) -> dict:
    """name -> version (with extras: name[extra] as written, so tensorflow and tensorflow[and-cuda] differ)."""
    out = {}
    for line in lines:
        m = PIN.match(line.strip().removeprefix("- ").strip())
        if m:
            out[_norm(m.group(1)) + ((m.group(2) or "") if extras else "")] = m.group(3)
    return out


def _requirements(name: str) -> dict:
    """The pins of a requirements file, following its `-r` includes."""
    pins = {}
    for line in (paths.ROOT / name).read_text().splitlines():
        if line.startswith("-r "):
            pins.update(_requirements(line.split()[1]))
        else:
            pins.update(_pins([line], extras=True))
    return pins


def _conda_pins(name: str) -> dict:
    env = yaml.safe_load((paths.ROOT / name).read_text())
    assert "python=3.11" in env["dependencies"]
    return _pins(next(d["pip"] for d in env["dependencies"] if isinstance(d, dict)), extras=True)


def test_environment_yml_has_the_same_pins_as_requirements():
    assert _conda_pins("environment.yml") == _requirements("requirements-dev.txt")


def test_gpu_files_are_the_cpu_pins_plus_cuda_libraries():
    cpu, gpu = _requirements("requirements-dev.txt"), _requirements("requirements-gpu.txt")
    assert _conda_pins("environment-gpu.yml") == {k: v for k, v in gpu.items() if k != "tensorflow"}
    assert gpu["tensorflow[and-cuda]"] == cpu["tensorflow"]           # the same TensorFlow, with CUDA
    added = set(gpu) - set(cpu)
    assert added - {"tensorflow[and-cuda]"} and all(k.startswith("nvidia-") for k in added - {"tensorflow[and-cuda]"})
    assert {k: gpu[k] for k in cpu} == cpu                             # nothing else differs


def test_constraints_agree_with_direct_pins():
    req = _pins((paths.ROOT / "requirements.txt").read_text().splitlines())
    constraints = _pins((paths.ROOT / "constraints.txt").read_text().splitlines())
    assert {k: constraints.get(k) for k in req} == req
