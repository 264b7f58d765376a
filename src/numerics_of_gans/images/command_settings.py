"""The options of the image subcommands other than a run's own settings (images/settings.py TrainSettings), each
command's in one dataclass whose fields say everything about an option once (numerics_of_gans.options): `train`'s
job options (its time slice, Figures 4-14 on a cluster), `cluster-plan`, `prepare-dataset`, `fetch-inception`,
`calibrate-scorer` (the inception score's real-data calibration), `train-classifier` (the stand-in's scorer) and
`plot-images` (Figures 4-14). The command line's options are derived from the fields (options.add_arguments) and
every value is validated here (SettingsError naming the field and the allowed values) before anything heavy is
imported. No TensorFlow here.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

from numerics_of_gans import options
from numerics_of_gans.errors import SettingsError, check_splits
from numerics_of_gans.images.settings import check_size
from numerics_of_gans.names import PAPER_DATASETS, SCALES

FIGURE_STEM = re.compile(r"fig(0[4-9]|1[0-4])_[a-z0-9_]+")
_REQUIRE_GPU = "stop at once, writing nothing, if TensorFlow sees no GPU (config images.require_gpu)"
_MARGIN = "time kept free at the end of a job (start-up before this process, the last checkpoint; config " \
          "cluster.stop_margin_minutes)"


@dataclass(frozen=True)
class JobSettings:
    """`train`'s options of the job, not of the run: a killed-run simulation, a cluster job's time slice."""
    stop_after: int | None = options.setting(None, low=1, help="end this process after N steps (resumable)")
    job_minutes: float | None = options.setting(
        None, low=0.0, low_open=True, help="this job's time limit: stop --stop-margin-minutes before its end (in a "
        "SLURM job the end squeue gives, else M minutes after this process started), checkpoint, and exit with 75 "
        "so that the next job resumes the run")
    stop_margin_minutes: float = options.setting(10.0, low=0.0, help=_MARGIN)
    min_step_seconds: float = options.setting(
        0.0, low=0.0, help="with --job-minutes: every step lasts at least this long (config "
        "cluster.min_step_seconds: 0 on a real cluster; the cluster test's bound on a job's steps on any machine)")
    require_gpu: bool = options.setting(False, help=_REQUIRE_GPU)

    def __post_init__(self):
        options.validate(self)
        if self.min_step_seconds and self.job_minutes is None:
            raise SettingsError(f"min_step_seconds: {self.min_step_seconds} is allowed only with job_minutes (a "
                                f"job's time slice; config cluster.min_step_seconds)")
        if self.job_minutes is not None and self.job_minutes <= self.stop_margin_minutes:
            raise SettingsError(f"job_minutes: {self.job_minutes} leaves no time after stop_margin_minutes "
                                f"{self.stop_margin_minutes}: raise cluster.max_job_minutes or lower "
                                f"cluster.stop_margin_minutes")


@dataclass(frozen=True)
class ClusterPlanSettings:
    max_job_minutes: int = options.setting(None, low=1, required=True,
                                           help="the longest job of your GPU partition (config cluster.max_job_minutes)")
    scale: str = options.setting("paper", choices=SCALES, help="a scale of config/scales")
    stop_margin_minutes: float = options.setting(10.0, low=0.0, help=_MARGIN)

    def __post_init__(self):
        options.validate(self)


@dataclass(frozen=True)
class PrepareDatasetSettings:
    dataset: str = options.setting(None, choices=PAPER_DATASETS, required=True)
    out: str = options.setting(None, required=True, help="results/<scale>/data/<dataset>.json")
    data_dir: str | None = options.setting(None, help="tfds data_dir (config images.data_dir; default "
                                                      "$TFDS_DATA_DIR or ~/tensorflow_datasets)")
    manual_dir: str | None = options.setting(None, help="files downloaded by hand (config images.manual_dir)")
    mock: bool = options.setting(False, help="tfds mock data (smoke, rehearsal) at the real shapes")
    mock_examples: int = options.setting(256, low=1)

    def __post_init__(self):
        options.validate(self)


@dataclass(frozen=True)
class FetchInceptionSettings:
    url: str = options.setting(None, required=True, help="the TF-Hub handle (config images.inception_url)")
    dir: str = options.setting(None, required=True, help="the local folder (config images.inception_dir)")
    out: str = options.setting(None, required=True, help="results/<scale>/images/inception.json")
    random_weights: bool = options.setting(False, help="build Inception-v3 with random weights and the module's "
                                                       "interface (the rehearsal)")

    def __post_init__(self):
        options.validate(self)


@dataclass(frozen=True)
class CalibrateScorerSettings:
    classifier: str = options.setting(None, required=True, help="the Inception module folder (fetch-inception)")
    out: str = options.setting(None, required=True, help="results/<scale>/images/calibration.json")
    dataset: str = options.setting("cifar10", choices=PAPER_DATASETS)
    samples: tuple[int, ...] = options.setting((6400, 50000), low=1, help="image counts to score")
    splits: int = options.setting(10, low=1)
    mock: bool = options.setting(False, help="the prepared tfds mock data (rehearsal)")
    data_dir: str | None = options.setting(None, help="tfds data_dir where prepare-dataset prepared the dataset")
    require_gpu: bool = options.setting(False, help=_REQUIRE_GPU)

    def __post_init__(self):
        options.validate(self)
        for n in self.samples:
            check_splits("samples", n, "splits", self.splits)


@dataclass(frozen=True)
class TrainClassifierSettings:
    out: str = options.setting(None, required=True, help="a .keras file (and its .json record beside it)")
    dataset: str = options.setting("digits", choices=("digits", "cifar10"), help="cifar10 only with --mock")
    mock: bool = options.setting(False, help="tfds mock data")
    data_dir: str | None = options.setting(None, help="tfds data_dir where prepare-dataset prepared the dataset")
    epochs: int = options.setting(20, low=1)
    seed: int = options.setting(0, low=0)
    size: int | None = options.setting(None, low=8, help="image side of the digits stand-in (default 32): that of "
                                                         "its runs (config images.common.size)")
    calibration_samples: int = options.setting(640, low=1, help="images per calibration score (real, one class): "
                                                                "the evaluation's sample count")
    calibration_splits: int = options.setting(10, low=1)

    def __post_init__(self):
        options.validate(self)
        if self.dataset == "cifar10" and not self.mock:
            raise SettingsError("dataset: cifar10 needs --mock here (the paper scale uses Inception instead)")
        if not self.out.endswith(".keras"):
            raise SettingsError(f"out: must end in .keras, got {self.out}")
        check_size(self.dataset, self.size)
        check_splits("calibration_samples", self.calibration_samples, "calibration_splits", self.calibration_splits)


@dataclass(frozen=True)
class PlotImagesSettings:
    specs: str = options.setting(None, required=True, help="JSON list of the figure's runs (Run.as_dict())")
    results: str = options.setting(None, required=True, help="results/<scale>/images")
    figure: str = options.setting(None, required=True, help="figures/<scale>/figNN_<name>.pdf (+ .png beside)")
    scale: str | None = options.setting(None, help="printed on the figure")

    def __post_init__(self):
        options.validate(self)
        stem = self.figure.rsplit("/", 1)[-1]
        if not (stem.endswith(".pdf") and FIGURE_STEM.fullmatch(stem[:-len(".pdf")])):
            raise SettingsError(f"figure: expected figures/<scale>/figNN_<name>.pdf with NN in 04-14, got "
                                f"{self.figure}")
        self.runs()

    def runs(self) -> list[dict]:
        """The run specs of --specs (Run.as_dict() each)."""
        try:
            specs = json.loads(self.specs)
        except json.JSONDecodeError as exc:
            raise SettingsError(f"specs: not JSON ({exc})") from None
        if not isinstance(specs, list) or not specs or not all(isinstance(s, dict) and "run_id" in s for s in specs):
            raise SettingsError("specs: expected a non-empty JSON list of run specs, each with a run_id")
        return specs
