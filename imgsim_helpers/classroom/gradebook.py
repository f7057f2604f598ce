"""The gradebook, ``gradebook.csv``: the points of every student, merged with what the instructor typed.

One row per student; columns ``student``, one per exercise (its points),
``total``, ``flags``. A written exercise's column is for the instructor's
points: re-running the grader keeps what was typed there, and counts it only
when it is a number within the exercise's points. Students graded before but
not in this run keep their row. :mod:`.report` writes the HTML pages beside it.
"""

from __future__ import annotations

import csv
import math
import os
from pathlib import Path

from .. import checks
from .._shared.status import Status
from .assignments import OUTSIDE
from .grade import StudentResult, all_exercises, written_exercises

__all__ = ["points_text", "read_gradebook", "read_manual_points", "typed_points", "write_gradebook"]


def points_text(points: float | None) -> str:
    """Points as the gradebook and the pages write them: ``2``, ``1.25``, or ``""`` for none."""
    if points is None:
        return ""
    return f"{points:g}" if float(points).is_integer() else f"{points:.2f}"


def read_gradebook(path: Path) -> dict[str, dict[str, str]]:
    """Every row of an existing ``gradebook.csv``, by student (empty when there is none yet).

    The grader reads it *before* any submission runs, so nothing a submission
    does can change the marks it keeps.
    """
    if not path.exists():
        return {}
    with open(path, newline="", encoding="utf-8") as handle:
        return {row["student"]: {key: (value or "").strip() for key, value in row.items() if key}
                for row in csv.DictReader(handle) if row.get("student")}


def read_manual_points(path: Path) -> dict[str, dict[str, str]]:
    """What the instructor typed in the written exercises' columns of an existing gradebook."""
    return {student: {n: row.get(n, "") for n in written_exercises()} for student, row in read_gradebook(path).items()}


def typed_points(typed: str, max_points: float) -> tuple[float | None, str]:
    """The points an instructor typed, or None and why they are refused (not a number, out of range)."""
    if not typed:
        return None, ""
    try:
        value = float(typed)
    except ValueError:
        return None, f"{typed!r} is not a number; not counted"
    if not math.isfinite(value) or not 0 <= value <= max_points:
        return None, f"{typed} is outside 0-{points_text(max_points)}; not counted"
    return value, ""


#: Statuses that mean "this run has nothing new to say": an earlier gradebook's value is kept.
_KEEP_OLD = (Status.NO_SUBMISSION, OUTSIDE)


def write_gradebook(results: list[StudentResult], path: Path,
                    previous: dict[str, dict[str, str]] | None = None) -> list[str]:
    """Write ``gradebook.csv``, merged with what was there; return warnings about typed marks.

    ``previous`` is the gradebook as it was before grading (:func:`read_gradebook`;
    read from ``path`` when not given). Typed marks of written exercises are
    kept, and counted only when they are a number within the exercise's points:
    anything else is named in a warning and not counted. Students graded
    before but not in this run keep their row as it was; an exercise this run
    did not grade for a student (no submission, outside the assignment) keeps
    its earlier value. The file is replaced in one step (a temporary file, then
    a rename), so it is never half written.
    """
    previous = read_gradebook(path) if previous is None else previous
    numbers = all_exercises()
    points = {number: result.exercises[number].max_points for result in results[:1] for number in numbers}
    warnings = []
    rows = {student: dict(row) for student, row in previous.items()}
    for result in results:
        old = previous.get(result.student, {})
        row = {"student": result.student}
        for number in numbers:
            ex = result.exercises[number]
            if checks.EXERCISES[number].kind == "written":
                row[number] = old.get(number, "")
            elif ex.status in _KEEP_OLD and old.get(number):
                row[number] = old[number]
            else:
                row[number] = points_text(ex.points)
        row["flags"] = "; ".join(result.flags)
        rows[result.student] = row
    for student, row in sorted(rows.items()):
        total = 0.0
        for number in numbers:
            value = row.get(number, "")
            if checks.EXERCISES[number].kind == "written":
                counted, why = typed_points(value, points.get(number, 1.0))
                if why:
                    warnings.append(f"{student}, {number}: {why}")
                total += counted or 0.0
            elif value:
                try:
                    total += float(value)
                except ValueError:
                    warnings.append(f"{student}, {number}: {value!r} is not a number; not counted")
        row["total"] = points_text(round(total, 2))
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(temporary, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["student", *numbers, "total", "flags"], extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows[student] for student in sorted(rows))
    os.replace(temporary, path)
    return warnings
