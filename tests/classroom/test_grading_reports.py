"""The grader's assignments, feedback pages and pair flags, on generated submissions.

One class is graded on assignment 1 of ``grading/assignments.toml`` (notebooks 01 and 02):

* alice: 01 and 02 right, and 03 handed in too (outside the assignment: not graded, not flagged);
* bob: an older copy of 01 without exercise 1.3's cells, and no 02;
* carol: 1.2 misspelled, a cell and 1.3's function that put the grader's folder in their errors, 02 untouched;
* dave and erin: the same unusual 2.3, with other names, comments and spacing;
* frank: an empty folder; ivan: only files that are not notebooks.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import nbformat
import pytest

from cli_runs import run_exercises
from imgsim_helpers.classroom import similarity
from imgsim_helpers.classroom.grade import grade
from imgsim_helpers.classroom.practice import fill, solutions
from imgsim_helpers.classroom.release import CHECK, HEADING, student_notebook
from imgsim_helpers.classroom.report import write_reports
from imgsim_helpers.classroom.run import Limits
from imgsim_helpers.classroom.scrub import scrub_paths

ROOT = Path(__file__).resolve().parents[2]
LIMITS = Limits(cell_seconds=10, notebook_seconds=120, case_seconds=5)
NOTEBOOKS = {"01": "01-images-as-arrays.ipynb", "02": "02-flattening.ipynb", "03": "03-histograms.ipynb"}
SOLUTIONS = solutions()
HEADER = ["student", "1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "4.1", "4.2", "4.3",
          "5.1", "5.2", "5.3", "5.4", "8.1", "8.2", "8.3", "total", "flags"]
PIXEL_AT_DAVE = ("def pixel_at(flat, width, row, col):\n"
                 "    first = 3 * (row * width + col)   # where the pixel starts\n"
                 "    values = [flat[first + k] for k in range(3)]\n"
                 "    return np.array(values)")
PIXEL_AT_ERIN = ("def pixel_at(v, w, r, c):\n"
                 "    \"\"\"My version.\"\"\"\n"
                 "    start=3*(r*w+c)\n\n\n"
                 "    vals = [v[start + i] for i in range(3)]  # the three channels\n"
                 "    return np.array(vals)")
LEAKS = "import os\nraise RuntimeError('stuck in ' + os.getcwd())"
LEAKY_1_3 = "def channel_means(image):\n    import os\n    raise FileNotFoundError(os.path.abspath('means.npy'))"


def _right(key: str) -> dict[str, str]:
    return {n: code for n, code in SOLUTIONS.items() if n.startswith(f"{int(key)}.")}


def _without(notebook: nbformat.NotebookNode, number: str) -> nbformat.NotebookNode:
    """An older copy: ``notebook`` without exercise ``number``'s heading, answer and check cells."""
    cells, dropping = [], False
    for cell in notebook.cells:
        if cell.cell_type == "markdown" and number in HEADING.findall(cell.source):
            dropping = True
        if not dropping:
            cells.append(cell)
        if dropping and cell.cell_type == "code" and number in CHECK.findall(cell.source):
            dropping = False
    copy = nbformat.from_dict(dict(notebook, cells=cells))
    return copy


def _write(path: Path, notebook: nbformat.NotebookNode) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)


@pytest.fixture(scope="module")
def copies():
    return {key: student_notebook(nbformat.read(ROOT / "notebooks" / name, as_version=4))
            for key, name in NOTEBOOKS.items()}


