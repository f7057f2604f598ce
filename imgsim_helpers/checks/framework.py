"""The framework of the checks: an exercise, the registry of exercises, outcomes, and the judges' tools.

Each notebook's judges module registers its exercises here with :func:`exercise`
(or :func:`written`); :data:`EXERCISES` is what the rest of the checks, the
grader and the class report read. A judge raises :class:`Wrong` (a hint and
the misconception's tag) or :class:`NotDone`, or returns for a right answer;
the tools at the end turn an answer into the number, array or distance a judge
compares, or say what it is instead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..images import load_image
from .._shared.status import Status

#: What the self-check tells a learner: "passed", "not done yet", "try again" (see :class:`Status`).
PASS, TODO, FAIL = Status.PASSED.learner, Status.NOT_DONE.learner, Status.WRONG.learner
#: The folder of the course's helpers: a function defined there is one of the course's own.
PACKAGE_DIR = Path(__file__).resolve().parent.parent

#: The rule every exercise introduction states, and the grader's reason for 0 points.
HELPER_RULE = "uses the course's helper instead of your own code"


class NotDone(Exception):
    """The answer is still the stub (``...`` or ``NotImplementedError``)."""


class Wrong(Exception):
    """The answer is wrong: ``str(self)`` is the hint, ``tag`` names the misconception.

    ``early_return`` marks a symptom (one value instead of three, the first bin
    only) whose likely cause, in a function with a loop, is a ``return`` inside
    the loop: :func:`judge` then names that cause.
    """

    def __init__(self, hint: str, tag: str = "wrong answer", early_return: bool = False) -> None:
        super().__init__(hint)
        self.tag = tag
        self.early_return = early_return


@dataclass(frozen=True)
class Raised:
    """What a learner's function raised instead of returning (type name and message).

    ``source`` is the answer cell's code when the error is that cell's own (some
    errors are explained by what the code says, such as ``^`` for a power).
    """

    type_name: str
    message: str
    source: str = ""


@dataclass(frozen=True)
class Exercise:
    """One exercise: what to write, where the answer is, and how to judge it.

    ``name`` is the variable the notebook stores the answer in; ``kind`` is
    ``"value"`` (a number or array), ``"function"`` or ``"written"`` (a text
    an instructor reads). ``judge(args, result, expected)`` raises
    :class:`Wrong` or :class:`NotDone`, or returns for a right answer;
    ``args`` is ``()`` for a value, and ``expected`` holds the expected
    results for ``args`` (the right answer under ``"right"``, typical wrong
    answers under their own names). ``cases()`` gives the visible inputs of a function exercise, and
    ``helpers`` names the course helpers the exercise asks you to write
    yourself (using them scores 0 when graded). ``no_loop`` is set when the
    task says "no loop" (a function with a Python loop is then refused), and
    ``errors`` holds the exercise's own plain-words explanations of errors,
    ``(words in the error, hint, tag)``, read before the general ones; a
    fourth item, a regular expression, makes an explanation apply only to an
    answer cell whose code matches it.
    """

    number: str
    task: str
    name: str
    kind: str
    judge: Callable[[tuple, object, Mapping[str, object]], None] | None = None
    cases: Callable[[], list[tuple]] = field(default=lambda: [])
    helpers: tuple[str, ...] = ()
    no_loop: bool = False
    errors: tuple[tuple[str, ...], ...] = ()


#: What a judge compares with: names ("right", "swapped", ...) and their values.
Expected = Mapping[str, object]
#: Every exercise by its number, in the course's order: each notebook's judges module registers its own.
EXERCISES: dict[str, Exercise] = {}


def exercise(number: str, task: str, name: str, kind: str, cases: Callable[[], list[tuple]] | None = None,
             helpers: tuple[str, ...] = (), no_loop: bool = False,
             errors: tuple[tuple[str, ...], ...] = ()) -> Callable:
    """Register the decorated judge as exercise ``number``."""
    def register(judge_fn: Callable[[tuple, object, Expected], None]) -> Callable[[tuple, object, Expected], None]:
        EXERCISES[number] = Exercise(number, task, name, kind, judge_fn, cases or (lambda: []), helpers, no_loop,
                                     errors)
        return judge_fn
    return register


def written(number: str, task: str) -> None:
    """Register a written exercise: graded by hand, never by a judge."""
    EXERCISES[number] = Exercise(number, task, "", "written")


@lru_cache(maxsize=None)
def photo(name: str) -> np.ndarray:
    """A bundled photo, loaded once (read-only so a learner's function cannot change it)."""
    return frozen(load_image(name))


def frozen(array: np.ndarray) -> np.ndarray:
    """``array``, read-only: a visible input that a learner's function cannot change."""
    array.flags.writeable = False
    return array


def type_of(answer: object) -> str:
    """The type of an answer as a learner knows it (the grader's stand-ins report the original)."""
    return getattr(answer, "type_name", type(answer).__name__)


def as_number(answer: object) -> float:
    """The answer as a number, or a Wrong explaining what it is instead."""
    if isinstance(answer, (bool, np.bool_)) or not isinstance(answer, (int, float, np.integer, np.floating)):
        raise Wrong(f"expected a single number, got {type_of(answer)}: {answer!r}", "not a number")
    return float(answer)


def as_array(answer: object, what: str) -> np.ndarray:
    """The answer as a NumPy array, or a Wrong if it is not one (one number: perhaps a `return` inside a loop)."""
    if isinstance(answer, (list, tuple)):
        raise Wrong(f"{what} should be a NumPy array, got a {type(answer).__name__}: wrap it in np.array(...)",
                    "list not array")
    if not isinstance(answer, np.ndarray):
        raise Wrong(f"{what} should be a NumPy array, got {type_of(answer)}", "not an array",
                    early_return=isinstance(answer, (int, float, np.number)))
    return answer


def as_distance(answer: object, per: str) -> float:
    """A distance as a number, or a Wrong; an array of them is a sum not done (one value ``per`` place or bin)."""
    if isinstance(answer, np.ndarray) and answer.size > 1:
        raise Wrong(f"you returned {answer.size:,} numbers (an array of shape {answer.shape}), one per {per}; a "
                    "distance is one number: add them up (np.sum)", "not added up")
    return as_number(answer)



def raise_known_mistake(matches: Callable[[object], object], expected: Expected,
                        mistakes: Sequence[tuple[str, str, str]]) -> None:
    """Raise the :class:`Wrong` of the first typical wrong answer the answer is, if it is one of ``mistakes``.

    ``mistakes`` holds ``(name, hint, tag)``, in the order a judge tries them:
    ``expected[name]`` is what that mistake gives for these inputs (``None``
    where it cannot be told from a right answer), and ``matches(wrong)`` says
    whether the answer is it (equal, or close for a number).
    """
    for name, hint, tag in mistakes:
        if expected[name] is not None and matches(expected[name]):
            raise Wrong(hint, tag)
