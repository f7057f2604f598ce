"""The set-up works as written: README commands, ``--help`` examples, the Makefile's checks.

* Every ``python -m imgsim_helpers ...`` command in README.md and in the examples of
  ``--help`` runs as written, in the *activated* environment (its ``bin`` folder first on
  ``PATH``, as ``source .venv/bin/activate`` does), from a folder laid out like the course
  folder (``data/`` linked in; an index a command writes lands there, not in the repository).
* The README's other commands say what the Makefile runs (the same JupyterLab and pytest
  options), and the scripts it names exist and start.
* One minimum Python everywhere (Makefile, pyproject.toml, README), the one the pins need;
  ``make`` stops with one line on an older Python, before creating anything.
* ``make`` reinstalls only when the requirements' *content* changes, not their dates.
* A Python without the course's packages says so in one line.

The commands "without make" themselves (a fresh venv, pip, JupyterLab) are tested in
``tests/install/``.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import stat
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from imgsim_helpers.cli import build_parser
from labserver import own_make

#: What only maintainers and instructors change: `make test` runs it, a learner's `make check` leaves it out.
pytestmark = pytest.mark.maintainers

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
# The course's Makefile and the set-up rules it shares with the student bundle's (tools/make/course.mk)
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8") + (ROOT / "tools" / "make" / "course.mk").read_text(
    encoding="utf-8")
CLI = "python -m imgsim_helpers"


def activated_env(home: Path | None = None) -> dict[str, str]:
    """The environment after activating the venv this test runs in."""
    bin_dir = Path(sys.executable).parent
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
               VIRTUAL_ENV=str(bin_dir.parent), PYTHONWARNINGS="error::DeprecationWarning")
    if home is not None:
        env["HOME"] = str(home)
    return env


def readme_commands(prefix: str) -> list[str]:
    """Commands starting with ``prefix`` in README.md: lines of code blocks and inline code."""
    blocks = re.findall(r"^ *```\w*\n(.*?)^ *```", README, re.MULTILINE | re.DOTALL)
    lines = [line.strip() for block in blocks for line in block.splitlines()]
    inline = re.findall(r"`([^`\n]+)`", re.sub(r"```.*?```", "", README, flags=re.DOTALL))
    found = [line.split("  #")[0].strip() for line in lines + inline if line.startswith(prefix)]
    return list(dict.fromkeys(found))


def help_examples() -> list[str]:
    """The example command lines of ``--help`` and of each command's ``--help``."""
    parser = build_parser()
    texts = [parser.format_help()] + [command.format_help() for command in parser.commands.values()]
    found = []
    for text in texts:
        for line in text.splitlines():
            if line.startswith(f"  {CLI} "):
                found.append(re.split(r"\s{2,}\(", line.strip())[0])  # drop a "   (comment)"
    return list(dict.fromkeys(found))


@pytest.fixture(scope="module")
def course_like(tmp_path_factory):
    """A folder like the course folder (``data`` linked in), a home with ``~/Pictures``, ``my_photo.jpg``."""
    course = tmp_path_factory.mktemp("course")
    (course / "data").symlink_to(ROOT / "data")
    home = tmp_path_factory.mktemp("home")
    (home / "Pictures").mkdir()
    for name in ("swans", "macaw"):
        shutil.copy(ROOT / "data" / "opening" / f"{name}.jpg", home / "Pictures")
    shutil.copy(ROOT / "data" / "opening" / "duck.jpg", course / "my_photo.jpg")
    return course, home


def test_readme_and_help_give_commands_to_run():
    readme, examples = readme_commands(CLI), help_examples()
    assert len(readme) >= 3 and len(examples) >= 6, (readme, examples)
    # The README's code blocks are written for an activated environment, never .venv/bin/python
    # (the text mentions it only as the way to do without activating).
    blocks = "".join(re.findall(r"```\w*\n(.*?)```", README, re.DOTALL))
    assert ".venv/bin/python" not in blocks and "Scripts\\python" not in blocks


