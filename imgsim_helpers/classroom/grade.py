"""Grade a folder of submissions: collect, run each in isolation, judge with hidden tests.

The judging happens here, in the grader's own process, with the judges of
``imgsim_helpers/checks.py`` as this process imported them: nothing a student's
code changed in its kernel (``checks.EXERCISES``, NumPy, the helpers) reaches
them. The hidden inputs come from the course's ``grading/`` folder, and what the
judges compare with from :mod:`.expected`; the student bundle contains neither.
"""

from __future__ import annotations

import importlib.util
import os
import re
import tempfile
import tomllib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .. import checks
from .release import ROOT, ANSWER_PROMPT, exercise_order
from . import codec
from .expected import expected
from .collect import Submission, Unusable, collect, course_exercises
from .run import CellProblem, Limits, RunResult, run_submission



class GradingDataMissing(FileNotFoundError):
    """The hidden tests are not there (for example in the student bundle)."""


@dataclass
class ExerciseResult:
    """How one student did on one exercise."""

    number: str
    points: float | None          # None: a written answer waiting for the instructor's points
    max_points: float
    status: str                   # passed, partial, wrong, not done, not defined, helper answer, ...
    hint: str = ""
    tags: list[str] = field(default_factory=list)
    passed: int = 0
    cases: int = 0


@dataclass
class StudentResult:
    """Everything the reports need about one student."""

    student: str
    exercises: dict[str, ExerciseResult] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    problems: dict[str, list[CellProblem]] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    written: dict[str, str] = field(default_factory=dict)


@dataclass
class GradingData:
    """The hidden inputs and the points of every exercise."""

    hidden: dict[str, list[tuple]]
    points: dict[str, float]


