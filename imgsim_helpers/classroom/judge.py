"""Judge one exercise of one submission: what its kernel gave back, against the hidden tests.

The judging happens here, in the grader's own process, with the judges of
``imgsim_helpers/checks/`` as this process imported them: nothing a student's
code changed in its kernel (``checks.EXERCISES``, NumPy, the helpers) reaches
them. What the judges compare with comes from :mod:`.expected`; the student
bundle has neither that nor the hidden inputs. Also here: which hidden cases a
trivial answer passes too (they earn nothing alone), a submission's code, and
the text of a written answer. :mod:`.grade` runs this for every student.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import nbformat
import numpy as np

from .. import checks
from .._shared.status import Status
from . import codec, flags
from .expected import expected
from .release import ANSWER_PROMPT
from .run import CellProblem

__all__ = ["ExerciseResult", "TRIVIAL", "degenerate_cases", "judge_exercise", "stand_in_for", "student_code",
           "written_answer"]


@dataclass
class ExerciseResult:
    """How one student did on one exercise."""

    number: str
    points: float | None          # None: a written answer waiting for the instructor's points
    max_points: float
    status: Status                # passed, partial, wrong, not done, not defined, helper answer, ...
    hint: str = ""
    tags: list[str] = field(default_factory=list)
    passed: int = 0
    cases: int = 0

    def __post_init__(self) -> None:
        self.status = Status(self.status)  # a misspelt status fails here, not in a report


#: Answers that are wrong everywhere, tried on every hidden case of every function exercise:
#: the first input unchanged, and constants.
TRIVIAL = [lambda *args: args[0], lambda *args: 0, lambda *args: 0.0, lambda *args: 1.0]


def degenerate_cases(number: str, cases: list[tuple], wrong: list) -> list[bool]:
    """For each hidden case, whether a trivial answer or one of the ``wrong`` methods passes it."""
    weak = []
    for args in cases:
        passes = False
        for method in TRIVIAL + list(wrong):
            copied = tuple(np.array(a) if isinstance(a, np.ndarray) else a for a in args)
            try:
                result = method(*copied)
            except Exception:  # a wrong method that raises on this case does not pass it
                continue
            outcome = checks.assess(number, _stand_in, args, result, expected(number, args))[0]
            if Status.from_learner(outcome) == Status.PASSED:
                passes = True
                break
        weak.append(passes)
    return weak


def _stand_in() -> None:
    """Stands for a student's function when judging what it returned (it is never called)."""


def stand_in_for(number: str, code: str) -> Callable[[], None]:
    """A stand-in that also says which loop the student's function runs, if any (read from its source)."""
    def stand_in() -> None:
        """Stands for a student's function when judging what it returned (it is never called)."""
    stand_in.loops = flags.loop_kind(number, code) or ""   # what checks.loop_kind reads
    return stand_in


def _decode_result(desc: dict, arrays: dict) -> object:
    if desc.get("k") == "raised":
        return checks.Raised(desc.get("t", "Exception"), desc.get("m", ""))
    return codec.decode(desc, arrays)


def _defining_problem(name: str, notebook: nbformat.NotebookNode, problems: list[CellProblem],
                      number: str | None = None) -> str:
    """The error of the cell that should have defined ``name``, if that cell failed (explained as ``check`` does)."""
    pattern = re.compile(rf"^\s*(def\s+{re.escape(name)}\b|{re.escape(name)}\s*=)", re.MULTILINE)
    for problem in problems:
        source = notebook.cells[problem.index].source
        if pattern.search(source):
            extra = ""
            if problem.kind == "error" and number is not None:
                type_name, _, message = problem.detail.partition(": ")
                extra, _tag = checks.explain_error(number, type_name, message, source)
            return f": the cell that defines it ({problem}) did not run to the end{extra}"
    return ": run its cell, and make sure it is spelled as the exercise says"


