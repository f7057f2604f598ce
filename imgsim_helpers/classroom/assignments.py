"""Assignments: named sets of notebooks and exercises, graded one at a time.

``grading/assignments.toml`` (beside ``points.toml``) names them::

    [assignments.2]
    about = "class 2 homework"
    notebooks = ["05"]            # every exercise of notebook 05
    exercises = ["4.1", "4.3"]    # and these two of notebook 04

Grading with ``--assignment 2`` runs only the notebooks that hold one of its
exercises, judges only its exercises, and flags a missing notebook only when
the assignment uses it. An exercise outside the assignment gets the status
:data:`OUTSIDE` and no points (``None``: an empty gradebook cell, not a 0).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from .._shared.status import Status

__all__ = ["OUTSIDE", "UnknownAssignment", "assignment_exercises", "load_assignments"]

#: The status of an exercise the graded assignment leaves out.
OUTSIDE = Status.NOT_IN_ASSIGNMENT


class UnknownAssignment(ValueError):
    """An assignment name that ``assignments.toml`` does not define."""


def load_assignments(folder: Path) -> dict[str, dict]:
    """The assignments in ``folder / "assignments.toml"``, by name ({} if the file is missing)."""
    path = folder / "assignments.toml"
    if not path.exists():
        return {}
    table = tomllib.loads(path.read_text(encoding="utf-8")).get("assignments", {})
    return {str(name): entry for name, entry in table.items()}


def assignment_exercises(name: str, folder: Path, course: dict[str, set[str]]) -> set[str]:
    """The exercise numbers assignment ``name`` covers.

    Parameters
    ----------
    name : str
        The assignment's name, such as ``"1"``.
    folder : pathlib.Path
        The grading folder, with ``assignments.toml``.
    course : dict
        ``{course notebook file name: its exercise numbers}`` (from
        :func:`.collect.course_exercises`).

    Returns
    -------
    set of str
        Every exercise of the notebooks it lists, plus the exercises it lists.

    Raises
    ------
    UnknownAssignment
        ``name`` is not defined; the message lists the names that are.
    ValueError
        The assignment names a notebook or an exercise the course does not have.
    """
    assignments = load_assignments(folder)
    if name not in assignments:
        known = ", ".join(assignments) or "none (the file is missing or empty)"
        raise UnknownAssignment(f"no assignment {name!r} in {folder / 'assignments.toml'}; the known ones are: "
                                f"{known}")
    entry = assignments[name]
    by_number = {file[:2]: ids for file, ids in course.items()}
    every = set().union(*course.values()) if course else set()
    chosen: set[str] = set()
    unknown = []
    for notebook in entry.get("notebooks", []):
        if notebook in by_number:
            chosen |= by_number[notebook]
        else:
            unknown.append(f"notebook {notebook}")
    for number in entry.get("exercises", []):
        if number in every:
            chosen.add(number)
        else:
            unknown.append(f"exercise {number}")
    if unknown:
        raise ValueError(f"assignment {name!r} in {folder / 'assignments.toml'} names what the course does not "
                         f"have: {', '.join(unknown)} (notebooks with exercises: {', '.join(sorted(by_number))})")
    if not chosen:
        raise ValueError(f"assignment {name!r} in {folder / 'assignments.toml'} lists no notebook or exercise")
    return chosen
