"""`python -m numerics_of_gans train ...`, `cluster-plan`, `prepare-dataset`, `fetch-inception`,
`calibrate-scorer`, `train-classifier`, `plot-images`, `pilot` (images/pilot.py): the image experiments' command
line (Figures 4-14). Each command's options come from its settings dataclass (images/settings.py,
images/command_settings.py), so every value is validated before anything heavy is imported: a bad one raises
SettingsError naming the field and the allowed values (the CLI prints one line and exits 2).

    python -m numerics_of_gans train-classifier --dataset digits --size 16 --out my_runs/classifier.keras
    python -m numerics_of_gans train --dataset digits --size 16 --arch dcgan3_nobn --method conopt --gamma 10 \\
        --lr 1e-4 --steps 2000 --seed 0 --out my_runs/conopt_s0 --classifier my_runs/classifier.keras
    python -m numerics_of_gans prepare-dataset --dataset cifar10 --out my_runs/cifar10.json
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from numerics_of_gans import options
from numerics_of_gans.errors import SettingsError
from numerics_of_gans.images.command_settings import (CalibrateScorerSettings, ClusterPlanSettings,
                                                      FetchInceptionSettings, JobSettings, PlotImagesSettings,
                                                      PrepareDatasetSettings, TrainClassifierSettings)
from numerics_of_gans.images.settings import TrainSettings

# Exit status of a training job that stopped before its time limit with the run unfinished (EX_TEMPFAIL): a
# failed job to Snakemake, which resubmits it (rule image_train's retries), and the new job resumes the run.
SLICED = 75


def cmd_train(args) -> int:
    settings = options.from_arguments(TrainSettings, args)
    job = options.from_arguments(JobSettings, args)
    if settings.classifier and not Path(settings.classifier).exists():
        raise SettingsError(f"classifier: {settings.classifier!r} does not exist; allowed: an Inception module folder "
                            f"(fetch-inception) or a stand-in .keras file (train-classifier)")
    if job.require_gpu:   # before anything is written: no run folder from a job that cannot train here
        from numerics_of_gans import devices
        devices.require_gpu(f"image training ({settings.out})")
    from numerics_of_gans.images import slices
    from numerics_of_gans.images.train import train
    deadline = None
    if job.job_minutes is not None:
        # the job's end as the scheduler knows it; else the limit counted from this process's start
        end = slices.slurm_job_end()
        deadline = (slices.Deadline(end - 60 * job.stop_margin_minutes, clock=time.time,
                                    min_step_s=job.min_step_seconds) if end is not None else
                    slices.Deadline(args.started + 60 * (job.job_minutes - job.stop_margin_minutes),
                                    min_step_s=job.min_step_seconds))
    final = train(settings, stop_after=job.stop_after, deadline=deadline)
    print(json.dumps({k: final.get(k) for k in ("status", "step", "cause")}))
    if final["status"] == "sliced":
        if not final["steps_this_job"]:
            print(f"error: this job's {job.job_minutes} min less the {job.stop_margin_minutes} min margin left no "
                  f"time to train after the set-up: raise cluster.max_job_minutes", file=sys.stderr)
            return 1
        return SLICED   # the workflow resubmits the job (rule image_train's retries); it resumes at this step
    return 0   # a diverged run is a result (final.json says when and why), not a failed job


def cmd_cluster_plan(args) -> int:
    """The jobs every image run and figure takes on a cluster whose jobs last at most --max-job-minutes (docs/cluster.md), from the configured estimate of each run's time (images/slices.py)."""
    from numerics_of_gans.config import resolve
    from numerics_of_gans.images import slices
    from numerics_of_gans.images.runs import all_runs, figure_runs
    s = options.from_arguments(ClusterPlanSettings, args)
    cfg = resolve({"scale": s.scale, "cluster": {"max_job_minutes": s.max_job_minutes,
                                                 "stop_margin_minutes": s.stop_margin_minutes}})
    cluster = cfg["cluster"]

    def jobs(run) -> int:
        return slices.jobs_needed(slices.run_minutes(run.steps, cfg), cluster)

    def hours(runs) -> float:
        return sum(slices.run_minutes(r.steps, cfg) for r in runs) / 60

    print(f"scale {s.scale}: jobs of at most {s.max_job_minutes} min, each training for "
          f"{s.max_job_minutes - s.stop_margin_minutes:g} min; estimate "
          f"{cfg['resources']['train_image']['runtime']} min per {cfg['images']['common']['steps']} steps "
          f"(resources.train_image.runtime)")
    print(f"{'figure':34} {'runs':>5} {'est. hours':>10} {'jobs':>6}  longest run")
    for figure in cfg["images"]["figures"]:
        runs = figure_runs(cfg["images"], figure)
        longest = max(runs, key=lambda r: r.steps)
        print(f"{figure:34} {len(runs):5d} {hours(runs):10,.0f} {sum(map(jobs, runs)):6d}  "
              f"{longest.run_id}: {jobs(longest)} jobs")
    runs = list(all_runs(cfg["images"]).values())
    print(f"{'all distinct runs':34} {len(runs):5d} {hours(runs):10,.0f} {sum(map(jobs, runs)):6d}")
    return 0


