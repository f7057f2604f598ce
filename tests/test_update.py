"""Updating a learner's course folder to a new bundle keeps their work (issue 17).

``python -m imgsim_helpers.update NEW.zip`` (``exercises update`` in the instructor's copy) tells the
learner's changes from the course's with the fingerprints the bundle carries (``.course-release.json``):
untouched files are replaced, new ones added, edited notebooks merged cell by cell (by cell id), and where
both changed the same cell (or any other file) the learner's version stays and the new one is written beside.
The second release here is the first bundle with a new exercise, a corrected text, a changed helper, a new
file and a dropped file: made from the zip itself, so the test needs no second copy of the course.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from imgsim_helpers.classroom.bundle import TOP, build_bundle
from imgsim_helpers.update import MANIFEST, UpdateError, main, manifest_of, merge_notebook, update_course

NB03 = "notebooks/03-histograms.ipynb"


@pytest.fixture(scope="module")
def first_release(tmp_path_factory):
    return build_bundle(tmp_path_factory.mktemp("r1") / "imgsim-course-student.zip")


def _unzip(bundle: Path, where: Path) -> Path:
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(where)
    return where / TOP


def _rezip(top: Path, out: Path) -> Path:
    (top / MANIFEST).write_text(json.dumps(manifest_of(top), indent=1, sort_keys=True) + "\n")
    with zipfile.ZipFile(out, "w") as archive:
        for path in sorted(top.rglob("*")):
            if path.is_file():
                archive.write(path, f"{TOP}/{path.relative_to(top).as_posix()}")
    return out


def _read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _write(path: Path, notebook: dict) -> None:
    path.write_text(json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def _cell(notebook: dict, text: str) -> dict:
    return next(c for c in notebook["cells"] if text in "".join(c["source"]))


NEW_EXERCISE = [{"cell_type": "markdown", "id": "c03-new-0", "metadata": {},
                 "source": "### Exercise 3.4: the emptiest bin\n\nStore in `emptiest` ..."},
                {"cell_type": "code", "id": "c03-new-1", "metadata": {}, "outputs": [], "execution_count": None,
                 "source": "emptiest = ...  # Exercise 3.4: replace ... with your answer"}]


@pytest.fixture(scope="module")
def second_release(first_release, tmp_path_factory):
    """Release 2: exercise 3.4 added after 3.3's check cell, a corrected sentence and a corrected stub (3.2's) in 03,
    a changed helper and checks, a new notebook, and notebook 02's first cell's text changed."""
    top = _unzip(first_release, tmp_path_factory.mktemp("r2"))
    nb = _read(top / NB03)
    at = nb["cells"].index(_cell(nb, 'check("3.3"')) + 1
    nb["cells"][at:at] = NEW_EXERCISE
    first_md = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
    first_md["source"] = "".join(first_md["source"]) + "\n\n(Corrected in release 2.)"
    stub = _cell(nb, "Exercise 3.2: replace")
    stub["source"] = "# corrected comment in release 2\n" + "".join(stub["source"])
    _write(top / NB03, nb)
    nb02 = _read(top / "notebooks/02-flattening.ipynb")
    nb02["cells"][0]["source"] = "".join(nb02["cells"][0]["source"]) + " (release 2)"
    _write(top / "notebooks/02-flattening.ipynb", nb02)
    for helper in ("histograms.py", "checks/nb03_histograms.py"):
        path = top / "imgsim_helpers" / helper
        path.write_text(path.read_text() + "\n# release 2\n")
    (top / "notebooks/16-what-next.ipynb").write_text(json.dumps(
        {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    (top / "MEASURED.md").unlink()
    return _rezip(top, tmp_path_factory.mktemp("dist") / "imgsim-course-student.zip")


@pytest.fixture
def learner(first_release, tmp_path):
    """A learner's folder from release 1, who answered 3.1 and 3.2, ran a cell, added one, and edited a check."""
    course = _unzip(first_release, tmp_path / "laptop")
    nb = _read(course / NB03)
    _cell(nb, "Exercise 3.1: write this function")["source"] = "def red_histogram(image):\n    return 'mine'"
    ran = _cell(nb, 'check("3.3"')
    ran["outputs"], ran["execution_count"] = [{"name": "stdout", "output_type": "stream", "text": "ran\n"}], 7
    _cell(nb, "Exercise 3.2: replace")["source"] = "bin_of_100 = 6"
    nb["cells"].append({"cell_type": "markdown", "id": "my-notes", "metadata": {}, "source": "my notes"})
    _write(course / NB03, nb)
    (course / "imgsim_helpers/checks/nb03_histograms.py").write_text("# I changed the checks\n")
    (course / "notebooks/my-experiment.ipynb").write_text("{}")
    return course


