# Theoretical results (Lemma 1, Lemma 4 + Figure 1, Lemmas 6-7, Lemma 9, Lemma 11, Propositions 13-14, Lemma 15,
# negative momentum): one compute job per claim writing results/<scale>/theory/<ID>.json, one figure job reading it.


rule theory_result:
    output:
        f"{RESULTS}/theory/{{claim}}.json",
    log:
        f"{LOGS}/theory/{{claim}}.log",
    benchmark:
        f"{BENCH}/theory/{{claim}}.tsv"
    wildcard_constraints:
        claim="|".join(THEORY),
    conda:
        CONDA_ENV
    threads: threads("numeric")
    resources:
        **res("numeric"),
    params:
        settings=lambda w: as_json(CFG["theory"].get(w.claim, {})),
    shell:
        "python -m numerics_of_gans --gpus {resources.gpu} theory {wildcards.claim} --params {params.settings}"
        " --out {output} > {log} 2>&1"


rule theory_figure:
    input:
        result=lambda w: f"{RESULTS}/theory/{FIGURE_TO_CLAIM[w.figure]}.json",
        # NM1's figure prints the slide's table, which claims.yaml holds
        claims=lambda w: ["paper_checks/claims.yaml"] if FIGURE_TO_CLAIM[w.figure] == "NM1" else [],
    output:
        pdf=report(f"{FIGURES}/{{figure}}.pdf", caption="../report/theory_figure.rst", category="Theory"),
        png=f"{FIGURES}/{{figure}}.png",
    log:
        f"{LOGS}/figures/{{figure}}.log",
    benchmark:
        f"{BENCH}/figures/{{figure}}.tsv"
    wildcard_constraints:
        figure="|".join(c.figure for c in THEORY.values()),
    conda:
        CONDA_ENV
    threads: threads("light")
    resources:
        **res("light"),
    params:
        claim=lambda w: FIGURE_TO_CLAIM[w.figure],
        scale=SCALE,
    shell:
        "python -m numerics_of_gans plot-theory {params.claim} --result {input.result} --figure {output.pdf}"
        " --scale {params.scale} > {log} 2>&1"


rule theory:
    """All theoretical results and their figures."""
    input:
        expand(f"{RESULTS}/theory/{{claim}}.json", claim=THEORY),
        theory_figures(),
