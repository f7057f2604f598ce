# Two commands do all set-up:
#   make lab   - open the course in JupyterLab
#   make test  - run every test (helpers, data, every notebook top to bottom, and
#                notebook 06's sliders in a real browser: Debian's chromium + playwright)
# Both create .venv on first use and reinstall only when requirements change.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.requirements-installed
# Test-only tools (playwright), so `make lab` does not carry them.
TEST_STAMP := $(VENV)/.requirements-test-installed
# JupyterLab refuses to start as root unless told it is on purpose.
ROOT_FLAG := $(shell [ "$$(id -u)" = "0" ] && echo --allow-root)
LAB_ARGS ?=
PYTEST_ARGS ?=

.PHONY: lab lab-student test student venv clean html

venv: $(STAMP)

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt pyproject.toml | $(PY)
	$(PY) -m pip install -r requirements.txt
	touch $(STAMP)

lab: $(STAMP)
	@echo "Starting JupyterLab on notebooks/. Open the http://127.0.0.1:... URL it prints (Ctrl+C twice to stop)."
	$(VENV)/bin/jupyter lab --ServerApp.root_dir=notebooks --ip=127.0.0.1 $(ROOT_FLAG) $(LAB_ARGS)

$(TEST_STAMP): requirements-test.txt | $(STAMP)
	$(PY) -m pip install -r requirements-test.txt
	touch $(TEST_STAMP)

# ensure_chromium.sh installs Debian's chromium when missing and root; it never fails
# the build: the browser test skips without it (-rs prints why), or fails when CI=true.
test: $(STAMP) $(TEST_STAMP)
	bash tools/ensure_chromium.sh
	$(PY) -m pytest -rs tests notebooks --nbval-lax --nbval-current-env --nbval-cell-timeout=300 $(PYTEST_ARGS)

# The student copies (exercises without solutions), made if needed, opened in JupyterLab.
lab-student: student
	@echo "Starting JupyterLab on student/ (exercises without solutions)."
	$(VENV)/bin/jupyter lab --ServerApp.root_dir=student --ip=127.0.0.1 $(ROOT_FLAG) $(LAB_ARGS)

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
