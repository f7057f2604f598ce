"""The class on a real JupyterHub, end to end (issue 17), driven by headless Chromium.

One hub for the whole test, started from ``tools/hub/jupyterhub_config.py`` exactly as ``make hub``
starts it (the class password, the local-process spawner with a folder per student, the idle culler,
configurable-http-proxy from ``tools/hub/node_modules``), on 127.0.0.1 and free ports, for a class of
three (alice, bob, carol). The course comes from a git repository the test writes as ``make
student-bundle`` does, through the link of ``exercises hub-link``. Then:

1. alice logs in, opens the link (nbgitpuller clones the course into her folder) and sees notebook 00;
   she runs its first cells (the set-up check passes in the hub's environment), answers exercise 1.1 in
   notebook 01, runs its check and saves;
2. the instructor releases an update: exercise 1.4 is added to the source of notebook 01, and
   ``build_editions`` commits the new edition on top of the first;
3. alice opens the link again: nbgitpuller merges the release into her copy; her answer is still there
   and so is exercise 1.4 (on disk and in JupyterLab);
4. bob opens the link and runs notebook 06: its sliders render in the hub's JupyterLab and moving one
   redraws the figure (the browser test's own steps); carol opens the link;
5. the three are collected from their folders and graded (``grade --from-homes``, assignment 1).

Everything the test started is stopped at the end, and it checks that no process of this hub is left.
Needs: jupyterhub and nbgitpuller (requirements-hub.txt), the proxy (tools/hub/install_proxy.sh), Debian's
chromium and playwright, git, and the grader's sandbox; ``make test`` installs them. A missing one skips the
test with the reason, or fails it when CI=true. On failure, screenshots and the hub's log go to build/hub/.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat

from labserver import free_port
from required import missing, require_browser

ROOT = Path(__file__).resolve().parents[2]
HUB_CONFIG = ROOT / "tools" / "hub" / "jupyterhub_config.py"
PROXY = ROOT / "tools" / "hub" / "node_modules" / ".bin" / "configurable-http-proxy"
FAILURE_DIR = ROOT / "build" / "hub"
STUDENTS = ["alice", "bob", "carol"]
PASSWORD = "class-password-for-the-test"
NB01 = "notebooks/01-images-as-arrays.ipynb"


def _browser_helpers():
    """The real-browser test's own helpers (Chromium's path and flags, driving notebook 06's sliders)."""
    path = ROOT / "tests" / "browser" / "test_notebook_sliders_in_browser.py"
    spec = importlib.util.spec_from_file_location("browser_test_helpers", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BROWSER = _browser_helpers()


def _requirements() -> None:
    for module in ("jupyterhub", "nbgitpuller", "jupyterhub_idle_culler"):
        if importlib.util.find_spec(module) is None:
            missing(f"{module} is not installed: `make test` installs requirements-hub.txt into .venv")
    if not PROXY.exists():
        missing(f"{PROXY.relative_to(ROOT)} is missing: `make test` installs it with npm "
                "(tools/hub/install_proxy.sh; apt-get install nodejs npm)")
    if shutil.which("git") is None:
        missing("git is missing (nbgitpuller runs it): apt-get install git")
    require_browser()


def _course_copy(folder: Path) -> Path:
    """The parts of the course a release is built from, copied (the instructor edits this copy's source)."""
    for name in ("notebooks", "imgsim_helpers", "data", "tools", "benchmarks"):
        shutil.copytree(ROOT / name, folder / name,
                        ignore=shutil.ignore_patterns("__pycache__", "node_modules", ".ipynb_checkpoints"))
    for name in ("README.md", "requirements.txt", "pyproject.toml"):
        shutil.copy2(ROOT / name, folder / name)
    return folder


def _add_exercise_1_4(course: Path) -> None:
    """The instructor's update: exercise 1.4 in the source of notebook 01, after 1.3's check cell."""
    path = course / NB01
    notebook = nbformat.read(path, as_version=4)
    at = next(i for i, c in enumerate(notebook.cells) if 'check("1.3"' in c.source) + 1
    new = [nbformat.v4.new_markdown_cell("### Exercise 1.4: the brightest value\n\nStore in `brightest` the "
                                         "largest value in `img`."),
           nbformat.v4.new_code_cell("# BEGIN SOLUTION\nbrightest = int(img.max())\n# END SOLUTION")]
    for k, cell in enumerate(new):
        cell.id = f"c01-update-{k}"
    notebook.cells[at:at] = new
    nbformat.write(notebook, path)


def _write_settings(home: Path) -> None:
    """JupyterLab settings in a student's folder: no news pop-up, every cell kept in the page (findable)."""
    settings = home / ".jupyter" / "lab" / "user-settings" / "@jupyterlab"
    for name, content in (("apputils-extension/notification.jupyterlab-settings",
                           {"fetchNews": "false", "checkForUpdates": False}),
                          ("notebook-extension/tracker.jupyterlab-settings", {"windowingMode": "none"})):
        (settings / name).parent.mkdir(parents=True, exist_ok=True)
        (settings / name).write_text(json.dumps(content))


def _start_hub(state: Path, class_list: Path) -> tuple[subprocess.Popen, str, Path, str]:
    """Start the hub as `make hub` does; return (process, its URL, its log, the hub API's address)."""
    port, api_port = free_port(), free_port()
    env = dict(os.environ, IMGSIM_HUB_STATE=str(state), IMGSIM_CLASS_LIST=str(class_list),
               IMGSIM_HUB_PASSWORD=PASSWORD, IMGSIM_HUB_PORT=str(port), IMGSIM_HUB_API_PORT=str(api_port),
               IMGSIM_PROXY_API_PORT=str(free_port()))
    env.pop("MPLBACKEND", None)          # the kernels keep their inline backend (see the browser test)
    log = state / "hub.log"
    state.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        hub = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(HUB_CONFIG)], cwd=state, env=env,
                               stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                               start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        assert hub.poll() is None, log.read_text()[-3000:]
        try:
            with urllib.request.urlopen(f"{base}/hub/api", timeout=2):
                return hub, base, log, f"127.0.0.1:{api_port}/hub/api"
        except (urllib.error.URLError, OSError):
            assert time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.3)


