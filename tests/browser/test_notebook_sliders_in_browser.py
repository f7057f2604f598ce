"""Real-browser tests: the sliders of notebooks 06, 16 and 18 render in JupyterLab and move their
figures, and a notebook's Markdown links to ``../README.md`` and to a helper file open them.

The nbval run proves every notebook *executes*; only a browser shows whether the
widgets *render* (a missing or mismatched ``jupyterlab_widgets`` shows "Error
displaying widget" or the raw ``IntSlider(...)`` text instead of a slider).

How it runs (``make test`` sets all of this up):

* Debian's Chromium at ``/usr/bin/chromium`` (``tools/ensure_chromium.sh`` installs
  it when it can) driven by PyPI ``playwright`` from ``requirements-test.txt``, via
  ``executable_path``; ``playwright install`` is never used.
* JupyterLab on 127.0.0.1, a free port and a random token, with throw-away config,
  data, runtime, settings and workspace folders, serving the repository's real course
  folder, as ``make lab`` does (the notebooks use ``../data/...`` paths). Nothing is
  saved: autosave is off, and a ``.ipynb_checkpoints`` folder the run creates is removed.
* One such server per served folder and one Chromium are shared by all the browser tests
  (the ``labs`` fixture of ``tests/browser/conftest.py``, :class:`SharedLabs`): each test
  opens its page in a new browser context, on a server whose sessions, kernels and saved
  workspaces were all cleared, so its notebook opens alone, in a fresh kernel; its kernel
  is shut down when it ends. The servers and Chromium stop after the last browser test.
* No browser: the test is skipped with the reason, except when ``CI=true``, where
  it fails.
* On failure, screenshots and the server's log go to ``build/browser/``.

``BROWSER_TEST_NOTEBOOK=/path/to/some.ipynb`` points the test at another notebook
(served from the course folder if it is inside it, else from its own folder, by a server
of its own);
``BROWSER_TEST_SCREENSHOT=/path/x.png`` saves a
screenshot of the rendered notebook when the test passes.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import NamedTuple

import pytest

from labserver import free_port, stop
from required import CHROMIUM, SharedChromium, require_browser

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_NOTEBOOK = REPO_ROOT / "notebooks" / "06-explore-with-sliders.ipynb"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
FAILURE_DIR = REPO_ROOT / "build" / "browser"

SERVER_START_TIMEOUT_S = 30
SLIDER_TIMEOUT_MS = 90_000
FIGURE_CHANGE_TIMEOUT_S = 30

# Leftovers that JupyterLab (or its LSP extension) may create beside the notebook.
JUPYTER_LEFTOVERS = (".ipynb_checkpoints", ".virtual_documents")

# Only rendered outputs are searched for "Error displaying widget" and raw widget text
# ("IntSlider(..."): the notebook's own source may well contain "IntSlider(" in a code cell.
OUTPUTS_TEXT_JS = """
() => Array.from(document.querySelectorAll('.jp-NotebookPanel .jp-OutputArea-output'))
          .map(el => el.textContent).join('\\n')
"""
# The figures drawn into Output widgets (matplotlib's inline PNGs, as data: URLs).
FIGURE_SRCS_JS = """
() => Array.from(document.querySelectorAll('.jp-NotebookPanel .widget-output img'))
          .map(img => img.getAttribute('src'))
