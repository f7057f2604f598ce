"""The student bundle, unzipped in a new folder: its own ``make test`` passes and ``make lab`` starts.

The bundle is built as ``make student-bundle`` builds it, unzipped outside the repository, and used
with its own Makefile only. Its environment is the one fresh environment of the install tests
(tests/install/conftest.py: the README's three lines, ``python3 -m venv .venv`` and ``pip install -r
requirements.txt``, from the wheel folder all install tests share), given to the bundle as its
``.venv``: the bundle's ``requirements.txt`` is the course's, byte for byte (checked here), so a
second fresh install would put the same packages in a second folder, about half a minute of both
cores. What ``make`` would do in a folder without ``.venv`` (the same two commands) is checked with
``make -n``; then ``make test`` (its ``pip install -r requirements.txt`` makes the environment use
the bundle's own helpers, which is why this test runs after the README's and Binder's, see
tests/conftest.py) runs every student notebook top to bottom with nothing solved, and JupyterLab
starts at notebook 00.
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
from labserver import get, own_make, running_lab

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("make") is None or os.name != "posix", reason="needs make and a POSIX shell")
def test_unzipped_bundle_sets_up_tests_and_opens_with_its_own_two_commands(tmp_path, fresh_course):
    archive = build_bundle(tmp_path / "imgsim-course-student.zip")
    with zipfile.ZipFile(archive) as bundle:
        bundle.extractall(tmp_path / "unzipped")
    course = tmp_path / "unzipped" / TOP
    env = own_make(fresh_course.env)
    assert (course / "requirements.txt").read_bytes() == (ROOT / "requirements.txt").read_bytes()

    # from nothing, the bundle's make creates .venv and installs requirements.txt into it
    dry = subprocess.run(["make", "-n", "test"], cwd=course, env=env, capture_output=True, text=True, timeout=60,
                         stdin=subprocess.DEVNULL)
    assert dry.returncode == 0, dry.stdout[-2000:] + dry.stderr[-2000:]
    planned = dry.stdout.splitlines()
    assert planned[:2] == ["python3 -m venv .venv", ".venv/bin/python -m pip install -r requirements.txt"], planned

    (course / ".venv").symlink_to(fresh_course.course / ".venv", target_is_directory=True)
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
