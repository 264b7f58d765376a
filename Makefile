# The README's commands. Each one sets up .venv/ (pinned) first, so it works on a fresh machine with Python 3.11.
#   make run     set-up + the workflow at the scale recommended without a GPU (cpu)
#   make test    set-up + lint (pyflakes, snakefmt, snakemake --lint) + unit tests + the smoke workflow end to end +
#                paper_checks on its results and against reference/smoke + the rehearsal
#                of every network and method at the paper's shapes (rehearsal-ci) + last, the workflow on a one-node SLURM
#                (cluster-test) where it can run (as root); elsewhere the last line says it was not run and why
#   make rehearsal  set-up + the paper scale's image path at its real shapes, a few steps each, on CPU
#   make paper   set-up with TensorFlow's CUDA libraries + a check that TensorFlow sees a GPU + the paper-scale
#                workflow, at most one training job per GPU (--resources gpu=N, N the GPUs nvidia-smi lists)
#   make report  the HTML report of a finished scale (SCALE=cpu by default): results/<scale>/report.html
#   make compare a finished scale's verdicts (SCALE=cpu by default) against the recorded run in reference/<scale>/
#   make cluster-test  set-up + a one-node SLURM on this machine (Debian packages, root) + part of the smoke workflow
#                through profiles/slurm, one image run in >= 3 time-limited jobs against the same run uninterrupted;
#                without root, a line saying why it was not run (an error with REQUIRE_CLUSTER_TEST=1, as in CI)
#   make pilot   set-up + the cpu scale's pilot: the stand-in's free settings (config images.pilot) chosen by its
#                positive controls, results/cpu/pilot.json (hours; resumable; PILOT_ARGS=--dry-run lists the commands)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CORES ?= all
# What the workflow builds: `all` is every figure of the paper and claims.json (`theory`, `mog`, `images`, `claims`
# are its parts).
TARGETS ?= all
# GPUs of this machine: `make paper` runs at most this many GPU jobs at once (each takes one free GPU).
GPUS ?= $(shell nvidia-smi -L 2>/dev/null | grep -c '^GPU ')
ONE_RUN_PER_NETWORK_AND_METHOD := 'images={"one_run_per_network_and_method": true}'

.PHONY: setup setup-gpu run test lint unit smoke smoke-report checks rehearsal rehearsal-ci cluster-test paper report dry-run clean-smoke pilot compare reference

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt constraints.txt pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] >= (3, 11), "Python >= 3.11 needed, found " + sys.version'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt -c constraints.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

# The GPU build: the same pins plus TensorFlow's CUDA libraries (requirements-gpu.txt). make run / make test keep
# the CPU build.
setup-gpu: $(VENV)/.installed-gpu

$(VENV)/.installed-gpu: $(VENV)/.installed requirements-gpu.txt
	$(BIN)/pip install --quiet -r requirements-gpu.txt -c constraints.txt
	touch $@

run: setup
	$(BIN)/snakemake --cores $(CORES) --config scale=cpu -- $(TARGETS)

paper: setup-gpu
	$(BIN)/python -m numerics_of_gans devices --scale paper
	$(BIN)/snakemake --cores $(CORES) --resources gpu=$(GPUS) --config scale=paper -- $(TARGETS)

# The cluster step is the recipe, not a prerequisite, so that it comes last (after every prerequisite, also with -j)
# and its line "cluster test: not run (<reason>); everything else passed" is make's last where it cannot run (not
# root): exit status 0, since make stops at the first failing step, unless REQUIRE_CLUSTER_TEST=1 (.ci/run): then
# not running it is a failure.
test: lint unit smoke smoke-report checks rehearsal-ci
	@bash cluster/cluster_test.sh --if-possible '; everything else passed'

