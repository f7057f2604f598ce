"""check_setup(): a tick per item when everything is there, a cross and what to do when not."""

from __future__ import annotations

import importlib
import subprocess
import sys

import imgsim_helpers.setup_check as setup_check
from imgsim_helpers import check_setup


def test_everything_is_there_in_the_course_environment(capsys):
    status = check_setup()
    assert all(status.values()), status
    printed = capsys.readouterr().out
    assert printed.count("\u2714 ") == len(status) and "\u2718" not in printed
    assert printed.rstrip().endswith("All set: every check passed.")
    assert f"jupyterlab {importlib.metadata.version('jupyterlab')}: the JupyterLab app" in printed


def test_a_missing_package_gets_a_cross_and_what_to_do(monkeypatch, capsys):
    monkeypatch.setitem(setup_check.REQUIRED_PACKAGES, "no_such_package_here", "something the course needs")
    status = check_setup()
    assert status["no_such_package_here"] is False
    printed = capsys.readouterr().out
    assert "\u2718 no_such_package_here not installed (No module named 'no_such_package_here')" in printed
    assert "run `make lab` in a terminal" in printed


def test_missing_photos_get_a_cross(monkeypatch, tmp_path):
    monkeypatch.setattr(importlib.import_module("imgsim_helpers.samples"), "DATA_DIR", tmp_path)
    assert check_setup(verbose=False)["photos"] is False


def test_jupyterlab_is_found_not_imported():
    """The notebook's kernel does not need the app that runs it: importing it took 1.5 s of notebook 00."""
    code = ("import sys; from imgsim_helpers import check_setup; status = check_setup(verbose=False); "
            "print(status['jupyterlab'], 'jupyterlab' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.stdout.split() == ["True", "False"], result.stderr
