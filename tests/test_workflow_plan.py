"""The dry-run plans a job for every figure (1-14 and the theory figures) and every claim, at every scale;
a bad configuration stops Snakemake before any job starts."""
import subprocess
import sys
import pytest

from numerics_of_gans import paths

SNAKEMAKE = [sys.executable, "-m", "snakemake"]


def _dry_run(*config: str) -> subprocess.CompletedProcess:
    return subprocess.run(SNAKEMAKE + ["-n", "--forceall", "--config", *config], cwd=paths.ROOT, capture_output=True, text=True,
                          timeout=120)


@pytest.mark.parametrize("scale", ["smoke", "cpu", "paper"])
def test_dry_run_lists_every_figure_and_the_claims(scale):
    proc = _dry_run(f"scale={scale}")
    assert proc.returncode == 0, proc.stderr[-2000:]
    plan = proc.stdout + proc.stderr
    for n in range(1, 15):
        assert f"figures/{scale}/fig{n:02d}_" in plan, f"no job for Figure {n}"
    assert f"results/{scale}/claims.json" in plan
    for claim in ("L1", "L4", "L7", "L9", "L11", "P13", "P14", "L15", "NM1", "NM3"):
        assert f"results/{scale}/theory/{claim}.json" in plan


def test_bad_config_stops_before_any_job():
    proc = _dry_run("scale=smoke", "mog={'methods': ['adam']}")
    assert proc.returncode != 0
    assert "config field 'mog.methods.0': 'adam' is not allowed; allowed values: simga, altga, conopt, smoothing" \
        in proc.stdout + proc.stderr
    assert "Job stats" not in proc.stdout + proc.stderr


def test_spectrum_seeds_must_be_conopt_runs():
    proc = _dry_run("scale=smoke", "mog={'spectrum_seeds': [7]}")
    assert proc.returncode != 0
    assert "config field 'mog.spectrum_seeds'" in proc.stdout + proc.stderr
