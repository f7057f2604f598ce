"""The student bundle, unzipped in a new folder: its own ``make test`` passes and ``make lab`` starts.

The bundle is built as ``make student-bundle`` builds it, unzipped outside the repository,
and used with its own Makefile only: a fresh ``.venv`` from its ``requirements.txt`` (pip
installs from the wheel folder of ``test_plain_setup.py``, through pip's environment
variables, so the Makefile runs unchanged), every student notebook run top to bottom with
nothing solved, then JupyterLab started at notebook 00.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from imgsim_helpers.classroom.bundle import TOP, build_bundle
from labserver import get, offline_env, running_lab

MAKE_ENV = {key: value for key, value in os.environ.items()
            if key not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS", "MAKEOVERRIDES", "VIRTUAL_ENV", "PYTHONPATH")}


@pytest.mark.skipif(shutil.which("make") is None or os.name != "posix", reason="needs make and a POSIX shell")
def test_unzipped_bundle_sets_up_tests_and_opens_with_its_own_two_commands(tmp_path):
    archive = build_bundle(tmp_path / "imgsim-course-student.zip")
    with zipfile.ZipFile(archive) as bundle:
        bundle.extractall(tmp_path / "unzipped")
    course = tmp_path / "unzipped" / TOP
    env = offline_env(MAKE_ENV, tmp_path)
    try:
        result = subprocess.run(["make", "test"], cwd=course, env=env, capture_output=True, text=True, timeout=1200,
                                stdin=subprocess.DEVNULL)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        summary = result.stdout.strip().splitlines()[-1]
        assert " passed" in summary and "failed" not in summary and "error" not in summary, summary
        where = subprocess.run([str(course / ".venv" / "bin" / "python"), "-c",
                                "import imgsim_helpers; print(imgsim_helpers.__file__)"],
                               cwd=tmp_path, env=env, capture_output=True, text=True)
        assert Path(where.stdout.strip()).is_relative_to(course), where  # the bundle's own helpers

        with running_lab("exec make lab", course, env, tmp_path) as (base, token, log):
            listed = {item["name"] for item in json.loads(get(f"{base}/api/contents?token={token}")[1])["content"]}
            assert {"notebooks", "imgsim_helpers", "README.md", "data"} <= listed, listed
            assert get(f"{base}/lab/tree/notebooks/00-start-here.ipynb?token={token}")[0] == 200
            assert "/lab/tree/notebooks/00-start-here.ipynb" in log.read_text()
    finally:
        shutil.rmtree(course / ".venv", ignore_errors=True)  # 500 MB that pytest would keep
