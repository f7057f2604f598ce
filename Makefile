# Set-up and checks, one command each:
#   make lab   - open the course in JupyterLab
#   make test  - the maintainers' full check: every test (helpers, data, every notebook top to
#                bottom, notebooks 06, 16 and 18 in a real browser: Debian's chromium + playwright)
#   make check - a learner's quick check (about a minute; installs nothing more than make lab)
# They create .venv on first use and reinstall only when requirements change.

include tools/make/course.mk

# Test-only tools (playwright, and the libraries the tests compare with), so `make lab` does
# not carry them.
TEST_STAMP := $(VENV)/.requirements-test-installed
TEST_REQ_SUM := $(shell grep -v '^ *\#' requirements-test.txt | cksum)
ifneq ($(TEST_REQ_SUM),$(shell cat $(TEST_STAMP) 2>/dev/null))
.PHONY: $(TEST_STAMP)
endif
# The class on a JupyterHub (make hub, and the hub test of make test): requirements-hub.txt into .venv.
HUB_STAMP := $(VENV)/.requirements-hub-installed
HUB_REQ_SUM := $(shell grep -v '^ *\#' requirements-hub.txt | cksum)
ifneq ($(HUB_REQ_SUM),$(shell cat $(HUB_STAMP) 2>/dev/null))
.PHONY: $(HUB_STAMP)
endif
PYTEST_ARGS ?=

.PHONY: lab-student test check student student-bundle grade clean html html-js hub

$(TEST_STAMP): | $(STAMP)
	$(PY) -m pip install -r requirements-test.txt
	echo '$(TEST_REQ_SUM)' > $(TEST_STAMP)

$(HUB_STAMP): | $(STAMP)
	$(PY) -m pip install -r requirements-hub.txt
	echo '$(HUB_REQ_SUM)' > $(HUB_STAMP)

# In the full check a missing test-only library fails tests/test_reference_libraries.py.
test: export IMGSIM_FULL_CHECK = 1
# ensure_chromium.sh installs Debian's chromium when missing and root; it never fails
# the build: the browser test skips without it (-rs prints why), or fails when CI=true.
# The grader's sandbox needs bubblewrap the same way (its tests check the refusal without it), and
# the hub test (tests/hub/) the hub's proxy from npm (install_proxy.sh only says so when npm is missing).
# On every core (pytest-xdist, from requirements-test.txt): each test file, each notebook and each group
# of tests/conftest.py (SHARED) runs in one worker, the slowest first. PYTEST_ARGS=-n0 runs in one process.
test: $(STAMP) $(TEST_STAMP) $(HUB_STAMP)
	bash tools/ensure_chromium.sh
	@$(MAKE) --no-print-directory html-js || echo "make test: no npm, so the accessibility test of the pages cannot run (apt-get install nodejs npm)"
	bash tools/hub/install_proxy.sh --optional
	bash tools/ensure_debian_package.sh /usr/bin/bwrap bubblewrap "the grader will refuse to run without --no-sandbox"
	$(PY) -m pytest -rs tests notebooks --nbval-lax --nbval-current-env --nbval-cell-timeout=300 -n auto --dist loadfile --no-loadscope-reorder $(PYTEST_ARGS)

# A learner's quick check (about a minute, on every core): the helpers' and the data's tests. Installs
# nothing more than `make lab`; leaves out the notebooks, the browser, the fresh-install and the hub
# tests, the instructor's grader (tests/classroom/: grading classes in sandboxed kernels, of a tool the
# student bundle does not even ship) and the tests marked maintainers (pyproject.toml: the README's
# commands and tables, the pages, the instructor's commands). `make test` runs them all. -p no:nbval: no
# notebook runs here, and nbval's import (nbformat's schema checker builds a grammar) took 1 to 2 s of the start.
check: $(STAMP)
	$(PY) -m pytest -q tests --ignore=tests/browser --ignore=tests/install --ignore=tests/hub --ignore=tests/classroom -m "not maintainers" -p no:nbval -n auto --dist loadfile --no-loadscope-reorder $(PYTEST_ARGS)

# The student copies (exercises without solutions), made if needed, opened in JupyterLab.
# `make lab` itself, told to open student/ first.
lab-student: student
	@echo "JupyterLab will open at student/ (exercises without solutions)."
	@$(MAKE) --no-print-directory lab START_PAGE=/lab/tree/student/00-start-here.ipynb

# Student copies of the notebooks (solutions replaced by stubs) in student/; see docs/instructor.md.
student: $(STAMP)
	$(PY) -m imgsim_helpers.exercises release

# The course as students get it, without any answer: dist/imgsim-course-student.zip (see
# docs/instructor.md). Unzipped anywhere, its own `make lab` and `make test` work. The same files
# go into dist/imgsim-course-student-git as one new commit: the repository a JupyterHub pulls.
student-bundle: $(STAMP)
	$(PY) -m imgsim_helpers.exercises bundle