def test_untouched_files_are_replaced_new_ones_added_dropped_ones_removed(learner, second_release):
    report = update_course(second_release, learner, now=0)
    assert "notebooks/02-flattening.ipynb" in report.updated
    assert "imgsim_helpers/histograms.py" in report.updated
    assert report.added == ["notebooks/16-what-next.ipynb"] and report.removed == ["MEASURED.md"]
    assert (learner / "imgsim_helpers/histograms.py").read_text().endswith("# release 2\n")
    assert _read(learner / "notebooks/02-flattening.ipynb")["cells"][0]["source"].endswith("(release 2)")
    assert not (learner / "MEASURED.md").exists()
    assert (learner / "notebooks/my-experiment.ipynb").read_text() == "{}"      # the learner's own file
    assert json.loads((learner / MANIFEST).read_text())["release"] == manifest_of(
        _unzip(second_release, learner.parent / "check"))["release"]


def test_an_edited_notebook_is_merged_cell_by_cell_keeping_the_work(learner, second_release):
    before = (learner / NB03).read_bytes()
    report = update_course(second_release, learner, now=0)
    assert report.merged == [f"{NB03}: your work kept; from the new release: 2 cells added, 1 cell changed"]
    merged = _read(learner / NB03)
    sources = ["".join(c["source"]) for c in merged["cells"]]
    assert "def red_histogram(image):\n    return 'mine'" in sources                # the answer
    assert _cell(merged, 'check("3.3"')["outputs"][0]["text"] == "ran\n"             # its outputs
    assert sources[-1] == "my notes"                                                # the learner's own cell
    at = sources.index(NEW_EXERCISE[0]["source"])                                   # the new exercise, in place
    assert 'check("3.3"' in sources[at - 1] and sources[at + 1] == NEW_EXERCISE[1]["source"]
    assert sources[0].endswith("(Corrected in release 2.)")                         # the corrected text
    backup = learner / report.backup / NB03                                         # a copy first
    assert report.backup == "before-update-" + __import__("time").strftime("%Y-%m-%d-%H%M%S",
                                                                            __import__("time").localtime(0))
    assert backup.read_bytes() == before


def test_a_cell_both_changed_stays_the_learners_with_the_new_version_beside(learner, second_release, capsys):
    assert main([str(second_release), "--course", str(learner)]) == 0
    printed = capsys.readouterr().out
    merged = _read(learner / NB03)
    assert "bin_of_100 = 6" in ["".join(c["source"]) for c in merged["cells"]]
    beside = learner / "notebooks/03-histograms.updated.ipynb"
    assert "corrected comment in release 2" in beside.read_text()
    conflict = _cell(_read(beside), "corrected comment")["id"]
    assert (f"KEPT    {NB03}: you and the new release both changed cell {conflict}; yours is kept; the new "
            f"version is beside it: notebooks/03-histograms.updated.ipynb") in printed
    ours = learner / "imgsim_helpers/checks/nb03_histograms.py"
    assert ours.read_text() == "# I changed the checks\n"    # never overwritten
    assert ours.with_name("nb03_histograms.updated.py").read_text().endswith("# release 2\n")
    assert ("KEPT    imgsim_helpers/checks/nb03_histograms.py: you changed it; the new version is beside it: "
            "imgsim_helpers/checks/nb03_histograms.updated.py") in printed
    for line in ("ADDED   notebooks/16-what-next.ipynb", "UPDATED notebooks/02-flattening.ipynb", "MERGED  ",
                 "REMOVED MEASURED.md", "1 added, "):
        assert line in printed


def test_updating_again_changes_nothing_and_never_overwrites_a_copy(learner, second_release, capsys):
    update_course(second_release, learner, now=0)
    files = {p: p.read_bytes() for p in learner.rglob("*") if p.is_file()}
    report = update_course(second_release, learner, now=1)
    assert (report.added, report.updated, report.merged, report.kept) == ([], [], [], [])
    assert {p: p.read_bytes() for p in learner.rglob("*") if p.is_file()} == files