def _processes_of(*markers: str) -> list[int]:
    """Processes whose command line or environment names one of ``markers``: the hub's state folder (the hub,
    its proxy, the students' servers and kernels) or its API's address (its services: the idle culler)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            text = (entry / "cmdline").read_bytes() + (entry / "environ").read_bytes()
        except OSError:
            continue
        if any(marker.encode() in text for marker in markers):
            found.append(int(entry.name))
    return found


def _stop_hub(hub: subprocess.Popen, seconds: float = 60) -> None:
    """SIGTERM the hub (as Ctrl+C would): it stops its culler (up to half a minute), the students' servers
    and its proxy, which run in sessions of their own; SIGKILL its group only if it hangs."""
    if hub.poll() is None:
        os.killpg(hub.pid, signal.SIGTERM)
    try:
        hub.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        os.killpg(hub.pid, signal.SIGKILL)
        hub.wait(timeout=10)


def _log_in(context, base: str, user: str):
    page = context.new_page()
    page.goto(f"{base}/hub/login")
    page.fill("#username_input", user)
    page.fill("#password_input", PASSWORD)
    page.click("#login_submit")
    page.wait_for_url(re.compile(rf"/user/{user}/|/hub/spawn"), timeout=120_000)
    return page


def _open_link(page, link: str, user: str) -> None:
    """Open the hub link and wait for notebook 00 with an idle kernel."""
    from playwright.sync_api import expect

    page.goto(link)
    page.wait_for_url(re.compile(rf"/user/{user}/lab/tree/imgsim-course/notebooks/00-start-here\.ipynb"),
                      timeout=180_000)
    expect(page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-RenderedMarkdown h1").first).to_contain_text(
        "start here", timeout=60_000)
    expect(page.locator('#jp-main-statusbar [title^="Change kernel"]')).to_have_text(
        re.compile(r"^(?!No Kernel).+ \| Idle$"), timeout=90_000)


def _cell(page, text: str):
    return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell", has_text=text).first


def _run_cell(page, cell) -> None:
    cell.locator(".jp-InputArea-editor").click()
    page.keyboard.press("Shift+Enter")


def _first_cells_of_00(page) -> None:
    """Run notebook 00's first code cells: the set-up check (it must pass here) and the first photo."""
    from playwright.sync_api import expect

    for text in ("status = check_setup()", "assert all(status.values())", 'duck = load_image("duck")'):
        _run_cell(page, _cell(page, text))
    outputs = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output")
    expect(outputs.filter(has_text="every check passed")).to_have_count(1, timeout=60_000)
    expect(outputs.filter(has_text="The duck photo is an array")).to_have_count(1, timeout=60_000)
    assert outputs.filter(has_text="Error").count() == 0 and outputs.filter(has_text="✘").count() == 0


