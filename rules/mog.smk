# Mixture of Gaussians, Figures 2 and 3 (claims E2, E3): one training job per (method, seed), one spectrum job per
# ConOpt seed of mog.spectrum_seeds, three figure jobs. Outputs: results/<scale>/mog/<method>/seed<k>/{run.json,
# weights.npz}, results/<scale>/mog/conopt/seed<k>/spectrum.json, figures/<scale>/fig02_mog_densities.pdf (+ .png),
# fig03_mog_eigenvalues.pdf (+ .png), mog_metrics_over_steps.pdf (+ .png).
rule mog_train:
    """One training run (Figure 2 panels and E2 metrics every eval_every steps)."""
    output:
        run=f"{RESULTS}/mog/{{method}}/seed{{seed}}/run.json",
        weights=f"{RESULTS}/mog/{{method}}/seed{{seed}}/weights.npz",
    log:
        f"{LOGS}/mog/{{method}}_seed{{seed}}.log",
    benchmark:
        f"{BENCH}/mog/{{method}}_seed{{seed}}.tsv"
    wildcard_constraints:
        method="|".join(MOG["methods"]),
        seed=r"\d+",
    conda:
        CONDA_ENV
    threads: threads("train_small")
    resources:
        **res("train_small"),
    params:
        # every setting the command reads is a param, so that changing it in the config re-runs the job
        args=MOG_TRAIN_ARGS,
        out=lambda w: f"{RESULTS}/mog/{w.method}/seed{w.seed}",
    shell:
        "python -m numerics_of_gans --threads {threads} --gpus {resources.gpu} mog-train --method {wildcards.method}"
        " --seed {wildcards.seed} {params.args} --out {params.out} > {log} 2>&1"


rule mog_spectrum:
    """Figure 3: eigenvalues of v' and w' = v' - gamma v'^T v' before and after one ConOpt run."""
    input:
        f"{RESULTS}/mog/conopt/seed{{seed}}/weights.npz",
    output:
        f"{RESULTS}/mog/conopt/seed{{seed}}/spectrum.json",
    log:
        f"{LOGS}/mog/spectrum_seed{{seed}}.log",
    benchmark:
        f"{BENCH}/mog/spectrum_seed{{seed}}.tsv"
    wildcard_constraints:
        seed=r"\d+",
    conda:
        CONDA_ENV
    threads: threads("train_small")
    resources:
        **res("train_small"),
    params:
        gamma=MOG["gamma"],
        minibatches=MOG["spectrum_minibatches"],
    shell:
        "python -m numerics_of_gans --threads {threads} --gpus {resources.gpu} mog-spectrum --weights {input}"
        " --seed {wildcards.seed}"
        " --gamma {params.gamma} --minibatches {params.minibatches} --out {output} > {log} 2>&1"


rule mog_densities_figure:
    """Figure 2: generator densities at the snapshots, one row per method (first seed), target in red."""
    input:
        [mog_run(m, MOG["seeds"][0]) for m in MOG["methods"]],
    output:
        pdf=report(
            f"{FIGURES}/fig02_mog_densities.pdf", caption="../report/mog_figure.rst", category="Mixture of Gaussians"
        ),
        png=f"{FIGURES}/fig02_mog_densities.png",
    log:
        f"{LOGS}/figures/fig02_mog_densities.log",
    benchmark:
        f"{BENCH}/figures/fig02_mog_densities.tsv"
    conda:
        CONDA_ENV
    threads: threads("light")
    resources:
        **res("light"),
    params:
        scale=SCALE,
    shell:
        "python -m numerics_of_gans plot-mog densities --inputs {input} --figure {output.pdf} --scale {params.scale}"
        " > {log} 2>&1"


rule mog_eigenvalues_figure:
    """Figure 3: the spectra of every spectrum seed (the first drawn in full) and their statistics."""
    input:
        [mog_spectrum_file(s) for s in MOG["spectrum_seeds"]],
    output:
        pdf=report(
            f"{FIGURES}/fig03_mog_eigenvalues.pdf", caption="../report/mog_figure.rst", category="Mixture of Gaussians"
        ),
        png=f"{FIGURES}/fig03_mog_eigenvalues.png",
    log:
        f"{LOGS}/figures/fig03_mog_eigenvalues.log",
    benchmark:
        f"{BENCH}/figures/fig03_mog_eigenvalues.tsv"
    conda:
        CONDA_ENV
    threads: threads("light")
    resources:
        **res("light"),
    params:
        scale=SCALE,
    shell:
        "python -m numerics_of_gans plot-mog eigenvalues --inputs {input} --figure {output.pdf} --scale {params.scale}"
        " > {log} 2>&1"


rule mog_metrics_figure:
    """Extra figure: modes covered, high-quality fraction and energy distance against step, spread over seeds."""
    input:
        [mog_run(m, s) for m in MOG["methods"] for s in MOG["seeds"]],
    output:
        pdf=report(
            f"{FIGURES}/mog_metrics_over_steps.pdf",
            caption="../report/mog_figure.rst",
            category="Mixture of Gaussians",
        ),
        png=f"{FIGURES}/mog_metrics_over_steps.png",
    log:
        f"{LOGS}/figures/mog_metrics_over_steps.log",
    benchmark:
        f"{BENCH}/figures/mog_metrics_over_steps.tsv"
    conda:
        CONDA_ENV
    threads: threads("light")
    resources:
        **res("light"),
    params:
        scale=SCALE,
    shell:
        "python -m numerics_of_gans plot-mog metrics --inputs {input} --figure {output.pdf} --scale {params.scale}"
        " > {log} 2>&1"


rule mog:
    """Figures 2, 3 and the metrics-over-steps figure with every run and spectrum behind them."""
    input:
        mog_figures(),
        mog_results(),