"""


def _write_json(path: Path, content: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(content, indent=2))


def _start_jupyterlab(root_dir: Path, scratch: Path) -> tuple[subprocess.Popen, str, str, Path]:
    """Start JupyterLab in its own process group; return (process, token, base URL, log)."""
    port, token = free_port(), secrets.token_hex(24)
    settings = scratch / "lab-settings"
    # No news pop-up and no update check (both would reach for the network).
    _write_json(
        settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings",
        {"fetchNews": "false", "checkForUpdates": False},
    )
    # Never write the (executed) notebook back to the repository.
    _write_json(
        settings / "@jupyterlab" / "docmanager-extension" / "plugin.jupyterlab-settings",
        {"autosave": False},
    )
    # Every cell stays in the page (no windowing), so every output can be searched.
    _write_json(
        settings / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings",
        {"windowingMode": "none"},
    )
    env = dict(os.environ)
    env.update(
        JUPYTER_CONFIG_DIR=str(scratch / "config"),
        JUPYTER_DATA_DIR=str(scratch / "data"),
        JUPYTER_RUNTIME_DIR=str(scratch / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(settings),
        JUPYTERLAB_WORKSPACES_DIR=str(scratch / "workspaces"),
        IPYTHONDIR=str(scratch / "ipython"),
    )
    # The suite's conftest sets MPLBACKEND=Agg; the kernel must keep its inline backend,
    # or plt.show() draws nothing in the browser.
    env.pop("MPLBACKEND", None)
    command = [
        sys.executable, "-m", "jupyterlab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root_dir}",
        f"--LabApp.user_settings_dir={settings}",
        f"--LabApp.workspaces_dir={scratch / 'workspaces'}",
    ]
    if os.geteuid() == 0:
        command.append("--allow-root")
    log = scratch / "jupyterlab.log"
    with log.open("wb") as log_file:
        server = subprocess.Popen(
            command, cwd=root_dir, env=env, stdin=subprocess.DEVNULL,
            stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while True:
        if server.poll() is not None:
            raise RuntimeError(
                f"JupyterLab exited with code {server.returncode}:\n{log.read_text()[-3000:]}"
            )
        try:
            with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2):
                return server, token, base, log
        except (urllib.error.URLError, OSError):
            if time.monotonic() > deadline:
                stop(server)
                raise RuntimeError(
                    f"JupyterLab did not answer within {SERVER_START_TIMEOUT_S} s:\n"
                    f"{log.read_text()[-3000:]}"
                )
            time.sleep(0.2)


def _api(lab: Lab, path: str, method: str = "GET"):
    """Call the server's REST API with the test's token; the decoded JSON answer (None when empty)."""
    request = urllib.request.Request(f"{lab.base}{path}", method=method,
                                     headers={"Authorization": f"token {lab.token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read()
    return json.loads(body) if body else None


def launch_lab_chromium(playwright):
    """Debian's Chromium, headless, with :data:`CHROMIUM_FLAGS` (the browser and hub tests' browser)."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS)


class Lab(NamedTuple):
    """A running JupyterLab: its process, token, base URL and log file."""
    process: subprocess.Popen
    token: str
    base: str
    log: Path


class SharedLabs:
    """The JupyterLab servers and the Chromium the browser tests share, each started on first use.

    One server per served folder (:func:`_start_jupyterlab`, each with its own throw-away config,
    data, runtime, settings and workspace folders under ``scratch``): the course folder, the
    throw-away course of :meth:`scratch_course`, and the folder of a ``BROWSER_TEST_NOTEBOOK``
    outside the course. One Chromium, in which each test opens a new context (its own cookies,
    storage and cache). Starting them once instead of once per test is what this saves.

    Each test still starts from what a new server shows: :meth:`clear` shuts down every session
    and kernel and deletes every saved workspace before a test opens its page and after it closes
    it, so the test's notebook opens alone, in a fresh kernel (JupyterLab would otherwise restore
    the last test's tabs, and reconnect to its kernel when a test opens the same notebook).

    :meth:`close` (tests/browser/conftest.py calls it after the last browser test) stops the
    servers and the browser and removes the ``.ipynb_checkpoints`` and ``.virtual_documents``
    folders that appeared, while the servers ran, in a folder a test opened a notebook in.
    """

    def __init__(self, scratch: Path):
        self.scratch = scratch
        self.servers: dict[Path, Lab] = {}
        self.started = 0                                    # servers started, to name their scratch folders
        self.leftovers_before: dict[Path, set[Path]] = {}   # the folders JupyterLab may write to
        self.chromium = SharedChromium(launch_lab_chromium)

    def server(self, root: Path) -> Lab:
        """The server of ``root``, started now if it is not running."""
        lab = self.servers.get(root)
        if lab is None or lab.process.poll() is not None:
            self.started += 1
            lab = self.servers[root] = Lab(*_start_jupyterlab(root, self.scratch / f"lab-{self.started}"))
        return lab

    def browser(self):
        """The shared Chromium (headless, :data:`CHROMIUM_FLAGS`), launched now if it is not running."""
        return self.chromium.get()

    def scratch_course(self) -> Path:
        """A throw-away course folder (with ``notebooks/``) for the tests that write their own notebooks."""
        course = self.scratch / "course"
        (course / "notebooks").mkdir(parents=True, exist_ok=True)
        return course

    def watch(self, *folders: Path) -> None:
        """Note the JupyterLab leftovers already in ``folders``: :meth:`remove_leftovers` keeps those."""
        for folder in folders:
            self.leftovers_before.setdefault(
                folder, {folder / n for n in JUPYTER_LEFTOVERS if (folder / n).exists()})

    def remove_leftovers(self) -> None:
        """Remove the JupyterLab leftovers that appeared in a watched folder since it was first watched."""
        for folder, before in self.leftovers_before.items():
            for leftover in (folder / n for n in JUPYTER_LEFTOVERS):
                if leftover not in before and leftover.is_dir():
                    shutil.rmtree(leftover, ignore_errors=True)

    @staticmethod
    def clear(lab: Lab) -> None:
        """Shut down every session and kernel of ``lab`` and delete its saved workspaces; check that none is left."""
        for session in _api(lab, "/api/sessions"):
            _api(lab, f"/api/sessions/{session['id']}", "DELETE")     # shuts its kernel down too
        for kernel in _api(lab, "/api/kernels"):
            _api(lab, f"/api/kernels/{kernel['id']}", "DELETE")
        for workspace in _api(lab, "/lab/api/workspaces")["workspaces"]["ids"]:
            _api(lab, f"/lab/api/workspaces/{urllib.parse.quote(workspace)}", "DELETE")
        left = (_api(lab, "/api/sessions"), _api(lab, "/api/kernels"),
                _api(lab, "/lab/api/workspaces")["workspaces"]["ids"])
        assert left == ([], [], []), f"JupyterLab still has (sessions, kernels, workspaces) {left}"

    def close(self) -> None:
        """Stop the browser and the servers; remove the leftovers they made. Everything can start again."""
        try:
            self.chromium.close()
        finally:
            for lab in self.servers.values():
                stop(lab.process)
            self.servers.clear()
            self.remove_leftovers()     # again: a server may have written one after a test's own removal
            self.leftovers_before.clear()


