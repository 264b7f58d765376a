# Claim verdicts: the step-cost measurement of claim C1, results/<scale>/claims.json from paper_checks, and the
# report's claims table and run metadata pages.


rule step_cost:
    """ConOpt vs SimGA time per step, measured in one process (C1): the MoG on the reference machine's 2 cores, the
    DC-GAN on the device of the image runs."""
    output:
        f"{RESULTS}/step_cost/{{model}}.json",
    log:
        f"{LOGS}/step_cost/{{model}}.log",
    benchmark:
        f"{BENCH}/step_cost/{{model}}.tsv"
    wildcard_constraints:
        model="|".join(STEP_COST_MODELS),
    conda:
        CONDA_ENV
    threads: lambda w: threads(STEP_COST_KIND[w.model])
    resources:
        **{key: (lambda w, key=key: res(STEP_COST_KIND[w.model])[key]) for key in res("timing_image")},
    params:
        s=lambda w: as_json(CFG["step_cost"][w.model]),
        # the DC-GAN is timed on the image runs' device: the same GPU guard as their training jobs
        guard=lambda w: "--require-gpu" if w.model == "dcgan" and CFG["images"]["require_gpu"] else "",
    shell:
        "python -m numerics_of_gans --threads {threads} --gpus {resources.gpu} step-cost --model {wildcards.model}"
        " --out {output} --params {params.s} {params.guard} > {log} 2>&1"


rule resolved_config:
    """The configuration this workflow runs with (config.yaml, the scale's file, every --config override), resolved
    and validated: what paper_checks judges the results against. A changed override or config file: rerun."""
    input:
        checkout_file("config/config.yaml"),
        checkout_file("config/schema.yaml"),
        checkout_file(f"config/scales/{SCALE}.yaml"),
    output:
        f"{RESULTS}/config.json",
    log:
        f"{LOGS}/resolved_config.log",
    benchmark:
        f"{BENCH}/resolved_config.tsv"
    conda:
        CONDA_ENV
    threads: threads("light")
    resources:
        **res("light"),
    params:
        overrides=as_json(dict(config)),
    shell:
        "python -m numerics_of_gans config --set {params.overrides} --out {output} > {log} 2>&1"


rule claims:
    """Every claim of paper_checks/claims.yaml judged on this scale's results and the configuration they ran with."""
    input:
        f"{RESULTS}/config.json",
        expand(f"{RESULTS}/theory/{{claim}}.json", claim=THEORY),
        expand(f"{RESULTS}/step_cost/{{model}}.json", model=STEP_COST_MODELS),
        mog_results(),
        image_results(),
        controls_results(),
        ZOO_TABLE,
        checkout_file("paper_checks/claims.yaml"),
    output:
        f"{RESULTS}/claims.json",
    log:
        f"{LOGS}/claims.log",
    benchmark:
        f"{BENCH}/claims.tsv"
    conda:
        CONDA_ENV
    threads: threads("light")
    resources:
        **res("light"),
    params:
        # results/<scale>/ of the working directory (snakemake -d), which need not be the checkout's
        scale=lambda w, output: Path(output[0]).parent.name,
        results=lambda w, output: Path(output[0]).parents[1],
    shell:
        "python -m paper_checks --scale {params.scale} --results {params.results} --out {output} --exit-zero"
        " > {log} 2>&1; status=$?; cat {log};"
        " exit $status"


rule report_tables:
    """The claims table and the run metadata (versions, hardware, wall time per job) for `snakemake --report`; after
    every figure, so that every job's benchmark file exists."""
    input:
        claims=f"{RESULTS}/claims.json",
        controls=controls_results(),
        pilot=pilot_record(),
        figures=all_figures(),
    output:
        claims=report(
            f"{RESULTS}/report/claims.html", category="Claims and run metadata", labels={"page": "claims table"}
        ),
        metadata=report(
            f"{RESULTS}/report/run_metadata.html", category="Claims and run metadata", labels={"page": "run metadata"}
        ),
    log:
        f"{LOGS}/report_tables.log",
    benchmark:
        f"{BENCH}/report_tables.tsv"
    conda:
        CONDA_ENV
    threads: threads("light")
    resources:
        **res("light"),
    params:
        benchmarks=BENCH,
        # the positive controls, shown first on the claims page, where the scale configures them
        controls=f"--controls {CONTROLS_FILE}" if IMG["controls"] else "",
        # the pilot that chose the stand-in's free settings, after the controls
        pilot="".join(f"--pilot {path}" for path in pilot_record()),
    shell:
        "python -m numerics_of_gans report-tables --claims {input.claims} {params.controls} {params.pilot}"
        " --benchmarks {params.benchmarks} --out-claims {output.claims} --out-metadata {output.metadata} > {log} 2>&1"
