"""pyproject.toml declares what the package imports, at the versions requirements.txt pins; LICENSE is the license
pyproject names; CITATION.cff cites the paper."""
import re
import tomllib

import yaml

from numerics_of_gans import paths

PYPROJECT = tomllib.loads((paths.ROOT / "pyproject.toml").read_text())["project"]
LOWER = re.compile(r"^([A-Za-z0-9_.\-]+)>=([^,\s]+)")


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins() -> dict:
    pins = {}
    for line in (paths.ROOT / "requirements.txt").read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==")
            pins[_norm(name)] = version.strip()
    return pins


def test_pyproject_declares_every_pinned_requirement_from_its_pinned_version():
    declared = {}
    for dep in PYPROJECT["dependencies"] + [d for ds in PYPROJECT["optional-dependencies"].values() for d in ds]:
        name, version = LOWER.match(dep).groups()
        declared[_norm(name)] = version
    assert declared == _pins()


def test_license_and_citation():
    assert PYPROJECT["license"] == "MIT" and PYPROJECT["license-files"] == ["LICENSE"]
    assert (paths.ROOT / "LICENSE").read_text().startswith("MIT License")
    cff = yaml.safe_load((paths.ROOT / "CITATION.cff").read_text())
    paper = cff["preferred-citation"]
    assert paper["title"] == "The Numerics of GANs" and paper["year"] == 2017
    assert [a["family-names"] for a in paper["authors"]] == ["Mescheder", "Nowozin", "Geiger"]
    assert cff["license"] == "MIT" and cff["version"] == PYPROJECT["version"]


def test_the_library_needs_tensorflow_and_numpy_only():
    """`pip install .` brings the library's two dependencies; the reproduction's and the workflow's are extras (what
    the library may import: tests/consensus_optimization/test_library_imports.py)."""
    assert [_norm(LOWER.match(d).group(1)) for d in PYPROJECT["dependencies"]] == ["tensorflow", "numpy"]
    assert set(PYPROJECT["optional-dependencies"]) == {"reproduction", "workflow"}
    extras = {_norm(LOWER.match(d).group(1)) for ds in PYPROJECT["optional-dependencies"].values() for d in ds}
    assert {"pyyaml", "jsonschema", "matplotlib", "scikit-learn", "tensorflow-datasets", "tensorflow-gan",
            "tensorflow-hub", "snakemake"} <= extras