def cmd_prepare_dataset(args) -> int:
    """Prepare one tfds dataset once, before the training jobs that read it (the workflow's prepare_dataset)."""
    s = options.from_arguments(PrepareDatasetSettings, args)
    from numerics_of_gans.images import data
    from numerics_of_gans.io import provenance, write_json
    if s.mock:
        info = data.prepare_mock(s.dataset, s.data_dir, s.mock_examples)
    else:
        info = data.prepare(s.dataset, s.data_dir, s.manual_dir)
    write_json(s.out, {**info, "provenance": provenance()})
    print(f"{info['label']}: ready ({json.dumps(info)})")
    return 0


def cmd_fetch_inception(args) -> int:
    """Store TF-GAN's Inception module in a local folder once and check its interface (fetch_inception)."""
    s = options.from_arguments(FetchInceptionSettings, args)
    from numerics_of_gans.images import inception
    from numerics_of_gans.io import provenance, write_json
    info = inception.fetch_inception(s.url, s.dir, random_weights=s.random_weights)
    write_json(s.out, {**info, "provenance": provenance()})
    print(f"Inception module ready in {s.dir}: {json.dumps(info['outputs'])}")
    return 0


def cmd_calibrate_scorer(args) -> int:
    """Score real training images with the generator samples' pipeline (the workflow's calibrate_scorer)."""
    s = options.from_arguments(CalibrateScorerSettings, args)
    if not Path(s.classifier).is_dir():
        raise SettingsError(f"classifier: {s.classifier!r} is not an Inception module folder (fetch-inception)")
    if s.require_gpu:
        from numerics_of_gans import devices
        devices.require_gpu(f"the scorer's calibration ({s.out})")
    from numerics_of_gans.images import data, inception
    from numerics_of_gans.images.scores import PAPER_BATCH, real_data_scores
    from numerics_of_gans.io import provenance, write_json
    examples = data.source(s.dataset, s.data_dir, mock=s.mock, mock_examples=max(s.samples))
    classifier = inception.load_inception(s.classifier)
    scores = real_data_scores(classifier, examples.batch(PAPER_BATCH).map(data.to_float), list(s.samples), s.splits)
    write_json(s.out, {"scorer": classifier.name, "score_name": classifier.score_name,
                       "dataset": data.label(s.dataset) + (" (tfds mock data)" if s.mock else ""),
                       "split": "train", "splits": s.splits, "scores": scores, "provenance": provenance()})
    print(f"{classifier.score_name} of real {data.label(s.dataset)}: {json.dumps(scores)}")
    return 0