def test_a_folder_from_before_the_fingerprints_keeps_every_changed_file(first_release, second_release, tmp_path):
    course = _unzip(first_release, tmp_path)
    (course / MANIFEST).unlink()                           # a bundle older than the update command
    nb = _read(course / NB03)
    _cell(nb, "Exercise 3.1: write this function")["source"] = "def red_histogram(image):\n    return 'mine'"
    _write(course / NB03, nb)
    report = update_course(second_release, course, now=0)
    assert report.added == ["notebooks/16-what-next.ipynb"] and report.updated == []
    merged = _read(course / NB03)
    assert "def red_histogram(image):\n    return 'mine'" in ["".join(c["source"]) for c in merged["cells"]]
    assert any("".join(c["source"]).startswith("### Exercise 3.4") for c in merged["cells"])
    assert (course / "imgsim_helpers/histograms.updated.py").exists()     # unknown: kept, new one beside


def test_merge_without_cell_ids_is_refused():
    mine = {"cells": [{"cell_type": "code", "source": "x = 1"}], "nbformat": 4, "nbformat_minor": 4}
    fresh = {"cells": [{"cell_type": "code", "id": "a", "source": "x = ..."}], "nbformat": 4, "nbformat_minor": 5}
    assert merge_notebook(mine, fresh, {"a": "?"}) == (None, [], [])


def test_a_cell_the_learner_deleted_stays_deleted_and_an_untouched_dropped_cell_goes():
    from imgsim_helpers.update import cell_digest

    def cell(ident, text):
        return {"cell_type": "markdown", "id": ident, "metadata": {}, "source": text}
    base_cells = [cell("a", "A"), cell("b", "B"), cell("c", "C")]
    base = {c["id"]: cell_digest(c) for c in base_cells}
    mine = {"cells": [cell("a", "A"), cell("c", "C"), cell("m", "mine")], "nbformat": 4, "nbformat_minor": 5}
    fresh = {"cells": [cell("a", "A"), cell("b", "B2"), cell("n", "new")], "nbformat": 4, "nbformat_minor": 5}
    merged, came_in, conflicts = merge_notebook(mine, fresh, base)
    assert [c["source"] for c in merged["cells"]] == ["A", "new", "mine"]
    assert came_in == ["1 cell added", "1 cell removed"] and conflicts == []


def test_wrong_folder_or_wrong_file_changes_nothing(first_release, second_release, tmp_path, capsys):
    with pytest.raises(UpdateError, match="not the course folder"):
        update_course(second_release, tmp_path)
    course = _unzip(first_release, tmp_path / "c")
    not_zip = tmp_path / "notes.zip"
    not_zip.write_text("hello")
    with pytest.raises(UpdateError, match="not a readable zip"):
        update_course(not_zip, course)
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("x/readme.txt", "hi")
    assert main([str(other), "--course", str(course)]) == 1
    assert "not a course bundle" in capsys.readouterr().err


def test_the_instructors_command_is_the_same(learner, second_release, capsys):
    from imgsim_helpers.exercises import main as exercises

    assert exercises(["update", str(second_release), "--course", str(learner)]) == 0
    assert "MERGED  notebooks/03-histograms.ipynb" in capsys.readouterr().out


def test_the_student_edition_runs_it_as_a_script_even_with_a_broken_helper(learner, second_release):
    """As the student README says: `python imgsim_helpers/update.py NEW.zip` in the unzipped course folder. It
    needs the standard library only, so a helper the learner broke (which stops `import imgsim_helpers`) does
    not stop the update."""
    import os
    import subprocess
    import sys

    assert not (learner / "imgsim_helpers" / "classroom").exists()
    (learner / "imgsim_helpers" / "histograms.py").write_text("def broken(:\n")
    result = subprocess.run([sys.executable, "imgsim_helpers/update.py", str(second_release)], cwd=learner,
                            env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"}, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "MERGED  notebooks/03-histograms.ipynb" in result.stdout and "1 added, " in result.stdout
    assert ("KEPT    imgsim_helpers/histograms.py: you changed it; the new version is beside it: "
            "imgsim_helpers/histograms.updated.py") in result.stdout


def test_the_student_edition_has_the_issues_command_too(learner, second_release):
    """`python -m imgsim_helpers.exercises update NEW.zip`, run in the unzipped course folder with the environment
    activated, is the student edition's own exercises module (only `update`), not the instructor's."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(learner)          # as activating the student's own environment would give
    result = subprocess.run([sys.executable, "-m", "imgsim_helpers.exercises", "update", str(second_release)],
                            cwd=learner, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "MERGED  notebooks/03-histograms.ipynb" in result.stdout
    other = subprocess.run([sys.executable, "-m", "imgsim_helpers.exercises", "grade", "x"], cwd=learner, env=env,
                           capture_output=True, text=True, timeout=120)
    assert other.returncode == 2 and "the others are the instructor's" in other.stderr
