# Two entry points for a fresh machine (see README):
#   make demo   - create .venv with the package alone (no dev stack) and annotate the
#                 bundled examples offline
#   make test   - create .venv with the development extras and run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_STAMP := $(VENV)/.installed-demo

.PHONY: demo test lint typecheck check bench manifest clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# the demo needs only the package and its runtime dependencies
$(DEMO_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $(DEMO_STAMP)

demo: $(DEMO_STAMP)
	$(BIN)/gnas-annot demo --offline --out demo-out
	@echo
	@echo "The command is installed in $(VENV): run it as $(BIN)/gnas-annot --help,"
	@echo "or put it on PATH for this shell with: . $(BIN)/activate"

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src

typecheck: $(STAMP)
	$(BIN)/mypy --strict src/gnas_annot

check: lint typecheck test

bench: $(STAMP)
	$(BIN)/python bench/extract.py

manifest: $(STAMP)
	$(BIN)/gnas-annot data manifest --write

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