def _slider_value(handle) -> str | None:
    return handle.get_attribute("aria-valuenow") or handle.get_attribute("aria-valuetext")


# The notebooks with sliders: 06's explorers, and 16's search widget (whose first slider is
# the number of results, which redraws the grid of nearest photos).
WIDGET_NOTEBOOKS = [DEFAULT_NOTEBOOK, REPO_ROOT / "notebooks" / "16-your-own-image-search.ipynb"]
# 18's duplicates explorer: its first slider is the threshold, which regroups and redraws the groups.
WIDGET_NOTEBOOKS.append(REPO_ROOT / "notebooks" / "18-near-duplicates-at-scale.ipynb")


@pytest.mark.parametrize("default_notebook", WIDGET_NOTEBOOKS, ids=lambda p: p.name[:2])
def test_notebook_sliders_render_and_move_the_figure(labs, default_notebook):
    notebook = Path(os.environ.get("BROWSER_TEST_NOTEBOOK") or default_notebook).resolve()
    require_browser()
    assert notebook.is_file(), f"the notebook to test does not exist: {notebook}"

    # Served like `make lab`: the course folder is the root, the notebook is opened by its path in it.
    # (A notebook outside the course folder gets a server of its own, serving its folder.)
    root_dir = REPO_ROOT if notebook.is_relative_to(REPO_ROOT) else notebook.parent
    in_lab(labs, root_dir, notebook, lambda page, url, expect: _drive_notebook(page, url), "failure")


def in_lab(labs: SharedLabs, root: Path, notebook: Path, drive, name: str, viewport: dict | None = None):
    """Open ``notebook`` (inside ``root``) in JupyterLab in Chromium and return ``drive(page, url, expect)``.

    JupyterLab is ``labs``' server of ``root`` (served like `make lab`), cleared of every session,
    kernel and workspace (:meth:`SharedLabs.clear`) before and after, so the notebook opens alone
    in a fresh kernel; the page is in a new context of ``labs``' Chromium, closed afterwards. On a
    failure, a screenshot and the server log go to the failure folder under ``name``. Nothing is
    written back: autosave is off, the notebook's bytes are compared, and folders JupyterLab leaves
    beside it are removed.
    """
    from playwright.sync_api import expect

    labs.watch(root, notebook.parent)
    notebook_bytes = notebook.read_bytes()
    lab = page = None
    try:
        lab = labs.server(root)
        labs.clear(lab)
        context = labs.browser().new_context(viewport=viewport or {"width": 1280, "height": 1000})
        try:
            page = context.new_page()
            url = f"{lab.base}/lab/tree/{notebook.relative_to(root).as_posix()}?token={lab.token}"
            return drive(page, url, expect)
        except BaseException:
            _save_failure(page, lab.log, name)
            raise
        finally:
            context.close()
    except BaseException:
        if lab is not None and page is None:     # the browser never opened: the server log still helps
            _save_failure(None, lab.log, name)
        raise
    finally:
        if lab is not None and lab.process.poll() is None:
            labs.clear(lab)                       # its kernel stops now, not at the end of the run
        labs.remove_leftovers()
        if notebook.read_bytes() != notebook_bytes:  # never expected: autosave is off
            notebook.write_bytes(notebook_bytes)
            pytest.fail(f"the browser run changed {notebook.name}; restored it", pytrace=False)


