"""Judging one try of an answer: the stub, the common slips, the exercise's judge, and errors in plain words.

:func:`judge` raises :class:`~.framework.NotDone` or :class:`~.framework.Wrong`
(or returns for a right answer); :func:`assess` turns that into an outcome, a
hint and a tag without raising, for the learner's check and for the grader.
"""

from __future__ import annotations

import re

from .framework import EXERCISES, FAIL, PASS, TODO, Exercise, Expected, NotDone, Raised, Wrong, type_of
from .running import RETURN_IN_LOOP, loop_hint, loop_kind
from .stored import MissingExpected, stored_expected

#: Plain-words explanations of errors beginners meet in these exercises: (words in the error, hint, tag).
_ERRORS = [
    ("same_kind", "you divided in place (/=) into an array of whole numbers; write a / b to make a new array",
     "in-place division"),
    ("read-only", "your function tried to change the array it was given (with /=, += or an assignment "
     "such as a[0] = ...); compute a new array instead, such as a / b", "changed the input"),
    ("cannot reshape", "the new shape must hold exactly as many values as the array has", "wrong reshape"),
    ("'float' object cannot be interpreted as an integer", "a shape or a count must be a whole number, and / "
     "always gives a float (256 / 16 is 16.0); // divides and rounds down to a whole number", "float, not whole"),
    ("only integer scalar arrays can be converted to a scalar index", "np.min(a, b) takes one array and reads b "
     "as an axis; to compare two arrays bin by bin you need NumPy's element-wise version", "np.min of two arrays"),
    ("too deep", "np.bincount needs a flat (1-D) array: flatten the values first", "not flat"),
    ("unsupported operand", "check that you are computing with numbers or arrays, not lists", "lists not arrays"),
    ("out of bounds for uint8", "a uint8 array cannot hold that number: convert the array to a wider type "
     "(such as int) before adding", "uint8 wrap-around"),
    ("truth value of an array", "Python's built-in min, max, and, or and if look at a whole array at once and "
     "cannot decide; NumPy has element-wise versions that compare bin by bin", "built-in min on arrays"),
    ("only integers, slices", "an index must be a whole number, and / always gives a float (7 / 2 is 3.5, and even "
     "8 / 2 is 4.0); // divides and rounds down to a whole number", "float index"),
    ("slice indices must be integers", "an index must be a whole number, and / always gives a float (7 / 2 is 3.5, "
     "and even 8 / 2 is 4.0); // divides and rounds down to a whole number", "float index"),
    ("math domain error", "math.sqrt was given a negative number, and a negative number has no square root",
     "root of a negative"),
    ("'tuple' object is not callable", "a shape is a tuple of numbers, not a function: read its parts with square "
     "brackets, such as img.shape[0], not img.shape(0)", "called a tuple"),
    ("'int' object is not callable", "that is a number, not a function: leave out the () (img.size, not img.size())",
     "called a number"),
    ("has no attribute 'width'", "a NumPy array has no .width or .height (a Pillow image has them): its size is in "
     ".shape, (height, width, channels)", "no width"),
    ("has no attribute 'height'", "a NumPy array has no .width or .height (a Pillow image has them): its size is in "
     ".shape, (height, width, channels)", "no width"),
    ("out of bounds for uint16", "uint16 has no negative numbers either (it holds 0 to 65,535): compute in a signed "
     "type such as int (int64), where a value can go below 0 before you clip it", "unsigned type"),
    ("bitwise_xor", "^ is not a power in Python (it is bitwise xor): write ** for a power, such as d ** 2",
     "^ for a power"),
]


def explain(raised: Raised, exercise: Exercise | None = None) -> tuple[str, str]:
    """A hint and a tag for an error a learner's code raised (the exercise's own explanations first)."""
    for words, hint, tag, *code in (exercise.errors if exercise else ()) + tuple(_ERRORS):
        if words in raised.message and (not code or re.search(code[0], raised.source)):
            return f". In other words: {hint}", tag
    return "", f"raised {raised.type_name}"


