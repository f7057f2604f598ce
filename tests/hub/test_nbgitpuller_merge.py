"""What nbgitpuller does with a student's edited notebooks when a release comes in (issue 17).

The guide (docs/instructor.md, "Updates that keep the students' work") says exactly what happens on the
hub when a student clicks the link again; these tests run nbgitpuller's own ``GitPuller`` (the code behind
the link) on a student's copy of notebook 01 and a second release, case by case, without a hub: a new
exercise inserted between cells reaches every student (answered, ran every cell, edited the cell before
the insertion, added a cell there); a cell both changed keeps the student's lines and silently drops the
release's; a deleted notebook comes back; a student's file in the way of a new one is renamed; a file the
release dropped but the student changed stays. Every merged notebook is still a valid notebook.
"""

from __future__ import annotations

import importlib.util
import subprocess
from pathlib import Path

import nbformat
import pytest

from imgsim_helpers.classroom.release import student_notebook
from required import missing

ROOT = Path(__file__).resolve().parents[2]
NB = "01-images-as-arrays.ipynb"



@pytest.fixture(autouse=True)
def nbgitpuller_ready():
    """nbgitpuller is installed: skip on a learner's machine without it, fail in CI."""
    if importlib.util.find_spec("nbgitpuller") is None:
        missing("nbgitpuller is not installed: `make test` installs requirements-hub.txt into .venv")


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=course", "-c", "user.email=course@localhost", *args], cwd=folder,
                   check=True, capture_output=True)


def _write(path: Path, notebook) -> None:
    path.write_text(nbformat.writes(notebook) + "\n", encoding="utf-8")   # as JupyterLab saves


def _cell(notebook, text: str):
    return next(c for c in notebook.cells if text in c.source)


def _new(kind: str, source: str, ident: str):
    cell = nbformat.v4.new_markdown_cell(source) if kind == "markdown" else nbformat.v4.new_code_cell(source)
    cell.id = ident
    return cell


@pytest.fixture
def course(tmp_path):
    """The course repository at release 1: notebook 01's student copy and a text file."""
    upstream = tmp_path / "course"
    upstream.mkdir()
    _git(upstream, "init", "-q", "-b", "main")
    _write(upstream / NB, student_notebook(nbformat.read(ROOT / "notebooks" / NB, as_version=4)))
    (upstream / "notes.txt").write_text("release 1\n")
    _git(upstream, "add", "-A")
    _git(upstream, "commit", "-qm", "release 1")
    return upstream


def _pull(course: Path, student: Path) -> list[str]:
    from nbgitpuller import GitPuller

    return list(GitPuller(course.as_uri(), str(student), branch="main").pull())


def _release_2(course: Path) -> None:
    """Exercise 1.4 after 1.3's check cell, 1.1's stub corrected, notes.txt dropped, new.ipynb added."""
    notebook = nbformat.read(course / NB, as_version=4)
    at = notebook.cells.index(_cell(notebook, 'check("1.3"')) + 1
    notebook.cells[at:at] = [_new("markdown", "### Exercise 1.4: the brightest value", "c01-new-0"),
                             _new("code", "brightest = ...  # Exercise 1.4: replace ... with your answer",
                                  "c01-new-1")]
    stub = _cell(notebook, "n_pixels = ...")
    stub.source += "  (pixels, not values)"
    _write(course / NB, notebook)
    (course / "notes.txt").unlink()
    (course / "new.ipynb").write_text('{"from": "release 2"}\n')
    _git(course, "add", "-A")
    _git(course, "commit", "-qm", "release 2")