# pyflakes; the rule files formatted by snakefmt (pyproject [tool.snakefmt]); `snakemake --lint` without a finding at
# every scale of config/scales/ (its exit status is 1 on a finding).
lint: setup
	$(BIN)/python -m pyflakes src tests paper_checks benchmarks examples
	$(BIN)/snakefmt --check Snakefile rules
	for scale in $(basename $(notdir $(wildcard config/scales/*.yaml))); do \
		$(BIN)/snakemake --lint --config scale=$$scale > /dev/null 2>&1 || { $(BIN)/snakemake --lint --config scale=$$scale; exit 1; }; \
	done

unit: setup
	$(BIN)/python -m pytest tests -q -n auto

smoke: setup
	$(BIN)/snakemake --cores $(CORES) --config scale=smoke -- $(TARGETS)

# The paper scale's 43 image runs at their real shapes, one step each, on mock data and a random-weights
# Inception-v3 (config/scales/rehearsal.yaml), then paper_checks on its results (every image claim: skip), then the
# paper-scale checks on its run folders edited to the paper's outcomes (pass) and to contradicting ones (fail).
# rehearsal-ci (CI): the image path only (theory and MoG run at the same settings in the smoke workflow), one run per
# network and method (21 of the 43; the others differ only in objective, learning rate or gamma), then the image
# claims, so that CI stays within 30 minutes on 2 cores.
rehearsal: setup
	$(BIN)/snakemake --cores $(CORES) --config scale=rehearsal -- $(TARGETS)
	$(BIN)/python -m pytest paper_checks -q --scale rehearsal
	$(BIN)/python -m pytest tests/images/test_image_checks.py -q -k rehearsal_folders

rehearsal-ci: setup
	$(BIN)/snakemake --cores $(CORES) --config scale=rehearsal $(ONE_RUN_PER_NETWORK_AND_METHOD) \
		-- images results/rehearsal/step_cost/dcgan.json
	$(BIN)/python -m pytest paper_checks -q --scale rehearsal --family images
	$(BIN)/python -m pytest tests/images/test_image_checks.py -q -k rehearsal_folders

# cluster/cluster_test.sh: starts munge, slurmctld and slurmd (cluster/one_node_slurm.sh), runs the jobs through the
# executor plugin, compares the sliced run with the uninterrupted one (tests/test_cluster_run.py), and stops the
# daemons it started, by process id; everything in results/cluster-test/. --if-possible: only where it can run (as
# root; `bash cluster/cluster_test.sh --can-run` says why not), elsewhere a line saying why not (exit status 0, or 1
# with REQUIRE_CLUSTER_TEST=1).
cluster-test: setup
	bash cluster/cluster_test.sh --if-possible

# The pilot (python -m numerics_of_gans pilot, images/pilot.py): for each candidate of config images.pilot in order,
# the workflow of the positive controls only in results/pilot/<candidate>/, until every control passes; each
# candidate's controls appended to results/cpu/pilot.json (a recorded candidate is not rerun). Not part of `test`.
pilot: setup
	$(BIN)/python -m numerics_of_gans pilot --scale cpu --cores $(CORES) $(PILOT_ARGS)

smoke-report: smoke
	$(BIN)/snakemake --config scale=smoke --report results/smoke/report.html

report: setup
	$(BIN)/snakemake --config scale=$(or $(SCALE),cpu) --report results/$(or $(SCALE),cpu)/report.html

# the smoke scale's verdicts, then each against the recorded smoke run's (reference/smoke: the statuses must agree)
checks: setup
	$(BIN)/python -m pytest paper_checks -q --scale smoke
	$(BIN)/python -m paper_checks compare reference/smoke

# A finished scale's claims.json (SCALE=cpu by default) against the reference run's in reference/<scale>/: agrees when
# every claim's status is the same (each is a judgment against a band from repeated seeds), so exit 1 on a changed one.
compare: setup
	$(BIN)/python -m paper_checks compare reference/$(or $(SCALE),cpu)

# Record a finished scale (SCALE=smoke by default) as reference results: reference/<scale>/ (claims.json, config.json,
# controls.json, small PNGs of the figures, record.json with date, commit and machine).
reference: setup
	$(BIN)/python -m numerics_of_gans reference --scale $(or $(SCALE),smoke) --out reference/$(or $(SCALE),smoke)

dry-run: setup
	$(BIN)/snakemake -n --quiet rules --config scale=$(or $(SCALE),paper)

clean-smoke:
	rm -rf results/smoke figures/smoke