@pytest.fixture(scope="module")
def graded(sandbox_ready, tmp_path_factory, copies):
    folder = tmp_path_factory.mktemp("submissions")
    for key in ("01", "02", "03"):
        _write(folder / "alice" / f"{key}.ipynb", fill(copies[key], _right(key)))
    older = _without(copies["01"], "1.3")
    _write(folder / "bob" / "01-images-as-arrays.ipynb", fill(older, _right("01")))
    misspelled = {"1.1": SOLUTIONS["1.1"], "1.2": SOLUTIONS["1.2"].replace("centre", "center"), "1.3": LEAKY_1_3}
    _write(folder / "carol" / "01.ipynb", fill(copies["01"], misspelled, before={"1.1": LEAKS}))
    _write(folder / "carol" / "02.ipynb", copies["02"])
    _write(folder / "dave" / "02.ipynb", fill(copies["02"], {"2.1": SOLUTIONS["2.1"], "2.3": PIXEL_AT_DAVE}))
    _write(folder / "erin" / "02.ipynb",
           fill(copies["02"], {"2.1": "phone_length = 1080*1920*3  # values", "2.3": PIXEL_AT_ERIN}))
    (folder / "frank").mkdir()
    (folder / "ivan").mkdir()
    (folder / "ivan" / "empty.ipynb").write_bytes(b"")
    (folder / "ivan" / "essay.ipynb").write_text("Dear teacher, here is my work.")
    results, unusable = grade(folder, LIMITS, workers=2, progress=False, assignment="1")
    out = tmp_path_factory.mktemp("grades")
    write_reports(results, unusable, out, assignment="1")
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as handle:
        rows = {row["student"]: row for row in csv.DictReader(handle)}
    return {r.student: r for r in results}, rows, out


def _page(out: Path, student: str) -> str:
    return (out / "feedback" / f"{student}.html").read_text(encoding="utf-8")


def _row(page: str, number: str) -> str:
    return re.search(rf"<tr><td>{re.escape(number)}</td>.*?</tr>", page).group(0)


OUTSIDE = [""] * 13   # 3.1 to 8.3 (13 exercises): not in assignment 1, left empty


def test_an_assignment_grades_its_exercises_only(graded):
    _, rows, out = graded
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == HEADER      # the same columns as for the whole course
    got = {name: [row[c] for c in HEADER[1:-1]] for name, row in rows.items()}
    assert got == {
        "alice": ["1", "1", "1", "1", "1", "1", *OUTSIDE, "6"],     # her 03 is not graded nor counted
        "bob":   ["1", "1", "0", "0", "0", "0", *OUTSIDE, "2"],
        "carol": ["1", "0", "0", "0", "0", "0", *OUTSIDE, "1"],
        "dave":  ["0", "0", "0", "1", "0", "1", *OUTSIDE, "2"],
        "erin":  ["0", "0", "0", "1", "0", "1", *OUTSIDE, "2"],
        "frank": ["0", "0", "0", "0", "0", "0", *OUTSIDE, "0"],
        "ivan":  ["0", "0", "0", "0", "0", "0", *OUTSIDE, "0"],
    }
    assert rows["alice"]["flags"] == ""
    assert "no submission for notebook 02" in rows["bob"]["flags"]
    for name in ("bob", "dave", "erin"):
        assert not re.search(r"no submission for notebook .*0[3-8]", rows[name]["flags"]), rows[name]["flags"]
    assert not (out / "written" / "5.4.html").exists()
    report = (out / "class-report.html").read_text(encoding="utf-8")
    assert "<td>3.1</td>" not in report and "<td>2.3</td>" in report


def test_an_older_copy_is_told_to_update_and_a_misspelling_is_not(graded):
    results, rows, _ = graded
    bob, carol = results["bob"].exercises["1.3"], results["carol"].exercises["1.2"]
    assert bob.status == "not in your copy" and bob.hint.startswith("not in your copy of the notebook: update it")
    assert "01: an older copy, without 1.3" in rows["bob"]["flags"]
    assert carol.status == "not defined" and carol.hint.startswith("`centre` is not defined")


def test_the_feedback_page_shows_the_total_and_only_real_hidden_tests(graded):
    _, _, out = graded
    alice = _page(out, "alice")
    assert "Total: <b>6 of 6 points</b>" in alice
    assert "hidden" not in _row(alice, "1.1") and "Right." in _row(alice, "1.1")   # a value: no hidden tests
    assert "hidden tests passed" in _row(alice, "1.3")
    assert "<td>3.1</td>" not in alice                                          # outside the assignment
    assert "Total: <b>2 of 6 points</b>" in _page(out, "bob")