ANSWER = "import imgsim_helpers\nprint(imgsim_helpers.__file__)\nn_pixels = img.shape[0] * img.shape[1]"


def _answer_1_1(page, base: str, user: str) -> None:
    """In notebook 01: run the cells, replace 1.1's stub by an answer, run its check, save."""
    from playwright.sync_api import expect

    page.goto(f"{base}/user/{user}/lab/tree/imgsim-course/{NB01}?reset")   # this notebook alone: Run All runs it
    kernel = page.locator('#jp-main-statusbar [title^="Change kernel"]')
    idle = re.compile(r"^(?!No Kernel).+ \| Idle$")
    expect(kernel).to_have_text(idle, timeout=90_000)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    panel = ".jp-NotebookPanel:not(.lm-mod-hidden)"
    expect(page.locator(f"{panel} .jp-InputArea-prompt", has_text="[*]")).to_have_count(0, timeout=120_000)
    stub = _cell(page, "n_pixels = ...")
    stub.locator(".jp-InputArea-editor").click()
    page.keyboard.press("Control+a")
    page.keyboard.type(ANSWER.replace("\n", "\n"))
    page.keyboard.press("Shift+Enter")            # runs the answer and moves to the check cell
    _run_cell(page, _cell(page, 'check("1.1", n_pixels)'))
    expect(page.locator(f"{panel} .jp-OutputArea-output", has_text="Exercise 1.1: all tests passed")
           ).to_have_count(1, timeout=60_000)
    page.keyboard.press("Control+s")


def _saved(path: Path, text: str, seconds: float = 30) -> nbformat.NotebookNode:
    """The notebook on disk once it holds ``text`` (JupyterLab saves in the background)."""
    deadline = time.monotonic() + seconds
    while text not in path.read_text(encoding="utf-8"):
        assert time.monotonic() < deadline, f"{path.name} was not saved with {text!r} within {seconds} s"
        time.sleep(0.3)
    return nbformat.read(path, as_version=4)


def _save_failure(pages: dict, log: Path | None) -> None:
    FAILURE_DIR.mkdir(parents=True, exist_ok=True)
    for name, page in pages.items():
        try:
            page.screenshot(path=str(FAILURE_DIR / f"{name}.png"))
        except Exception as error:  # the page may be gone; the log still helps
            print(f"could not take a screenshot of {name}: {error}")
    if log is not None and log.exists():
        shutil.copy(log, FAILURE_DIR / "hub.log")
    print(f"hub test failure artefacts saved in {FAILURE_DIR}")


