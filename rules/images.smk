# Image experiments, Figures 4-14 (claims E4-E14). The run matrix comes from config `images` (expanded by
# numerics_of_gans.images.runs): one training job per distinct run, shared by every figure that shows it, one plot job
# per figure. Before any training job: one prepare_dataset job per tfds dataset and one fetch_inception job (paper
# scale), so that the training jobs only read; one calibrate_scorer job scores real images. Outputs:
# results/<scale>/data/<dataset>.json, results/<scale>/images/{inception.json, calibration.json,
# <run_id>/{final.json, metrics.jsonl, samples/, checkpoints/, tensorboard/}},
# figures/<scale>/figNN_<name>.pdf (+ .png); where the scale configures positive controls (images.controls), their
# runs train like any run and rule image_controls judges them: results/<scale>/controls.json.


rule prepare_dataset:
    """Download and prepare one tfds dataset once, before every training job that reads it (smoke, rehearsal: make
    the tfds mock examples once)."""
    output:
        f"{RESULTS}/data/{{dataset}}.json",
    log:
        f"{LOGS}/data/{{dataset}}.log",
    benchmark:
        f"{BENCH}/data/{{dataset}}.tsv"
    wildcard_constraints:
        dataset="|".join(TFDS_DATASETS) or "(?!)",
    conda:
        CONDA_ENV
    threads: threads("light")
    resources:
        **res("light"),
    params:
        args=("--mock" if IMG["mock"] else "") + dir_args("data_dir", "manual_dir"),
    shell:
        "python -m numerics_of_gans --gpus {resources.gpu} prepare-dataset --dataset {wildcards.dataset} {params.args}"
        " --out {output}"
        " > {log} 2>&1"


rule fetch_inception:
    """Store TF-GAN's Inception module once in config images.inception_dir (kept if already there) and check its
    interface; every scoring job loads it from that folder. random-inception (rehearsal): Inception-v3 with random
    weights, built here."""
    output:
        INCEPTION_FILE,
    log:
        f"{LOGS}/images/fetch_inception.log",
    benchmark:
        f"{BENCH}/images/fetch_inception.tsv"
    conda:
        CONDA_ENV
    threads: threads("light")
    resources:
        **res("light"),
    params:
        url=IMG["inception_url"],
        dir=abs_path(IMG["inception_dir"]),
        weights="--random-weights" if IMG["classifier"] == "random-inception" else "",
    shell:
        "python -m numerics_of_gans --gpus {resources.gpu} fetch-inception --url {params.url}"
        " --dir {params.dir} {params.weights}"
        " --out {output} > {log} 2>&1"


rule calibrate_scorer:
    """The scorer on real data (config images.calibration): real training images scored by the generator samples'
    pipeline, in the evaluation's sample count and in all 50000; paper_checks judges inception-score claims only if
    it reproduces the published real cifar-10 score. The rehearsal runs it on mock images."""
    input:
        data=prepared(CALIBRATION["dataset"]) if CALIBRATION else [],
        classifier=INCEPTION_FILE,
    output:
        CALIBRATION_FILE,
    log:
        f"{LOGS}/images/calibrate_scorer.log",
    benchmark:
        f"{BENCH}/images/calibrate_scorer.tsv"
    conda:
        CONDA_ENV
    threads: threads("score_image")
    resources:
        **res("score_image"),
    params:
        dataset=CALIBRATION.get("dataset"),
        samples=" ".join(map(str, CALIBRATION.get("samples", []))),
        splits=CALIBRATION.get("splits"),
        args=("--mock" if IMG["mock"] else "") + dir_args("data_dir") + f" --classifier {CLASSIFIER}",
        guard="--require-gpu" if IMG["require_gpu"] else "",
    shell:
        "python -m numerics_of_gans --threads {threads} --gpus {resources.gpu} calibrate-scorer"
        " --dataset {params.dataset}"
        " --samples {params.samples} --splits {params.splits} {params.args} {params.guard} --out {output} > {log} 2>&1"


rule prepare_data:
    """What the training jobs read, prepared ahead (e.g. on a cluster's login node, which has internet)."""
    input:
        [prepared(d) for d in TFDS_DATASETS],
        CLASSIFIER_FILE[IMG["classifier"]],


rule image_classifier:
    """The stand-in classifier whose "classifier score" replaces the inception score at the smoke and cpu scales, and
    its record: accuracy and the score's calibration (real images, one class only) at the evaluation's sample count."""
    output:
        model=CLASSIFIER_FILE["stand-in"],
        record=STAND_IN_RECORD,
    log:
        f"{LOGS}/images/classifier.log",
    benchmark:
        f"{BENCH}/images/classifier.tsv"
    conda:
        CONDA_ENV
    threads: threads("light")
    resources:
        **res("light"),
    params:
        dataset=IMG["datasets"]["cifar10"],
        mock="--mock" if IMG["mock"] else "",
        samples=IMG["common"]["eval_samples"],
        splits=IMG["common"]["eval_splits"],
        size=f"--size {IMG['common']['size']}" if IMG["common"]["size"] else "",
    shell:
        "python -m numerics_of_gans --threads {threads} --gpus {resources.gpu} train-classifier"
        " --dataset {params.dataset} {params.mock} {params.size} --calibration-samples {params.samples}"
        " --calibration-splits {params.splits} --out {output.model} > {log} 2>&1"


