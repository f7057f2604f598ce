# Set-up shared by the course's Makefile and the student bundle's: a virtual environment in
# .venv with requirements.txt installed (again only when its content changes), a one-line stop
# on a too-old Python, and `make lab`. Included by both Makefiles; keep it free of anything
# only one of them has.

PYTHON ?= python3
# The oldest Python the pinned packages install on (numpy, Pillow, matplotlib, ipykernel,
# hypothesis need 3.11); pyproject.toml and README.md say the same (tests/test_setup.py).
MIN_PYTHON := 3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.requirements-installed
# Each stamp holds a checksum of what it installed: pip runs again only when that content
# changes, not when a git pull or a copy merely gives the files new dates (a lab machine
# without network keeps working).
# (Comment lines do not count: editing a comment installs nothing.)
REQ_SUM := $(shell cat requirements.txt pyproject.toml | grep -v '^ *\#' | cksum)
ifneq ($(REQ_SUM),$(shell cat $(STAMP) 2>/dev/null))
.PHONY: $(STAMP)
endif
# Stop at once, in one line, on a Python too old for the pins (the line says what to do);
# the Python of .venv once it exists. `make clean` always works.
ifeq ($(filter clean,$(MAKECMDGOALS)),)
ifeq ($(wildcard $(PY)),)
PYTHON_PROBLEM := $(shell if command -v $(PYTHON) >/dev/null 2>&1; then $(PYTHON) tools/check_python.py $(MIN_PYTHON) 2>&1; \
  else echo "This course needs Python $(MIN_PYTHON) or newer, and there is no $(PYTHON) command: install Python, or name yours, e.g. make lab PYTHON=python3.12"; fi)
else
PYTHON_PROBLEM := $(shell $(PY) tools/check_python.py $(MIN_PYTHON) venv 2>&1)
endif
ifneq ($(PYTHON_PROBLEM),)
$(error $(PYTHON_PROBLEM))
endif
endif
# JupyterLab refuses to start as root unless told it is on purpose.
ROOT_FLAG := $(shell [ "$$(id -u)" = "0" ] && echo --allow-root)
# JupyterLab serves the course folder (so notebooks can link to ../README.md and
# ../imgsim_helpers/*.py) and opens this page first; the README gives the same command.
START_PAGE := /lab/tree/notebooks/00-start-here.ipynb
# Started as if .venv were activated, like the README's commands without make.
ACTIVATED := PATH="$(CURDIR)/$(VENV)/bin:$$PATH" VIRTUAL_ENV="$(CURDIR)/$(VENV)"
# A terminal inside JupyterLab runs $$SHELL, or plain sh when it is unset (started from a
# service, a CI runner, a cron job), and sh has no `source`, which the notebooks tell learners
# to type: then give it bash (sh only where there is no bash).
LAB_SHELL := SHELL="$${SHELL:-$$(command -v bash || command -v sh)}"
LAB_ARGS ?=

.PHONY: venv lab

venv: $(STAMP)

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): | $(PY)
	$(PY) -m pip install -r requirements.txt
	echo '$(REQ_SUM)' > $(STAMP)

lab: $(STAMP)
	@echo "Starting JupyterLab on the course folder. Open the http://127.0.0.1:... URL it prints (Ctrl+C twice to stop)."
	$(ACTIVATED) $(LAB_SHELL) jupyter lab --LabApp.default_url=$(START_PAGE) --ip=127.0.0.1 $(ROOT_FLAG) $(LAB_ARGS)
