# Image experiments, Figures 4-14 (claims E4-E14). The runs land with issues #4 and #5. Until then every figure
# still has a job in the plan (snakemake -n), which fails with a clear "not implemented yet" and writes nothing.


rule figure_not_implemented:
    output:
        f"{FIGURES}/{{pending}}.pdf",
    params:
        issue=lambda w: PENDING_FIGURES[w.pending],
    log:
        f"{LOGS}/figures/{{pending}}.log",
    benchmark:
        f"{BENCH}/figures/{{pending}}.tsv"
    wildcard_constraints:
        pending="|".join(PENDING_FIGURES),
    threads: threads("light")
    resources:
        **res("light"),
    shell:
        "echo '{wildcards.pending}: not implemented yet (issue #{params.issue}); its claims report skip.'"
        " | tee {log} >&2; exit 1"
