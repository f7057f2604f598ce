"""Grade a class: collect the submissions, run each in isolation, judge them, one result per student.

The class-level loop: read the hidden tests and the points from the course's
``grading/`` folder (:func:`load_grading_data`), find every student's
notebooks (:mod:`.collect`), run each in its own sandboxed kernel (:mod:`.run`,
several at a time), judge every exercise in this process (:mod:`.judge`), and
gather per student the points, what the code tried, the cells that failed and
the flags the reports show (:mod:`.flags`, :mod:`.similarity`). The student
bundle has no ``grading/`` folder, so it cannot grade.
"""

from __future__ import annotations

import importlib.util
import os
import tempfile
import tomllib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .. import checks
from .._shared.status import Status
from . import codec, flags, sandbox
from .assignments import OUTSIDE, assignment_exercises
from .collect import Submission, Unusable, collect, collect_homes, course_exercises
from .hub import TARGET
from .judge import ExerciseResult, degenerate_cases, judge_exercise, written_answer
from .release import ROOT, exercise_ids, exercise_order, student_notebook
from .run import CellProblem, Limits, RunResult, make_snapshot, run_submission
from .scrub import scrub_paths
from .similarity import class_pair_flags

__all__ = ["GradingData", "GradingDataMissing", "SandboxUnavailable", "StudentResult", "all_exercises", "grade",
           "load_grading_data", "written_exercises"]


class GradingDataMissing(FileNotFoundError):
    """The hidden tests are not there (for example in the student bundle)."""


class SandboxUnavailable(RuntimeError):
    """The sandbox cannot run on this machine (the message says why and what to do)."""


@dataclass
class StudentResult:
    """Everything the reports need about one student."""

    student: str
    exercises: dict[str, ExerciseResult] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    problems: dict[str, list[CellProblem]] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    written: dict[str, str] = field(default_factory=dict)
    attempts: list[str] = field(default_factory=list)       # what the code tried (flags.py, launch.py)
    grader_errors: list[str] = field(default_factory=list)  # the grader's own failures, not the student's


@dataclass
class GradingData:
    """The hidden inputs and the points of every exercise."""

    hidden: dict[str, list[tuple]]
    points: dict[str, float]
    degenerate: dict[str, list[bool]] = field(default_factory=dict)   # per hidden case: earns nothing alone


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
    hidden = {number: make() for number, make in module.HIDDEN.items()}
    wrong = getattr(module, "WRONG", {})
    degenerate = {number: degenerate_cases(number, cases, wrong.get(number, [])) for number, cases in hidden.items()}
    return GradingData(hidden, points, degenerate)


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


#: The hint for an exercise whose cells the student's copy does not have (it predates the exercise).
NOT_IN_COPY = ("not in your copy of the notebook: update it (your {notebook} has no cells for this exercise; "
               "get the new copy from your instructor, or copy the exercise's cells into yours)")


def _course_cells(course: Path, name: str) -> set[str]:
    """The code cells of the student copy of notebook ``name`` (what every student starts from)."""
    copy = student_notebook(nbformat.read(course / "notebooks" / name, as_version=4))
    return {cell.source.strip() for cell in copy.cells if cell.cell_type == "code"}


#: The flag of each kind of cell problem (:class:`.run.CellProblem`), in the order the flags column gives them.
PROBLEM_FLAGS = {"timeout": "timeout in cell {cells}", "error": "error in cell {cells}",
                 "killed the kernel": "cell {cells} killed the kernel"}


def _flags(result: StudentResult) -> list[str]:
    """The flags column: what the code tried, grader errors, timeouts, helper answers, one phrase each."""
    out = list(result.attempts) + list(result.grader_errors) + list(result.flags)
    for notebook, problems in sorted(result.problems.items()):
        short = notebook[:2]
        for kind, phrase in PROBLEM_FLAGS.items():
            cells = ", ".join(str(p.index + 1) for p in problems if p.kind == kind)
            if cells:
                out.append(f"{short}: {phrase.format(cells=cells)}")
        skipped = [p for p in problems if p.kind == "not run"]
        if skipped:
            out.append(f"{short}: notebook time limit, {len(skipped)} cells not run")
    for number, ex in result.exercises.items():
        if ex.status == Status.HELPER_ANSWER:
            out.append(f"{number}: {Status.HELPER_ANSWER}")
    return out


