"""`python -m numerics_of_gans train ...`, `prepare-dataset`, `fetch-inception`, `calibrate-scorer`,
`train-classifier`, `plot-images`, `pilot` (images/pilot.py): the image experiments' command line.

    python -m numerics_of_gans train --dataset digits --arch dcgan3_nobn --objective standard --method conopt \\
        --gamma 10 --lr 1e-4 --steps 2000 --seed 0 --out results/cpu/images/fig05/conopt_s0 \\
        --classifier results/cpu/images/classifier.keras
    python -m numerics_of_gans train-classifier --dataset digits --out results/cpu/images/classifier.keras
    python -m numerics_of_gans prepare-dataset --dataset cifar10 --out results/paper/data/cifar10.json
    python -m numerics_of_gans fetch-inception --url https://tfhub.dev/tensorflow/tfgan/eval/inception/1 \\
        --dir data/inception/tfgan_eval_inception_1 --out results/paper/images/inception.json

Every value is validated before anything heavy is imported: a bad one raises SettingsError naming the field and
the allowed values (the CLI prints one line and exits 2). TensorFlow is imported inside the commands.
"""
from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

from numerics_of_gans.errors import SettingsError, check_number, check_splits, check_whole
from numerics_of_gans import options
from numerics_of_gans.images.settings import TrainSettings, check_size
from numerics_of_gans.names import PAPER_DATASETS

# Exit status of a training job that stopped before its time limit with the run unfinished (EX_TEMPFAIL): a
# failed job to Snakemake, which resubmits it (rule image_train's retries), and the new job resumes the run.
SLICED = 75
FIGURE_STEM = re.compile(r"fig(0[4-9]|1[0-4])_[a-z0-9_]+")


def _choice(field: str, value: str, allowed) -> str:
    if value not in allowed:
        raise SettingsError(f"{field}: unknown {value!r}; allowed: {', '.join(allowed)}")
    return value


def cmd_train(args) -> int:
    settings = options.from_arguments(TrainSettings, args)
    if settings.classifier and not Path(settings.classifier).exists():
        raise SettingsError(f"classifier: {settings.classifier!r} does not exist; allowed: an Inception module folder "
                            f"(fetch-inception) or a stand-in .keras file (train-classifier)")
    if check_number("min_step_seconds", args.min_step_seconds, low=0.0) and args.job_minutes is None:
        raise SettingsError(f"--min-step-seconds {args.min_step_seconds}: allowed only with --job-minutes (a job's "
                            f"time slice; config cluster.min_step_seconds)")
    if args.require_gpu:   # before anything is written: no run folder from a job that cannot train here
        from numerics_of_gans import devices
        devices.require_gpu(f"image training ({settings.out})")
    from numerics_of_gans.images import slices
    from numerics_of_gans.images.train import Deadline, train
    deadline = None
    if args.job_minutes is not None:
        budget = 60 * (args.job_minutes - args.stop_margin_minutes)
        if budget <= 0:
            raise SettingsError(f"--job-minutes {args.job_minutes} leaves no time after --stop-margin-minutes "
                                f"{args.stop_margin_minutes}: raise cluster.max_job_minutes or lower "
                                f"cluster.stop_margin_minutes")
        # the job's end as the scheduler knows it; else the limit counted from this process's start
        end = slices.slurm_job_end()
        deadline = (Deadline(end - 60 * args.stop_margin_minutes, clock=time.time, min_step_s=args.min_step_seconds)
                    if end is not None else Deadline(args.started + budget, min_step_s=args.min_step_seconds))
    final = train(settings, stop_after=args.stop_after, deadline=deadline)
    print(json.dumps({k: final.get(k) for k in ("status", "step", "cause")}))
    if final["status"] == "sliced":
        if not final["steps_this_job"]:
            print(f"error: this job's {args.job_minutes} min less the {args.stop_margin_minutes} min margin left no "
                  f"time to train after the set-up: raise cluster.max_job_minutes", file=sys.stderr)
            return 1
        return SLICED   # the workflow resubmits the job (rule image_train's retries); it resumes at this step
    return 0   # a diverged run is a result (final.json says when and why), not a failed job


