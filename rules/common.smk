# Configuration (validated before any job starts), paths of the chosen scale, and the target lists.
import json
import shlex
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


def res(kind):
    """The resources of a kind of job (config `resources`), for local runs and cluster profiles alike."""
    r = CFG["resources"][kind]
    return {"mem_mb": r["mem_mb"], "runtime": r["runtime"], "gpu": r["gpu"]}


def threads(kind):
    return CFG["resources"][kind]["threads"]


def as_json(value):
    return shlex.quote(json.dumps(value))


# Figures whose rules land with later issues; until then their jobs fail with a clear message (rules/images.smk).
PENDING_FIGURES = {
    "fig04_samples": 5,
    "fig05_dcgan3_losses_inception": 5,
    "fig06_architecture_samples": 5,
    "fig07_architecture_inception": 5,
    "fig08_extra_fc_inception": 5,
    "fig09_objective_samples": 5,
    "fig10_celeba_resnet_samples": 5,
    "fig11_dcgan4_losses_inception": 5,
    "fig12_altga_learning_rate": 5,
    "fig13_conopt_learning_rate": 5,
    "fig14_conopt_gamma": 5,
}


def theory_figures():
    return [f"{FIGURES}/{c.figure}.{ext}" for c in THEORY.values() for ext in ("pdf", "png")]


def all_figures():
    return theory_figures() + mog_figures() + [f"{FIGURES}/{name}.pdf" for name in PENDING_FIGURES]
