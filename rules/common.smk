# Configuration (validated before any job starts, by config.resolve), the software jobs run with, paths of the chosen
# scale, and every function and derived constant the other .smk files use (so that they hold nothing but rules).
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from snakemake.exceptions import WorkflowError
from snakemake_interface_executor_plugins.settings import DeploymentMethod

ROOT = Path(workflow.basedir)
sys.path.insert(0, str(ROOT / "src"))
from numerics_of_gans import options  # noqa: E402
from numerics_of_gans.errors import SettingsError  # noqa: E402
from numerics_of_gans.config import resolve  # noqa: E402
from numerics_of_gans.images import slices  # noqa: E402
from numerics_of_gans.images.runs import all_runs, control_runs, figure_runs  # noqa: E402
from numerics_of_gans.images.settings import TrainSettings  # noqa: E402
from numerics_of_gans.mog.settings import RunSettings  # noqa: E402
from numerics_of_gans.names import PAPER_DATASETS  # noqa: E402
from numerics_of_gans.theory import CLAIMS as THEORY  # noqa: E402
from numerics_of_gans.zoo import ring_settings  # noqa: E402

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

# Software. Every rule names the conda environment of the scale (`--use-conda` builds it; the GPU one at a scale that
# trains on GPUs); without --use-conda, jobs run `python` from PATH, which starts with the folder of the interpreter
# running Snakemake (the project's .venv/bin under `make`). Either way the repository's src/ and paper_checks are
# importable. As environment variables, not text of the shell commands: a moved checkout re-runs nothing.
CONDA_ENV = "../environment-gpu.yml" if CFG["images"]["require_gpu"] else "../environment.yml"
os.environ.update(
    PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
    PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
    NUMERICS_OF_GANS_TF32="1" if CFG["images"]["tf32"] else "0",  # devices.TF32_ENV: float32 as the paper, or TF32
)
if DeploymentMethod.CONDA not in workflow.deployment_settings.deployment_method:
    JOB_PYTHON = shutil.which("python")
    if JOB_PYTHON is None or not os.path.samefile(JOB_PYTHON, sys.executable):
        raise WorkflowError(
            f"jobs run `python` from PATH, which is {JOB_PYTHON}, not the interpreter running Snakemake"
            f" ({sys.executable}): run Snakemake from the project's environment (.venv/bin/snakemake, or a conda"
            " environment of environment.yml), or add --use-conda"
        )


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
    return {
        "mem_mb": r["mem_mb"],
        "runtime": r["runtime"],
        "gpu": r["gpu"],
        **({"slurm_partition": partition} if partition else {}),
        **({"slurm_account": cluster["account"]} if cluster["account"] else {}),
    }


def threads(kind):
    return CFG["resources"][kind]["threads"]


def checkout_file(path):
    """A file of the checkout (the config, the claims list) as a job's input, absolute: found from another working
    directory too (snakemake -d: the pilot runs the workflow in results/pilot/<candidate>)."""
    return str(ROOT / path)


def as_json(value):
    return shlex.quote(json.dumps(value))


# Theory (rules/theory.smk)


FIGURE_TO_CLAIM = {c.figure: c.claim_id for c in THEORY.values()}


def theory_figures():
    return [f"{FIGURES}/{c.figure}.{ext}" for c in THEORY.values() for ext in ("pdf", "png")]


# C1's step cost (rules/claims.smk)
STEP_COST_MODELS = [m for m in ("mog", "dcgan") if CFG["step_cost"].get(m)]  # null: not measured at this scale
STEP_COST_KIND = {"mog": "timing", "dcgan": "timing_image"}  # the DC-GAN runs on the GPU


# The zoo (rules/zoo.smk)
ZOO = CFG["zoo"]
ZOO_TABLE = f"{RESULTS}/zoo/table.json"
ZOO_RING_JOBS = ring_settings.jobs(ZOO)  # (method label, hyperparameter value index) on the 8-Gaussian ring


def zoo_game(game):
    return f"{RESULTS}/zoo/games/{game}.json"


def zoo_ring(label, index):
    return f"{RESULTS}/zoo/ring/{label}/v{index}.json"


# Mixture of Gaussians (rules/mog.smk)
MOG = CFG["mog"]
# mog-train's settings that config `mog` holds (method and seed: the job's wildcards; checked by config.resolve)
MOG_TRAIN_ARGS = shlex.join(options.cli_args(RunSettings, RunSettings.of_config(MOG)))


def mog_run(method, seed):
    return f"{RESULTS}/mog/{method}/seed{seed}/run.json"


def mog_spectrum_file(seed):
    return f"{RESULTS}/mog/conopt/seed{seed}/spectrum.json"


def mog_results():
    """The result files the E2/E3 checks read (paper_checks/checks/mog.py)."""
    runs = [mog_run(m, s) for m in MOG["methods"] for s in MOG["seeds"]]
    return runs + [mog_spectrum_file(s) for s in MOG["spectrum_seeds"]]


def mog_figures():
    return [
        f"{FIGURES}/{stem}.{ext}"
        for stem in ("fig02_mog_densities", "fig03_mog_eigenvalues", "mog_metrics_over_steps")
        for ext in ("pdf", "png")
    ]