def judge_exercise(number: str, max_points: float, answer: tuple[dict, dict] | None, args_list: list[tuple],
                   notebook: nbformat.NotebookNode, problems: list[CellProblem],
                   degenerate: list[bool] | None = None) -> ExerciseResult:
    """Judge what the harvest collected for one exercise, with the hidden inputs it was given.

    Partial credit is the share of the *telling* hidden cases passed: a case that
    a trivial or a known wrong method also passes (``degenerate``) earns nothing
    on its own, but full marks still need every case.
    """
    exercise = checks.EXERCISES[number]
    code = student_code(notebook)
    if answer is None:
        return ExerciseResult(number, 0.0, max_points, Status.ERROR,
                              "the grader could not collect this answer: the kernel stopped")
    desc, arrays = answer
    if not desc.get("found"):
        hint = f"`{exercise.name}` is not defined" + _defining_problem(exercise.name, notebook, problems, number)
        return ExerciseResult(number, 0.0, max_points, Status.NOT_DEFINED, hint)
    if exercise.kind == "value":
        outcome, hint, tag = checks.assess(number, codec.decode(desc["value"], arrays), expected=expected(number))
        status = Status.from_learner(outcome)
        ok = status == Status.PASSED
        return ExerciseResult(number, max_points if ok else 0.0, max_points, status,
                              hint, [] if ok or status == Status.NOT_DONE else [tag], int(ok), 1)
    if desc["answer"].get("k") != "function":
        outcome, hint, tag = checks.assess(number, codec.decode(desc["answer"], arrays), expected={})  # not a function
        status = Status.from_learner(outcome)     # not a function: never passed
        return ExerciseResult(number, 0.0, max_points, status, hint, [] if status == Status.NOT_DONE else [tag], 0,
                              len(args_list))
    if desc.get("helper") or flags.uses_helper(number, code):
        return ExerciseResult(number, 0.0, max_points, Status.HELPER_ANSWER, checks.HELPER_RULE,
                              [Status.HELPER_ANSWER.value], 0,
                              len(args_list))
    passed, telling, not_done, hints, tags = 0, 0, False, [], []
    degenerate = degenerate or [False] * len(args_list)
    stand_in = stand_in_for(number, code)
    for args, result, weak in zip(args_list, desc.get("results", []), degenerate):
        outcome, hint, tag = checks.assess(number, stand_in, args, _decode_result(result, arrays),
                                           expected(number, args))
        status = Status.from_learner(outcome)
        if status == Status.PASSED:
            passed += 1
            telling += not weak
        elif status == Status.NOT_DONE:
            not_done = True
        else:
            hints.append(hint)
            if tag not in tags:
                tags.append(tag)
    total = len(args_list)
    counted = total - sum(degenerate[:total]) or total
    if passed == total:
        status, points = Status.PASSED, max_points
    elif telling:
        status, points = Status.PARTIAL, round(max_points * telling / counted, 2)
    else:
        status, points = (Status.NOT_DONE if not tags else Status.WRONG), 0.0
    first = hints[0] if hints else Status.NOT_DONE.learner if not_done else ""   # "not done yet": only stubs failed
    return ExerciseResult(number, points, max_points, status, first, tags, passed, total)


def student_code(notebook: nbformat.NotebookNode) -> str:
    """Every code cell of a submission, joined (cells that do not parse are left out)."""
    parts = []
    for cell in notebook.cells:
        if cell.cell_type == "code":
            try:
                compile(cell.source, "<cell>", "exec", flags=ast.PyCF_ONLY_AST)
            except (SyntaxError, ValueError):
                continue
            parts.append(cell.source)
    return "\n\n".join(parts)


def written_answer(number: str, notebook: nbformat.NotebookNode) -> str:
    """The text a student wrote for written exercise ``number`` ("" if none)."""
    heading = re.compile(rf"^#+\s*Exercise\s+{re.escape(number)}\b", re.MULTILINE)
    cells = notebook.cells
    for cell in cells:
        if cell.cell_type == "markdown" and cell.metadata.get("exercise") == number:
            return _answer_text(cell.source)
    for i, cell in enumerate(cells):
        if cell.cell_type == "markdown" and heading.search(cell.source):
            if ANSWER_PROMPT in cell.source:
                return _answer_text(cell.source.split(ANSWER_PROMPT, 1)[1])
            if i + 1 < len(cells) and cells[i + 1].cell_type == "markdown":
                return _answer_text(cells[i + 1].source)
    return ""


def _answer_text(source: str) -> str:
    return source.replace(ANSWER_PROMPT, "").strip()
