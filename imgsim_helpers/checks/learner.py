"""The learner's commands: ``check`` after an exercise, ``check_all`` and ``progress`` for a notebook.

``check`` tries your answer on a few visible inputs and prints one line: a
pass, "not done yet" for an untouched stub, or the first problem found with a
hint. It never raises, so a notebook with unsolved exercises still runs from
top to bottom. ``check_all("03")`` prints a progress table for a notebook.
"""

from __future__ import annotations

from .framework import EXERCISES, FAIL, HELPER_RULE, PASS, TODO, Exercise
from .judging import assess, explain
from .running import cell_error, loop_hint, loop_kind, run_case, watched_call

_results: dict[str, str] = {}


def _verdict(exercise: Exercise, answer: object) -> tuple[str, str, str]:
    """The outcome of an answer on the visible inputs, the line to print, and the misconception's tag."""
    number = exercise.number
    tries, used_helper = [((), None)], False
    if exercise.kind == "function" and exercise.no_loop and callable(answer) and (kind := loop_kind(answer)):
        return FAIL, f"\u2718 Exercise {number}: not yet. Hint: {loop_hint(kind)}", "loop"   # without running it
    if exercise.kind == "function" and callable(answer):
        cases = exercise.cases()
        first, used_helper = watched_call(answer, cases[0], exercise.helpers)  # the first case, watched
        tries = [(cases[0], first)] + [(args, run_case(answer, args)) for args in cases[1:]]
    for args, result in tries:
        outcome, hint, tag = assess(number, answer, args, result)
        if outcome != PASS:
            break
    else:
        if exercise.helpers and used_helper:
            outcome, hint, tag = (FAIL, f"your function {HELPER_RULE}: write it yourself (it gets no points when "
                                  "graded)", "helper answer")
    if outcome == TODO and (error := cell_error(exercise.name)) is not None:
        extra, tag = explain(error, exercise)
        outcome, hint = FAIL, (f"the cell that {'computes' if exercise.kind == 'value' else 'defines'} "
                               f"`{exercise.name}` raised {error.type_name}: {error.message}{extra}")
    if outcome == TODO:
        return TODO, f"\u2026 Exercise {number}: not done yet ({exercise.task}).", tag
    if outcome == FAIL:
        return FAIL, f"\u2718 Exercise {number}: not yet. Hint: {hint}", tag
    return PASS, f"\u2714 Exercise {number}: all tests passed.", tag


def check(number: str, answer: object) -> None:
    """Check the answer to exercise ``number`` and print what to do next.

    Parameters
    ----------
    number : str
        The exercise's number, such as ``"3.1"``.
    answer : object
        Your answer: a value or a function, as the exercise asks.

    Notes
    -----
    Prints one line: a tick, "not done yet", or a hint. The outcome is kept
    for :func:`check_all` and :func:`progress`.
    """
    if number not in EXERCISES or EXERCISES[number].kind == "written":
        known = ", ".join(n for n, e in EXERCISES.items() if e.kind != "written")
        raise ValueError(f"there is no exercise {number!r} to check; the exercises are {known}")
    outcome, line, _tag = _verdict(EXERCISES[number], answer)
    _results[number] = outcome
    print(line)


def _numbers_of(notebook: str) -> list[str]:
    """The checked exercises of one notebook (``"03"`` -> ``["3.1", "3.2", "3.3"]``)."""
    prefix = f"{int(notebook)}."
    numbers = [n for n, e in EXERCISES.items() if n.startswith(prefix) and e.kind != "written"]
    if not numbers:
        raise ValueError(f"notebook {notebook!r} has no exercises")
    return numbers


def progress(notebook: str) -> dict[str, str]:
    """Each exercise's latest outcome in this session, for one notebook (e.g. ``"03"``).

    Returns
    -------
    dict of str to str
        ``"passed"``, ``"not done yet"``, ``"try again"``, or ``"not checked"``
        if its check cell has not run.
    """
    return {n: _results.get(n, "not checked") for n in _numbers_of(notebook)}


def check_all(notebook: str) -> None:
    """Print a progress table of the exercises of one notebook (e.g. ``"03"``)."""
    table = progress(notebook)
    print(f"Exercises of notebook {int(notebook):02d}")
    for n, outcome in table.items():
        mark = {PASS: "\u2714", TODO: "\u2026", FAIL: "\u2718"}.get(outcome, " ")
        print(f"  {mark} {n:5s} {outcome:12s} {EXERCISES[n].task}")
    done = sum(outcome == PASS for outcome in table.values())
    print(f"{done} of {len(table)} passed.")
