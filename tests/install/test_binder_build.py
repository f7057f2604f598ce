"""Binder's build steps, run in a fresh environment: the course installs and its photos load (issue 17).

repo2docker builds a repository with the Python buildpack in this order (2026.4.0, read from the
Dockerfile ``repo2docker --no-build --debug`` writes for this repository), in the repository's folder:
``pip install -r requirements.txt``, then ``pip install .`` (pyproject.toml makes the folder a package),
then ``./postBuild``. No Docker here: the same three steps run in a fresh virtual environment on a copy of
the course, installing offline from the wheel folder the install tests share (tests/labserver.py). The
test also shows why postBuild is there: after the second step the helpers are a copy in site-packages,
where they cannot find ``data/``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from labserver import offline_env

ROOT = Path(__file__).resolve().parents[2]
IGNORE = shutil.ignore_patterns(".venv", ".git", "build", "dist", "student", "__pycache__", "*.egg-info",
                                ".hypothesis", "node_modules", ".ipynb_checkpoints", ".hub")
PROBE = ("import importlib, imgsim_helpers, jupyterlab_widgets\n"
         "data = importlib.import_module('imgsim_helpers.samples').DATA_DIR\n"
         "print(imgsim_helpers.__file__)\nprint(data.is_dir())\n"
         "if data.is_dir():\n    print(imgsim_helpers.load_image('duck').shape)\n")


def test_binders_steps_install_the_course_and_its_photos_load(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(ROOT, repo, ignore=IGNORE, symlinks=True)
    env = offline_env({k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}, tmp_path)
    venv = tmp_path / "notebook-env"
    subprocess.run([str(Path(getattr(sys, "_base_executable", sys.executable)).resolve()), "-m", "venv", str(venv)],
                   check=True)
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env['PATH']}"

    def run(command: list[str], cwd: Path = repo) -> subprocess.CompletedProcess:
        result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
        return result

    def probe() -> list[str]:   # as a kernel started for notebook 00 sees it
        return run([str(venv / "bin" / "python"), "-c", PROBE], cwd=repo / "notebooks").stdout.splitlines()

    run([str(venv / "bin" / "pip"), "install", "--no-cache-dir", "-r", "requirements.txt"])
    run([str(venv / "bin" / "pip"), "install", "--no-cache-dir", "."])
    helpers, photos = probe()
    assert "site-packages" in helpers and photos == "False"      # why postBuild exists
    run(["bash", "-c", "chmod +x postBuild && ./postBuild"])
    helpers, photos, duck = probe()
    assert Path(helpers) == repo / "imgsim_helpers" / "__init__.py" and photos == "True"
    assert duck == "(604, 640, 3)"
