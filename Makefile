# Set-up and checks, one command each:
#   make lab   - open the course in JupyterLab
#   make test  - the maintainers' full check: every test (helpers, data, every notebook top to
#                bottom, notebooks 06 and 14 in a real browser: Debian's chromium + playwright)
#   make check - a learner's quick check (about a minute; installs nothing more than make lab)
# They create .venv on first use and reinstall only when requirements change.

PYTHON ?= python3
# The oldest Python the pinned packages install on (numpy, Pillow, matplotlib, ipykernel,
# hypothesis need 3.11); pyproject.toml and README.md say the same (tests/test_setup.py).
MIN_PYTHON := 3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.requirements-installed
# Test-only tools (playwright), so `make lab` does not carry them.
TEST_STAMP := $(VENV)/.requirements-test-installed
# Each stamp holds a checksum of what it installed: pip runs again only when that content
# changes, not when a git pull or a copy merely gives the files new dates (a lab machine
# without network keeps working).
# (Comment lines do not count: editing a comment installs nothing.)
REQ_SUM := $(shell cat requirements.txt pyproject.toml | grep -v '^ *\#' | cksum)
TEST_REQ_SUM := $(shell grep -v '^ *\#' requirements-test.txt | cksum)
ifneq ($(REQ_SUM),$(shell cat $(STAMP) 2>/dev/null))
.PHONY: $(STAMP)
endif
ifneq ($(TEST_REQ_SUM),$(shell cat $(TEST_STAMP) 2>/dev/null))
.PHONY: $(TEST_STAMP)
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
LAB_ARGS ?=
PYTEST_ARGS ?=

.PHONY: lab lab-student test check student venv clean html

venv: $(STAMP)

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): | $(PY)
	$(PY) -m pip install -r requirements.txt
	echo '$(REQ_SUM)' > $(STAMP)

lab: $(STAMP)
	@echo "Starting JupyterLab on the course folder. Open the http://127.0.0.1:... URL it prints (Ctrl+C twice to stop)."
	$(ACTIVATED) jupyter lab --LabApp.default_url=$(START_PAGE) --ip=127.0.0.1 $(ROOT_FLAG) $(LAB_ARGS)

$(TEST_STAMP): | $(STAMP)
	$(PY) -m pip install -r requirements-test.txt
	echo '$(TEST_REQ_SUM)' > $(TEST_STAMP)

# ensure_chromium.sh installs Debian's chromium when missing and root; it never fails
# the build: the browser test skips without it (-rs prints why), or fails when CI=true.
test: $(STAMP) $(TEST_STAMP)
	bash tools/ensure_chromium.sh
	$(PY) -m pytest -rs tests notebooks --nbval-lax --nbval-current-env --nbval-cell-timeout=300 $(PYTEST_ARGS)

# A learner's quick check (about a minute): the helpers' and the data's tests. Installs nothing
# more than `make lab`; leaves out the notebooks, the browser and the fresh-install tests.
check: $(STAMP)
	$(PY) -m pytest -q tests --ignore=tests/browser --ignore=tests/install $(PYTEST_ARGS)

# The student copies (exercises without solutions), made if needed, opened in JupyterLab.
lab-student: student
	@echo "Starting JupyterLab on the course folder, at student/ (exercises without solutions)."
	$(ACTIVATED) jupyter lab --LabApp.default_url=/lab/tree/student/00-start-here.ipynb --ip=127.0.0.1 $(ROOT_FLAG) $(LAB_ARGS)

# Student copies of the notebooks (solutions replaced by stubs) in student/; see docs/instructor.md.
student: $(STAMP)
	$(PY) -m imgsim_helpers.exercises release

# Every notebook executed and saved as a page in build/html/ (open build/html/index.html), usable
# offline: the widget, require.js and MathJax files come from npm, pinned in tools/html/, and are
# fetched again only when its package-lock.json changes. See tools/build_html.py.
html: $(STAMP)
	@command -v npm >/dev/null || { echo "make html needs Node.js and npm (e.g. apt-get install nodejs npm)"; exit 1; }
	cd tools/html && if [ -f package-lock.json ]; then \
	  [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --ignore-scripts --no-audit --no-fund; \
	else npm install --ignore-scripts --no-audit --no-fund; fi
	$(PY) tools/build_html.py

clean:
	rm -rf $(VENV) build student .hypothesis
