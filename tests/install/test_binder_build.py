"""Binder's build steps, run in a fresh environment: the course installs and its photos load (issue 17).

repo2docker builds a repository with the Python buildpack in this order (2026.4.0, read from the
Dockerfile ``repo2docker --no-build --debug`` writes for this repository), in the repository's folder:
``pip install -r requirements.txt``, then ``pip install .`` (pyproject.toml makes the folder a package),
then ``./postBuild``. No Docker here: the same three steps run in a fresh virtual environment on a copy of
the course, installing offline from the wheel folder the install tests share (tests/labserver.py). The
first step is the README's own last line, so this test goes on from the fresh environment the README's
commands made (tests/install/conftest.py), after the README's test has checked it. The test also shows
why postBuild is there: after the second step the helpers are a copy in site-packages, where they cannot
find ``data/``.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

PROBE = ("import importlib, imgsim_helpers, jupyterlab_widgets\n"
         "data = importlib.import_module('imgsim_helpers.samples').DATA_DIR\n"
         "print(imgsim_helpers.__file__)\nprint(data.is_dir())\n"
         "if data.is_dir():\n    print(imgsim_helpers.load_image('duck').shape)\n")


def test_binders_steps_install_the_course_and_its_photos_load(fresh_course):
    repo, venv = fresh_course.course, fresh_course.course / ".venv"
    first = fresh_course.setup         # pip install -r requirements.txt, in a fresh environment
    assert first.returncode == 0, first.stdout[-2000:] + first.stderr[-3000:]
    env = dict(fresh_course.env, PATH=f"{venv / 'bin'}{os.pathsep}{fresh_course.env['PATH']}")

    def run(command: list[str], cwd: Path = repo) -> subprocess.CompletedProcess:
        result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
        return result

    def probe() -> list[str]:   # as a kernel started for notebook 00 sees it
        return run([str(venv / "bin" / "python"), "-c", PROBE], cwd=repo / "notebooks").stdout.splitlines()

    run([str(venv / "bin" / "pip"), "install", "--no-cache-dir", "."])
    helpers, photos = probe()
    assert "site-packages" in helpers and photos == "False"      # why postBuild exists
    run(["bash", "-c", "chmod +x postBuild && ./postBuild"])
    helpers, photos, duck = probe()
    assert Path(helpers) == repo / "imgsim_helpers" / "__init__.py" and photos == "True"
    assert duck == "(604, 640, 3)"