rule image_train:
    """One image GAN run. Only final.json is declared: a killed job keeps its checkpoints and metrics.jsonl, and the
    rerun resumes from the last checkpoint (images.train); a diverged run ends the job normally with its cause."""
    input:
        classifier=CLASSIFIER_FILE[IMG["classifier"]],
        data=lambda w: [prepared(IMG_RUNS[w.run_id].dataset)] if IMG_RUNS[w.run_id].dataset in TFDS_DATASETS else [],
    output:
        f"{RESULTS}/images/{{run_id}}/final.json",
    log:
        f"{LOGS}/images/{{run_id}}.log",
    benchmark:
        f"{BENCH}/images/{{run_id}}.tsv"
    wildcard_constraints:
        run_id="|".join(re.escape(r) for r in IMG_RUNS),
    retries: TRAIN_RETRIES
    conda:
        CONDA_ENV
    threads: threads("train_image")
    resources:
        # the run's estimate (config `runtime` is per images.common.steps: the 1.5M-step celebA ConOpt run asks for
        # 10x), or on a cluster this attempt's share of it (slices.job_minutes)
        **{k: v for k, v in res("train_image").items() if k != "runtime"},
        runtime=lambda w, attempt: slices.job_minutes(TRAIN_MINUTES[w.run_id], CLUSTER, attempt),
    params:
        args=lambda w: train_args(IMG_RUNS[w.run_id]),
        out=lambda w: f"{RESULTS}/images/{w.run_id}",
        margin=CLUSTER["stop_margin_minutes"],
        min_step_s=CLUSTER["min_step_seconds"],
    shell:
        # {log} is this job's; the run folder's train.log keeps every job (time slice) of the run
        "python -m numerics_of_gans --threads {threads} --gpus {resources.gpu} train {params.args}"
        f"{TRAIN_TIME_LIMIT} --out {{params.out}} > {{log}} 2>&1"


rule image_controls:
    """The stand-in's positive controls (config images.controls), judged before any image claim: the classifier's
    accuracy and score range, and the batch-norm DC-GAN trained by each control method over the pilot seeds.
    Requested only where the scale configures controls (controls_results); a failed control is recorded, not an
    error."""
    input:
        config=f"{RESULTS}/config.json",
        classifier=STAND_IN_RECORD,
        runs=[image_run_final(r.run_id) for r in CONTROL_RUNS],
    output:
        CONTROLS_FILE,
    log:
        f"{LOGS}/images/controls.log",
    benchmark:
        f"{BENCH}/images/controls.tsv"
    conda:
        CONDA_ENV
    threads: threads("light")
    resources:
        **res("light"),
    params:
        # results/<scale>/ of the working directory (snakemake -d: the pilot's), as the claims rule
        scale=lambda w, output: Path(output[0]).parent.name,
        results=lambda w, output: Path(output[0]).parents[1],
    shell:
        "python -m paper_checks controls --scale {params.scale} --results {params.results} --out {output}"
        " > {log} 2>&1"


rule image_figure:
    """One of Figures 4-14 from the final state of its runs."""
    input:
        lambda w: [image_run_final(r.run_id) for r in figure_runs(IMG, w.figure)],
    output:
        pdf=report(f"{FIGURES}/{{figure}}.pdf", caption="../report/image_figure.rst", category="Image experiments"),
        png=f"{FIGURES}/{{figure}}.png",
    log:
        f"{LOGS}/figures/{{figure}}.log",
    benchmark:
        f"{BENCH}/figures/{{figure}}.tsv"
    wildcard_constraints:
        figure="|".join(IMG["figures"]),
    conda:
        CONDA_ENV
    threads: threads("light")
    resources:
        **res("light"),
    params:
        specs=lambda w: as_json([r.as_dict() for r in figure_runs(IMG, w.figure)]),
        runs=f"{RESULTS}/images",
        scale=SCALE,
    shell:
        "python -m numerics_of_gans plot-images --specs {params.specs} --results {params.runs} --figure {output.pdf}"
        " --scale {params.scale} > {log} 2>&1"


rule images:
    """Figures 4-14 with every run behind them, and what the image claims read besides (the scorer's calibration, the
    positive controls, the resolved config)."""
    input:
        image_figures(),
        image_results(),
        controls_results(),
        f"{RESULTS}/config.json",