def cmd_train_classifier(args) -> int:
    """Train the stand-in classifier whose score is labelled "classifier score" (smoke and cpu scales)."""
    s = options.from_arguments(TrainClassifierSettings, args)
    from numerics_of_gans.images import data, stand_in_classifier
    from numerics_of_gans.io import atomic_path, provenance, write_json
    images, labels = data.labelled_arrays(s.dataset, s.data_dir, mock=s.mock, size=s.size)
    model, quality = stand_in_classifier.train_stand_in_classifier(images, labels, data.N_CLASSES[s.dataset],
                                                                   epochs=s.epochs, seed=s.seed)
    quality["calibration"] = stand_in_classifier.stand_in_calibration(
        model, images, labels, s.calibration_samples, s.calibration_splits, seed=s.seed)
    with atomic_path(s.out) as tmp:
        model.save(tmp.with_suffix(".keras"))
        tmp.with_suffix(".keras").replace(tmp)
    write_json(Path(s.out).with_suffix(".json"), {
        "what": "stand-in classifier; its score is a 'classifier score', not the inception score",
        "dataset": data.label(s.dataset) + (" (tfds mock data)" if s.mock else ""),
        **quality, "epochs": s.epochs, "seed": s.seed, "provenance": provenance()})
    print(f"stand-in classifier on {data.label(s.dataset)}: {quality}; wrote {s.out}")
    return 0


def cmd_plot_images(args) -> int:
    """Draw one of Figures 4-14 from its runs' result folders (the specs say which runs and how they differ)."""
    import importlib

    from numerics_of_gans.images.results import RunMissing, load
    from numerics_of_gans.images.runs import Run
    s = options.from_arguments(PlotImagesSettings, args)
    try:
        runs = [load(Path(s.results) / spec["run_id"], Run.from_dict(spec)) for spec in s.runs()]
    except RunMissing as exc:
        raise SettingsError(f"results: {exc}") from None
    stem = Path(s.figure).stem
    module = importlib.import_module(f"numerics_of_gans.plots.{stem}")
    module.plot({"figure": stem, "scale": s.scale, "runs": runs}, Path(s.figure), s.scale)
    print(f"wrote {s.figure} and its .png from {len(runs)} runs")
    return 0


COMMANDS = {   # name: (its options, what it does, help); `train` takes a run's settings and its job's
    "train": ((TrainSettings, JobSettings), cmd_train, "train an image GAN (Figures 4-14)"),
    "cluster-plan": ((ClusterPlanSettings,), cmd_cluster_plan, "how many cluster jobs each image run and figure "
                                                                 "takes"),
    "prepare-dataset": ((PrepareDatasetSettings,), cmd_prepare_dataset, "download and prepare a tfds dataset once, "
                                                                        "before training"),
    "fetch-inception": ((FetchInceptionSettings,), cmd_fetch_inception, "store TF-GAN's Inception module in a local "
                                                                        "folder once"),
    "calibrate-scorer": ((CalibrateScorerSettings,), cmd_calibrate_scorer, "score real training images like "
                         "generator samples (the inception score's real-data calibration)"),
    "train-classifier": ((TrainClassifierSettings,), cmd_train_classifier, "train the stand-in classifier "
                         "(smoke/cpu 'classifier score')"),
    "plot-images": ((PlotImagesSettings,), cmd_plot_images, "draw one of Figures 4-14 from its runs"),
}


def register(subparsers) -> None:
    """Add the image subcommands to the CLI's subparsers, each option derived from its settings dataclass."""
    for name, (settings, func, help_text) in COMMANDS.items():
        p = subparsers.add_parser(name, help=help_text)
        for cls in settings:
            options.add_arguments(p, cls)
        p.set_defaults(func=func)
    from numerics_of_gans.images import pilot   # the stand-in's pilot (positive controls): its own module
    pilot.register(subparsers)
