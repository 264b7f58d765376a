"""The image experiments' run matrix (Figures 4-14), expanded from config `images` and never from code constants.

A figure lists run specs; a list-valued field of a spec is a grid axis (every combination is a run). A run's
settings are: config `images.common`, overlaid by `images.per_dataset.<paper dataset>`, overlaid by the spec, capped
at `images.max_steps`, its learning rate times `images.lr_scale`; the seeds are `images.seeds.<figure>` or
`images.seeds.default`. A run is named by what it trains (`run_id`), so the same run listed by several figures
(Figures 4, 6, 7 and 11 share runs) is trained once. The positive controls of a stand-in scale (`images.controls`,
`control_runs`) are assembled the same way, with the controls' pilot seeds.

The dataset in a run's name is the paper's (cifar10, celeb_a); `images.datasets` says what stands in for it at a
scale (digits at cpu), and the run's result files say so in every output (final.json `dataset_label`).
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass

from numerics_of_gans.errors import SettingsError
from numerics_of_gans.images.settings import TrainSettings, check_size
from numerics_of_gans.names import CONSENSUS

GRID_FIELDS = ("dataset", "arch", "objective", "method", "lr", "gamma")
# the settings a run is made of (TrainSettings fields; the rest, its folder, data and scorer, are the workflow's to
# place), in the order of its command line and its record
FIELDS = ("dataset", "arch", "objective", "method", "gamma", "lr", "steps", "seed", "batch_size", "z_dim", "width",
          "eval_every", "eval_samples", "eval_splits", "size", "mock")


@dataclass(frozen=True)
class Run:
    """One training run of the image experiments: the paper dataset of its figure and the settings it trains with
    (`python -m numerics_of_gans train`'s TrainSettings, validated there, without the folder and the scorer). The
    settings read as the run's own attributes (run.arch, run.lr)."""
    paper_dataset: str          # cifar10 | celeb_a: the dataset of the paper's figure
    settings: TrainSettings     # dataset: what is trained on at this scale (images.datasets)

    @classmethod
    def of(cls, paper_dataset: str, **fields) -> "Run":
        """The run of these FIELDS (a stand-in dataset says which paper dataset it stands in for)."""
        stands_in_for = paper_dataset if fields["dataset"] != paper_dataset else None
        return cls(paper_dataset, TrainSettings(out="", stands_in_for=stands_in_for, **fields))

    def __getattr__(self, name: str):
        if name in FIELDS:   # only called for what is not an attribute of the Run itself
            return getattr(self.settings, name)
        raise AttributeError(f"Run has no {name!r}")

    def fields(self) -> dict:
        return {k: getattr(self.settings, k) for k in FIELDS}

    def replace(self, **changes) -> "Run":
        """This run with some of its FIELDS (or its paper_dataset) changed, validated again."""
        paper_dataset = changes.pop("paper_dataset", self.paper_dataset)
        return Run.of(paper_dataset, **{**self.fields(), **changes})

    @property
    def run_id(self) -> str:
        """A readable, unique name from the settings that differ between the paper's runs."""
        gamma = f"-g{self.gamma:g}" if self.method in CONSENSUS else ""
        size = f"-px{self.size}" if self.size else ""
        return (f"{self.paper_dataset}-{self.arch}-{self.objective}-{self.method}{gamma}-lr{self.lr:g}{size}"
                f"-n{self.steps}-s{self.seed}")

    @property
    def setting_id(self) -> str:
        """The run id without its seed: the cell whose seeds a figure and its verdict group together."""
        return self.run_id.rsplit("-s", 1)[0]

    def as_dict(self) -> dict:
        return {"paper_dataset": self.paper_dataset, **self.fields(), "run_id": self.run_id}

    @classmethod
    def from_dict(cls, spec: dict) -> "Run":
        """The run of an as_dict() (the figure rule's --specs)."""
        return cls.of(spec["paper_dataset"], **{k: spec[k] for k in FIELDS})

    def options(self) -> dict:
        """The TrainSettings fields this run sets (`train`'s options: options.cli_args)."""
        values = {k: v for k, v in self.fields().items() if k != "mock"}
        if self.settings.stands_in_for:
            values["stands_in_for"] = self.settings.stands_in_for
        return {**values, "mock": self.mock}


def _grid(spec: dict) -> list[dict]:
    """Every combination of the list-valued fields of a spec."""
    axes = {k: (v if isinstance(v, list) else [v]) for k, v in spec.items()}
    keys = list(axes)
    return [dict(zip(keys, values)) for values in itertools.product(*(axes[k] for k in keys))]


def network_and_method(run: Run) -> tuple:
    """A network at its shapes (dataset and image size, architecture, width, batch, z) trained by one method: what
    CI's rehearsal trains once. Runs that share it differ only in the objective (another elementwise loss of D's
    output), the learning rate or gamma (constants), or the steps."""
    return run.paper_dataset, run.size, run.arch, run.method, run.batch_size, run.width, run.z_dim, run.seed


def figure_runs(images_cfg: dict, figure: str) -> list[Run]:
    """The runs of one figure (config `images.figures.<figure>`), in the config's order, without duplicates. With
    `images.one_run_per_network_and_method` (CI's rehearsal), each run is replaced by the first run of any figure
    with the same `network_and_method`."""
    runs = _listed_runs(images_cfg, figure)
    if not images_cfg["one_run_per_network_and_method"]:
        return runs
    first: dict[tuple, Run] = {}
    for other in images_cfg["figures"]:
        for run in _listed_runs(images_cfg, other):
            first.setdefault(network_and_method(run), run)
    return list({first[network_and_method(r)].run_id: first[network_and_method(r)] for r in runs}.values())


def _listed_runs(images_cfg: dict, figure: str) -> list[Run]:
    if figure not in images_cfg["figures"]:
        raise KeyError(f"images.figures has no {figure!r}; allowed: {', '.join(images_cfg['figures'])}")
    seeds = images_cfg["seeds"].get(figure, images_cfg["seeds"]["default"])
    return _expand(images_cfg, images_cfg["figures"][figure], seeds)


def control_runs(images_cfg: dict) -> list[Run]:
    """The positive controls' runs (config `images.controls.runs`, in the config's order, without duplicates): run
    specs assembled like a figure's, with the controls' pilot seeds; none where the scale configures no controls.
    Never replaced by `one_run_per_network_and_method`: a control judges its own runs."""
    controls = images_cfg.get("controls")   # .get: a config.json recorded before controls existed has none
    return _expand(images_cfg, controls["runs"], controls["seeds"]) if controls else []


def _expand(images_cfg: dict, specs: list[dict], seeds: list[int]) -> list[Run]:
    """The runs of run specs: common < per_dataset < spec, capped at max_steps, lr times lr_scale; every seed."""
    runs: dict[str, Run] = {}
    for spec in specs:
        for point in _grid(spec):
            paper_dataset = point.pop("dataset", "cifar10")
            settings = {**images_cfg["common"], **images_cfg["per_dataset"].get(paper_dataset, {}), **point}
            if images_cfg["max_steps"] is not None:
                settings["steps"] = min(settings["steps"], images_cfg["max_steps"])
            settings["lr"] = settings["lr"] * images_cfg.get("lr_scale", 1)   # every run alike, grids included
            if settings["method"] not in CONSENSUS:
                settings["gamma"] = 0.0
            check_size(images_cfg["datasets"][paper_dataset], settings["size"],
                       field="config field 'images.common.size' (or its per_dataset / figure value)")
            for seed in seeds:
                try:   # TrainSettings validates the run as `train` would: a run that cannot train is refused here
                    run = Run.of(paper_dataset, dataset=images_cfg["datasets"][paper_dataset], seed=seed,
                                 mock=images_cfg["mock"], **{k: settings[k] for k in _SETTINGS})
                except SettingsError as exc:
                    raise SettingsError(f"config field 'images': the run {dict(spec)} of {paper_dataset}: {exc}") \
                        from None
                runs.setdefault(run.run_id, run)
    return list(runs.values())


# what config `images.common` / `per_dataset` / a figure spec set: every field of a Run but those the matrix fills in
_SETTINGS = tuple(f for f in FIELDS if f not in ("dataset", "seed", "mock"))


def all_runs(images_cfg: dict) -> dict[str, Run]:
    """Every run the workflow trains, once, by run_id: every figure's, then the positive controls'. The run_id names
    every field a figure spec can set, and the rest comes from `common`/`per_dataset`, so equal ids are equal runs."""
    runs = {run.run_id: run for figure in images_cfg["figures"] for run in figure_runs(images_cfg, figure)}
    return {**runs, **{run.run_id: run for run in control_runs(images_cfg)}}
