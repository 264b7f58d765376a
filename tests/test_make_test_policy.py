"""`make test` for anyone, the cluster test where it can run (issue 29, point 4).

cluster/cluster_test.sh --can-run decides (yes as root; without root, no, with what is missing), --if-possible
runs the test or prints why not; `make test` ends with that step. Nothing here starts SLURM or needs root: the uid
comes from CLUSTER_TEST_UID (the script's test-only stand-in for `id -u`) and PATH is a folder of stubs, so that the
answer does not depend on this machine. MAKEFLAGS and the like are dropped: under `make unit` they would make the
make run here print "Entering directory" lines.
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "cluster" / "cluster_test.sh"
BASH = shutil.which("bash")
DAEMONS = ("slurmctld", "slurmd", "munged", "sbatch")
NOTE = "; everything else passed"


def fake_path(folder, commands=()):
    """A PATH with only these commands (stubs that fail if ever run) and bash (for make's recipes)."""
    folder.mkdir(exist_ok=True)
    for name in commands:
        stub = folder / name
        stub.write_text("#!/bin/sh\nexit 99\n")
        stub.chmod(0o755)
    (folder / "bash").symlink_to(BASH)
    return str(folder)


def environment(path, uid, **extra):
    env = {k: v for k, v in os.environ.items()
           if k not in ("REQUIRE_CLUSTER_TEST", "MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")}
    env.update(PATH=path, CLUSTER_TEST_UID=str(uid), **extra)
    return env


def script(*args, env):
    return subprocess.run([BASH, str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=20)


def can_run(tmp_path, uid, commands=()):
    done = script("--can-run", env=environment(fake_path(tmp_path / "bin", commands), uid))
    assert done.returncode == 0 and done.stderr == ""
    [line] = done.stdout.splitlines()
    return line


@pytest.mark.parametrize("commands", [(), DAEMONS], ids=["slurm-missing", "slurm-installed"])
def test_root_can_run_with_or_without_slurm(tmp_path, commands):
    # one_node_slurm.sh installs the packages as root
    assert can_run(tmp_path, 0, commands) == "yes"


def test_not_root_without_slurm_names_what_is_missing(tmp_path):
    line = can_run(tmp_path, 1000)
    assert line.startswith("no: not root and SLURM is not installed, no slurmctld slurmd munged sbatch;")
    assert "apt-get install slurmctld slurmd slurm-client munge" in line and "run make test as root" in line


def test_not_root_with_part_of_slurm_names_the_rest(tmp_path):
    line = can_run(tmp_path, 1000, ["sbatch", "munged"])   # e.g. slurm-client and munge only
    assert line.startswith("no: not root and SLURM is not installed, no slurmctld slurmd;")


def test_not_root_with_slurm_installed_still_cannot_run(tmp_path):
    # the config that one_node_slurm.sh writes runs the daemons as root, and it links /etc/slurm/slurm.conf
    line = can_run(tmp_path, 1000, DAEMONS)
    assert line.startswith("no: not root, and cluster/one_node_slurm.sh runs slurmctld and slurmd as root")
    assert "SlurmUser=root" in line and "/etc/slurm/slurm.conf" in line


def test_the_one_node_slurm_config_is_still_roots():
    # the reason above holds while one_node_slurm.sh writes these (else --can-run must look again)
    text = (REPO / "cluster" / "one_node_slurm.sh").read_text()
    assert "SlurmUser=root" in text and "SlurmdUser=root" in text and "system_conf=/etc/slurm/slurm.conf" in text


def test_if_possible_skips_with_one_last_line_and_status_0(tmp_path):
    env = environment(fake_path(tmp_path / "bin"), 1000)
    reason = script("--can-run", env=env).stdout.strip().removeprefix("no: ")
    done = script("--if-possible", NOTE, env=env)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == f"cluster test: not run ({reason}){NOTE}\n"


def test_if_possible_fails_when_the_cluster_test_is_required(tmp_path):
    env = environment(fake_path(tmp_path / "bin"), 1000, REQUIRE_CLUSTER_TEST="1")
    done = script("--if-possible", NOTE, env=env)
    assert done.returncode == 1 and done.stdout == ""
    assert "REQUIRE_CLUSTER_TEST=1" in done.stderr and "not root and SLURM is not installed" in done.stderr


def test_unknown_option_is_a_usage_error(tmp_path):
    done = script("--bogus", env=environment(fake_path(tmp_path / "bin"), 0))
    assert done.returncode == 2 and "usage" in done.stderr


def make_test_target():
    """The test target's prerequisites and recipe lines, from the Makefile."""
    lines = (REPO / "Makefile").read_text().splitlines()
    [start] = [i for i, line in enumerate(lines) if line.startswith("test:")]
    recipe = []
    for line in lines[start + 1:]:
        if not line.startswith("\t"):
            break
        recipe.append(line.strip())
    return lines[start].split(":", 1)[1].split(), recipe


def test_make_test_ends_with_the_cluster_step():
    prerequisites, recipe = make_test_target()
    # everything else as before, the cluster step after all of it (a recipe runs after every prerequisite)
    assert prerequisites == ["lint", "unit", "smoke", "smoke-report", "checks", "rehearsal-ci"]
    assert recipe == [f"@bash cluster/cluster_test.sh --if-possible '{NOTE}'"]


def run_make(tmp_path, uid, target, **extra):
    """make TARGET with every prerequisite of `test` (and the venv) taken as done: only the cluster step runs."""
    prerequisites, _ = make_test_target()
    skip = [arg for name in [*prerequisites, ".venv/.installed"] for arg in ("-o", name)]
    env = environment(fake_path(tmp_path / "bin"), uid, **extra)
    return subprocess.run([shutil.which("make"), "--no-print-directory", "-C", str(REPO), *skip, target],
                          env=env, capture_output=True, text=True, timeout=30)


@pytest.mark.skipif(shutil.which("make") is None, reason="no make")
def test_make_n_test_prints_the_cluster_step_last():
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")}
    done = subprocess.run([shutil.which("make"), "--no-print-directory", "-C", str(REPO), "-n", "test"], env=env,
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert re.fullmatch(r"bash cluster/cluster_test\.sh --if-possible '; everything else passed'", lines[-1])
    assert sum("cluster_test.sh" in line for line in lines) == 1


@pytest.mark.skipif(shutil.which("make") is None, reason="no make")
def test_make_test_without_root_ends_with_the_skip_line(tmp_path):
    done = run_make(tmp_path, 1000, "test")
    assert (done.returncode, done.stderr) == (0, "")
    [line] = done.stdout.splitlines()
    assert re.fullmatch(r"cluster test: not run \(not root and SLURM is not installed, .*\); everything else passed",
                        line)


@pytest.mark.skipif(shutil.which("make") is None, reason="no make")
def test_make_test_without_root_fails_when_required(tmp_path):
    done = run_make(tmp_path, 1000, "test", REQUIRE_CLUSTER_TEST="1")
    assert done.returncode != 0 and done.stdout == ""
    assert "cluster test: required (REQUIRE_CLUSTER_TEST=1) but cannot run here (not root" in done.stderr


@pytest.mark.skipif(shutil.which("make") is None, reason="no make")
def test_make_cluster_test_without_root_says_why_not(tmp_path):
    done = run_make(tmp_path, 1000, "cluster-test")
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.splitlines()[-1].startswith("cluster test: not run (not root and SLURM is not installed")
    assert not done.stdout.splitlines()[-1].endswith(NOTE)   # alone, it does not speak for the other steps


def test_ci_requires_the_cluster_test():
    lines = (REPO / ".ci" / "run").read_text().splitlines()
    assert lines[-1] == "make test" and "export REQUIRE_CLUSTER_TEST=1" in lines[:-1]