def _student_edits(student: Path, *, answer=True, ran=False, edit_before=False, own_cell=False) -> None:
    notebook = nbformat.read(student / NB, as_version=4)
    if answer:
        _cell(notebook, "centre = ...").source = "centre = img[302, 320]"
    if ran:
        for number, cell in enumerate(c for c in notebook.cells if c.cell_type == "code"):
            cell.outputs = [nbformat.v4.new_output("stream", text=f"output {number}\n")]
            cell.execution_count = number + 1
    if edit_before:
        _cell(notebook, 'check("1.3"').source += "\nprint('checked')"
    if own_cell:
        at = notebook.cells.index(_cell(notebook, 'check("1.3"')) + 1
        notebook.cells.insert(at, _new("code", "my_try = img.mean()", "my-own-cell"))
    _write(student / NB, notebook)


def _merged(student: Path) -> list[str]:
    notebook = nbformat.read(student / NB, as_version=4)
    nbformat.validate(notebook)
    return [c.source for c in notebook.cells]


@pytest.mark.parametrize("edits", [dict(answer=True), dict(answer=True, ran=True), dict(edit_before=True),
                                   dict(own_cell=True), dict(answer=True, ran=True, edit_before=True,
                                                            own_cell=True)],
                         ids=["answered", "ran every cell", "edited the cell before", "own cell there", "all"])
def test_a_new_exercise_reaches_a_student_who_edited_the_notebook(course, tmp_path, edits):
    student = tmp_path / "home" / "imgsim-course"
    _pull(course, student)
    _student_edits(student, **edits)
    _release_2(course)
    _pull(course, student)
    sources = _merged(student)
    at = sources.index("### Exercise 1.4: the brightest value")
    assert sources[at + 1].startswith("brightest = ...")
    if edits.get("answer"):
        assert "centre = img[302, 320]" in sources
    if edits.get("edit_before"):
        assert "check(\"1.3\", channel_means)\nprint('checked')" in sources
    if edits.get("own_cell"):
        assert "my_try = img.mean()" in sources
    if edits.get("ran"):
        outputs = [c.outputs for c in nbformat.read(student / NB, as_version=4).cells if c.cell_type == "code"]
        assert sum(1 for o in outputs if o) >= len(outputs) - 2          # the new stub has none
    assert any(s.endswith("(pixels, not values)") for s in sources)   # 1.1's stub: the student left it


def test_a_cell_both_changed_keeps_the_students_lines_and_drops_the_release_silently(course, tmp_path):
    student = tmp_path / "home" / "imgsim-course"
    _pull(course, student)
    notebook = nbformat.read(student / NB, as_version=4)
    _cell(notebook, "n_pixels = ...").source = "n_pixels = img.shape[0] * img.shape[1]"
    _write(student / NB, notebook)
    _release_2(course)
    log = _pull(course, student)
    sources = _merged(student)
    assert "n_pixels = img.shape[0] * img.shape[1]" in sources
    assert not any("(pixels, not values)" in s for s in sources)       # the release's correction is gone
    assert "### Exercise 1.4: the brightest value" in sources          # the rest of the release is in
    assert not any("CONFLICT" in line for line in log)                 # and nothing said so


def test_deleted_notebooks_come_back_and_files_in_the_way_are_renamed(course, tmp_path):
    student = tmp_path / "home" / "imgsim-course"
    _pull(course, student)
    (student / NB).unlink()                                             # "give me a fresh copy"
    (student / "new.ipynb").write_text("my own new.ipynb\n")            # in the way of the release's file
    (student / "notes.txt").write_text("my notes\n")                    # the release drops it
    (student / "scratch.py").write_text("mine\n")                       # the student's own file
    _release_2(course)
    log = _pull(course, student)
    assert "### Exercise 1.4: the brightest value" in _merged(student)  # restored, as released now
    assert (student / "new.ipynb").read_text() == '{"from": "release 2"}\n'
    (renamed,) = [p for p in student.glob("new__*.ipynb")]
    assert renamed.read_text() == "my own new.ipynb\n" and any("Renamed" in line for line in log)
    assert (student / "notes.txt").read_text() == "my notes\n"          # modified here, deleted there: kept
    assert (student / "scratch.py").read_text() == "mine\n"
