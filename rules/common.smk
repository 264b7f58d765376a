# Configuration (validated before any job starts), paths of the chosen scale, and the target lists.
import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from snakemake.exceptions import WorkflowError

ROOT = Path(workflow.basedir)
sys.path.insert(0, str(ROOT / "src"))
from numerics_of_gans.errors import SettingsError  # noqa: E402
from numerics_of_gans.config import resolve  # noqa: E402
from numerics_of_gans.theory import CLAIMS as THEORY  # noqa: E402

try:
    # `config` holds only what --config/--configfile gave: overrides on top of config.yaml + scales/<scale>.yaml.
    CFG = resolve(config)
except SettingsError as exc:
    raise WorkflowError(str(exc)) from None

SCALE = CFG["scale"]
RESULTS = f"results/{SCALE}"
FIGURES = f"figures/{SCALE}"
LOGS = f"{RESULTS}/logs"
BENCH = f"{RESULTS}/benchmarks"
# Jobs run the interpreter that runs Snakemake, with the repository's src/ and paper_checks importable.
PYTHON = f"PYTHONPATH={shlex.quote(str(ROOT / 'src'))}:{shlex.quote(str(ROOT))} {shlex.quote(sys.executable)}"


def local_gpus():
    """The GPUs nvidia-smi lists on this machine (0 without a driver)."""
    if not shutil.which("nvidia-smi"):
        return 0
    listing = subprocess.run(["nvidia-smi", "-L"], capture_output=True, text=True, timeout=60).stdout
    return sum(line.startswith("GPU ") for line in listing.splitlines())


# Snakemake counts a resource only when it has a limit: without one, every gpu=1 job of a local run would start at
# once and share the first card. A local run (no --jobs/--nodes, i.e. no cluster) without --resources gpu=N gets N =
# the GPUs found; each job then takes a free GPU of its own (numerics_of_gans.devices).
if workflow.resource_settings.nodes is None and "gpu" not in workflow.global_resources:
    GPUS_FOUND = local_gpus()
    if GPUS_FOUND:
        workflow.global_resources["gpu"] = GPUS_FOUND


def abs_path(path):
    """A configured folder as an absolute path (a relative one is relative to the working directory, like results/)."""
    return os.path.abspath(path)


def res(kind):
    """The resources of a kind of job (config `resources`), for local runs and cluster profiles alike; on a cluster
    (config `cluster`) also its SLURM partition, the GPU partition for a job that asks for a GPU, and account."""
    r = CFG["resources"][kind]
    cluster = CFG["cluster"]
    partition = (r["gpu"] and cluster["gpu_partition"]) or cluster["partition"]
    return {"mem_mb": r["mem_mb"], "runtime": r["runtime"], "gpu": r["gpu"],
            **({"slurm_partition": partition} if partition else {}),
            **({"slurm_account": cluster["account"]} if cluster["account"] else {})}


def threads(kind):
    return CFG["resources"][kind]["threads"]


def as_json(value):
    return shlex.quote(json.dumps(value))


def theory_figures():
    return [f"{FIGURES}/{c.figure}.{ext}" for c in THEORY.values() for ext in ("pdf", "png")]


def all_figures():
    return theory_figures() + mog_figures() + image_figures()
