"""The README's set-up "without make", for macOS and Linux, run as written in a fresh copy.

In a copy of the course folder (nothing is written into the repository), the README's
three lines create ``.venv``, activate it and ``pip install -r requirements.txt``
(tests/install/conftest.py runs them once; Binder's test goes on from the same
environment); then the README's ``jupyter lab`` line, in the activated environment,
starts JupyterLab on the course folder at notebook 00.

To be fast and to need no network on later runs, pip installs from a wheel folder
(``build/wheelhouse-<checksum of requirements.txt>``, downloaded once), given through
pip's environment variables (``PIP_NO_INDEX``, ``PIP_FIND_LINKS``), so the commands
stay exactly as the README writes them. Port, token and "no browser" are given through
a throw-away Jupyter config folder, for the same reason. Takes about a minute.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from labserver import get, running_lab
from readme_setup import README, readme_block


def test_the_three_systems_get_the_same_steps():
    linux = readme_block("macOS and Linux:", "bash")
    windows = readme_block("Windows (PowerShell):", "powershell")
    assert linux == ["python3 -m venv .venv", "source .venv/bin/activate",
                     "python -m pip install -r requirements.txt"]
    assert windows == ["py -m venv .venv", ".venv\\Scripts\\Activate.ps1",
                       "python -m pip install -r requirements.txt"]


def test_readme_commands_without_make_set_up_and_start_the_lab(fresh_course):
    course, env, tmp_path, result = fresh_course.course, fresh_course.env, fresh_course.scratch, fresh_course.setup
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    where = subprocess.run([str(course / ".venv" / "bin" / "python"), "-c",
                            "import imgsim_helpers, jupyterlab, ipywidgets; print(imgsim_helpers.__file__)"],
                           cwd=tmp_path, env=env, capture_output=True, text=True)
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()).is_relative_to(course)  # -e . installed the copy's helpers

    # The learner's quick check (make check) needs nothing beyond requirements.txt: every test file
    # loads (the tests that compare with OpenCV, SciPy, ... skip themselves without those libraries).
    check = next(line for line in re.findall(r"^python -m pytest -q tests.*$", README, re.MULTILINE))
    collected = subprocess.run(["bash", "-c", f"source .venv/bin/activate\n{check} --collect-only"], cwd=course,
                               env=env, capture_output=True, text=True, timeout=300)
    assert collected.returncode == 0, collected.stdout[-3000:] + collected.stderr[-2000:]

    lab_lines = [line for line in re.findall(r"^jupyter lab.*$", README, re.MULTILINE)]
    assert len(lab_lines) == 1, lab_lines
    with running_lab(f"source .venv/bin/activate\nexec {lab_lines[0]}", course, env, tmp_path) as (base, token, log):
        status, body = get(f"{base}/api/contents?token={token}")
        listed = {item["name"] for item in json.loads(body)["content"]}
        assert {"notebooks", "imgsim_helpers", "README.md"} <= listed, listed
        assert get(f"{base}/lab/tree/notebooks/00-start-here.ipynb?token={token}")[0] == 200
        assert f"{base}/lab/tree/notebooks/00-start-here.ipynb?token=" in log.read_text()
        assert f"Serving notebooks from local directory: {course}" in log.read_text()