def test_a_class_on_a_hub_gets_the_course_keeps_its_work_through_an_update_and_is_graded(tmp_path, sandbox_ready):
    _requirements()
    from playwright.sync_api import sync_playwright

    from imgsim_helpers.classroom.bundle import build_editions
    from imgsim_helpers.classroom.hub import hub_link

    started = time.monotonic()
    course, repo, state = _course_copy(tmp_path / "course"), tmp_path / "course-edition", tmp_path / "hub"
    build_editions(tmp_path / "dist" / "release-1.zip", repo, course)
    class_list = tmp_path / "class.csv"
    class_list.write_text("username\n" + "\n".join(STUDENTS) + "\n")
    homes = state / "homes"
    for user in STUDENTS:
        _write_settings(homes / user)
    link = None
    hub = log = api = None
    pages: dict = {}
    timings: dict[str, float] = {}
    try:
        hub, base, log, api = _start_hub(state, class_list)
        timings["hub started"] = time.monotonic() - started
        link = hub_link(base, repo.as_uri())
        with sync_playwright() as playwright:
            browser = BROWSER.launch_lab_chromium(playwright)
            try:
                contexts = {user: browser.new_context(viewport={"width": 1280, "height": 1000}) for user in STUDENTS}
                # 1. alice: the link, notebook 00, an answer in notebook 01
                pages["alice"] = alice = _log_in(contexts["alice"], base, "alice")
                _open_link(alice, link, "alice")
                mine = homes / "alice" / "imgsim-course"
                assert (mine / NB01).exists() and (mine / ".git").is_dir()
                _first_cells_of_00(alice)
                _answer_1_1(alice, base, "alice")
                saved = _saved(mine / NB01, "n_pixels = img.shape[0]")
                answer = next(c for c in saved.cells if "n_pixels = img.shape[0]" in c.source)
                # her kernel imported the helpers of her own copy, not the instructor's
                assert f"{mine}/imgsim_helpers/__init__.py" in answer.outputs[0]["text"]
                timings["alice answered"] = time.monotonic() - started

                # 2. the update: exercise 1.4, committed on top of the first release
                _add_exercise_1_4(course)
                _, commit, changed = build_editions(tmp_path / "dist" / "release-2.zip", repo, course)
                assert changed

                # 3. the same link again: the answer survives, exercise 1.4 is there
                _open_link(alice, link, "alice")
                merged = nbformat.read(mine / NB01, as_version=4)
                sources = [c.source for c in merged.cells]
                assert any("n_pixels = img.shape[0] * img.shape[1]" in s for s in sources), "the answer was lost"
                at = next(i for i, s in enumerate(sources) if s.startswith("### Exercise 1.4"))
                assert 'check("1.3"' in sources[at - 1]
                assert sources[at + 1].startswith("brightest = ...")
                assert subprocess.run(["git", "merge-base", "--is-ancestor", commit, "HEAD"], cwd=mine).returncode == 0
                alice.goto(f"{base}/user/alice/lab/tree/imgsim-course/{NB01}?reset")
                from playwright.sync_api import expect
                expect(_cell(alice, "Exercise 1.4: the brightest value")).to_be_visible(timeout=60_000)
                expect(_cell(alice, "n_pixels = img.shape[0] * img.shape[1]")).to_be_visible(timeout=30_000)
                timings["update merged"] = time.monotonic() - started

                # 4. bob: the widgets of notebook 06 render and move; carol: the course
                pages["bob"] = bob = _log_in(contexts["bob"], base, "bob")
                _open_link(bob, link, "bob")
                # ?reset: a fresh workspace, 06 alone (not 00 too, which Run All might run instead)
                BROWSER._drive_notebook(bob, f"{base}/user/bob/lab/tree/imgsim-course/notebooks/"
                                             "06-explore-with-sliders.ipynb?reset")
                timings["sliders moved"] = time.monotonic() - started
                pages["carol"] = carol = _log_in(contexts["carol"], base, "carol")
                _open_link(carol, link, "carol")
            except BaseException:
                _save_failure(pages, log)
                raise
            finally:
                browser.close()
    finally:
        if hub is not None:
            _stop_hub(hub)
        deadline = time.monotonic() + 15      # a server or kernel may take a moment after the hub is gone
        markers = (str(state),) + ((api,) if api else ())
        while (leftovers := _processes_of(*markers)) and time.monotonic() < deadline:
            time.sleep(0.5)
        for pid in leftovers:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    assert leftovers == [], f"processes of the hub still ran after it stopped: {leftovers}"
    timings["hub stopped"] = time.monotonic() - started

    # 5. collect the three from their folders and grade them
    out = tmp_path / "grades"
    result = subprocess.run([sys.executable, "-m", "imgsim_helpers.exercises", "grade", "--from-homes", str(homes),
                             "--assignment", "1", "--out", str(out)], capture_output=True, text=True, cwd=ROOT,
                            timeout=900)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "3 students graded on assignment 1" in result.stdout
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as handle:
        rows = {row["student"]: row for row in csv.DictReader(handle)}
    assert sorted(rows) == STUDENTS
    assert rows["alice"]["1.1"] == "1" and rows["bob"]["1.1"] == "0" and rows["carol"]["1.1"] == "0"
    timings["graded"] = time.monotonic() - started
    print("hub test timings (s from the start): " + ", ".join(f"{k} {v:.0f}" for k, v in timings.items()))
