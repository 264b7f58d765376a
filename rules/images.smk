# Image experiments, Figures 4-14 (claims E4-E14). The run matrix comes from config `images` (expanded by
# numerics_of_gans.images.runs): one training job per distinct run, shared by every figure that shows it, one plot job
# per figure. Outputs: results/<scale>/images/<run_id>/{final.json, metrics.jsonl, samples/, checkpoints/,
# tensorboard/}, figures/<scale>/figNN_<name>.pdf (+ .png).
import re

from numerics_of_gans.images.runs import all_runs, figure_runs

IMG = CFG["images"]
IMG_RUNS = all_runs(IMG)
IMG_CMD = f"{PYTHON} -m numerics_of_gans"
# The stand-in classifier (smoke, cpu) is trained on what stands in for cifar-10; the paper scale uses Inception.
CLASSIFIER = f"{RESULTS}/images/classifier.keras" if IMG["classifier"] == "stand-in" else None


def image_run_final(run_id):
    return f"{RESULTS}/images/{run_id}/final.json"


def image_results():
    """The result files the E4-E14 checks read (paper_checks/checks/images.py)."""
    return [image_run_final(r) for r in IMG_RUNS]


def image_figures():
    return [f"{FIGURES}/{stem}.{ext}" for stem in IMG["figures"] for ext in ("pdf", "png")]


def _train_args(run):
    args = (f"--dataset {run.dataset} --arch {run.arch} --objective {run.objective} --method {run.method}"
            f" --gamma {run.gamma!r} --lr {run.lr!r} --steps {run.steps} --seed {run.seed}"
            f" --batch-size {run.batch_size} --z-dim {run.z_dim} --width {run.width} --eval-every {run.eval_every}"
            f" --eval-samples {run.eval_samples} --eval-splits {run.eval_splits}")
    if run.dataset != run.paper_dataset:
        args += f" --stands-in-for {run.paper_dataset}"
    if run.mock:
        args += " --mock"
    return args + f" --classifier {CLASSIFIER or IMG['classifier']}"


rule image_classifier:
    """The stand-in classifier whose "classifier score" replaces the inception score at the smoke and cpu scales."""
    output:
        f"{RESULTS}/images/classifier.keras",
    params:
        dataset=IMG["datasets"]["cifar10"],
        mock="--mock" if IMG["mock"] else "",
    log:
        f"{LOGS}/images/classifier.log",
    benchmark:
        f"{BENCH}/images/classifier.tsv"
    threads: threads("light")
    resources:
        **res("light"),
    shell:
        "{IMG_CMD} --threads {threads} train-classifier --dataset {params.dataset} {params.mock} --out {output}"
        " > {log} 2>&1"


rule image_train:
    """One image GAN run. Only final.json is declared: a killed job keeps its checkpoints and metrics.jsonl, and the
    rerun resumes from the last checkpoint (images.train); a diverged run ends the job normally with its cause."""
    input:
        [CLASSIFIER] if CLASSIFIER else [],
    output:
        f"{RESULTS}/images/{{run_id}}/final.json",
    params:
        args=lambda w: _train_args(IMG_RUNS[w.run_id]),
        out=lambda w: f"{RESULTS}/images/{w.run_id}",
    log:
        f"{LOGS}/images/{{run_id}}.log",
    benchmark:
        f"{BENCH}/images/{{run_id}}.tsv"
    wildcard_constraints:
        run_id="|".join(re.escape(r) for r in IMG_RUNS),
    threads: threads("train_image")
    resources:
        # config `runtime` is for a run of images.common.steps; the 1.5M-step celebA ConOpt run asks for 10x
        **{k: v for k, v in res("train_image").items() if k != "runtime"},
        runtime=lambda w: max(1, round(res("train_image")["runtime"] * IMG_RUNS[w.run_id].steps / IMG["common"]["steps"])),
    shell:
        "{IMG_CMD} --threads {threads} train {params.args} --out {params.out} > {log} 2>&1"


rule image_figure:
    """One of Figures 4-14 from the final state of its runs."""
    input:
        lambda w: [image_run_final(r.run_id) for r in figure_runs(IMG, w.figure)],
    output:
        pdf=report(f"{FIGURES}/{{figure}}.pdf", caption="../report/image_figure.rst", category="Image experiments"),
        png=f"{FIGURES}/{{figure}}.png",
    params:
        specs=lambda w: as_json([r.as_dict() for r in figure_runs(IMG, w.figure)]),
    log:
        f"{LOGS}/figures/{{figure}}.log",
    benchmark:
        f"{BENCH}/figures/{{figure}}.tsv"
    wildcard_constraints:
        figure="|".join(IMG["figures"]),
    threads: threads("light")
    resources:
        **res("light"),
    shell:
        "{IMG_CMD} plot-images --specs {params.specs} --results {RESULTS}/images --figure {output.pdf}"
        " --scale {SCALE} > {log} 2>&1"


rule images:
    """Figures 4-14 with every run behind them."""
    input:
        image_figures(),