# Grade a folder of submissions: make grade SUBMISSIONS=path/to/folder [ASSIGNMENT=1] [GRADES=grades]
# Every submission runs in a bubblewrap sandbox (installed here when missing and root);
# NO_SANDBOX=1 grades without it (only for code you trust: every report then says so).
# (reports in GRADES/: gradebook.csv, feedback/, class-report.html, written/). ASSIGNMENT grades one
# assignment of grading/assignments.toml only; its reports go to grades/assignment-NAME/ by default.
GRADES ?= $(if $(ASSIGNMENT),grades/assignment-$(ASSIGNMENT),grades)
# On a hub: make grade FROM_HOMES=/home [COURSE_DIR=imgsim-course] [HOME_PREFIX=jupyter-] reads each
# student's notebooks from their home folder (HOMES/<user>/COURSE_DIR/notebooks/) instead.
grade: $(STAMP)
	@[ -n "$(SUBMISSIONS)$(FROM_HOMES)" ] || { echo "make grade needs the folder of submissions: make grade SUBMISSIONS=path/to/folder (on a hub: FROM_HOMES=/home)"; exit 2; }
	@$(if $(NO_SANDBOX),true,bash tools/ensure_debian_package.sh /usr/bin/bwrap bubblewrap "the grader will refuse to run without NO_SANDBOX=1")
	$(PY) -m imgsim_helpers.exercises grade $(if $(FROM_HOMES),--from-homes "$(FROM_HOMES)"$(if $(COURSE_DIR), --course-dir "$(COURSE_DIR)")$(if $(HOME_PREFIX), --home-prefix "$(HOME_PREFIX)"),"$(SUBMISSIONS)") --out "$(GRADES)"$(if $(ASSIGNMENT), --assignment "$(ASSIGNMENT)")$(if $(NO_SANDBOX), --no-sandbox)

# A class on this Linux server: a JupyterHub for the class list CLASS (a CSV of user names), each student
# with a folder of their own in .hub/homes/ and the course's environment; the course comes from the git
# edition (make student-bundle) through the link printed below. Defaults: 127.0.0.1:8000, the example
# class (alice, bob, carol), the class password in .hub/password. For a class on the network:
# make hub HUB_IP=0.0.0.0 HUB_URL=http://this-machine:8000 CLASS=class.csv. See docs/instructor.md,
# "Running the class on a JupyterHub", and tools/hub/jupyterhub_config.py.
CLASS ?= tools/hub/class-example.csv
HUB_IP ?= 127.0.0.1
HUB_PORT ?= 8000
HUB_URL ?= http://$(HUB_IP):$(HUB_PORT)
HUB_STATE ?= .hub
COURSE_REPO ?= dist/imgsim-course-student-git
hub: $(STAMP) $(HUB_STAMP) student-bundle
	bash tools/hub/install_proxy.sh
	@mkdir -p $(HUB_STATE) && [ -s $(HUB_STATE)/password ] || { $(PY) -c "import secrets; print(secrets.token_urlsafe(9))" > $(HUB_STATE)/password; chmod 600 $(HUB_STATE)/password; }
	@echo "Class list: $(CLASS); class password: $$(cat $(HUB_STATE)/password); students' folders: $(HUB_STATE)/homes/"
	@echo "The link for students (opens notebook 00; click it again after a new release):"
	@$(PY) -m imgsim_helpers.exercises hub-link --hub "$(HUB_URL)" --repo "$(COURSE_REPO)"
	@echo "Collect and grade: make grade FROM_HOMES=$(HUB_STATE)/homes. Ctrl+C stops the hub."
	IMGSIM_HUB_STATE="$(HUB_STATE)" IMGSIM_CLASS_LIST="$(CLASS)" IMGSIM_HUB_IP="$(HUB_IP)" IMGSIM_HUB_PORT="$(HUB_PORT)" \
	  $(ACTIVATED) jupyterhub -f tools/hub/jupyterhub_config.py

# Every notebook executed and saved as a page in build/html/ (open build/html/index.html), usable
# offline: the widget, require.js and MathJax files come from npm, pinned in tools/html/, and are
# fetched again only when its package-lock.json changes. See tools/build_html.py.
html: $(STAMP) html-js
	$(PY) tools/build_html.py

# The pinned JavaScript of tools/html/ (the pages' widget, require.js and MathJax files, and axe-core,
# which the accessibility test runs on the pages), fetched again only when package-lock.json changes.
html-js:
	@command -v npm >/dev/null || { echo "make html needs Node.js and npm (e.g. apt-get install nodejs npm)"; exit 1; }
	cd tools/html && if [ -f package-lock.json ]; then \
	  [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --ignore-scripts --no-audit --no-fund; \
	else npm install --ignore-scripts --no-audit --no-fund; fi

# The git edition stays: each release must be a commit on top of the one students already pulled.
clean:
	rm -rf $(VENV) build student .hypothesis $(filter-out dist/imgsim-course-student-git,$(wildcard dist/*))
