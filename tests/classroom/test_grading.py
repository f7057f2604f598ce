"""The classroom grader, end to end, on generated submissions of a small class.

Each student's submission is a student copy (as ``release`` writes it) with some
exercise cells filled in: all right, half done, typical mistakes, a syntax error,
an endless loop, code that deletes a course photo, the course's helpers used as
answers, patched checks and hard-coded answers; plus files that are not usable.
The tests pin the exact gradebook, check that grading leaves the course folder
byte for byte as it was, and that each student is isolated from the others.
"""

from __future__ import annotations

import csv
import hashlib
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import numpy as np
import pytest

from imgsim_helpers.classroom.collect import collect, course_exercises
from imgsim_helpers.classroom.practice import MISTAKES, fill as _fill, practice_class, solutions
from imgsim_helpers.classroom.grade import grade
from imgsim_helpers.classroom.report import write_reports
from imgsim_helpers.classroom.run import Limits
from imgsim_helpers.checks import EXERCISES, assess, run_case
from imgsim_helpers.exercises import release
from cli_runs import run_exercises
from run_once import alone

ROOT = Path(__file__).resolve().parents[2]
LIMITS = Limits(cell_seconds=5, notebook_seconds=120, case_seconds=5)
NOTEBOOKS = {"01": "01-images-as-arrays.ipynb", "02": "02-flattening.ipynb", "03": "03-histograms.ipynb",
             "04": "04-euclidean-distance.ipynb", "05": "05-which-reference-is-closest.ipynb",
             "08": "08-metrics.ipynb"}


SOLUTIONS = solutions()


def _all_right(key: str) -> dict[str, str]:
    prefix = f"{int(key)}."
    return {n: code for n, code in SOLUTIONS.items() if n.startswith(prefix)}


def _write(path: Path, notebook: nbformat.NotebookNode) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)


HELPER_ANSWERS_03 = {
    "3.1": "from imgsim_helpers import histogram\n\n"
           "def red_histogram(image):\n    return histogram(image, channels='rgb')[:256]",
    "3.3": "from imgsim_helpers import histogram as count\n\nfold = lambda hist256, bins: count(DUCK, bins)\n"
           "from imgsim_helpers import load_image\nDUCK = load_image('duck')",
}
HELPER_ANSWERS_04 = {
    "4.2": "from imgsim_helpers import change_brightness as brighten",
    "4.3": "from imgsim_helpers import euclidean\n\n"
           "def pixel_distance(a, b):\n    return euclidean(a.ravel(), b.ravel())",
}
PATCHED_03 = {  # a wrong 3.2 with the checks patched to accept it, and numpy patched too
    "3.2": "import numpy\nimport imgsim_helpers.checks as checks\n"
           "checks.EXERCISES['3.2'] = checks.EXERCISES['3.2'].__class__('3.2', 'x', 'bin_of_100', 'value', "
           "lambda args, answer: None)\n"
           "numpy.array_equal = lambda *args, **kwargs: True\nbin_of_100 = 7",
}
HARD_CODED_04 = {  # right only for the inputs the visible check uses
    "4.2": "SEEN = {10: np.array([[[10, 20, 138], [255, 255, 255]]], dtype=np.uint8),\n"
           "        -20: np.array([[[0, 0, 108], [225, 230, 235]]], dtype=np.uint8)}\n\n"
           "def brighten(image, amount):\n    return SEEN[amount]",
}
MISTAKES_03 = {
    "3.1": "def red_histogram(image):\n    return np.bincount(image[:, :, 0].ravel())",
    "3.2": "bin_of_100 = 100 / 16",
    "3.3": "def fold(hist256, bins):\n    return hist256.reshape(-1, bins).sum(axis=1)",
}
MISTAKES_04 = {
    "4.1": "d_example = 25",
    "4.2": "def brighten(image, amount):\n    return image + amount",
    "4.3": "def pixel_distance(image1, image2):\n    return np.sqrt(np.sum((image1 - image2) ** 2))",
}
WRITTEN = "Raw counts grow with the number of pixels, so the big swans photo was far from the duck."


@pytest.fixture(scope="module")
def copies(tmp_path_factory):
    """The student copies, as students receive them."""
    folder = tmp_path_factory.mktemp("release")
    release(ROOT / "notebooks", folder)
    return {key: nbformat.read(folder / name, as_version=4) for key, name in NOTEBOOKS.items()}