def load_grading_data(folder: Path = ROOT / "grading") -> GradingData:
    """Read the hidden test inputs and the points from ``folder`` (loaded fresh, by file path)."""
    module_path = folder / "hidden_cases.py"
    if not module_path.exists():
        raise GradingDataMissing(f"no grading data in {folder} (hidden_cases.py is missing); the student bundle "
                                 "has none on purpose: grade from the instructor's copy of the course")
    spec = importlib.util.spec_from_file_location("imgsim_hidden_cases", module_path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    points_file = folder / "points.toml"
    table = tomllib.loads(points_file.read_text())["points"] if points_file.exists() else {}
    points = {number: float(table.get(number, 1)) for number in checks.EXERCISES}
    unknown = set(table) - set(checks.EXERCISES)
    if unknown:
        raise ValueError(f"{points_file} gives points to exercises that do not exist: {', '.join(sorted(unknown))}")
    return GradingData({number: make() for number, make in module.HIDDEN.items()}, points)


def _specs(numbers: list[str], data: GradingData, limits: Limits) -> dict[str, tuple[dict, dict]]:
    """What the harvest needs for each exercise: its answer's name, kind, helpers and hidden inputs."""
    specs = {}
    for number in numbers:
        exercise = checks.EXERCISES[number]
        if exercise.kind == "written":
            continue
        arrays: dict = {}
        cases = [codec.encode(args, arrays) for args in data.hidden.get(number, [])]
        if exercise.kind == "function" and not cases:
            raise ValueError(f"exercise {number} has no hidden test inputs in grading/hidden_cases.py")
        specs[number] = ({"number": number, "name": exercise.name, "kind": exercise.kind, "cases": cases,
                          "helpers": list(exercise.helpers), "case_seconds": limits.case_seconds}, arrays)
    return specs


def _stand_in() -> None:
    """Stands for a student's function when judging what it returned (it is never called)."""


def _decode_result(desc: dict, arrays: dict) -> object:
    if desc.get("k") == "raised":
        return checks.Raised(desc.get("t", "Exception"), desc.get("m", ""))
    return codec.decode(desc, arrays)


def _defining_problem(name: str, notebook: nbformat.NotebookNode, problems: list[CellProblem]) -> str:
    """The error of the cell that should have defined ``name``, if that cell failed."""
    pattern = re.compile(rf"^\s*(def\s+{re.escape(name)}\b|{re.escape(name)}\s*=)", re.MULTILINE)
    for problem in problems:
        if pattern.search(notebook.cells[problem.index].source):
            return f": the cell that defines it ({problem}) did not run to the end"
    return ": run its cell, and make sure it is spelled as the exercise says"


def judge_exercise(number: str, max_points: float, answer: tuple[dict, dict] | None, args_list: list[tuple],
                   notebook: nbformat.NotebookNode, problems: list[CellProblem]) -> ExerciseResult:
    """Judge what the harvest collected for one exercise, with the hidden inputs it was given."""
    exercise = checks.EXERCISES[number]
    if answer is None:
        return ExerciseResult(number, 0.0, max_points, "error",
                              "the grader could not collect this answer: the kernel stopped")
    desc, arrays = answer
    if not desc.get("found"):
        hint = f"`{exercise.name}` is not defined" + _defining_problem(exercise.name, notebook, problems)
        return ExerciseResult(number, 0.0, max_points, "not defined", hint)
    if exercise.kind == "value":
        outcome, hint, tag = checks.assess(number, codec.decode(desc["value"], arrays), expected=expected(number))
        ok = outcome == checks.PASS
        return ExerciseResult(number, max_points if ok else 0.0, max_points,
                              "passed" if ok else ("not done" if outcome == checks.TODO else "wrong"),
                              hint, [] if ok or outcome == checks.TODO else [tag], int(ok), 1)
    if desc["answer"].get("k") != "function":
        outcome, hint, tag = checks.assess(number, codec.decode(desc["answer"], arrays), expected={})  # not a function
        status = "not done" if outcome == checks.TODO else "wrong"
        return ExerciseResult(number, 0.0, max_points, status, hint, [] if status == "not done" else [tag], 0,
                              len(args_list))
    if desc.get("helper"):
        return ExerciseResult(number, 0.0, max_points, "helper answer", checks.HELPER_RULE, ["helper answer"], 0,
                              len(args_list))
    passed, hints, tags = 0, [], []
    for args, result in zip(args_list, desc.get("results", [])):
        outcome, hint, tag = checks.assess(number, _stand_in, args, _decode_result(result, arrays),
                                           expected(number, args))
        if outcome == checks.PASS:
            passed += 1
        elif outcome == checks.TODO:
            hints.append("not done yet")
        else:
            hints.append(hint)
            if tag not in tags:
                tags.append(tag)
    total = len(args_list)
    if passed == total:
        status = "passed"
    elif passed:
        status = "partial"
    else:
        status = "not done" if not tags else "wrong"
    points = round(max_points * passed / total, 2) if total else 0.0
    first = next((h for h in hints if h != "not done yet"), hints[0] if hints else "")
    return ExerciseResult(number, points, max_points, status, first, tags, passed, total)


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


def _flags(result: StudentResult) -> list[str]:
    """The flags column: timeouts, errors, helper answers and the like, one phrase each."""
    flags = list(result.flags)
    for notebook, problems in sorted(result.problems.items()):
        short = notebook[:2]
        timeouts = [p for p in problems if p.kind == "timeout"]
        errors = [p for p in problems if p.kind == "error"]
        killed = [p for p in problems if p.kind == "killed the kernel"]
        skipped = [p for p in problems if p.kind == "not run"]
        if timeouts:
            flags.append(f"{short}: timeout in cell {', '.join(str(p.index + 1) for p in timeouts)}")
        if errors:
            flags.append(f"{short}: error in cell {', '.join(str(p.index + 1) for p in errors)}")
        if killed:
            flags.append(f"{short}: cell {', '.join(str(p.index + 1) for p in killed)} killed the kernel")
        if skipped:
            flags.append(f"{short}: notebook time limit, {len(skipped)} cells not run")
    for number, ex in result.exercises.items():
        if ex.status == "helper answer":
            flags.append(f"{number}: helper answer")
    return flags


def grade(submissions: Path, limits: Limits = Limits(), workers: int | None = None,
          course: Path = ROOT, grading: Path | None = None,
          progress: bool = True) -> tuple[list[StudentResult], list[Unusable]]:
    """Grade every submission in ``submissions``.

    Parameters
    ----------
    submissions : pathlib.Path
        A folder of submissions (see :mod:`.collect` for the shapes).
    limits : Limits, optional
        Time and memory limits per submission.
    workers : int, optional
        Submissions run at the same time (default: the number of cores).
    course : pathlib.Path, optional
        The course folder: its ``notebooks/`` say which exercises exist, and
        its ``data/`` and ``imgsim_helpers/`` are copied for every run.
    grading : pathlib.Path, optional
        The hidden tests and points (default: ``course / "grading"``).
    progress : bool, optional
        Print one line per graded submission.

    Returns
    -------
    tuple
        ``(results, unusable)``: one :class:`StudentResult` per student,
        sorted by name, and the files that could not be used.
    """
    data = load_grading_data(grading or course / "grading")
    table = course_exercises(course / "notebooks")
    found, unusable = collect(submissions, table)
    specs = {name: _specs(sorted(ids, key=exercise_order), data, limits) for name, ids in table.items()}
    workers = workers or os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="imgsim-grading-") as scratch:
        def run(sub: Submission) -> RunResult:
            outcome = run_submission(sub.content, sub.notebook, course, specs[sub.notebook], limits, Path(scratch))
            if progress:
                print(f"graded {sub.student:20s} {sub.notebook:40s} {outcome.seconds:5.1f} s", flush=True)
            return outcome
        with ThreadPoolExecutor(max_workers=workers) as pool:
            runs = list(pool.map(run, found))
    students = sorted({s.student for s in found} | {u.student for u in unusable})
    results = {name: StudentResult(name) for name in students}
    for sub, outcome in zip(found, runs):
        result = results[sub.student]
        result.sources[sub.notebook] = sub.source
        result.problems[sub.notebook] = outcome.problems
        result.flags.extend(f"{sub.notebook[:2]}: {flag}" for flag in outcome.flags)
        for number in sorted(table[sub.notebook], key=exercise_order):
            max_points = data.points[number]
            if checks.EXERCISES[number].kind == "written":
                result.written[number] = written_answer(number, sub.content)
                result.exercises[number] = ExerciseResult(number, None, max_points, "to be marked")
                continue
            result.exercises[number] = judge_exercise(number, max_points, outcome.answers.get(number),
                                                      data.hidden.get(number, []), sub.content, outcome.problems)
    for name, result in results.items():
        for number in all_exercises():
            if number not in result.exercises:
                result.exercises[number] = ExerciseResult(number, 0.0, data.points[number], "no submission")
        missing = sorted({n[:2] for n in table} - {n[:2] for n in result.sources})
        if missing:
            result.flags.append(f"no submission for notebook {', '.join(missing)}")
        result.flags.extend(f"unusable file {u.source}: {u.reason}" for u in unusable if u.student == name)
        result.flags = _flags(result)
    return [results[name] for name in students], unusable


def all_exercises() -> list[str]:
    """Every exercise number of the course, in order."""
    return sorted(checks.EXERCISES, key=exercise_order)
