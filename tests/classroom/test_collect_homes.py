"""Collecting from the students' home folders on a hub (issue 17): ``grade --from-homes HOMES``.

Each student's notebooks are read from ``HOMES/<user>/<course-dir>/notebooks/``, the folder the hub link
pulls the course into, and matched to the course's notebooks as any submission is (by exercise numbers).
The student is the home folder's name (less ``--home-prefix``, ``jupyter-`` on The Littlest JupyterHub).
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from cli_runs import run_exercises
from imgsim_helpers.classroom.collect import collect, collect_homes, course_exercises
from imgsim_helpers.classroom.practice import fill, solutions
from imgsim_helpers.exercises import release

ROOT = Path(__file__).resolve().parents[2]
NB03, NB04 = "03-histograms.ipynb", "04-euclidean-distance.ipynb"


@pytest.fixture(scope="module")
def copies(tmp_path_factory):
    folder = tmp_path_factory.mktemp("release")
    release(ROOT / "notebooks", folder)
    return {name: nbformat.read(folder / name, as_version=4) for name in (NB03, NB04)}


def _put(path: Path, notebook, stamp: float | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    if stamp is not None:
        os.utime(path, (stamp, stamp))


@pytest.fixture
def homes(tmp_path, copies):
    """alice answered 3.1; bob has his 04 and the fresh copy the update wrote beside it (newer); carol's home is
    named as TLJH names it; dave's course has no notebook; the instructor's home has no course folder."""
    answers = solutions()
    root = tmp_path / "home"
    _put(root / "alice/imgsim-course/notebooks" / NB03, fill(copies[NB03], {"3.1": answers["3.1"]}))
    _put(root / "alice/imgsim-course/notebooks/.ipynb_checkpoints" / NB03.replace(".", "-checkpoint."), copies[NB03])
    _put(root / "alice/imgsim-course/before-update-2026-01-01-000000/notebooks" / NB03, copies[NB03])
    _put(root / "bob/imgsim-course/notebooks" / NB04, fill(copies[NB04], {"4.1": answers["4.1"]}), stamp=1_000)
    _put(root / "bob/imgsim-course/notebooks/04-euclidean-distance.updated.ipynb", copies[NB04], stamp=2_000)
    _put(root / "jupyter-carol/imgsim-course/notebooks/my copy.ipynb", copies[NB03])
    (root / "dave/imgsim-course/notebooks").mkdir(parents=True)
    (root / "teacher/notes").mkdir(parents=True)
    (root / "stray-file.txt").write_text("not a home")
    return root


def test_each_home_is_a_student_and_only_the_course_notebooks_count(homes):
    found, unusable, skipped = collect_homes(homes, course_exercises(ROOT / "notebooks"), prefix="jupyter-")
    assert [(s.student, s.notebook, s.source) for s in found] == [
        ("alice", NB03, f"alice/notebooks/{NB03}"),                      # not the checkpoint, not the backup
        ("bob", NB04, f"bob/notebooks/{NB04}"),                          # his own work, not the newer fresh copy
        ("carol", NB03, "carol/notebooks/my copy.ipynb")]                # jupyter- taken off; renamed is fine
    assert "def red_histogram" in "".join(c.source for c in found[0].content.cells)
    assert [str(u) for u in unusable] == [
        f"bob/notebooks/04-euclidean-distance.updated.ipynb: a second copy of {NB04}; graded bob/notebooks/{NB04}",
        "dave/imgsim-course/notebooks/: no notebook in it"]
    assert skipped == ["teacher"]


def test_another_course_folder_name(homes):
    (homes / "alice/imgsim-course").rename(homes / "alice/imgsim-course-student")
    found, _, skipped = collect_homes(homes, course_exercises(ROOT / "notebooks"), course_dir="imgsim-course-student")
    assert [s.student for s in found] == ["alice"] and "bob" in skipped


def test_an_updated_copy_the_student_never_worked_in_loses_in_a_submissions_folder_too(tmp_path, copies):
    _put(tmp_path / "bob" / NB04, fill(copies[NB04], {"4.1": solutions()["4.1"]}), stamp=1_000)
    _put(tmp_path / "bob" / "04-euclidean-distance.updated-2.ipynb", copies[NB04], stamp=2_000)
    found, _ = collect(tmp_path, course_exercises(ROOT / "notebooks"))
    assert [s.source for s in found] == [f"bob/{NB04}"]


def test_a_missing_homes_folder_is_a_one_line_error(capsys, monkeypatch, tmp_path):
    # In this process: the messages are what is tested (test_the_command_line_grades_from_the_homes runs the real one)
    monkeypatch.chdir(ROOT)
    status, _, err = run_exercises(capsys, "grade", "--from-homes", str(tmp_path / "nope"))
    assert status == 1 and "Traceback" not in err
    assert err.strip().startswith("error: the home folders' folder")
    status, _, err = run_exercises(capsys, "grade", str(tmp_path), "--from-homes", str(tmp_path))
    assert status == 1 and "not both" in err


def test_the_command_line_grades_from_the_homes(sandbox_ready, homes, tmp_path):
    out = tmp_path / "grades"
    result = subprocess.run([sys.executable, "-m", "imgsim_helpers.exercises", "grade", "--from-homes", str(homes),
                             "--home-prefix", "jupyter-", "--out", str(out), "--cell-timeout", "10"],
                            capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "not students here (no imgsim-course/notebooks/ in their home): teacher" in result.stdout
    assert "4 students graded" in result.stdout
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as handle:
        rows = {row["student"]: row for row in csv.DictReader(handle)}
    assert rows["alice"]["3.1"] == "2" and rows["bob"]["4.1"] == "1" and rows["carol"]["3.1"] == "0"
    assert "no notebook in it" in rows["dave"]["flags"]
