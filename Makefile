# Two commands do all set-up:
#   make lab   - open the course in JupyterLab
#   make test  - run every test (helpers, data, and every notebook top to bottom)
# Both create .venv on first use and reinstall only when requirements change.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.requirements-installed
# JupyterLab refuses to start as root unless told it is on purpose.
ROOT_FLAG := $(shell [ "$$(id -u)" = "0" ] && echo --allow-root)
LAB_ARGS ?=
PYTEST_ARGS ?=

.PHONY: lab test venv clean

venv: $(STAMP)

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt pyproject.toml | $(PY)
	$(PY) -m pip install -r requirements.txt
	touch $(STAMP)

lab: $(STAMP)
	@echo "Starting JupyterLab on notebooks/. Open the http://127.0.0.1:... URL it prints (Ctrl+C twice to stop)."
	$(VENV)/bin/jupyter lab --ServerApp.root_dir=notebooks --ip=127.0.0.1 $(ROOT_FLAG) $(LAB_ARGS)

test: $(STAMP)
	$(PY) -m pytest tests notebooks --nbval-lax --nbval-current-env --nbval-cell-timeout=300 $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) build student .hypothesis