@pytest.fixture(scope="module")
def submissions(tmp_path_factory, copies):
    """A folder of submissions in every shape: subfolders, zips and a flat export."""
    folder = tmp_path_factory.mktemp("submissions")
    for key, name in NOTEBOOKS.items():   # alice: everything right, in her own subfolder, renamed files
        _write(folder / "alice" / f"my work {key}.ipynb",
               _fill(copies[key], _all_right(key), written=WRITTEN if key == "05" else None))
    bob = folder / "bob.zip"                # bob: half done, as a zip with a stray text file
    with zipfile.ZipFile(bob, "w") as archive:
        archive.writestr("bob/03-histograms.ipynb",
                         nbformat.writes(_fill(copies["03"], {n: SOLUTIONS[n] for n in ("3.1", "3.2")})))
        archive.writestr("bob/04-euclidean-distance.ipynb",
                         nbformat.writes(_fill(copies["04"], {"4.1": SOLUTIONS["4.1"]})))
        archive.writestr("bob/notes.txt", "I did what I could")
        archive.writestr("__MACOSX/bob/._03-histograms.ipynb", b"\x00\x05junk")
    # carol: typical mistakes, as a learning platform exports them
    _write(folder / "carol_4411_attempt_03-histograms.ipynb", _fill(copies["03"], MISTAKES_03))
    _write(folder / "carol_4411_attempt_04-euclidean-distance.ipynb", _fill(copies["04"], MISTAKES_04))
    # dave: an endless loop in 3.2's cell, a syntax error in 4.2's cell, the rest right
    _write(folder / "dave" / "03-histograms.ipynb",
           _fill(copies["03"], {**_all_right("03"), "3.2": "while True:\n    pass\nbin_of_100 = 6"}))
    _write(folder / "dave" / "04-euclidean-distance.ipynb",
           _fill(copies["04"], {**_all_right("04"), "4.2": "def brighten(image, amount)\n    return image"}))
    # erin: right answers, and a cell that deletes course photos (by name and by relative path)
    _write(folder / "erin" / "04-euclidean-distance.ipynb",
           _fill(copies["04"], _all_right("04"), before={"4.1": "import os\nfrom imgsim_helpers import sample_path\n"
                                                         "os.remove(sample_path('duck'))\n"
                                                         "os.remove('../data/opening/swans.jpg')"}))
    # frank: everything right in 04 (graded after erin)
    _write(folder / "frank" / "04-euclidean-distance.ipynb", _fill(copies["04"], _all_right("04")))
    # gina: the course's helpers as answers
    _write(folder / "gina" / "03-histograms.ipynb", _fill(copies["03"], {**_all_right("03"), **HELPER_ANSWERS_03}))
    _write(folder / "gina" / "04-euclidean-distance.ipynb",
           _fill(copies["04"], {**_all_right("04"), **HELPER_ANSWERS_04}))
    # hank: patches the checks (and NumPy) to accept a wrong 3.2; hard-codes 4.2 for the visible inputs
    _write(folder / "hank" / "03-histograms.ipynb", _fill(copies["03"], {**_all_right("03"), **PATCHED_03}))
    _write(folder / "hank" / "04-euclidean-distance.ipynb", _fill(copies["04"], {**_all_right("04"),
                                                                                  **HARD_CODED_04}))
    # ivan: nothing usable
    (folder / "ivan").mkdir()
    (folder / "ivan" / "empty.ipynb").write_bytes(b"")
    (folder / "ivan" / "essay.ipynb").write_text("Dear teacher, here is my work.")
    (folder / "ivan" / "data.ipynb").write_text(json.dumps({"values": [1, 2, 3]}))
    other = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print('another course')")])
    _write(folder / "ivan" / "week3-regression.ipynb", other)
    return folder


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


COURSE_PARTS = ("data", "imgsim_helpers", "notebooks", "grading")


@pytest.fixture(scope="module")
def graded(sandbox_ready, submissions, tmp_path_factory):
    # Alone: under make test's two workers, another test (JupyterLab in the browser tests, which
    # leaves notebooks/.ipynb_checkpoints/ until its teardown) could change the course folder between
    # the two snapshots, and the test would blame the grader.
    with alone():
        before = {part: _digest(ROOT / part) for part in COURSE_PARTS}
        results, unusable = grade(submissions, LIMITS, workers=2, progress=False)
        out = tmp_path_factory.mktemp("grades")
        warnings = write_reports(results, unusable, out)
        after = {part: _digest(ROOT / part) for part in COURSE_PARTS}
    return results, unusable, out, warnings, before, after