def explain_error(number: str, type_name: str, message: str, source: str = "") -> tuple[str, str]:
    """How the checks explain an error in exercise ``number``: ``(". In other words: ...", tag)``, or ``("", tag)``.

    ``source`` is the code of the answer cell that raised it, if the error is that cell's.
    """
    return explain(Raised(type_name, message, source), EXERCISES.get(number))


def judge(number: str, answer: object, args: tuple = (), result: object = None,
          expected: Expected | None = None) -> None:
    """Judge one try of an answer; raise :class:`NotDone` or :class:`Wrong`, or return if right.

    Parameters
    ----------
    number : str
        The exercise, such as ``"3.1"``.
    answer : object
        The learner's answer: the value, or the function itself.
    args, result : tuple and object, optional
        For a function: the inputs it was called with and what it gave back
        (a :class:`Raised` if it raised). Ignored for a value.
    expected : mapping, optional
        The expected results for ``args``; by default the stored ones, which
        exist for the visible inputs only (else :class:`MissingExpected`).
    """
    exercise = EXERCISES[number]
    if answer is ...:
        raise NotDone
    if answer is None:
        raise Wrong("your answer is None: print(...) shows a value but gives None, so store the value itself, without "
                    "print; if it comes from a function, did you forget `return`?", "no return")
    if exercise.kind == "value":
        exercise.judge((), answer, stored_expected(number) if expected is None else expected)
        return
    if not callable(answer):
        raise Wrong(f"expected a function, got {type_of(answer)}; pass the function's name without ()",
                    "not a function")
    if isinstance(result, Raised) and result.type_name == "NotImplementedError":
        raise NotDone
    if exercise.no_loop and (kind := loop_kind(answer)):
        raise Wrong(loop_hint(kind), "loop")
    if isinstance(result, Raised):
        if result.type_name == "GradingTimeout":
            raise Wrong(f"your function did not finish in time ({result.message}): is there an endless loop?",
                        "too slow")
        extra, tag = explain(result, exercise)
        raise Wrong(f"your function raised {result.type_name}: {result.message}{extra}", tag)
    if result is None:
        raise Wrong("your function returned None: did you forget `return` (print only shows a value), or is "
                    "the `return` reached only when an `if` is true, and here it never was? (For a smallest "
                    "value, start from the first one, not from 0.)", "no return")
    if result is ...:
        raise NotDone
    try:
        exercise.judge(args, result, stored_expected(number, args) if expected is None else expected)
    except Wrong as wrong:
        if wrong.early_return and loop_kind(answer) == "for":   # a comprehension has no `return` inside
            raise Wrong(f"{wrong}. {RETURN_IN_LOOP}", "return inside the loop") from None
        raise


def assess(number: str, answer: object, args: tuple = (), result: object = None,
           expected: Expected | None = None) -> tuple[str, str, str]:
    """Judge one try of an answer without raising, unless no expected results are known for ``args``.

    ``expected`` is as for :func:`judge` (the grader passes the results for its
    hidden inputs); a :class:`MissingExpected` is raised, not reported as the
    learner's mistake.

    Returns
    -------
    tuple of str
        ``(outcome, hint, tag)``: ``"passed"``, ``"not done yet"`` or ``"try
        again"``; the hint to show (empty when passed); the misconception's tag.
    """
    try:
        judge(number, answer, args, result, expected)
    except NotDone:
        return TODO, "", "not done"
    except Wrong as hint:
        return FAIL, str(hint), hint.tag
    except MissingExpected:
        raise
    except Exception as exc:  # an answer of a shape no judge expected: say so, never crash
        task = EXERCISES[number].task
        return FAIL, (f"your answer could not be compared with the expected one ({type(exc).__name__}: {exc}); "
                      f"check its type and shape against the task: {task}"), "unexpected type"
    return PASS, "", ""