def test_no_grader_path_reaches_a_report(graded):
    results, _, out = graded
    carol = _page(out, "carol")
    assert "RuntimeError: stuck in notebooks" in carol
    assert "FileNotFoundError: notebooks/means.npy" in carol
    texts = [carol, (out / "class-report.html").read_text(encoding="utf-8"),
             (out / "gradebook.csv").read_text(encoding="utf-8")]
    texts += [str(p) for p in results["carol"].problems["01-images-as-arrays.ipynb"]]
    for text in texts:
        assert "imgsim-grading-" not in text and not re.search(r"run-[0-9a-f]{6}", text), text


def test_every_student_gets_a_page_naming_their_unusable_files(graded):
    _, _, out = graded
    ivan = _page(out, "ivan")
    assert "ivan/empty.ipynb: empty file" in ivan and "ivan/essay.ipynb: not a notebook" in ivan
    assert "Total: <b>0 of 6 points</b>" in ivan
    assert "frank/: an empty folder" in _page(out, "frank")


def test_the_same_code_is_flagged_as_a_pair_and_untouched_stubs_are_not(graded):
    _, rows, _ = graded
    assert "2.3: same code as erin" in rows["dave"]["flags"]
    assert "2.3: same code as dave" in rows["erin"]["flags"]
    for name in ("carol", "dave", "erin"):          # 2.2 is the untouched stub for all three
        assert "2.2: same" not in rows[name]["flags"] and "2.1: same" not in rows[name]["flags"]

def test_pair_flags_are_for_the_instructor_only(graded):
    _, _, out = graded
    assert "same code" not in _page(out, "dave") and "erin" not in _page(out, "dave")


def test_pair_flags_normalise_code_and_written_answers(monkeypatch):
    stub = "def pixel_at(flat, width, row, col):\n    raise NotImplementedError('Exercise 2.3: write this function')"
    monkeypatch.setattr(similarity, "MIN_NODES", 0)      # even a short stub never counts
    code = {"ann": {"2.3": stub, "3.2": "b = 100 // 16"}, "ben": {"2.3": stub + "\n# thinking", "3.2": "x=100//16"}}
    written = {"ann": {"5.4": "Raw counts  grow with size."}, "ben": {"5.4": "raw counts grow\nwith SIZE."},
               "cat": {"5.4": ""}, "dan": {"5.4": "  "}}
    flags = similarity.pair_flags(code, written, {"2.3": [stub]})
    assert flags == {"ann": ["3.2: same code as ben", "5.4: same written answer as ben"],
                     "ben": ["3.2: same code as ann", "5.4: same written answer as ann"]}
    many = {name: {"3.2": "b = 100 // 16"} for name in "abcd"}      # a common answer, not a pair
    assert similarity.pair_flags(many, {}, {}) == {}


def test_grader_paths_are_scrubbed_from_texts():
    assert scrub_paths("No such file: '/tmp/imgsim-grading-ab12/run-9f3e/data/duck.jpg'") == \
        "No such file: 'data/duck.jpg'"
    assert scrub_paths("in /scratch/x/run-1/notebooks/a.py", "/scratch/x") == "in notebooks/a.py"
    assert scrub_paths("in /scratch/x/b.py", "/scratch/x") == "in b.py"
    assert scrub_paths("/home/me/course/data/duck.jpg") == "/home/me/course/data/duck.jpg"


def test_an_unknown_assignment_is_a_one_line_error(capsys, monkeypatch, tmp_path):
    # In this process: the message is what is tested (the other classroom tests run the real command)
    monkeypatch.chdir(ROOT)
    status, _, err = run_exercises(capsys, "grade", str(tmp_path), "--assignment", "9")
    assert status == 1 and "Traceback" not in err
    assert err.strip().splitlines() == [
        f"error: no assignment '9' in {ROOT / 'grading' / 'assignments.toml'}; the known ones are: "
        "1, 2, 3, 4, one-class"]
