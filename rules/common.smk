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


def theory_figures():
    return [f"{FIGURES}/{c.figure}.{ext}" for c in THEORY.values() for ext in ("pdf", "png")]


def all_figures():
    return theory_figures() + mog_figures() + image_figures()