# Images (rules/images.smk)
IMG = CFG["images"]
try:
    IMG_RUNS = all_runs(IMG)  # every figure's runs and the positive controls'
    CONTROL_RUNS = control_runs(IMG)
except SettingsError as exc:
    raise WorkflowError(str(exc)) from None
CALIBRATION = IMG["calibration"] or {}  # the scorer's real-data calibration; {} where the scale runs none
# the datasets to prepare with tfds (digits ships with scikit-learn)
TFDS_DATASETS = sorted(({r.dataset for r in IMG_RUNS.values()} | {CALIBRATION.get("dataset")}) & set(PAPER_DATASETS))
# The stand-in classifier (smoke, cpu) is trained on what stands in for cifar-10; the paper scale uses Inception,
# stored once in a local folder.
INCEPTION_FILE = f"{RESULTS}/images/inception.json"
CALIBRATION_FILE = f"{RESULTS}/images/calibration.json"  # the scorer's score of real images (calibrate_scorer)
CLASSIFIER_FILE = {
    "stand-in": f"{RESULTS}/images/classifier.keras",
    "inception": INCEPTION_FILE,
    "random-inception": INCEPTION_FILE,
}
STAND_IN_RECORD = f"{RESULTS}/images/classifier.json"  # its accuracy and calibration (train-classifier)
CLASSIFIER = CLASSIFIER_FILE["stand-in"] if IMG["classifier"] == "stand-in" else abs_path(IMG["inception_dir"])


# Time slices on a cluster (config `cluster`, images/slices.py): every job of a run asks for at most max_job_minutes and
# stops before it (exit 75); the retries below resubmit it, as many as the longest run needs by its estimate, on top
# of the retries asked for on the command line or in the profile (failures, an estimate that was low). Only the
# process that submits jobs retries: inside a cluster job, Snakemake would otherwise restart the stopped run at once,
# in the same job, past its time limit.
CLUSTER = CFG["cluster"]
TRAIN_MINUTES = {r.run_id: slices.run_minutes(r.steps, CFG) for r in IMG_RUNS.values()}
if not (CLUSTER["max_job_minutes"] and IMG_RUNS):
    TRAIN_RETRIES = None  # the command line's / profile's
elif workflow.is_main_process:
    TRAIN_RETRIES = (
        max(slices.jobs_needed(m, CLUSTER) for m in TRAIN_MINUTES.values())
        - 1
        + (getattr(workflow.execution_settings, "retries", 0) or 0)
    )
else:
    TRAIN_RETRIES = 0
TRAIN_TIME_LIMIT = (
    " --job-minutes {resources.runtime} --stop-margin-minutes {params.margin} --min-step-seconds {params.min_step_s}"
    if TRAIN_RETRIES is not None
    else ""
)


def image_run_final(run_id):
    return f"{RESULTS}/images/{run_id}/final.json"


def image_results():
    """The result files the E4-E14 checks read (paper_checks/checks/image_*.py): the runs (the positive controls'
    too) and the scorer's calibration (the stand-in classifier's record, or the Inception network's
    calibrate_scorer)."""
    scorer = [STAND_IN_RECORD] if IMG["classifier"] == "stand-in" else [CALIBRATION_FILE] if CALIBRATION else []
    return [image_run_final(r) for r in IMG_RUNS] + scorer


# The positive controls' record (rule image_controls, paper_checks/controls.py), judged before any image claim
CONTROLS_FILE = f"{RESULTS}/controls.json"


def controls_results():
    """results/<scale>/controls.json where the scale configures positive controls (config images.controls)."""
    return [CONTROLS_FILE] if IMG["controls"] else []


def pilot_record():
    """The pilot that chose this scale's free settings (config images.pilot): results/<scale>/pilot.json where it ran
    here, else this artifact's record of it (reference/<scale>/pilot.json); none at a scale without a pilot."""
    if not IMG["pilot"]:
        return []
    here, reference = Path(f"{RESULTS}/pilot.json"), ROOT / "reference" / SCALE / "pilot.json"
    return [str(path) for path in (here, reference) if path.exists()][:1]


def image_figures():
    return [f"{FIGURES}/{stem}.{ext}" for stem in IMG["figures"] for ext in ("pdf", "png")]


def dir_args(*keys):
    """--data-dir / --manual-dir for the configured folders (none configured: tfds' defaults)."""
    return "".join(f" --{k.replace('_', '-')} {shlex.quote(abs_path(IMG[k]))}" for k in keys if IMG[k])


def prepared(dataset):
    return f"{RESULTS}/data/{dataset}.json"


def train_args(run):
    """`train`'s options for one run: its settings, then the folders and the classifier of this scale."""
    guard = ["--require-gpu"] if IMG["require_gpu"] else []
    folders = {"data_dir": IMG["data_dir"] and abs_path(IMG["data_dir"]), "classifier": CLASSIFIER}
    return shlex.join(options.cli_args(TrainSettings, run.options()) + guard + options.cli_args(TrainSettings, folders))


def all_figures():
    return theory_figures() + mog_figures() + image_figures()
