# Shortcuts for the commands in README.md.
VENV ?= .venv
PYTHON = $(VENV)/bin/python

.PHONY: setup score test bench lab clean

$(VENV)/bin/framing: pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -e ".[dev]"
	touch $@

setup: $(VENV)/bin/framing

score: setup
	$(VENV)/bin/framing score data/article_sets/belgrade_moscow_call

test: setup
	$(PYTHON) -m pytest

bench: setup
	$(PYTHON) bench/score_bench.py

clean:
	rm -rf reports .pytest_cache

lab: setup
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks
