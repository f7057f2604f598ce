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
* No browser: the test is skipped with the reason, except when ``CI=true``, where
  it fails.
* On failure, screenshots and the server's log go to ``build/browser/``.

``BROWSER_TEST_NOTEBOOK=/path/to/some.ipynb`` points the test at another notebook
(served from the course folder if it is inside it, else from its own folder);
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
import urllib.request
from pathlib import Path

import pytest

from labserver import free_port, stop

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_NOTEBOOK = REPO_ROOT / "notebooks" / "06-explore-with-sliders.ipynb"
CHROMIUM = Path("/usr/bin/chromium")
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


def _missing(reason: str) -> None:
    """Skip on a learner's machine; fail in CI, where the browser must be there."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: a missing browser fails the run)", pytrace=False)
    pytest.skip(reason)


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


def _slider_value(handle) -> str | None:
    return handle.get_attribute("aria-valuenow") or handle.get_attribute("aria-valuetext")


# The notebooks with sliders: 06's explorers, and 16's search widget (whose first slider is
# the number of results, which redraws the grid of nearest photos).
WIDGET_NOTEBOOKS = [DEFAULT_NOTEBOOK, REPO_ROOT / "notebooks" / "16-your-own-image-search.ipynb"]
# 18's duplicates explorer: its first slider is the threshold, which regroups and redraws the groups.
WIDGET_NOTEBOOKS.append(REPO_ROOT / "notebooks" / "18-near-duplicates-at-scale.ipynb")


@pytest.mark.parametrize("default_notebook", WIDGET_NOTEBOOKS, ids=lambda p: p.name[:2])
def test_notebook_sliders_render_and_move_the_figure(tmp_path, default_notebook):
    notebook = Path(os.environ.get("BROWSER_TEST_NOTEBOOK") or default_notebook).resolve()
    if not CHROMIUM.exists():
        _missing(
            f"{CHROMIUM} is missing: `make test` installs Debian's chromium when run as root "
            "(tools/ensure_chromium.sh), or run `apt-get install chromium`"
        )
    try:
        from playwright.sync_api import sync_playwright  # noqa: F401  (in_lab uses it)
    except ImportError as error:
        _missing(f"playwright is not importable ({error}): `make test` installs requirements-test.txt")
    assert notebook.is_file(), f"the notebook to test does not exist: {notebook}"

    # Served like `make lab`: the course folder is the root, the notebook is opened by its path in it.
    root_dir = REPO_ROOT if notebook.is_relative_to(REPO_ROOT) else notebook.parent
    in_lab(tmp_path, root_dir, notebook, lambda page, url, expect: _drive_notebook(page, url), "failure")


def in_lab(tmp_path: Path, root: Path, notebook: Path, drive, name: str):
    """Open ``notebook`` (inside ``root``) in JupyterLab in Chromium and return ``drive(page, url, expect)``.

    JupyterLab is served like `make lab` (``root`` is the served folder). On a failure, a
    screenshot and the server log go to the failure folder under ``name``. Nothing is written
    back: autosave is off, the notebook's bytes are compared, and folders JupyterLab leaves
    beside it are removed. Everything started is stopped.
    """
    from playwright.sync_api import expect, sync_playwright

    folders = {root, notebook.parent}
    leftovers_before = {d / n for d in folders for n in JUPYTER_LEFTOVERS if (d / n).exists()}
    notebook_bytes = notebook.read_bytes()
    server = page = log = None
    try:
        server, token, base, log = _start_jupyterlab(root, tmp_path)
        with sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                user_data_dir=str(tmp_path / "chromium-profile"), executable_path=str(CHROMIUM), headless=True,
                args=CHROMIUM_FLAGS, viewport={"width": 1280, "height": 1000})
            try:
                page = context.pages[0] if context.pages else context.new_page()
                url = f"{base}/lab/tree/{notebook.relative_to(root).as_posix()}?token={token}"
                return drive(page, url, expect)
            except BaseException:
                _save_failure(page, log, name)
                raise
            finally:
                context.close()
    except BaseException:
        if log is not None and page is None:     # the browser never opened: the server log still helps
            _save_failure(None, log, name)
        raise
    finally:
        if server is not None:
            stop(server)
        for leftover in (d / n for d in folders for n in JUPYTER_LEFTOVERS):
            if leftover not in leftovers_before and leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)
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


def test_notebook_links_open_the_readme_and_a_helper_file(tmp_path):
    if not CHROMIUM.exists():
        _missing(f"{CHROMIUM} is missing: `make test` installs Debian's chromium when run as root")
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError as error:
        _missing(f"playwright is not importable ({error}): `make test` installs requirements-test.txt")
    # A copy of the course's layout with one notebook holding the links (nothing is written
    # into the repository); the files are the real README and helper.
    course = tmp_path / "course"
    (course / "notebooks").mkdir(parents=True)
    (course / "imgsim_helpers").mkdir()
    shutil.copy(REPO_ROOT / "README.md", course / "README.md")
    shutil.copy(REPO_ROOT / "imgsim_helpers" / "histograms.py", course / "imgsim_helpers" / "histograms.py")
    links = ", ".join(f"[{title}]({target})" for target, title in COURSE_LINKS.items())
    notebook = {"cells": [{"cell_type": "markdown", "id": "c00-01", "metadata": {}, "source": f"Read {links}."}],
                "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
                "nbformat": 4, "nbformat_minor": 5}
    _write_json(course / "notebooks" / "links.ipynb", notebook)
    first_lines = {"README.md": "Image similarity from scratch",  # JupyterLab renders the Markdown
                   "histograms.py": "Counting colours: the tutorial's histogram and a fast, flexible one."}

    server, token, base, log = _start_jupyterlab(course, tmp_path / "scratch")
    page = None
    try:
        with sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                user_data_dir=str(tmp_path / "chromium-profile"), executable_path=str(CHROMIUM),
                headless=True, args=CHROMIUM_FLAGS, viewport={"width": 1280, "height": 900},
            )
            try:
                page = context.pages[0] if context.pages else context.new_page()
                page.goto(f"{base}/lab/tree/notebooks/links.ipynb?token={token}")
                for target, title in COURSE_LINKS.items():
                    page.locator(".jp-NotebookPanel .jp-RenderedMarkdown a", has_text=title).click()
                    tab = page.locator("#jp-main-dock-panel .lm-TabBar-tab", has_text=title)
                    expect(tab).to_have_count(1, timeout=30_000)
                    # the file itself is shown: its first line
                    expect(page.locator("#jp-main-dock-panel .jp-MainAreaWidget:not(.lm-mod-hidden)")
                           ).to_contain_text(first_lines[title], timeout=30_000)
                    assert page.locator(".jp-Dialog").count() == 0, f"{target}: {page.locator('.jp-Dialog').inner_text()}"
                    page.locator("#jp-main-dock-panel .lm-TabBar-tab", has_text="links.ipynb").click()
            except BaseException:
                _save_failure(page, log, "links-failure")
                raise
            finally:
                context.close()
    finally:
        stop(server)
    assert " 404 " not in log.read_text(), log.read_text()[-3000:]