def test_every_cli_command_in_readme_and_help_runs_as_written(course_like):
    course, home = course_like
    commands = readme_commands(CLI) + help_examples()
    running = {
        command: subprocess.Popen(["bash", "-c", command], cwd=course, env=activated_env(home),
                                  stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
        for command in commands
    }
    failed = {}
    for command, process in running.items():
        out, err = process.communicate(timeout=300)
        if process.returncode != 0 or "Traceback" in err:
            failed[command] = (process.returncode, err[-500:])
    assert not failed, failed
    assert not (ROOT / "course-index.npz").exists()  # the README's index went to the course-like folder


def test_benchmark_commands_in_readme_exist_and_start():
    commands = readme_commands("python benchmarks/")
    scripts = {shlex.split(command)[1] for command in commands}
    assert scripts == {f"benchmarks/{p.name}" for p in (ROOT / "benchmarks").glob("bench_*.py")}, commands
    running = {  # all at once, as the CLI commands above: each one's start-up (imports) is most of its time
        command: subprocess.Popen([sys.executable, shlex.split(command)[1], "--help"], cwd=ROOT, env=activated_env(),
                                  stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for command in commands
    }
    for command, process in running.items():
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0 and "usage:" in out, (command, err[-500:])


def _make_variable(name: str) -> str:
    match = re.search(rf"^{name} :?= (.*)$", MAKEFILE, re.MULTILINE)
    assert match, f"the Makefile sets no {name}"
    return match.group(1).strip()


def _recipe(target: str) -> list[str]:
    match = re.search(rf"^{re.escape(target)}:.*\n((?:\t.*\n)+)", MAKEFILE, re.MULTILINE)
    assert match, f"the Makefile has no recipe for {target}"
    return [line.strip() for line in match.group(1).splitlines()]


def test_readme_plain_commands_are_what_make_runs():
    start_page = _make_variable("START_PAGE")
    lab = next(line for line in _recipe("lab") if "jupyter lab" in line)
    assert f"jupyter lab --LabApp.default_url=$(START_PAGE) " in lab
    assert readme_commands("jupyter lab") == [f"jupyter lab --LabApp.default_url={start_page}"]
    assert start_page == "/lab/tree/notebooks/00-start-here.ipynb" and (ROOT / start_page[len("/lab/tree/"):]).is_file()

    def plain(line: str) -> str:
        return line.replace("$(PY) ", "python ").replace(" $(PYTEST_ARGS)", "")

    pytest_lines = readme_commands("python -m pytest")
    assert plain(_recipe("test")[-1]) in pytest_lines
    assert plain(_recipe("check")[-1]) in pytest_lines
    assert len(pytest_lines) == 2
    assert "python -m pip install -r requirements-test.txt" in readme_commands("python -m pip")


def test_one_minimum_python_everywhere_and_it_is_what_the_pins_need():
    minimum = _make_variable("MIN_PYTHON")
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert pyproject["project"]["requires-python"] == f">={minimum}"
    assert f"You need Python {minimum} or newer" in README
    assert "3.10" not in README.split("## The notebooks")[0]
    needed = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines() + (ROOT / "requirements-test.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if not line or line.startswith("-"):
            continue
        name = Requirement(line).name
        try:
            needed[name] = SpecifierSet(metadata.metadata(name).get("Requires-Python") or "")
        except metadata.PackageNotFoundError:  # requirements-test.txt before `make test` installed it
            continue
    assert {"numpy", "Pillow", "matplotlib", "ipykernel"} <= set(needed)
    assert all(spec.contains(minimum) for spec in needed.values()), needed  # the minimum installs every pin
    older = f"{minimum.split('.')[0]}.{int(minimum.split('.')[1]) - 1}"
    assert [name for name, spec in needed.items() if not spec.contains(older)], \
        f"no pin needs {minimum}: the minimum could be {older}"


MAKE_ENV = own_make(dict(os.environ))


def _copy_make_files(tmp_path: Path) -> Path:
    for name in ("Makefile", "requirements.txt", "requirements-test.txt", "pyproject.toml",
                 "tools/check_python.py", "tools/make/course.mk"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_stops_early_with_one_line_on_a_too_old_python(tmp_path):
    course = _copy_make_files(tmp_path)
    result = subprocess.run(["make", "venv", "MIN_PYTHON=3.99"], cwd=course, capture_output=True, text=True,
                            env=MAKE_ENV)
    assert result.returncode != 0 and result.stdout == ""
    assert re.fullmatch(r"tools/make/course\.mk:\d+: \*\*\* This course needs Python 3\.99 or newer, but \S+ is Python \d\.\d+: "
                        r"install Python 3\.99 or newer, then run make again with it, e\.g\. make lab "
                        r"PYTHON=python3\.99\.  Stop\.\n", result.stderr), result.stderr
    missing = subprocess.run(["make", "venv", "PYTHON=no-such-python"], cwd=course, capture_output=True,
                             text=True, env=MAKE_ENV)
    assert missing.returncode != 0 and missing.stderr.count("\n") == 1
    assert "there is no no-such-python command" in missing.stderr
    assert not (course / ".venv").exists()  # stopped before creating anything


def test_check_python_accepts_the_minimum_and_explains_an_old_venv():
    script = str(ROOT / "tools" / "check_python.py")
    ok = subprocess.run([sys.executable, script, f"{sys.version_info[0]}.{sys.version_info[1]}"], capture_output=True)
    assert (ok.returncode, ok.stderr) == (0, b"")
    old = subprocess.run([sys.executable, script, "3.99", "venv"], capture_output=True, text=True)
    assert old.returncode == 1 and old.stderr.count("\n") == 1
    assert "delete .venv (make clean), then run make again with a newer one" in old.stderr


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_reinstalls_only_when_the_requirements_content_changes(tmp_path):
    course = _copy_make_files(tmp_path)
    log = course / "pip.log"
    fake = course / ".venv" / "bin" / "python"  # a stand-in that records what make asks of it
    fake.parent.mkdir(parents=True)
    fake.write_text(f"#!/bin/sh\necho \"$@\" >> {log}\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)

    def up_to_date() -> bool:
        return subprocess.run(["make", "-q", "venv"], cwd=course, env=MAKE_ENV).returncode == 0

    def installs() -> int:
        return log.read_text().count("-m pip install -r requirements.txt") if log.exists() else 0

    assert not up_to_date()
    subprocess.run(["make", "venv"], cwd=course, check=True, capture_output=True, env=MAKE_ENV)
    assert installs() == 1 and up_to_date()
    # A git pull or a copy gives the files new dates but the same content: nothing to do.
    for name in ("requirements.txt", "pyproject.toml"):
        os.utime(course / name, (4_000_000_000, 4_000_000_000))
    assert up_to_date()
    subprocess.run(["make", "venv"], cwd=course, check=True, capture_output=True, env=MAKE_ENV)
    assert installs() == 1
    # A new comment changes nothing that pip would install.
    with open(course / "requirements.txt", "a") as requirements:
        requirements.write("# a note for the next maintainer\n")
    assert up_to_date()
    # New content (here a new pin) installs again, once.
    with open(course / "requirements.txt", "a") as requirements:
        requirements.write("six==1.17.0\n")
    assert not up_to_date()
    subprocess.run(["make", "venv"], cwd=course, check=True, capture_output=True, env=MAKE_ENV)
    subprocess.run(["make", "venv"], cwd=course, check=True, capture_output=True, env=MAKE_ENV)
    assert installs() == 2 and up_to_date()


def test_a_python_without_the_packages_says_so_in_one_line(tmp_path):
    bare = tmp_path / "bare"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(bare)], check=True)
    result = subprocess.run([str(bare / "bin" / "python"), "-m", "imgsim_helpers", "--help"], cwd=ROOT,
                            capture_output=True, text=True, env={**os.environ, "PYTHONPATH": ""})
    assert result.returncode == 1
    assert result.stdout == "" and result.stderr.count("\n") == 1, result.stderr   # one line, no traceback
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("ModuleNotFoundError: imgsim_helpers needs the package ")
    assert "it is not the course's Python. Activate the course's environment (.venv) as README.md says" in last
    # The same line for a script that imports the helpers; an error of its own still gets its traceback.
    def run(code):
        return subprocess.run([str(bare / "bin" / "python"), "-c", code], cwd=ROOT, capture_output=True, text=True,
                              env={**os.environ, "PYTHONPATH": ""})
    result = run("import imgsim_helpers")
    assert result.returncode == 1 and result.stderr == last + "\n"
    result = run("import sys\ntry:\n    import imgsim_helpers\nexcept ImportError:\n    pass\n1 / 0")
    assert result.stderr.startswith("Traceback") and result.stderr.endswith("ZeroDivisionError: division by zero\n")


def test_requirements_say_where_to_install_them_from():
    # pip reads `-e .` relative to the folder it runs in, not to requirements.txt (pip issue 6112),
    # so `pip install -r course/requirements.txt` from elsewhere cannot work: both files say so.
    requirements = (ROOT / "requirements.txt").read_text()
    assert requirements.splitlines()[-1] == "-e ."
    assert "# Install it from the course folder (`cd` there first)" in requirements
    assert "Run `pip install -r requirements.txt` in the course folder: its last line, `-e .`" in README
    assert "every command below runs from there" in README
