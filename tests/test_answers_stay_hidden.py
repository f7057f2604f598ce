"""No stub, hint or earlier cell of a student copy gives an exercise's answer away.

For every exercise, ``KEYS`` holds the key expression of its solution (the part a
learner must find), written as a regular expression that also matches the usual
variants (other names, ``ravel`` or ``flatten``, spaces). The tests check that:

* in the student copy, no cell before the exercise's check cell (the lesson, the task,
  the hint, the stub) contains it, so an exercise is never the same code as a worked
  example shown earlier;
* no hint the checks can print for that exercise contains it;
* the source notebook's solution does contain it (so the key is the real answer, and
  the test fails if a solution changes without its key).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

from imgsim_helpers.checks import EXERCISES
from imgsim_helpers.classroom.practice import solutions
from imgsim_helpers.exercises import student_notebook

ROOT = Path(__file__).resolve().parent.parent
CHECKS = ROOT / "imgsim_helpers" / "checks.py"
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
    """Every text a judge of checks.py can show, by exercise (string parts of Wrong(...) calls)."""
    tree = ast.parse(CHECKS.read_text(encoding="utf-8"))
    found: dict[str, list[str]] = {}
    for node in tree.body:
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
    return found


def test_no_hint_of_the_checks_gives_the_answer():
    hints = _hints_by_exercise()
    assert set(hints) == set(KEYS)
    for number, texts in hints.items():
        for text in texts:
            assert not re.search(KEYS[number], text), f"a hint of {number} gives the answer: {text}"