def cmd_cluster_plan(args) -> int:
    """The jobs every image run and figure takes on a cluster whose jobs last at most --max-job-minutes (README
    "Running on a cluster"), from the configured estimate of each run's time (images/slices.py)."""
    from numerics_of_gans.config import resolve
    from numerics_of_gans.images import slices
    from numerics_of_gans.images.runs import all_runs, figure_runs
    cfg = resolve({"scale": args.scale, "cluster": {"max_job_minutes": args.max_job_minutes,
                                                    "stop_margin_minutes": args.stop_margin_minutes}})
    cluster = cfg["cluster"]

    def jobs(run) -> int:
        return slices.jobs_needed(slices.run_minutes(run.steps, cfg), cluster)

    def hours(runs) -> float:
        return sum(slices.run_minutes(r.steps, cfg) for r in runs) / 60

    print(f"scale {args.scale}: jobs of at most {args.max_job_minutes} min, each training for "
          f"{args.max_job_minutes - args.stop_margin_minutes:g} min; estimate "
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
    _choice("dataset", args.dataset, PAPER_DATASETS)
    from numerics_of_gans.images import data
    from numerics_of_gans.io import provenance, write_json
    if args.mock:
        info = data.prepare_mock(args.dataset, args.data_dir, check_whole("mock_examples", args.mock_examples, low=1))
    else:
        info = data.prepare(args.dataset, args.data_dir, args.manual_dir)
    write_json(args.out, {**info, "provenance": provenance()})
    print(f"{info['label']}: ready ({json.dumps(info)})")
    return 0


def cmd_fetch_inception(args) -> int:
    """Store TF-GAN's Inception module in a local folder once and check its interface (fetch_inception)."""
    from numerics_of_gans.images import inception
    from numerics_of_gans.io import provenance, write_json
    info = inception.fetch_inception(args.url, args.dir, random_weights=args.random_weights)
    write_json(args.out, {**info, "provenance": provenance()})
    print(f"Inception module ready in {args.dir}: {json.dumps(info['outputs'])}")
    return 0


def cmd_calibrate_scorer(args) -> int:
    """Score real training images with the generator samples' pipeline (the workflow's calibrate_scorer)."""
    _choice("dataset", args.dataset, PAPER_DATASETS)
    samples = [check_whole("samples", n, low=1) for n in args.samples]
    splits = check_whole("splits", args.splits, low=1)
    for n in samples:
        check_splits("samples", n, "splits", splits)
    if not Path(args.classifier).is_dir():
        raise SettingsError(f"classifier: {args.classifier!r} is not an Inception module folder (fetch-inception)")
    if args.require_gpu:
        from numerics_of_gans import devices
        devices.require_gpu(f"the scorer's calibration ({args.out})")
    from numerics_of_gans.images import data, inception
    from numerics_of_gans.images.scores import PAPER_BATCH, real_data_scores
    from numerics_of_gans.io import provenance, write_json
    examples = data.source(args.dataset, args.data_dir, mock=args.mock, mock_examples=max(samples))
    classifier = inception.load_inception(args.classifier)
    scores = real_data_scores(classifier, examples.batch(PAPER_BATCH).map(data.to_float), samples, splits)
    write_json(args.out, {"scorer": classifier.name, "score_name": classifier.score_name,
                          "dataset": data.label(args.dataset) + (" (tfds mock data)" if args.mock else ""),
                          "split": "train", "splits": splits, "scores": scores, "provenance": provenance()})
    print(f"{classifier.score_name} of real {data.label(args.dataset)}: {json.dumps(scores)}")
    return 0


def cmd_train_classifier(args) -> int:
    """Train the stand-in classifier whose score is labelled "classifier score" (smoke and cpu scales)."""
    _choice("dataset", args.dataset, ("digits", "cifar10"))
    if args.dataset == "cifar10" and not args.mock:
        raise SettingsError("dataset: cifar10 needs --mock here (the paper scale uses Inception instead)")
    if not str(args.out).endswith(".keras"):
        raise SettingsError(f"out: must end in .keras, got {args.out}")
    check_whole("epochs", args.epochs, low=1)
    check_size(args.dataset, args.size)   # the side of the images its runs train on (config images.common.size)
    samples = check_whole("calibration_samples", args.calibration_samples, low=1)
    splits = check_whole("calibration_splits", args.calibration_splits, low=1)
    check_splits("calibration_samples", samples, "calibration_splits", splits)
    from numerics_of_gans.images import data, stand_in_classifier
    from numerics_of_gans.io import atomic_path, provenance, write_json
    images, labels = data.labelled_arrays(args.dataset, args.data_dir, mock=args.mock, size=args.size)
    model, quality = stand_in_classifier.train_stand_in_classifier(images, labels, data.N_CLASSES[args.dataset],
                                                                   epochs=args.epochs, seed=args.seed)
    quality["calibration"] = stand_in_classifier.stand_in_calibration(model, images, labels, samples, splits,
                                                                      seed=args.seed)
    with atomic_path(args.out) as tmp:
        model.save(tmp.with_suffix(".keras"))
        tmp.with_suffix(".keras").replace(tmp)
    write_json(Path(args.out).with_suffix(".json"), {
        "what": "stand-in classifier; its score is a 'classifier score', not the inception score",
        "dataset": data.label(args.dataset) + (" (tfds mock data)" if args.mock else ""),
        **quality, "epochs": args.epochs, "seed": args.seed, "provenance": provenance()})
    print(f"stand-in classifier on {data.label(args.dataset)}: {quality}; wrote {args.out}")
    return 0


def cmd_plot_images(args) -> int:
    """Draw one of Figures 4-14 from its runs' result folders (the specs say which runs and how they differ)."""
    import importlib

    from numerics_of_gans.images.results import RunMissing, load
    from numerics_of_gans.images.runs import Run
    stem = args.figure.stem
    if not FIGURE_STEM.fullmatch(stem) or args.figure.suffix != ".pdf":
        raise SettingsError(f"figure: expected figures/<scale>/figNN_<name>.pdf with NN in 04-14, got {args.figure}")
    specs = args.specs
    if not isinstance(specs, list) or not specs or not all(isinstance(s, dict) and "run_id" in s for s in specs):
        raise SettingsError("specs: expected a non-empty JSON list of run specs, each with a run_id")
    try:
        runs = [load(args.results / s["run_id"], Run.from_dict(s)) for s in specs]
    except RunMissing as exc:
        raise SettingsError(f"results: {exc}") from None
    module = importlib.import_module(f"numerics_of_gans.plots.{stem}")
    module.plot({"figure": stem, "scale": args.scale, "runs": runs}, args.figure, args.scale)
    print(f"wrote {args.figure} and its .png from {len(runs)} runs")
    return 0


def register(subparsers) -> None:
    """Add the `train` and `train-classifier` subcommands to the CLI's subparsers."""
    p = subparsers.add_parser("train", help="train an image GAN (Figures 4-14)")
    options.add_arguments(p, TrainSettings)   # one option per setting of images/settings.py
    p.add_argument("--stop-after", dest="stop_after", type=int, help="end this process after N steps (resumable)")
    p.add_argument("--job-minutes", dest="job_minutes", type=float,
                   help="this job's time limit: stop --stop-margin-minutes before its end (in a SLURM job the end "
                        "squeue gives, else M minutes after this process started), checkpoint, and exit with "
                        f"{SLICED} so that the next job resumes the run")
    p.add_argument("--stop-margin-minutes", dest="stop_margin_minutes", type=float, default=10.0,
                   help="time kept free at the end of a job (start-up before this process, the last checkpoint)")
    p.add_argument("--min-step-seconds", dest="min_step_seconds", type=float, default=0.0,
                   help="with --job-minutes: every step lasts at least this long (config cluster.min_step_seconds: "
                        "0 on a real cluster; the cluster test's bound on a job's steps on any machine)")
    p.add_argument("--require-gpu", dest="require_gpu", action="store_true",
                   help="stop at once, writing nothing, if TensorFlow sees no GPU (config images.require_gpu)")
    p.set_defaults(func=cmd_train)

    p = subparsers.add_parser("cluster-plan", help="how many cluster jobs each image run and figure takes")
    p.add_argument("--scale", default="paper", help="a scale of config/scales (default: paper)")
    p.add_argument("--max-job-minutes", dest="max_job_minutes", type=int, required=True,
                   help="the longest job of your GPU partition (config cluster.max_job_minutes)")
    p.add_argument("--stop-margin-minutes", dest="stop_margin_minutes", type=float, default=10.0,
                   help="config cluster.stop_margin_minutes")
    p.set_defaults(func=cmd_cluster_plan)

    p = subparsers.add_parser("prepare-dataset", help="download and prepare a tfds dataset once, before training")
    p.add_argument("--dataset", required=True, help=f"one of {', '.join(PAPER_DATASETS)}")
    p.add_argument("--data-dir", dest="data_dir", help="tfds data_dir (config images.data_dir; default $TFDS_DATA_DIR "
                                                       "or ~/tensorflow_datasets)")
    p.add_argument("--manual-dir", dest="manual_dir", help="files downloaded by hand (config images.manual_dir)")
    p.add_argument("--mock", action="store_true", help="tfds mock data (smoke, rehearsal) at the real shapes")
    p.add_argument("--mock-examples", dest="mock_examples", type=int, default=256)
    p.add_argument("--out", type=Path, required=True, help="results/<scale>/data/<dataset>.json")
    p.set_defaults(func=cmd_prepare_dataset)

    p = subparsers.add_parser("fetch-inception", help="store TF-GAN's Inception module in a local folder once")
    p.add_argument("--url", required=True, help="the TF-Hub handle (config images.inception_url)")
    p.add_argument("--dir", type=Path, required=True, help="the local folder (config images.inception_dir)")
    p.add_argument("--random-weights", dest="random_weights", action="store_true",
                   help="build Inception-v3 with random weights and the module's interface (the rehearsal)")
    p.add_argument("--out", type=Path, required=True, help="results/<scale>/images/inception.json")
    p.set_defaults(func=cmd_fetch_inception)

    p = subparsers.add_parser("calibrate-scorer", help="score real training images like generator samples "
                                                       "(the inception score's real-data calibration)")
    p.add_argument("--dataset", default="cifar10", help=f"one of {', '.join(PAPER_DATASETS)}")
    p.add_argument("--samples", type=int, nargs="+", default=[6400, 50000], help="image counts to score")
    p.add_argument("--splits", type=int, default=10)
    p.add_argument("--classifier", required=True, help="the Inception module folder (fetch-inception)")
    p.add_argument("--mock", action="store_true", help="the prepared tfds mock data (rehearsal)")
    p.add_argument("--data-dir", dest="data_dir")
    p.add_argument("--min-step-seconds", dest="min_step_seconds", type=float, default=0.0,
                   help="with --job-minutes: every step lasts at least this long (config cluster.min_step_seconds: "
                        "0 on a real cluster; the cluster test's bound on a job's steps on any machine)")
    p.add_argument("--require-gpu", dest="require_gpu", action="store_true",
                   help="stop at once, writing nothing, if TensorFlow sees no GPU (config images.require_gpu)")
    p.add_argument("--out", type=Path, required=True, help="results/<scale>/images/calibration.json")
    p.set_defaults(func=cmd_calibrate_scorer)

    p = subparsers.add_parser("train-classifier", help="train the stand-in classifier (smoke/cpu 'classifier score')")
    p.add_argument("--dataset", default="digits", help="digits, or cifar10 with --mock")
    p.add_argument("--mock", action="store_true")
    p.add_argument("--data-dir", dest="data_dir")
    p.add_argument("--epochs", type=int, default=20)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--size", type=int, help="image side of the digits stand-in (default 32): that of its runs")
    p.add_argument("--calibration-samples", dest="calibration_samples", type=int, default=640,
                   help="images per calibration score (real, one class): the evaluation's sample count")
    p.add_argument("--calibration-splits", dest="calibration_splits", type=int, default=10)
    p.add_argument("--out", type=Path, required=True, help="a .keras file (and its .json record beside it)")
    p.set_defaults(func=cmd_train_classifier)

    p = subparsers.add_parser("plot-images", help="draw one of Figures 4-14 from its runs")
    p.add_argument("--specs", type=json.loads, required=True, help="JSON list of the figure's runs (Run.as_dict())")
    p.add_argument("--results", type=Path, required=True, help="results/<scale>/images")
    p.add_argument("--figure", type=Path, required=True, help="figures/<scale>/figNN_<name>.pdf (+ .png beside)")
    p.add_argument("--scale", help="printed on the figure")
    p.set_defaults(func=cmd_plot_images)

    from numerics_of_gans.images import pilot   # the stand-in's pilot (positive controls): its own module
    pilot.register(subparsers)
