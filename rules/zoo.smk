# The zoo (issue 28, beyond the paper): the game optimizers after the paper beside SimGA, AltGA and ConOpt on the
# Dirac-GAN and bilinear games, one table (results/<scale>/zoo/table.{json,md}); the 8-Gaussian ring: a later session.


rule zoo_table:
    """Every (method, game) of config `zoo`: spectral radius through the implemented step, its closed form, the
    predicted and simulated verdicts, steps to the target distance; all cells and the best."""
    output:
        json=ZOO_TABLE,
        md=report(f"{RESULTS}/zoo/table.md", caption="../report/zoo_table.rst", category="Zoo"),
    log:
        f"{LOGS}/zoo/table.log",
    benchmark:
        f"{BENCH}/zoo/table.tsv"
    conda:
        CONDA_ENV
    threads: threads("numeric")
    resources:
        **res("numeric"),
    params:
        settings=as_json(CFG["zoo"]),
    shell:
        "python -m numerics_of_gans --threads {threads} --gpus {resources.gpu} zoo-table --params {params.settings}"
        " --out {output.json} --markdown {output.md} > {log} 2>&1"


rule zoo:
    """The zoo's table."""
    input:
        rules.zoo_table.output,
