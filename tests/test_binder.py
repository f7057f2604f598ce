"""Binder launches the course from the same repository layout (issue 17), read as repo2docker reads it.

repo2docker (Binder's builder; its rules as of 2026.4.0, which this was checked against with
``repo2docker --no-build --debug``) looks at the repository's top folder, unless a ``binder/`` or
``.binder/`` folder exists, in which case it reads only that. Here the top folder holds:
``requirements.txt`` (installed with ``pip install -r requirements.txt`` from the repository, so its
``-e .`` installs the course's helpers), ``runtime.txt`` (the Python version: without it repo2docker would
pick the newest Python that ``pyproject.toml`` allows, 3.14, which the pins were never tested on) and
``postBuild`` (repo2docker also runs ``pip install .``; postBuild puts the install from the folder back).
A ``Dockerfile``, ``environment.yml`` or ``Pipfile`` at the top would make repo2docker ignore
requirements.txt. The slow half, the install itself, is tests/install/test_binder_build.py.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from imgsim_helpers.classroom.bundle import COPIED
from imgsim_helpers.classroom.hub import binder_link
from imgsim_helpers.exercises import main

ROOT = Path(__file__).resolve().parent.parent


def _min_python() -> str:
    return re.search(r"^MIN_PYTHON := (\S+)$", (ROOT / "tools/make/course.mk").read_text(), re.MULTILINE)[1]


def test_repo2docker_reads_the_top_folder_with_the_python_buildpack():
    for folder in ("binder", ".binder"):
        assert not (ROOT / folder).exists(), f"{folder}/ would make repo2docker ignore the top folder's files"
    for other in ("Dockerfile", "environment.yml", "Pipfile", "Pipfile.lock", "Project.toml", "install.R"):
        assert not (ROOT / other).exists(), f"{other} would make repo2docker use another buildpack"
    assert (ROOT / "requirements.txt").is_file()


def test_runtime_txt_names_the_python_the_course_is_tested_on():
    text = (ROOT / "runtime.txt").read_text().strip()
    parts = text.split("-")                       # repo2docker: name-version[-yyyy-mm-dd]
    assert len(parts) == 2 and parts[0] == "python", text
    assert parts[1] == _min_python()
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert pyproject["project"]["requires-python"] == f">={parts[1]}"    # repo2docker refuses a mismatch


def test_requirements_install_the_course_from_the_repository():
    lines = [line.strip() for line in (ROOT / "requirements.txt").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    assert lines[-1] == "-e ."                    # the helpers, from the folder pip runs in: the repository
    assert all(re.fullmatch(r"[A-Za-z0-9_.-]+==[\w.]+", line) for line in lines[:-1]), lines
    assert {"jupyterlab_widgets", "ipywidgets", "jupyterlab"} <= {line.split("==")[0] for line in lines}


def test_postbuild_reinstalls_the_helpers_from_the_repository():
    post_build = ROOT / "postBuild"
    text = post_build.read_text()
    assert text.startswith("#!/bin/bash\n") and os.access(post_build, os.X_OK)
    commands = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    assert commands == ["set -euo pipefail", "python -m pip install --no-cache-dir --no-deps -e ."]


def test_the_student_edition_carries_the_same_files():
    assert {"requirements.txt", "runtime.txt", "postBuild", "pyproject.toml"} <= set(COPIED)


def test_the_binder_link_opens_notebook_00(capsys):
    link = binder_link("https://github.com/you/imgsim-course-student.git")
    parts = urlsplit(link)
    assert (parts.netloc, parts.path) == ("mybinder.org", "/v2/gh/you/imgsim-course-student/main")
    urlpath = parse_qs(parts.query)["urlpath"][0]
    assert urlpath == "lab/tree/notebooks/00-start-here.ipynb"          # Binder serves the repository's folder
    assert (ROOT / urlpath.removeprefix("lab/tree/")).is_file()
    other = urlsplit(binder_link("https://git.example.org/you/course.git", branch="spring"))
    assert other.path == "/v2/git/https%3A%2F%2Fgit.example.org%2Fyou%2Fcourse.git/spring"
    assert main(["hub-link", "--binder", "--repo", "https://github.com/you/c"]) == 0
    printed, link = capsys.readouterr().out.splitlines(), binder_link("https://github.com/you/c")
    assert printed == [link, f"[![Launch on Binder](https://mybinder.org/badge_logo.svg)]({link})"]
    assert main(["hub-link", "--repo", "https://github.com/you/c"]) == 2     # neither --hub nor --binder