def grade(submissions: Path | None, limits: Limits = Limits(), workers: int | None = None,
          course: Path = ROOT, grading: Path | None = None,
          progress: bool = True, assignment: str | None = None,
          sandboxed: bool = True, homes: Path | None = None, course_dir: str = TARGET,
          home_prefix: str = "") -> tuple[list[StudentResult], list[Unusable]]:
    """Grade every submission in ``submissions``, or in the students' home folders ``homes``.

    Parameters
    ----------
    submissions : pathlib.Path or None
        A folder of submissions (see :mod:`.collect` for the shapes); None
        when ``homes`` is given.
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
    assignment : str, optional
        Grade only this assignment of ``grading/assignments.toml`` (see
        :mod:`.assignments`): its exercises are judged, the others get the
        status ``"not in this assignment"`` and no points, and only the
        notebooks it uses count as missing.
    sandboxed : bool, optional
        Run every kernel in the sandbox (the default); raises
        :class:`SandboxUnavailable` when it cannot run here. False runs them as
        plain processes of this user (the reports then say so at their top).
    homes, course_dir, home_prefix : optional
        On a hub: collect from ``homes/<user>/<course_dir>/notebooks/`` instead
        of ``submissions``, the student's name being the home folder's name
        without ``home_prefix`` (see :func:`.collect.collect_homes`).

    Returns
    -------
    tuple
        ``(results, unusable)``: one :class:`StudentResult` per student,
        sorted by name, and the files that could not be used.
    """
    grading = grading or course / "grading"
    data = load_grading_data(grading)
    course_table = course_exercises(course / "notebooks")
    chosen = assignment_exercises(assignment, grading, course_table) if assignment else set(checks.EXERCISES)
    table = {name: ids & chosen for name, ids in course_table.items() if ids & chosen}
    if homes is not None:
        handed_in, unusable, skipped = collect_homes(homes, course_table, course_dir, home_prefix)
        if progress and skipped:
            print(f"not students here (no {course_dir}/notebooks/ in their home): {', '.join(skipped)}", flush=True)
    else:
        handed_in, unusable = collect(submissions, course_table)
    found = [sub for sub in handed_in if sub.notebook in table]     # the assignment's notebooks only
    if sandboxed and (why := sandbox.unavailable()):
        raise SandboxUnavailable(sandbox.INSTALL_HINT.format(why=why))
    specs = {name: _specs(sorted(ids, key=exercise_order), data, limits) for name, ids in table.items()}
    workers = workers or os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="imgsim-grading-") as scratch:
        os.chmod(scratch, 0o700)
        snapshot = make_snapshot(course, Path(scratch) / "course-snapshot")

        def run(sub: Submission) -> RunResult:
            try:
                outcome = run_submission(sub.content, sub.notebook, snapshot, specs[sub.notebook], limits,
                                         Path(scratch), sandboxed)
            except Exception as exc:  # a grader error costs this notebook only; the run goes on
                outcome = RunResult(flags=[f"the grader failed on this notebook: {type(exc).__name__}: {exc}"])
            if progress:
                print(f"graded {sub.student:20s} {sub.notebook:40s} {outcome.seconds:5.1f} s", flush=True)
            return outcome
        with ThreadPoolExecutor(max_workers=workers) as pool:
            runs = list(pool.map(run, found))
    students = sorted({s.student for s in handed_in} | {u.student for u in unusable})
    course_cells: dict[str, set[str]] = {}
    results = {name: StudentResult(name) for name in students}
    for sub, outcome in zip(found, runs):
        result = results[sub.student]
        result.sources[sub.notebook] = sub.source
        for problem in outcome.problems:
            problem.detail = scrub_paths(problem.detail, scratch)
        result.problems[sub.notebook] = outcome.problems
        result.grader_errors.extend(f"{sub.notebook[:2]}: {scrub_paths(flag, scratch)}" for flag in outcome.flags)
        if sub.notebook not in course_cells:    # once per notebook, not once per submission
            course_cells[sub.notebook] = _course_cells(course, sub.notebook)
        starting = course_cells[sub.notebook]
        added = "\n\n".join(cell.source for cell in sub.content.cells
                             if cell.cell_type == "code" and cell.source.strip() not in starting)
        for attempt in flags.attempts(added) + outcome.audit:
            entry = f"{sub.notebook[:2]}: tried: {attempt}"
            if entry not in result.attempts:
                result.attempts.append(entry)
        in_copy = exercise_ids(sub.content)
        for number in sorted(table[sub.notebook], key=exercise_order):
            max_points = data.points[number]
            if checks.EXERCISES[number].kind == "written":
                result.written[number] = written_answer(number, sub.content)
                result.exercises[number] = ExerciseResult(number, None, max_points, Status.TO_BE_MARKED)
                continue
            answer = outcome.answers.get(number)
            if number not in in_copy and answer is not None and not answer[0].get("found"):
                result.exercises[number] = ExerciseResult(number, 0.0, max_points, Status.NOT_IN_COPY,
                                                          NOT_IN_COPY.format(notebook=sub.notebook))
                continue
            judged = judge_exercise(number, max_points, answer, data.hidden.get(number, []), sub.content,
                                    outcome.problems, data.degenerate.get(number))
            judged.hint = scrub_paths(judged.hint, scratch)
            result.exercises[number] = judged
            if checks.EXERCISES[number].kind == "function" and (helper := flags.copies_helper(number, added)):
                result.attempts.append(f"{number}: matches the course's helper `{helper}`")
        older = sorted(table[sub.notebook] - in_copy, key=exercise_order)
        if older:
            result.flags.append(f"{sub.notebook[:2]}: an older copy, without {', '.join(older)}")
    for name, result in results.items():
        for number in all_exercises():
            if number not in chosen:
                result.exercises[number] = ExerciseResult(number, None, data.points[number], OUTSIDE)
            elif number not in result.exercises:
                result.exercises[number] = ExerciseResult(number, 0.0, data.points[number], Status.NO_SUBMISSION)
        missing = sorted({n[:2] for n in table} - {n[:2] for n in result.sources})
        if missing:
            result.flags.append(f"no submission for notebook {', '.join(missing)}")
        result.flags.extend(f"unusable file {u.source}: {u.reason}" for u in unusable if u.student == name)
        result.flags = _flags(result)
        if not sandboxed:
            result.flags.insert(0, "graded without the sandbox (--no-sandbox)")
    pairs = class_pair_flags(found, {name: r.written for name, r in results.items()}, chosen, course / "notebooks")
    for name, pair in pairs.items():
        results[name].flags.extend(pair)
    return [results[name] for name in students], unusable


def all_exercises() -> list[str]:
    """Every exercise number of the course, in order."""
    return sorted(checks.EXERCISES, key=exercise_order)


def written_exercises() -> list[str]:
    """The course's written exercises (the instructor marks them), in order."""
    return [n for n in all_exercises() if checks.EXERCISES[n].kind == "written"]
