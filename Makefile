# Shortcuts for the commands in README.md.
VENV ?= .venv
PYTHON = $(VENV)/bin/python

.PHONY: setup report test bench bench-scale lab clean

$(VENV)/bin/framing: pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -e ".[dev]"
	touch $@

setup: $(VENV)/bin/framing

report: setup
	$(VENV)/bin/framing batch --no-input

test: setup
	$(PYTHON) -m pytest

bench: setup
	$(PYTHON) bench/score_bench.py
	$(PYTHON) bench/batch_bench.py

bench-scale: setup
	$(PYTHON) bench/scale_bench.py stream 5000 20000 --chunk-size 1000
	$(PYTHON) bench/scale_bench.py stream 100000 --chunk-size 2000
	$(PYTHON) bench/scale_bench.py stream 5000 10000 20000
	$(PYTHON) bench/scale_bench.py dask 5000
	$(PYTHON) bench/scale_bench.py overhead 200

lab: setup
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks

clean:
	rm -rf reports .pytest_cache notebooks/report_output
