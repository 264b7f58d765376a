# The README's commands. Each one sets up .venv/ (pinned) first, so it works on a fresh machine with Python 3.11.
#   make run     set-up + the workflow at the scale recommended without a GPU (cpu)
#   make test    set-up + unit tests + the smoke workflow end to end + paper_checks on its results
#   make paper   set-up + the paper-scale workflow (GPU)
#   make report  the HTML report of a finished scale (SCALE=cpu by default): results/<scale>/report.html
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CORES ?= all
# What the workflow builds: `all` is every figure of the paper and claims.json (`theory`, `mog`, `images`, `claims`
# are its parts).
TARGETS ?= all

.PHONY: setup run test unit smoke smoke-report checks paper report dry-run clean-smoke

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt constraints.txt pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] >= (3, 11), "Python >= 3.11 needed, found " + sys.version'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt -c constraints.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

run: setup
	$(BIN)/snakemake --cores $(CORES) --config scale=cpu -- $(TARGETS)

paper: setup
	$(BIN)/snakemake --cores $(CORES) --config scale=paper -- $(TARGETS)

test: unit smoke smoke-report checks

unit: setup
	$(BIN)/python -m pyflakes src tests paper_checks benchmarks
	$(BIN)/python -m pytest tests -q

smoke: setup
	$(BIN)/snakemake --cores $(CORES) --config scale=smoke -- $(TARGETS)

smoke-report: smoke
	$(BIN)/snakemake --config scale=smoke --report results/smoke/report.html

report: setup
	$(BIN)/snakemake --config scale=$(or $(SCALE),cpu) --report results/$(or $(SCALE),cpu)/report.html

checks: setup
	$(BIN)/python -m pytest paper_checks -q --scale smoke

dry-run: setup
	$(BIN)/snakemake -n --quiet rules --config scale=$(or $(SCALE),paper)

clean-smoke:
	rm -rf results/smoke figures/smoke