def run_all(page, expect):
    """Wait for the open notebook's kernel, then Run All Cells from the menu, as a learner would.

    The kernel is started and idle when the status bar says so ("Python 3 (ipykernel) | Idle");
    the toolbar's execution indicator alone is not enough: it says "idle" while the status bar
    still says "No Kernel | Initializing", and Run All then asks for a kernel. Returns the status
    bar's locator and the pattern of "idle", to wait for the end of the run with.
    """
    kernel_status = page.locator('#jp-main-statusbar [title^="Change kernel"]')
    kernel_idle = re.compile(r"^(?!No Kernel).+ \| Idle$")
    expect(kernel_status).to_have_text(kernel_idle, timeout=60_000)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    return kernel_status, kernel_idle


def _drive_notebook(page, url: str) -> None:
    from playwright.sync_api import expect

    panel = ".jp-NotebookPanel:not(.lm-mod-hidden)"
    page.goto(url)
    kernel_status, kernel_idle = run_all(page, expect)

    sliders = page.locator(f"{panel} .widget-slider")
    _wait_for_sliders(page, sliders)
    # Let the rest of the notebook finish before judging its outputs: no cell waits
    # or runs ("[*]:") and the kernel is idle.
    expect(page.locator(f"{panel} .jp-InputArea-prompt", has_text="[*]")).to_have_count(
        0, timeout=SLIDER_TIMEOUT_MS
    )
    expect(kernel_status).to_have_text(kernel_idle, timeout=SLIDER_TIMEOUT_MS)
    figure = page.locator(f"{panel} .widget-output img").first
    expect(figure).to_be_visible(timeout=FIGURE_CHANGE_TIMEOUT_S * 1000)

    outputs = page.evaluate(OUTPUTS_TEXT_JS)
    problem = _broken_widgets(outputs)
    assert problem is None, f"{problem}. Rendered outputs:\n{outputs[-3000:]}"

    screenshot = os.environ.get("BROWSER_TEST_SCREENSHOT")
    before = page.evaluate(FIGURE_SRCS_JS)
    handle = sliders.first.locator(".noUi-handle").first
    value_before = _slider_value(handle)
    handle.focus()
    # One step at a time, stopping at the first change (a slider may start at its maximum,
    # and sliders with continuous_update=False still report each key press).
    for key in ["ArrowRight"] * 3 + ["ArrowLeft"] * 3:
        handle.press(key)
        if _slider_value(handle) != value_before:
            break
    value_after = _slider_value(handle)
    assert value_after != value_before, f"the slider did not move from {value_before!r}"

    deadline = time.monotonic() + FIGURE_CHANGE_TIMEOUT_S
    while True:
        # Changed: an Output widget shows a drawing it did not show before (a cleared
        # output, with no figure yet, is not a change: wait for the new drawing).
        after = page.evaluate(FIGURE_SRCS_JS)
        if not set(after) <= set(before):
            break
        if time.monotonic() > deadline:
            raise AssertionError(
                f"the figure did not change within {FIGURE_CHANGE_TIMEOUT_S} s after the slider "
                f"moved from {value_before} to {value_after}"
            )
        time.sleep(0.25)
    if screenshot:
        expect(kernel_status).to_have_text(kernel_idle, timeout=FIGURE_CHANGE_TIMEOUT_S * 1000)
        figure.scroll_into_view_if_needed()
        page.screenshot(path=screenshot)


# What a widget shows when no widget manager renders it: its plain-text repr, such as
# "IntSlider(value=3, ...)" or, for a container (truncated), "HistogramExplorer(children=(...".
RAW_WIDGET_TEXT = re.compile(r"\b\w*Slider\(|\b\w+\(children=\(")


def _broken_widgets(outputs: str) -> str | None:
    if "Error displaying widget" in outputs:
        return "a widget failed to display"
    raw = RAW_WIDGET_TEXT.search(outputs)
    if raw:
        return f"a widget showed as raw text ({raw.group(0)!r}...; is jupyterlab_widgets missing?)"
    return None


