"""One fresh environment for the install tests (the README's set-up, Binder's, the student bundle's).

In a copy of the course (nothing is written into the repository), ``python3 -m venv .venv``,
``source .venv/bin/activate`` and ``python -m pip install -r requirements.txt``, exactly as the README
writes them, installing offline from the wheel folder all install tests share (tests/labserver.py).
``test_plain_setup.py`` checks what they made; ``test_binder_build.py`` then runs Binder's next two
steps (``pip install .`` and ``./postBuild``) in the same environment, since Binder's first step is
the same ``pip install -r requirements.txt`` in a fresh environment; ``test_student_bundle.py`` last gives
it to the unzipped bundle as its ``.venv`` (the bundle's ``requirements.txt`` is the course's). The three
run in one worker, in that order (tests/conftest.py, SHARED).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from labserver import offline_env
from readme_setup import readme_block

ROOT = Path(__file__).resolve().parents[2]
COPY_IGNORE = shutil.ignore_patterns(".venv", ".git", "build", "dist", "student", "__pycache__", "*.egg-info",
                                     ".hypothesis", "node_modules", ".ipynb_checkpoints", ".hub")


@dataclass
class FreshCourse:
    course: Path                          # the copy of the course, with .venv made by the README's lines
    env: dict[str, str]                   # the environment they ran in (offline, python3 = this Python)
    scratch: Path                         # a folder beside the copy, for the tests' own files
    setup: subprocess.CompletedProcess    # what the README's three lines printed and returned


@pytest.fixture(scope="session")
def fresh_course(tmp_path_factory) -> Iterator[FreshCourse]:
    """A copy of the course set up with the README's commands for macOS and Linux (once per run)."""
    if os.name != "posix" or shutil.which("bash") is None:
        pytest.skip("the macOS and Linux commands")
    scratch = tmp_path_factory.mktemp("fresh")
    course = scratch / "course"
    shutil.copytree(ROOT, course, ignore=COPY_IGNORE, symlinks=True)
    env = offline_env({key: value for key, value in os.environ.items() if key not in ("VIRTUAL_ENV", "PYTHONPATH")},
                      scratch)
    script = "set -e\n" + "\n".join(readme_block("macOS and Linux:", "bash")) + "\n"
    setup = subprocess.run(["bash", "-c", script], cwd=course, env=env, capture_output=True, text=True,
                           timeout=900, stdin=subprocess.DEVNULL)
    try:
        yield FreshCourse(course, env, scratch, setup)
    finally:
        shutil.rmtree(course / ".venv", ignore_errors=True)  # 500 MB that pytest would keep for three runs
