# Shortcuts for the commands in README.md.
VENV ?= .venv
PYTHON = $(VENV)/bin/python
# make lab PORT=8890 HOST=0.0.0.0 (in a container: HOST=0.0.0.0 to reach it from outside)
PORT ?= 8888
HOST ?= 127.0.0.1
# Jupyter refuses to run as root unless told; containers often run as root.
ROOT_OPTION = $(if $(filter 0,$(shell id -u)),--allow-root)

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
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks --port=$(PORT) --ip=$(HOST) $(ROOT_OPTION)

clean:
	rm -rf reports .pytest_cache notebooks/report_output
