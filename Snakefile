# The Numerics of GANs (Mescheder, Nowozin, Geiger, NeurIPS 2017): every figure and claim, regenerated.
#
#   snakemake --cores all                          # paper scale (GPU days for the image figures)
#   snakemake --cores all --config scale=cpu       # no GPU, offline: theory + MoG at full setting, image stand-ins
#   snakemake --cores all --config scale=smoke     # CI: the whole DAG in minutes
#   snakemake figures/cpu/fig01_eigenvalue_projection.pdf --cores 1 --config scale=cpu   # one figure
#
# config/ -> runs -> results/<scale>/ -> figures/<scale>/ -> results/<scale>/claims.json -> snakemake --report
from snakemake.utils import min_version

min_version("9.0")


report: "report/workflow.rst"


include: "rules/common.smk"
include: "rules/theory.smk"
include: "rules/mog.smk"
include: "rules/images.smk"
include: "rules/zoo.smk"
include: "rules/claims.smk"


rule all:
    default_target: True
    input:
        all_figures(),
        f"{RESULTS}/claims.json",
        rules.report_tables.output,
        rules.zoo.input,
