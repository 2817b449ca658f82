# Two entry points for a fresh machine (see README):
#   make demo   - create .venv from pyproject.toml and annotate the bundled trio example
#   make test   - create .venv from pyproject.toml and run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint typecheck check bench manifest clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/gnas-annot demo --out demo-out

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