def _wait_for_sliders(page, sliders) -> None:
    """Wait for the first slider; fail at once if widgets show as errors or raw text."""
    deadline = time.monotonic() + SLIDER_TIMEOUT_MS / 1000
    while not (sliders.count() and sliders.first.is_visible()):
        outputs = page.evaluate(OUTPUTS_TEXT_JS)
        problem = _broken_widgets(outputs)
        if problem or time.monotonic() > deadline:
            raise AssertionError(
                f"{problem or f'no .widget-slider appeared within {SLIDER_TIMEOUT_MS // 1000} s'}"
                f" after Run All. Rendered outputs:\n{outputs[-3000:]}"
            )
        time.sleep(0.25)


def _save_failure(page, log: Path | None, name: str) -> None:
    """Keep what a person needs to see why it failed: a screenshot and the server log."""
    FAILURE_DIR.mkdir(parents=True, exist_ok=True)
    if page is not None:
        try:
            page.screenshot(path=str(FAILURE_DIR / f"{name}.png"))
            # JupyterLab scrolls inside the notebook, not the page: show the outputs too.
            last_output = page.locator(".jp-NotebookPanel .jp-OutputArea-output").last
            if last_output.count():
                last_output.scroll_into_view_if_needed(timeout=5_000)
                page.screenshot(path=str(FAILURE_DIR / f"{name}-last-output.png"))
        except Exception as error:  # the page may be gone; the log still helps
            print(f"could not take a screenshot: {error}")
    if log is not None and log.exists():
        shutil.copy(log, FAILURE_DIR / "jupyterlab.log")
    print(f"browser test failure artefacts saved in {FAILURE_DIR}")


# The link forms notebooks use to open the course's own files (JupyterLab serves the course
# folder, as `make lab` does): relative to the notebook, as in ``[README](../README.md)``.
# (A link starting with "/" is a 404: it is not resolved against the served folder.)
COURSE_LINKS = {"../README.md": "README.md", "../imgsim_helpers/histograms.py": "histograms.py"}


def test_notebook_links_open_the_readme_and_a_helper_file(labs):
    require_browser()
    # A copy of the course's layout with one notebook holding the links (nothing is written
    # into the repository); the files are the real README and helper. The copy is the shared
    # throw-away course, which holds the other tests' own notebooks too.
    course = labs.scratch_course()
    (course / "imgsim_helpers").mkdir(exist_ok=True)
    shutil.copy(REPO_ROOT / "README.md", course / "README.md")
    shutil.copy(REPO_ROOT / "imgsim_helpers" / "histograms.py", course / "imgsim_helpers" / "histograms.py")
    links = ", ".join(f"[{title}]({target})" for target, title in COURSE_LINKS.items())
    notebook = {"cells": [{"cell_type": "markdown", "id": "c00-01", "metadata": {}, "source": f"Read {links}."}],
                "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
                "nbformat": 4, "nbformat_minor": 5}
    _write_json(course / "notebooks" / "links.ipynb", notebook)
    first_lines = {"README.md": "Image similarity from scratch",  # JupyterLab renders the Markdown
                   "histograms.py": "Counting colours: the tutorial's histogram and a fast, flexible one."}

    def drive(page, url, expect):
        page.goto(url)
        for target, title in COURSE_LINKS.items():
            page.locator(".jp-NotebookPanel .jp-RenderedMarkdown a", has_text=title).click()
            tab = page.locator("#jp-main-dock-panel .lm-TabBar-tab", has_text=title)
            expect(tab).to_have_count(1, timeout=30_000)
            # the file itself is shown: its first line
            expect(page.locator("#jp-main-dock-panel .jp-MainAreaWidget:not(.lm-mod-hidden)")
                   ).to_contain_text(first_lines[title], timeout=30_000)
            assert page.locator(".jp-Dialog").count() == 0, f"{target}: {page.locator('.jp-Dialog').inner_text()}"
            page.locator("#jp-main-dock-panel .lm-TabBar-tab", has_text="links.ipynb").click()

    log = labs.server(course).log
    log_start = log.stat().st_size                # the shared server's log: only this test's part is read
    in_lab(labs, course, course / "notebooks" / "links.ipynb", drive, "links-failure",
           viewport={"width": 1280, "height": 900})
    this_test = log.read_bytes()[log_start:].decode("utf-8", "replace")
    assert " 404 " not in this_test, this_test[-3000:]
