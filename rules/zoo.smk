# The zoo (issue 28, beyond the paper): the game optimizers after the paper beside SimGA, AltGA and ConOpt on the
# Dirac-GAN and bilinear games (one job per game) and on the paper's 8-Gaussian ring (one job per method and
# hyperparameter value, every seed of config mog), joined into one table: results/<scale>/zoo/table.{json,md}; figures
# figures/<scale>/zoo_dirac_portraits, zoo_ring_samples, zoo_ring_modes (.pdf + .png).


rule zoo_game:
    """One game of config `zoo`: every (method, cell) with the spectral radius through the implemented step, its
    closed form, the predicted and simulated verdicts, the steps to the target distance."""
    output:
        zoo_game("{game}"),
    log:
        f"{LOGS}/zoo/game_{{game}}.log",
    benchmark:
        f"{BENCH}/zoo/game_{{game}}.tsv"
    wildcard_constraints:
        game="|".join(ZOO["run"]["games"]),
    conda:
        CONDA_ENV
    threads: threads("numeric")
    resources:
        **res("numeric"),
    params:
        settings=as_json(ZOO),
    shell:
        "python -m numerics_of_gans --threads {threads} --gpus {resources.gpu} zoo-game --params {params.settings}"
        " --game {wildcards.game} --out {output} > {log} 2>&1"


rule zoo_ring:
    """One method of the zoo on the 8-Gaussian ring at one value of its hyperparameter, every seed of config mog."""
    output:
        zoo_ring("{label}", "{index}"),
    log:
        f"{LOGS}/zoo/ring_{{label}}_v{{index}}.log",
    benchmark:
        f"{BENCH}/zoo/ring_{{label}}_v{{index}}.tsv"
    wildcard_constraints:
        label="|".join(ZOO["run"]["methods"]),
        index=r"\d+",
    conda:
        CONDA_ENV
    threads: threads("train_small")
    resources:
        **res("train_small"),
    params:
        settings=as_json(ZOO),
        mog=as_json(MOG),
    shell:
        "python -m numerics_of_gans --threads {threads} --gpus {resources.gpu} zoo-ring --params {params.settings}"
        " --mog {params.mog} --label {wildcards.label} --value-index {wildcards.index} --out {output} > {log} 2>&1"


rule zoo_ring_cost:
    """Each method's time per ring step relative to SimGA, one after another in one process (a benchmark)."""
    output:
        f"{RESULTS}/zoo/ring/cost.json",
    log:
        f"{LOGS}/zoo/ring_cost.log",
    benchmark:
        f"{BENCH}/zoo/ring_cost.tsv"
    conda:
        CONDA_ENV
    threads: threads("timing")
    resources:
        **res("timing"),
    params:
        settings=as_json(ZOO),
        mog=as_json(MOG),
    shell:
        "python -m numerics_of_gans --threads {threads} --gpus {resources.gpu} zoo-ring-cost"
        " --params {params.settings} --mog {params.mog} --out {output} > {log} 2>&1"


rule zoo_table:
    """The zoo's table: every game's rows, the ring's rows (all cells and the best) and the ring's cost."""
    input:
        games=[zoo_game(g) for g in ZOO["run"]["games"]],
        ring=[zoo_ring(label, i) for label, i in ZOO_RING_JOBS],
        cost=rules.zoo_ring_cost.output,
    output:
        json=ZOO_TABLE,
        md=report(f"{RESULTS}/zoo/table.md", caption="../report/zoo_table.rst", category="Zoo"),
    log:
        f"{LOGS}/zoo/table.log",
    benchmark:
        f"{BENCH}/zoo/table.tsv"
    conda:
        CONDA_ENV
    threads: threads("light")
    resources:
        **res("light"),
    params:
        settings=as_json(ZOO),
    shell:
        "python -m numerics_of_gans zoo-table --params {params.settings} --games {input.games} --ring {input.ring}"
        " --cost {input.cost} --out {output.json} --markdown {output.md} > {log} 2>&1"


rule zoo_portraits_figure:
    """The Dirac-GAN's phase portraits: each method's path from the start to the equilibrium (or away from it)."""
    output:
        pdf=report(f"{FIGURES}/zoo_dirac_portraits.pdf", caption="../report/zoo_figure.rst", category="Zoo"),
        png=f"{FIGURES}/zoo_dirac_portraits.png",
    log:
        f"{LOGS}/figures/zoo_dirac_portraits.log",
    benchmark:
        f"{BENCH}/figures/zoo_dirac_portraits.tsv"
    conda:
        CONDA_ENV
    threads: threads("light")
    resources:
        **res("light"),
    params:
        settings=as_json(ZOO),
        scale=SCALE,
    shell:
        "python -m numerics_of_gans --threads {threads} --gpus {resources.gpu} plot-zoo portraits"
        " --params {params.settings} --figure {output.pdf} --scale {params.scale} > {log} 2>&1"


rule zoo_ring_figure:
    """The ring at each method's best cell: every seed's final samples, or modes covered and hq fraction."""
    input:
        table=ZOO_TABLE,
        ring=[zoo_ring(label, i) for label, i in ZOO_RING_JOBS],
    output:
        pdf=report(f"{FIGURES}/zoo_ring_{{kind}}.pdf", caption="../report/zoo_figure.rst", category="Zoo"),
        png=f"{FIGURES}/zoo_ring_{{kind}}.png",
    log:
        f"{LOGS}/figures/zoo_ring_{{kind}}.log",
    benchmark:
        f"{BENCH}/figures/zoo_ring_{{kind}}.tsv"
    wildcard_constraints:
        kind="samples|modes",
    conda:
        CONDA_ENV
    threads: threads("light")
    resources:
        **res("light"),
    params:
        scale=SCALE,
    shell:
        "python -m numerics_of_gans plot-zoo ring-{wildcards.kind} --table {input.table} --ring {input.ring}"
        " --figure {output.pdf} --scale {params.scale} > {log} 2>&1"


rule zoo:
    """The zoo's table and figures."""
    input:
        rules.zoo_table.output,
        rules.zoo_portraits_figure.output,
        expand(rules.zoo_ring_figure.output, kind=["samples", "modes"]),
