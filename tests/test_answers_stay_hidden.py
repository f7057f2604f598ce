"""No stub, hint or earlier cell of a student copy gives an exercise's answer away.

For every exercise, ``KEYS`` holds the key expression of its solution (the part a
learner must find), written as a regular expression that also matches the usual
variants (other names, ``ravel`` or ``flatten``, spaces). The tests check that:

* in the student copy, no cell before the exercise's check cell (the lesson, the task,
  the hint, the stub) contains it, so an exercise is never the same code as a worked
  example shown earlier;
* no hint the checks can print for that exercise contains it;
* the source notebook's solution does contain it (so the key is the real answer, and
  the test fails if a solution changes without its key);
* no file of the student bundle contains it, except the course helpers that do an
  exercise's work (``BUNDLE_ALLOWS``, the list docs/instructor.md gives), and no
  bundle file holds a line of the code that computes the expected results
  (``imgsim_helpers/classroom/expected.py``, the instructor's): the bundle's checks
  judge against stored data.
"""

from __future__ import annotations

import ast
import re
import tempfile
from pathlib import Path

import nbformat
import pytest

from imgsim_helpers.checks import EXERCISES
from imgsim_helpers.classroom.bundle import stage
from imgsim_helpers.classroom.practice import solutions
from imgsim_helpers.exercises import student_notebook

ROOT = Path(__file__).resolve().parent.parent
CHECKS = ROOT / "imgsim_helpers" / "checks"
EXPECTED = ROOT / "imgsim_helpers" / "classroom" / "expected.py"
NAME = r"[A-Za-z_]\w*"

KEYS = {
    "1.1": rf"shape\[0\]\s*\*\s*{NAME}\.shape\[1\]",
    "1.2": rf"\[\s*{NAME}\.shape\[0\]\s*//\s*2\s*,",
    "1.3": r"mean\(\s*axis\s*=\s*\(\s*0\s*,\s*1\s*\)",
    "2.1": r"1080\s*\*\s*1920\s*\*\s*3|1920\s*\*\s*1080\s*\*\s*3|6[,_ ]?220[,_ ]?800",
    "2.2": r"\[\s*:\s*,\s*:\s*,\s*1\s*\]\s*\.\s*(ravel|flatten)\(",
    "2.3": rf"\(\s*{NAME}\s*\*\s*{NAME}\s*\+\s*{NAME}\s*\)\s*\*\s*3",
    "3.1": rf"bincount\(\s*{NAME}\[\s*:\s*,\s*:\s*,\s*0\s*\]",
    "3.2": r"100\s*//\s*16",
    "3.3": rf"reshape\(\s*{NAME}\s*,\s*256\s*//\s*{NAME}\s*\)\s*\.sum\(\s*axis\s*=\s*1",
    "4.1": r"\(\s*3\s*-\s*15\s*\)\s*\*\*\s*2|sqrt\(\s*169\s*\)|sqrt\(\s*9\s*\+\s*16\s*\+\s*144|\b13\.0\b",
    "4.2": rf"clip\(\s*{NAME}\.astype\(",
    "4.3": rf"{NAME}\.astype\([^)]*\)\s*-\s*{NAME}\.astype\([^)]*\)\s*\n?.*\n?.*sqrt\(\s*np\.sum\(",
    "5.1": rf"{NAME}\s*/\s*{NAME}\.sum\(\)",
    "5.2": rf"best_distance\s*=|min\(\s*{NAME}\s*,\s*key\s*=",
    "5.3": r"growth\s*=\s*4\b",
    "8.1": rf"sum\(\s*np\.abs\(\s*{NAME}\s*-\s*{NAME}\s*\)\s*\)",
    "8.2": rf"1\s*-\s*np\.sum\(\s*np\.minimum\(",
    "8.3": rf"sum\(\s*np\.sqrt\(\s*{NAME}\s*\*\s*{NAME}\s*\)\s*\)",
}
SOLUTIONS = solutions()
CORE = sorted(p for p in (ROOT / "notebooks").glob("*.ipynb") if p.name[:2] in {"01", "02", "03", "04", "05", "08"})


def test_every_checked_exercise_has_a_key():
    assert set(KEYS) == {n for n, e in EXERCISES.items() if e.kind != "written"}


@pytest.mark.parametrize("number", sorted(KEYS))
def test_the_key_is_the_solutions_own(number):
    assert re.search(KEYS[number], SOLUTIONS[number]), f"exercise {number}: the solution no longer matches its key"


@pytest.mark.parametrize("path", CORE, ids=lambda p: p.name)
def test_nothing_before_a_check_cell_gives_its_answer(path):
    cells = student_notebook(nbformat.read(path, as_version=4)).cells
    for i, cell in enumerate(cells):
        found = re.search(r"""check\(\s*["'](\d+\.\d+)["']""", cell.source) if cell.cell_type == "code" else None
        if not found:
            continue
        number = found.group(1)
        before = "\n".join(c.source for c in cells[:i])
        match = re.search(KEYS[number], before)
        assert match is None, f"{path.name}: before the check of {number}: {match.group(0)!r}"