def _gradebook(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


EXPECTED_HEADER = ["student", "1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "4.1", "4.2", "4.3",
                   "5.1", "5.2", "5.3", "5.4", "8.1", "8.2", "8.3", "total", "flags"]
# student -> the exercise columns and the total (flags are checked separately)
EXPECTED_POINTS = {
    "alice": ["1", "1", "1", "1", "1", "1", "2", "1", "1", "1", "1", "2", "1", "1", "1", "", "1", "1", "1", "20"],
    "bob":   ["0", "0", "0", "0", "0", "0", "2", "1", "0", "1", "0", "0", "0", "0", "0", "", "0", "0", "0", "4"],
    # carol's 4.2 (image + amount) and 4.3 (uint8 subtraction) wrap around in uint8: they pass only
    # degenerate cases (amount 0, identical images), which earn nothing on their own
    "carol": ["0", "0", "0", "0", "0", "0", "0.50", "0", "0", "0", "0", "0", "0", "0", "0", "", "0", "0", "0",
              "0.50"],
    "dave":  ["0", "0", "0", "0", "0", "0", "2", "0", "1", "1", "0", "2", "0", "0", "0", "", "0", "0", "0", "6"],
    "erin":  ["0", "0", "0", "0", "0", "0", "0", "0", "0", "1", "1", "2", "0", "0", "0", "", "0", "0", "0", "4"],
    "frank": ["0", "0", "0", "0", "0", "0", "0", "0", "0", "1", "1", "2", "0", "0", "0", "", "0", "0", "0", "4"],
    "gina":  ["0", "0", "0", "0", "0", "0", "0", "1", "0", "1", "0", "0", "0", "0", "0", "", "0", "0", "0", "2"],
    "hank":  ["0", "0", "0", "0", "0", "0", "2", "0", "1", "1", "0", "2", "0", "0", "0", "", "0", "0", "0", "6"],
    "ivan":  ["0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "", "0", "0", "0", "0"],
}


def test_the_gradebook_is_exactly_right(graded):
    _, _, out, _, _, _ = graded
    rows = _gradebook(out / "gradebook.csv")
    assert list(rows[0]) == EXPECTED_HEADER
    got = {row["student"]: [row[c] for c in EXPECTED_HEADER[1:-1]] for row in rows}
    assert got == EXPECTED_POINTS


def test_flags_name_what_went_wrong(graded):
    _, _, out, _, _, _ = graded
    flags = {row["student"]: row["flags"] for row in _gradebook(out / "gradebook.csv")}
    assert "no submission for notebook" not in flags["alice"]
    assert "03: timeout in cell" in flags["dave"] and "04: error in cell" in flags["dave"]
    assert "3.1: helper answer" in flags["gina"] and "4.2: helper answer" in flags["gina"]
    assert "4.3: helper answer" in flags["gina"]
    assert "unusable file bob.zip:bob/notes.txt" in flags["bob"]
    for reason in ("empty file", "not JSON", "JSON without notebook cells", "another course's notebook"):
        assert reason in flags["ivan"], reason


def test_feedback_names_the_misconception_and_the_broken_cell(graded):
    results, _, out, _, _, _ = graded
    carol = (out / "feedback" / "carol.html").read_text()
    assert "wrapped around" in carol and "minlength" in carol and "groups of" in carol
    dave = {r.student: r for r in results}["dave"]
    assert dave.exercises["3.2"].status == "not defined"
    assert "did not finish within 5 s" in dave.exercises["3.2"].hint
    assert dave.exercises["4.2"].status == "not defined" and "SyntaxError" in dave.exercises["4.2"].hint
    gina = (out / "feedback" / "gina.html").read_text()
    assert "uses the course&#x27;s helper instead of your own code" in gina


def test_class_report_counts_misconceptions(graded):
    _, _, out, _, _, _ = graded
    report = (out / "class-report.html").read_text()
    assert "<td>4.2</td><td>uint8 wrap-around</td><td>1 of 8</td>" in report
    # a helper answer breaks a rule; it is not a misconception to re-teach: listed with the attempts
    misconceptions, attempts = report.split("Attempts to leave the sandbox", 1)
    assert "helper answer" not in misconceptions.split("misconceptions</h2>", 1)[1]
    assert "3.1: helper answer" in attempts.split("</table>", 1)[0]
    assert "data:image/png;base64," in report
    assert "week3-regression.ipynb" in report


def test_written_answers_side_by_side(graded):
    _, _, out, _, _, _ = graded
    page = (out / "written" / "5.4.html").read_text()
    assert "alice" in page and "Raw counts grow with the number of pixels" in page


def test_grading_leaves_the_course_untouched(graded):
    _, _, _, _, before, after = graded
    assert before == after
    assert (ROOT / "data" / "opening" / "duck.jpg").exists()


def test_a_correct_submission_right_after_a_destructive_one_gets_full_marks(sandbox_ready, submissions, tmp_path):
    folder = tmp_path / "two"
    for name in ("erin", "frank"):
        (folder / name).mkdir(parents=True)
        source = submissions / name / "04-euclidean-distance.ipynb"
        (folder / name / source.name).write_bytes(source.read_bytes())
    results, _ = grade(folder, LIMITS, workers=1, progress=False)
    for result in results:
        assert [result.exercises[n].points for n in ("4.1", "4.2", "4.3")] == [1, 1, 2], result.student


def test_manual_points_survive_a_second_run(graded, tmp_path):
    results, unusable, out, _, _, _ = graded
    book = tmp_path / "gradebook.csv"
    book.write_bytes((out / "gradebook.csv").read_bytes())
    rows = _gradebook(book)
    for row in rows:
        row["5.4"] = {"alice": "2", "bob": "oops"}.get(row["student"], "")
    with open(book, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=EXPECTED_HEADER)
        writer.writeheader()
        writer.writerows(rows)
    from imgsim_helpers.classroom.gradebook import write_gradebook
    warnings = write_gradebook(results, book)
    again = {row["student"]: row for row in _gradebook(book)}
    assert again["alice"]["5.4"] == "2" and again["alice"]["total"] == "22"
    assert again["bob"]["5.4"] == "oops" and any("'oops' is not a number" in w for w in warnings)


def test_collect_matches_by_exercises_not_by_name(submissions):
    found, unusable = collect(submissions, course_exercises(ROOT / "notebooks"))
    alice = {s.notebook for s in found if s.student == "alice"}
    assert alice == set(NOTEBOOKS.values())                  # her files are called "my work 03.ipynb"
    assert {s.student for s in found} == {"alice", "bob", "carol", "dave", "erin", "frank", "gina", "hank"}
    assert not any("__MACOSX" in u.source for u in unusable)


def test_the_command_line_grades_and_reports(sandbox_ready, submissions, tmp_path):
    folder = tmp_path / "one"
    (folder / "frank").mkdir(parents=True)
    (folder / "frank" / "04.ipynb").write_bytes((submissions / "frank" / "04-euclidean-distance.ipynb").read_bytes())
    out = tmp_path / "grades"
    result = subprocess.run([sys.executable, "-m", "imgsim_helpers.exercises", "grade", str(folder), "--out", str(out),
                             "--cell-timeout", "10"], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "1 students graded" in result.stdout and (out / "class-report.html").exists()
    assert _gradebook(out / "gradebook.csv")[0]["4.3"] == "2"


def test_missing_submissions_folder_is_a_one_line_error(capsys, monkeypatch, tmp_path):
    # In this process: the message is what is tested (test_the_command_line_grades_and_reports runs the real one)
    monkeypatch.chdir(ROOT)
    status, _, err = run_exercises(capsys, "grade", str(tmp_path / "nope"))
    assert status == 1
    assert err.strip().startswith("error: the submissions folder") and "Traceback" not in err


@pytest.mark.parametrize("number, code", [(n, c) for n, codes in sorted(MISTAKES.items()) for c in codes])
def test_every_practice_mistake_gets_a_targeted_hint(number, code):
    namespace: dict = {}
    exec("import numpy as np\nfrom imgsim_helpers import euclidean\nimport imgsim_helpers\n"
         "img = imgsim_helpers.load_image('duck')\n" + code, namespace)
    exercise = EXERCISES[number]
    answer = namespace[exercise.name]
    with np.errstate(invalid="ignore"):    # a mistake's sqrt of a negative number warns; the hint says it
        tries = [assess(number, answer)] if exercise.kind == "value" else \
            [assess(number, answer, args, run_case(answer, args)) for args in exercise.cases()]
    failed = [(hint, tag) for outcome, hint, tag in tries if outcome == "try again"]
    assert failed and failed[0][1] not in ("wrong answer", "wrong value", "unexpected type"), failed


def test_a_practice_class_is_the_same_every_time(tmp_path):
    first = practice_class(tmp_path / "a", students=2, seed=3)
    second = practice_class(tmp_path / "b", students=2, seed=3)
    assert [p.relative_to(tmp_path / "a") for p in first] == [p.relative_to(tmp_path / "b") for p in second]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(first, second))
    assert len(first) == 2 * len(NOTEBOOKS)


def test_a_memory_hungry_cell_fails_alone_under_the_memory_limit(sandbox_ready, copies, tmp_path):
    greedy = _fill(copies["04"], _all_right("04"), before={"4.2": "too_much = np.ones(6 * 1024**3 // 8)   # 6 GB"})
    _write(tmp_path / "subs" / "greedy" / "04-euclidean-distance.ipynb", greedy)
    results, _ = grade(tmp_path / "subs", Limits(cell_seconds=20, notebook_seconds=120, case_seconds=5,
                                                 memory_mb=1536), workers=1, progress=False)
    (result,) = results
    problems = result.problems["04-euclidean-distance.ipynb"]
    assert [p.kind for p in problems] == ["error"] and "MemoryError" in problems[0].detail
    assert [result.exercises[n].points for n in ("4.1", "4.2", "4.3")] == [1, 1, 2]


def test_the_grader_reads_a_loop_from_the_source_and_judges_as_the_check_does():
    from imgsim_helpers.classroom import flags
    from imgsim_helpers.classroom.grade import load_grading_data
    from imgsim_helpers.classroom.judge import stand_in_for
    from imgsim_helpers.classroom.expected import expected

    helper_loop = ("def count(values):\n    return np.array([np.sum(values == v) for v in range(256)])\n\n"
                   "def red_histogram(image):\n    return count(image[:, :, 0])")
    assert flags.uses_loop("3.1", helper_loop) and not flags.uses_loop("3.1", SOLUTIONS["3.1"])
    args = load_grading_data().hidden["3.1"][0]
    right = np.bincount(args[0][:, :, 0].ravel(), minlength=256)
    outcome, hint, tag = assess("3.1", stand_in_for("3.1", helper_loop), args, right, expected("3.1", args))
    assert (outcome, tag) == ("try again", "loop") and "the task says no loop" in hint
    # 2.3 allows loops: there a loop names the likely cause of a one-value answer
    early = ("def pixel_at(flat, width, row, col):\n    for i in range(3):\n"
             "        return flat[(row * width + col) * 3 + i]")
    args = load_grading_data().hidden["2.3"][0]
    outcome, hint, tag = assess("2.3", stand_in_for("2.3", early), args, args[0][0], expected("2.3", args))
    assert tag == "return inside the loop" and "`return` inside the loop" in hint


def test_the_int16_distance_fails_a_telling_hidden_case():
    from imgsim_helpers.classroom.grade import load_grading_data
    from imgsim_helpers.classroom.expected import expected

    def int16_distance(image1, image2):
        with np.errstate(invalid="ignore"):
            return float(np.sqrt(np.sum((image1.astype(np.int16) - image2.astype(np.int16)) ** 2)))

    data = load_grading_data()
    verdicts = [(assess("4.3", int16_distance, args, int16_distance(*args), expected("4.3", args)), weak)
                for args, weak in zip(data.hidden["4.3"], data.degenerate["4.3"])]
    failed = [(tag, weak) for (outcome, _, tag), weak in verdicts if outcome != "passed"]
    assert ("narrow type overflow", False) in failed             # 0 against 255 (black against white)
    assert any(weak for (outcome, _, _), weak in verdicts if outcome == "passed")   # small differences: degenerate


def test_a_value_cell_that_raised_is_explained_in_the_feedback():
    from imgsim_helpers.classroom.judge import judge_exercise
    from imgsim_helpers.classroom.run import CellProblem

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("centre = img[img.shape[0] / 2, 320]")])
    problem = CellProblem(0, "centre = img[img.shape[0] / 2, 320]", "error",
                          "IndexError: only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and "
                          "integer or boolean arrays are valid indices")
    result = judge_exercise("1.2", 1.0, ({"found": False}, {}), [], notebook, [problem])
    assert result.status == "not defined" and result.hint.startswith("`centre` is not defined")
    assert "// divides and rounds down" in result.hint