def _hints_by_exercise() -> dict[str, list[str]]:
    """Every text a judge of the checks can show, by exercise (string parts of Wrong(...) calls, and the hints of
    the ``(name, hint, tag)`` tables it gives raise_known_mistake)."""
    trees = [ast.parse(path.read_text(encoding="utf-8")) for path in sorted(CHECKS.glob("*.py"))]
    found: dict[str, list[str]] = {}
    for node in (node for tree in trees for node in tree.body):
        if not isinstance(node, ast.FunctionDef):
            continue
        numbers = [d.args[0].value for d in node.decorator_list
                   if isinstance(d, ast.Call) and d.args and isinstance(d.args[0], ast.Constant)]
        for call in ast.walk(node):
            if isinstance(call, ast.Call) and getattr(call.func, "id", "") == "Wrong":
                text = "".join(part.value for part in ast.walk(call.args[0])
                               if isinstance(part, ast.Constant) and isinstance(part.value, str))
                for number in numbers:
                    found.setdefault(number, []).append(text)
            elif isinstance(call, ast.Tuple) and len(call.elts) == 3 and isinstance(call.elts[1], ast.Constant):
                for number in numbers:
                    found.setdefault(number, []).append(call.elts[1].value)
    return found


def test_no_hint_of_the_checks_gives_the_answer():
    hints = _hints_by_exercise()
    assert set(hints) == set(KEYS)
    for number, texts in hints.items():
        for text in texts:
            assert not re.search(KEYS[number], text), f"a hint of {number} gives the answer: {text}"


#: Where a key may appear in the student bundle, and why. The helpers that do an exercise's work
#: (docs/instructor.md, "Helpers that do an exercise's work"), and coincidences: an idiom used for something else, a number in a timing or a version.
BUNDLE_ALLOWS = {
    ("imgsim_helpers/edits.py", "4.2"),          # change_brightness: clip in a wide type
    ("imgsim_helpers/comparing/metrics.py", "8.1"),      # manhattan
    ("imgsim_helpers/comparing/metrics.py", "5.1"),      # the metrics normalise both histograms first
    ("imgsim_helpers/histograms.py", "5.1"),     # histogram(normalize=True)
    ("imgsim_helpers/describing/descriptors.py", "5.1"),    # the descriptors' normalize=True
    ("imgsim_helpers/describing/shape.py", "5.1"),    # edge_histogram's shares of the edge strength (were in descriptors.py)
    ("imgsim_helpers/comparing/kernels.py", "5.1"),        # the metrics' row formulas normalise the rows (were in evaluation.py)
    ("tools/build_data.py", "5.1"),              # normalises the histograms it stores in data/
    ("imgsim_helpers/near_duplicates/grouping.py", "5.2"),       # picks the copy to keep with min(..., key=...)
    ("imgsim_helpers/figures/plot_descriptions.py", "5.2"),  # names the least-overlapping curve with min(..., key=...)
    ("MEASURED.md", "4.1"),                      # "13.0 s" of a timing (the README links to it)
    ("requirements.txt", "4.1"),                 # Pillow==13.0.0
}
#: The stored expected results of the visible inputs: data (a learner can read the visible
#: answers there, as by running a right answer), not code that computes them.
STORED = "imgsim_helpers/expected_visible.json"


@pytest.fixture(scope="module")
def bundle_texts():
    """Every text file of the student bundle, by its path inside the bundle."""
    with tempfile.TemporaryDirectory() as tmp:
        top = stage(Path(tmp))
        texts = {}
        for path in sorted(top.rglob("*")):
            if path.is_file() and path.suffix not in (".jpg", ".jpeg", ".png", ".npz", ".npy"):
                try:
                    texts[path.relative_to(top).as_posix()] = path.read_text(encoding="utf-8")
                except UnicodeDecodeError:
                    continue
    assert "imgsim_helpers/checks/__init__.py" in texts and STORED in texts
    return texts


def test_no_file_of_the_bundle_holds_a_key_but_the_helpers_that_do_that_work(bundle_texts):
    found = {(name, number) for name, text in bundle_texts.items() if name != STORED
             for number, key in KEYS.items() if re.search(key, text)}
    assert found <= BUNDLE_ALLOWS, sorted(found - BUNDLE_ALLOWS)


def _computations() -> set[str]:
    """What expected.py computes: each value its per-exercise functions assign or return, as code."""
    tree = ast.parse(EXPECTED.read_text(encoding="utf-8"))
    found = set()
    for function in tree.body:
        if not (isinstance(function, ast.FunctionDef) and re.fullmatch(r"_\d_\d|_means", function.name)):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.Return) and isinstance(node.value, ast.Dict):
                found.update(ast.unparse(value) for value in node.value.values)
            elif isinstance(node, (ast.Return, ast.Assign)):
                found.add(ast.unparse(node.value))
    # the inputs turned into arrays are no computation
    return {code for code in found if len(code) >= 14 and not code.startswith("np.asarray(")}


#: The course helpers: readable implementations learners are meant to read (an image's ``height *
#: width`` is no answer there); the checks (``imgsim_helpers/checks/``), which judge the answers, are held to the rule.
HELPER_MODULES = {p.relative_to(ROOT).as_posix() for p in (ROOT / "imgsim_helpers").rglob("*.py")
                  if p.relative_to(ROOT / "imgsim_helpers").parts[0] not in {"checks", "classroom"}}


def test_no_file_of_the_bundle_holds_the_code_that_computes_the_expected_results(bundle_texts):
    computations = _computations()
    assert len(computations) >= 40
    assert "imgsim_helpers/classroom/expected.py" not in bundle_texts
    for name, text in bundle_texts.items():
        if name in HELPER_MODULES:
            continue
        code = " ".join(text.replace('"', "'").split())      # as ast.unparse writes it, whatever the line breaks
        leaked = [computation for computation in computations if computation in code]
        assert not leaked, (name, leaked)
