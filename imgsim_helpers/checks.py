"""Instant feedback for the exercises: ``check("3.1", red_histogram)``.

Each exercise has a *judge* here: given the inputs an answer was tried on and
what it gave back, it says whether that is right and, when it is not, which
typical mistake it looks like ("your histogram has 255 bins: range(255) stops
at 254"). Each hint carries a short *tag* naming the misconception, so the
class report of the grader can count how many students hit it.

``check`` tries your answer on a few visible inputs and prints one line: a
pass, "not done yet" for an untouched stub, or the first problem found with a
hint. It never raises, so a notebook with unsolved exercises still runs from
top to bottom. ``check_all("03")`` prints a progress table for a notebook.

The grader (``python -m imgsim_helpers.exercises grade``) uses the same judges
on inputs the learner never sees, so an answer that only fits the visible
inputs does not pass there.

A judge computes no answer itself: it compares with *expected results* (the
right answer for the inputs, and the typical wrong answers its hints name).
For the visible inputs they are stored as data in ``expected_visible.json``
beside this file; the code that computes them, for any input, is the
instructor's (``imgsim_helpers/classroom/expected.py``, not in the student
bundle), and the grader hands its results to the judges.
"""

from __future__ import annotations

import builtins
import dis
import hashlib
import json
import linecache
import math
import re
import sys
import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from .histograms import histogram
from .images import load_image
from ._shared.status import Status

__all__ = ["EXERCISES", "Exercise", "Fingerprint", "LOOP_KINDS", "MissingExpected", "NotDone", "Raised", "Wrong",
           "assess", "case_key", "check", "check_all", "explain_error", "fingerprint", "judge", "loop_kind", "loops",
           "progress", "run_case", "stored_expected"]

#: What the self-check tells a learner: "passed", "not done yet", "try again" (see :class:`Status`).
PASS, TODO, FAIL = Status.PASSED.learner, Status.NOT_DONE.learner, Status.WRONG.learner
PACKAGE_DIR = Path(__file__).resolve().parent
#: The expected results of the visible inputs (written by ``python -m imgsim_helpers.classroom.expected``).
STORED = PACKAGE_DIR / "expected_visible.json"

#: The rule every exercise introduction states, and the grader's reason for 0 points.
HELPER_RULE = "uses the course's helper instead of your own code"
#: Why an exercise says "no loop": the second half of its hint for a function with a loop.
_LOOP_WHY = ("a loop handles the values one at a time in Python, tens to hundreds of times slower than one NumPy "
             "operation on the whole array, which runs in compiled code (a 640 x 604 photo holds 1.2 million values; "
             "notebook 11 measures it; that is what makes a search through thousands of photos possible). Write it "
             "with array operations on the whole array")
#: Every spelling of a Python loop that an exercise saying "no loop" refuses, and how its hint names it.
LOOP_KINDS = {
    "for": "a Python loop (a `for` or `while` loop)",
    "comprehension": "a Python loop (a comprehension: `... for ... in ...`)",
    "map": "`map`, a Python loop in disguise: it calls a function once per value",
    "filter": "`filter`, a Python loop in disguise: it calls a function once per value",
    "sum": "Python's built-in `sum`, a Python loop in disguise: it adds the values one at a time (np.sum adds them "
           "in compiled code)",
    "vectorize": "`np.vectorize`, a Python loop in disguise: it calls your Python function once per value (NumPy's "
                 "documentation says it is essentially a for loop)",
    "frompyfunc": "`np.frompyfunc`, a Python loop in disguise: it calls your Python function once per value",
    "fromiter": "`np.fromiter`, a Python loop in disguise: it takes the values one at a time from a Python iterator",
    "apply_along_axis": "`np.apply_along_axis`, a Python loop in disguise: it calls a Python function once per row",
}
#: The cause named when a function with a loop stops after its first round.
RETURN_IN_LOOP = ("Your function has a loop: is its `return` inside the loop? A `return` ends the function in the "
                  "loop's first round; put it after the loop (one indent less), once every round is done")


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


EXERCISES: dict[str, Exercise] = {}
_results: dict[str, str] = {}


def _exercise(number: str, task: str, name: str, kind: str, cases: Callable[[], list[tuple]] | None = None,
              helpers: tuple[str, ...] = (), no_loop: bool = False,
              errors: tuple[tuple[str, ...], ...] = ()) -> Callable:
    """Register the decorated judge as exercise ``number``."""
    def register(judge_fn: Callable[[tuple, object, Expected], None]) -> Callable[[tuple, object, Expected], None]:
        EXERCISES[number] = Exercise(number, task, name, kind, judge_fn, cases or (lambda: []), helpers, no_loop,
                                     errors)
        return judge_fn
    return register


def _written(number: str, task: str) -> None:
    """Register a written exercise: graded by hand, never by a judge."""
    EXERCISES[number] = Exercise(number, task, "", "written")


@lru_cache(maxsize=None)
def _photo(name: str) -> np.ndarray:
    """A bundled photo, loaded once (read-only so a learner's function cannot change it)."""
    return _frozen(load_image(name))


def _frozen(array: np.ndarray) -> np.ndarray:
    """``array``, read-only: a visible input that a learner's function cannot change."""
    array.flags.writeable = False
    return array


def _type_name(answer: object) -> str:
    """The type of an answer as a learner knows it (the grader's stand-ins report the original)."""
    return getattr(answer, "type_name", type(answer).__name__)


# ---- expected results ---------------------------------------------------------------

#: What a judge compares with: names ("right", "swapped", ...) and their values.
Expected = Mapping[str, object]


class MissingExpected(LookupError):
    """No expected results are stored for these inputs: only the visible inputs' are."""


@dataclass(frozen=True)
class Fingerprint:
    """A large whole-number array, stored as its shape and a digest of its values."""

    shape: tuple[int, ...]
    sha256: str

    @property
    def size(self) -> int:
        return math.prod(self.shape)


def fingerprint(array: object) -> str | None:
    """A digest of a whole-number array's shape and values (``None`` if it holds other values).

    Equal values give the same digest whatever the dtype (``uint8`` 7 and
    ``float`` 7.0 alike), as :func:`numpy.array_equal` would find them equal.
    """
    array = np.asarray(array)
    if array.dtype.kind == "f":
        if not np.all(np.isfinite(array)) or not np.array_equal(array, np.round(array)):
            return None
    elif array.dtype.kind not in "biu":
        return None
    digest = hashlib.sha256(repr(tuple(array.shape)).encode())
    digest.update(np.ascontiguousarray(array, dtype="<i8").tobytes())
    return digest.hexdigest()


def _same(got: np.ndarray, expected: object) -> bool:
    """Whether ``got`` has the shape and values of ``expected`` (an array, a :class:`Fingerprint` or ``None``)."""
    if expected is None:
        return False
    if isinstance(expected, Fingerprint):
        return got.shape == expected.shape and fingerprint(got) == expected.sha256
    return got.shape == np.shape(expected) and np.array_equal(got, expected)


def case_key(args: tuple) -> str:
    """A short digest naming the inputs ``args`` (arrays by dtype, shape and bytes; dictionaries in order)."""
    digest = hashlib.sha256()

    def feed(item: object) -> None:
        if isinstance(item, np.ndarray):
            digest.update(f"array {item.dtype.str} {item.shape};".encode())
            digest.update(np.ascontiguousarray(item).tobytes())
        elif isinstance(item, dict):
            digest.update(f"dict {len(item)};".encode())
            for key, value in item.items():
                feed(key)
                feed(value)
        elif isinstance(item, (tuple, list)):
            digest.update(f"{type(item).__name__} {len(item)};".encode())
            for value in item:
                feed(value)
        else:
            digest.update(f"{type(item).__name__} {item!r};".encode())

    feed(tuple(args))
    return digest.hexdigest()[:16]


def _decode(value: object) -> object:
    """A stored expected result as the judges use it (arrays read-only)."""
    if isinstance(value, list):
        return [_decode(item) for item in value]
    if isinstance(value, dict) and "sha256" in value:
        return Fingerprint(tuple(value["shape"]), value["sha256"])
    if isinstance(value, dict):
        return _frozen(np.array(value["values"], dtype=value["dtype"]).reshape(value["shape"]))
    return value


@lru_cache(maxsize=1)
def _stored_table() -> dict:
    return json.loads(STORED.read_text(encoding="utf-8"))


def stored_expected(number: str, args: tuple = ()) -> Expected:
    """The stored expected results of exercise ``number`` for the visible inputs ``args``."""
    entry = _stored_table().get(number, {}).get(case_key(args))
    if entry is None:
        raise MissingExpected(f"no expected results are stored for these inputs of exercise {number}: only the "
                              "visible inputs' are (the grader computes the others with "
                              "imgsim_helpers.classroom.expected)")
    return {name: _decode(value) for name, value in entry.items()}


# ---- running a learner's function ---------------------------------------------------

def run_case(function: Callable, args: tuple) -> object:
    """Call ``function(*args)``; return its result, or a :class:`Raised` for an exception."""
    try:
        return function(*args)
    except Exception as exc:  # a learner's bug: report it, do not crash the notebook
        return Raised(type(exc).__name__, str(exc))


def _watched_call(function: Callable, args: tuple, names: tuple[str, ...]) -> tuple[object, bool]:
    """``run_case(function, args)``, and whether it used one of the course helpers ``names`` directly.

    It did if ``function`` is itself one of the course's functions, or if it
    calls a helper named in ``names`` that is defined in this package (seen by
    watching the calls while it runs on ``args``). Helpers calling each
    other inside the package do not count.
    """
    code = getattr(function, "__code__", None)
    if code is not None and _in_package(code.co_filename):
        return run_case(function, args), True
    if not names:
        return run_case(function, args), False
    hits = []

    def watch(frame, event, _arg):
        if event == "call" and frame.f_code.co_name in names and _in_package(frame.f_code.co_filename):
            caller = frame.f_back
            if caller is None or not _in_package(caller.f_code.co_filename):
                hits.append(frame.f_code.co_name)

    previous = sys.getprofile()
    sys.setprofile(watch)
    try:
        result = run_case(function, args)
    finally:
        sys.setprofile(previous)
    return result, bool(hits)


@lru_cache(maxsize=256)
def _in_package(filename: str) -> bool:
    return Path(filename).resolve().is_relative_to(PACKAGE_DIR)


#: The loops in disguise, by the object called: Python's built-ins by their bare name, NumPy's as np.name.
_LOOP_CALLS = {id(builtins.map): "map", id(builtins.filter): "filter", id(builtins.sum): "sum",
               **{id(getattr(np, name)): name for name in ("vectorize", "frompyfunc", "fromiter", "apply_along_axis")}}
_NUMPY_LOOPS = ("vectorize", "frompyfunc", "fromiter", "apply_along_axis")
_COMPREHENSIONS = ("<listcomp>", "<setcomp>", "<dictcomp>", "<genexpr>")


def _code_loop_kinds(code: types.CodeType, scope: Mapping[str, object]) -> set[str]:
    """The loops compiled code runs, as keys of :data:`LOOP_KINDS` (nested code too).

    A ``for`` (``FOR_ITER``) or a jump back (``while``), in a comprehension or not;
    a call of ``map``, ``filter`` or the built-in ``sum`` (names looked up in
    ``scope``, the function's globals), or of ``np.vectorize`` and its kin.
    """
    kinds = set()
    for instruction in dis.get_instructions(code):
        if instruction.opname == "FOR_ITER" or ((instruction.opcode in dis.hasjrel or instruction.opcode in dis.hasjabs)
                                                and isinstance(instruction.argval, int)
                                                and instruction.argval < instruction.offset):
            kinds.add("comprehension" if code.co_name in _COMPREHENSIONS else "for")
        elif instruction.opname in ("LOAD_GLOBAL", "LOAD_NAME") and isinstance(instruction.argval, str):
            called = scope.get(instruction.argval, getattr(builtins, instruction.argval, None))
            if id(called) in _LOOP_CALLS:
                kinds.add(_LOOP_CALLS[id(called)])
        elif instruction.opname in ("LOAD_ATTR", "LOAD_METHOD") and instruction.argval in _NUMPY_LOOPS:
            kinds.add(instruction.argval)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            kinds |= _code_loop_kinds(const, scope)
    return kinds


def loop_kind(function: object) -> str | None:
    """The Python loop a learner's function runs, as a key of :data:`LOOP_KINDS`, or None.

    It is read from the compiled code, of ``function`` and of the functions of
    the learner's own that it calls by name (defined where it is defined, or
    around it). A ``for`` or ``while`` statement comes first, then a
    comprehension, then a loop in disguise (``map``, ``np.vectorize``, ...).
    The grader's stand-ins say it with a ``loops`` attribute (a key, or a
    bool), read from the submission's source.
    """
    known = getattr(function, "loops", None)
    if isinstance(known, (bool, str)):
        return ("for" if known is True else known) or None
    seen, todo, kinds = set(), [function], set()
    while todo:
        current = todo.pop()
        code = getattr(current, "__code__", None)
        if code is None or code in seen or _in_package(code.co_filename):
            continue
        seen.add(code)
        scope = getattr(current, "__globals__", {})
        kinds |= _code_loop_kinds(code, scope)
        names = set(code.co_names)
        names.update(n for c in code.co_consts if isinstance(c, types.CodeType) for n in c.co_names)
        todo.extend(scope[n] for n in names if isinstance(scope.get(n), types.FunctionType)
                    and scope[n].__module__ == getattr(function, "__module__", None))
        todo.extend(cell.cell_contents for cell in getattr(current, "__closure__", None) or ()
                    if isinstance(getattr(cell, "cell_contents", None), types.FunctionType))
    return next((kind for kind in LOOP_KINDS if kind in kinds), None)


def loops(function: object) -> bool:
    """Whether a learner's function runs a Python loop, in any spelling of :data:`LOOP_KINDS` (:func:`loop_kind`)."""
    return loop_kind(function) is not None


def _loop_hint(kind: str) -> str:
    """The hint for a function with a loop of this kind, where the task says no loop."""
    return f"your function uses {LOOP_KINDS.get(kind, LOOP_KINDS['for'])}, and the task says no loop: {_LOOP_WHY}"


def _cell_error(name: str) -> Raised | None:
    """The error of this session's latest failing cell, if that cell assigns or defines ``name``.

    In a notebook, a value exercise's answer cell that raises leaves the answer
    as it was (the stub's ``...``): the check then explains that error instead
    of saying "not done yet". IPython keeps the latest error in ``sys.last_value``
    and each cell's source in ``linecache``.
    """
    error = getattr(sys, "last_exc", None) or getattr(sys, "last_value", None)
    if not isinstance(error, BaseException):
        return None
    defines = re.compile(rf"^[ \t]*(def\s+{re.escape(name)}\b|{re.escape(name)}\s*=(?!=))", re.MULTILINE)
    filenames = [error.filename] if isinstance(error, SyntaxError) and error.filename else []
    tb = error.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_name == "<module>":
            filenames.append(tb.tb_frame.f_code.co_filename)
        tb = tb.tb_next
    for filename in filenames:
        source = "".join(linecache.getlines(filename))
        if defines.search(source):
            return Raised(type(error).__name__, str(error), source)
    return None


# ---- judging ----------------------------------------------------------------------

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


def _explain(raised: Raised, exercise: Exercise | None = None) -> tuple[str, str]:
    """A hint and a tag for an error a learner's code raised (the exercise's own explanations first)."""
    for words, hint, tag, *code in (exercise.errors if exercise else ()) + tuple(_ERRORS):
        if words in raised.message and (not code or re.search(code[0], raised.source)):
            return f". In other words: {hint}", tag
    return "", f"raised {raised.type_name}"


def explain_error(number: str, type_name: str, message: str, source: str = "") -> tuple[str, str]:
    """How the checks explain an error in exercise ``number``: ``(". In other words: ...", tag)``, or ``("", tag)``.

    ``source`` is the code of the answer cell that raised it, if the error is that cell's.
    """
    return _explain(Raised(type_name, message, source), EXERCISES.get(number))


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
        raise Wrong(f"expected a function, got {_type_name(answer)}; pass the function's name without ()",
                    "not a function")
    if isinstance(result, Raised) and result.type_name == "NotImplementedError":
        raise NotDone
    if exercise.no_loop and (kind := loop_kind(answer)):
        raise Wrong(_loop_hint(kind), "loop")
    if isinstance(result, Raised):
        if result.type_name == "GradingTimeout":
            raise Wrong(f"your function did not finish in time ({result.message}): is there an endless loop?",
                        "too slow")
        extra, tag = _explain(result, exercise)
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


def _number(answer: object) -> float:
    """The answer as a number, or a Wrong explaining what it is instead."""
    if isinstance(answer, (bool, np.bool_)) or not isinstance(answer, (int, float, np.integer, np.floating)):
        raise Wrong(f"expected a single number, got {_type_name(answer)}: {answer!r}", "not a number")
    return float(answer)


def _array(answer: object, what: str) -> np.ndarray:
    """The answer as a NumPy array, or a Wrong if it is not one (one number: perhaps a `return` inside a loop)."""
    if isinstance(answer, (list, tuple)):
        raise Wrong(f"{what} should be a NumPy array, got a {type(answer).__name__}: wrap it in np.array(...)",
                    "list not array")
    if not isinstance(answer, np.ndarray):
        raise Wrong(f"{what} should be a NumPy array, got {_type_name(answer)}", "not an array",
                    early_return=isinstance(answer, (int, float, np.number)))
    return answer


def _distance(answer: object, per: str) -> float:
    """A distance as a number, or a Wrong; an array of them is a sum not done (one value ``per`` place or bin)."""
    if isinstance(answer, np.ndarray) and answer.size > 1:
        raise Wrong(f"you returned {answer.size:,} numbers (an array of shape {answer.shape}), one per {per}; a "
                    "distance is one number: add them up (np.sum)", "not added up")
    return _number(answer)


# ---- 01 images as arrays ----------------------------------------------------

@_exercise("1.1", "n_pixels: the number of pixels in the duck photo", "n_pixels", "value")
def _judge_1_1(_args: tuple, answer: object, expected: Expected) -> None:
    duck = _photo("duck")
    if isinstance(answer, tuple):
        raise Wrong(f"{answer} is a shape (a tuple), not a count: the pixels fill a rectangle as high and as wide "
                    "as the photo, so multiply those two sides", "shape, not count")
    value = _number(answer)
    if value == duck.size:
        raise Wrong("that is the number of values: each pixel has 3 (red, green, blue); count pixels",
                    "values, not pixels")
    if value in duck.shape[:2]:
        raise Wrong("that is only one side of the photo (len(img) is the number of rows)", "one side only")
    if value == expected["added"]:
        raise Wrong("you added the height and the width; the pixels fill a rectangle, so multiply them",
                    "added the sides")
    if value != expected["right"]:
        raise Wrong(f"not quite: {value:,.0f} is not the number of pixels; a pixel is one (row, column) place",
                    "wrong count")


@_exercise("1.2", "centre: the centre pixel of the duck photo", "centre", "value",
           errors=(("only integers, slices", "a row or column number must be a whole number, and / always gives a "
                    "float (the photo's height / 2 is a float even when the height is even); // divides and "
                    "rounds down to a whole number", "float index"),
                   ("too many values to unpack (expected 2)", "img.shape holds 3 numbers (height, width, channels), "
                    "and you unpacked it into 2 names: take the first two, img.shape[:2]", "unpacked the shape")))
def _judge_1_2(_args: tuple, answer: object, expected: Expected) -> None:
    if isinstance(answer, (int, float, np.integer, np.floating)):
        raise Wrong("that is one value, not a pixel: a pixel is 3 numbers (red, green, blue); index with the row and "
                    "the column only, img[row, column], without a channel", "one channel only")
    got = np.asarray(answer) if isinstance(answer, (list, tuple)) else _array(answer, "the pixel")
    if got.shape == (2,):
        raise Wrong("those are 2 numbers, perhaps the centre's row and column: use them as an index, img[row, column], "
                    "which gives the pixel's 3 values", "position, not pixel")
    if got.ndim == 2 and got.shape[1] == 3:
        raise Wrong(f"a pixel is 3 numbers (red, green, blue); your answer has shape {got.shape}, a whole row of "
                    "pixels: img[row] gives every pixel of the row; give the column too, img[row, column]",
                    "not a pixel")
    if got.shape != (3,):
        raise Wrong(f"a pixel is 3 numbers (red, green, blue); your answer has shape {got.shape}", "not a pixel")
    if _same(got, expected["right"]):
        return
    if _same(got, expected["swapped"]):
        raise Wrong("you swapped row and column: NumPy indexes img[row, column], rows first (the height)",
                    "row and column swapped")
    if _same(got, expected["height_twice"]):
        raise Wrong("the column comes from the width (img.shape[1]); len(img) is the height", "height for the column")
    if _same(got, expected["one_up"]):
        raise Wrong("that is one pixel up and to the left of the centre: the centre is at half the height and half "
                    "the width, rounded down (h // 2, not (h - 1) // 2)", "one pixel off")
    raise Wrong("that is not the centre pixel: the centre row is half the height, the centre column half the width",
                "wrong pixel")


@_exercise("1.3", "channel_means(image): the average red, green and blue value", "channel_means", "function",
           cases=lambda: [(_photo("macaw"),)])
def _judge_1_3(args: tuple, result: object, expected: Expected) -> None:
    (img,) = args
    right = expected["right"]
    got = np.asarray(result, dtype=float)
    if got.shape == right.shape and np.allclose(got, right):
        return
    if got.shape == (3,) and not np.array_equal(img, _photo("duck")) and np.allclose(got, expected["of_duck"]):
        raise Wrong("those are the means of the duck photo `img`, not of the image your function was given: use "
                    "the parameter `image` inside the function", "used img, not image")
    if got.shape == img.shape[:2]:
        raise Wrong("wrong axis: you averaged the 3 channels of each pixel; average each channel over all "
                    "rows and columns instead", "wrong axis")
    if got.shape in ((img.shape[0],), (img.shape[1],)) and img.shape[0] != 3 and img.shape[1] != 3:
        raise Wrong(f"you got one mean per row (or per column), {got.shape[0]} of them: you averaged over the wrong "
                    "axes; average along the axis of the rows and the axis of the columns, keeping the channels",
                    "wrong axis")
    if got.shape in ((img.shape[1], 3), (img.shape[0], 3)):
        raise Wrong(f"you averaged along one axis only, so you got one mean per row or column (shape "
                    f"{got.shape}); average over the rows and the columns together: axis= also takes a tuple "
                    "of axes", "one axis only")
    if got.shape == ():
        raise Wrong("you averaged everything into one number; keep one mean per channel", "one number",
                    early_return=True)
    if got.shape != (3,):
        raise Wrong(f"expected 3 numbers (red, green, blue), got shape {got.shape}", "wrong shape",
                    early_return=got.shape == (1,))
    if np.allclose(got, expected["sums"]):
        raise Wrong("you added the values up; a mean also divides by how many there are (or use .mean)",
                    "sum, not mean")
    if np.allclose(got, right, atol=0.5) or (np.allclose(got, right, atol=1) and np.array_equal(got, np.round(got))):
        raise Wrong("close, but not exact: keep the means as they are, without rounding (or converting to a whole-"
                    "number type such as uint8)", "rounded")
    if np.allclose(got, right[::-1]):
        raise Wrong("the means are in the wrong order: red is channel 0, green 1, blue 2", "channel order")
    if np.allclose(got, expected["first_rows"]):
        raise Wrong("those are the means of the first 3 rows: image[0] is the first row of the photo, not the red "
                    "channel; the channel is the third index, image[:, :, 0]", "row, not channel")
    if np.allclose(got, expected["wrapped"]):
        raise Wrong("your totals wrapped around: a uint8 holds at most 255, so adding up uint8 values in a loop starts "
                    "again from 0 past 255; add them up in a wide type (or use .mean)", "uint8 wrap-around")
    raise Wrong("the three means are not right: average each channel over all rows and columns "
                "(if you add up uint8 values in a loop, they wrap around past 255)", "wrong values")


# ---- 02 flattening ------------------------------------------------------------

@_exercise("2.1", "phone_length: the length of a flattened photo 1080 rows high and 1920 columns wide",
           "phone_length", "value")
def _judge_2_1(_args: tuple, answer: object, expected: Expected) -> None:
    if isinstance(answer, tuple):
        raise Wrong(f"{answer} is a shape (a tuple), not a length: the flat vector holds every value of every pixel, "
                    "so multiply the numbers of the shape", "shape, not length")
    value = _number(answer)
    if value == expected["pixels"]:
        raise Wrong("that is the number of pixels; the flat vector holds every value, and a pixel has several",
                    "pixels, not values")
    if value == expected["four_channels"]:
        raise Wrong("a colour photo has 3 channels (red, green, blue), not 4", "4 channels")
    if value == expected["added"]:
        raise Wrong("you added the sides; the photo is a rectangle of pixels, so multiply them (then count the values "
                    "of each pixel)", "added the sides")
    if value == expected["duck"]:
        raise Wrong("that is the length of the duck photo `img` (604 x 640 pixels); the phone photo is 1080 x 1920",
                    "used img")
    if value == expected["one_row"]:
        raise Wrong("that is the values of one row (1920 pixels); the flat vector holds all 1080 rows, one after "
                    "another", "one row only")
    if value == expected["channels_twice"]:
        raise Wrong("you multiplied by the 3 channels twice: each pixel holds 3 values, so multiply by 3 once",
                    "channels twice")
    if value != expected["right"]:
        raise Wrong(f"{value:,.0f} is not the length: count every value of every pixel", "wrong length")


def _cases_2_2() -> list[tuple]:
    return [(_photo("duck"),), (_photo("macaw"),)]


@_exercise("2.2", "green_values(image): every green value, as one flat array", "green_values", "function",
           cases=_cases_2_2)
def _judge_2_2(args: tuple, result: object, expected: Expected) -> None:
    (img,) = args
    got = _array(result, "the result")
    if _same(got, expected["right"]):
        return
    if not np.array_equal(img, _photo("duck")) and _same(got, expected["of_duck"]):
        raise Wrong("those are the green values of the duck photo `img`, not of the image your function was given: "
                    "use the parameter `image` inside the function", "used img, not image")
    if got.ndim == 2:
        raise Wrong(f"your result is 2-D (shape {got.shape}); make it one long vector", "not flat")
    if got.size == img.shape[0] * 3:
        raise Wrong("img[:, 1] takes column 1 of every row, not channel 1; the channel is the third index",
                    "column, not channel")
    if got.size == img.shape[1] * 3:
        raise Wrong("image[1] is row 1 of the photo (all its pixels), not channel 1; the channel is the third index, "
                    "image[:, :, 1]", "row, not channel")
    if got.size == 3:
        raise Wrong("those are the 3 values of one pixel (row 1 of the table of pixels); the green values are a column "
                    "of that table, [:, 1]", "pixel, not column")
    if got.size != expected["right"].size:
        raise Wrong(f"expected one value per pixel ({expected['right'].size}), got {got.size}", "wrong size")
    if _same(got, expected["red"]):
        raise Wrong("those are the red values: channels count from 0 (red), 1 (green), 2 (blue)", "wrong channel")
    if _same(got, expected["blue"]):
        raise Wrong("those are the blue values: channels count from 0 (red), 1 (green), 2 (blue)", "wrong channel")
    if _same(got, expected["column_order"]):
        raise Wrong("those are the green values column by column; flatten them row by row (the order ravel and "
                    "flatten use unless told otherwise)", "column order")
    raise Wrong("the values are not the green channel in row-by-row order", "wrong order")


def _cases_2_3() -> list[tuple]:
    duck, macaw = _frozen(_photo("duck").ravel()), _frozen(_photo("macaw").ravel())
    # the macaw first: near the duck's top-left corner neighbouring pixels look alike, so mistakes look alike
    return [(macaw, 640, 100, 200), (duck, 640, 1, 2), (duck, 640, 603, 639)]


@_exercise("2.3", "pixel_at(flat, width, row, col): the 3 values of one pixel, read from the flat vector",
           "pixel_at", "function", cases=_cases_2_3)
def _judge_2_3(args: tuple, result: object, expected: Expected) -> None:
    _flat, _width, row, col = args
    if isinstance(result, (int, float, np.integer, np.floating)):
        raise Wrong("a pixel is 3 numbers (red, green, blue); you returned one", "one value", early_return=True)
    got = np.asarray(result)
    right = np.asarray(expected["right"])
    if _same(got, right):
        return
    if _same(got, expected["of_duck"]):
        raise Wrong("that is pixel (row, col) of the duck photo `img`, not of the flat vector your function was "
                    "given: compute its place in `flat`", "used img, not flat")
    if got.size == 0:
        raise Wrong("your slice is empty: in flat[a:b], b is the position where it stops, not how many values to "
                    "take; a pixel is flat[start:start + 3]", "slice end")
    if got.size == 2:
        raise Wrong("you got 2 values: a slice stops before its end, so the end is 3 past the start", "slice end")
    if got.size != 3:
        raise Wrong(f"expected the 3 values of one pixel, got {got.size} values", "wrong size",
                    early_return=got.size < 3)
    if got.shape == right.shape and got.flat[0] == right.flat[0] and not got[1:].any() and right[1:].any():
        raise Wrong("only the first of the 3 values is there, the others are 0", "wrong position", early_return=True)
    if _same(got, expected["swapped"]):
        raise Wrong("row and column are swapped: a row is `width` pixels long, so row r starts after r whole rows",
                    "row and column swapped")
    if _same(got, expected["pixels_not_values"]):
        raise Wrong("you counted pixels, but the flat vector holds 3 values per pixel: positions move 3 at a time",
                    "forgot 3 values per pixel")
    if _same(got, expected["col_not_scaled"]):
        raise Wrong("the column moves 3 values per pixel too: multiply the whole number of pixels before the pixel "
                    "(rows and columns) by 3", "forgot 3 values per pixel")
    if _same(got, expected["one_based"]):
        raise Wrong("that is the pixel one row up and one column left: rows and columns count from 0, so row 0 "
                    "starts at flat[0]", "counted from 1")
    raise Wrong(f"those are not the values of pixel ({row}, {col}); pixel (0, 0) is flat[0:3], pixel (0, 1) "
                "flat[3:6]", "wrong position")


# ---- 03 histograms ------------------------------------------------------------

_HISTOGRAM_HELPERS = ("histogram", "counter_histogram", "value_counts")


def _cases_3_1() -> list[tuple]:
    return [(_photo("duck"),), (_frozen(_photo("duck") // 2),)]  # the second has no value above 127


@_exercise("3.1", "red_histogram(image): 256 counts of the red values", "red_histogram", "function",
           cases=_cases_3_1, helpers=_HISTOGRAM_HELPERS, no_loop=True)
def _judge_3_1(args: tuple, result: object, expected: Expected) -> None:
    (img,) = args
    if isinstance(result, dict):
        raise Wrong("you returned a dictionary of counts; turn it into 256 numbers, one per value 0-255",
                    "returned a dict")
    if isinstance(result, tuple):
        raise Wrong("you returned a tuple, perhaps np.histogram's (counts, edges); return the counts only",
                    "np.histogram's tuple")
    got = np.asarray(result)
    if _same(got, expected["right"]):
        return
    if got.ndim != 1:
        raise Wrong(f"a histogram is one list of counts; yours has shape {got.shape}", "wrong shape")
    cut_short = len(got) == 255 and _same(got, np.asarray(expected["right"])[:255])
    if len(got) == 255 and _same(got, expected["np_histogram_255"]) and not cut_short:
        raise Wrong("your histogram has 255 bins because you asked np.histogram for bins=255: the values 0 to 255 "
                    "are 256 different values, so you need 256 bins, one per value",
                    "np.histogram bins")
    if len(got) == 255:
        also = " (and np.histogram makes 255 bins with bins=255: 0 to 255 are 256 values)" \
            if cut_short and _same(got, expected["np_histogram_255"]) else ""
        raise Wrong("your histogram has 255 bins: range(255) stops at 254, and minlength=255 asks for 255 bins; the "
                    "values 0 to 255 are 256 different values" + also, "range(255)")
    if len(got) < 256:
        raise Wrong(f"your histogram has {len(got)} bins, not 256: np.bincount stops at the largest value "
                    "present unless told the length it must have (minlength), and np.unique counts only the values "
                    "present", "no minlength")
    if len(got) != 256:
        raise Wrong(f"expected 256 counts (values 0-255), got {len(got)}", "wrong length")
    if not np.array_equal(img, _photo("duck")) and _same(got, expected["of_duck"]):
        raise Wrong("those are the red values of the duck photo `img`, not of the image your function was given: "
                    "use the parameter `image` inside the function", "used img, not image")
    if got.sum() == img.size:
        raise Wrong("you counted all three channels together; count the red values only (channel 0)", "pooled")
    if got.sum() == img.shape[1] * img.shape[2]:
        raise Wrong("you counted the values of one row: image[0] is the first row of the photo (all its pixels), not "
                    "the red channel; the channel is the third index, image[:, :, 0]", "row, not channel")
    if np.isclose(got.sum(), 1.0) and not np.array_equal(got, np.round(got)):
        raise Wrong("those are fractions (they add up to 1), not counts: the task asks how many red values are 0, "
                    "1, ..., 255; leave out the division", "fractions, not counts")
    if _same(got, expected["green"]) or _same(got, expected["blue"]):
        raise Wrong("that is another channel: channels count from 0 (red), 1 (green), 2 (blue)", "wrong channel")
    if _same(got, expected["np_histogram"]):
        raise Wrong("np.histogram(values, bins=256) spreads its 256 bins between the smallest and the largest "
                    "value present, not over 0-255; tell it the range the bins must cover", "np.histogram range")
    raise Wrong("the counts differ from the photo's red values: count every red value exactly once",
                "wrong counts")


@_exercise("3.2", "bin_of_100: the bin that holds the value 100 when there are 16 bins", "bin_of_100", "value")
def _judge_3_2(_args: tuple, answer: object, expected: Expected) -> None:
    value = _number(answer)
    right = expected["right"]
    if value == right:
        return
    if value != int(value):
        raise Wrong("bin numbers are whole numbers (0, 1, 2, ...): a value belongs to exactly one bin",
                    "not a whole number")
    if value == right + 1:
        raise Wrong("off by one: bins are numbered from 0, so values 0-15 are in bin 0", "off by one")
    if value == right * 2:
        raise Wrong("with 16 bins each bin covers 256 / 16 = 16 values", "bin width")
    if value == expected["remainder"]:
        raise Wrong("% gives the remainder, what is left over after the whole 16s; the bin number is how many whole "
                    "16s fit into 100", "remainder")
    if value == expected["width"]:
        raise Wrong("16 is the width of a bin, how many values each bin covers; which bin, counting from 0, holds 100?",
                    "bin width")
    if value == expected["reversed"]:
        raise Wrong("bin 0 holds the values 0 to 15: divide the value by the width of a bin, not the other way round",
                    "divided the wrong way")
    raise Wrong("each of the 16 bins covers 16 neighbouring values, bin 0 holding 0-15: count the bins",
                "wrong bin")


def _cases_3_3() -> list[tuple]:
    hist256 = _frozen(histogram(_photo("duck")))
    return [(hist256, 16), (hist256, 4)]


@_exercise("3.3", "fold(hist256, bins): add up neighbouring counts into fewer bins", "fold", "function",
           cases=_cases_3_3, helpers=("histogram",),
           errors=(("axis 1 is out of bounds for array of dimension 1", "the 256 counts are one flat row (1-D), so "
                    "they have no axis 1: reshape them into a table first, one row per new bin, then add along the "
                    "rows", "no table"),))
def _judge_3_3(args: tuple, result: object, expected: Expected) -> None:
    hist256, bins = args
    hist256 = np.asarray(hist256)
    got = np.asarray(result)
    width = 256 // bins
    if _same(got, expected["right"]):
        return
    if got.shape == (width,) and bins != width:
        raise Wrong(f"fold(hist, {bins}) gave {width} counts: you made groups of {bins} counts; you need {bins} "
                    f"groups, one row per new bin, each holding {width} neighbouring counts", "wrong reshape")
    if got.shape == ():
        raise Wrong("you added up everything into one number: tell sum which axis to add along, so that each row (one "
                    "new bin) gets its own total", "no axis")
    if got.shape == (bins, width):
        raise Wrong(f"you laid the counts out as a table (shape {got.shape}), one row per new bin: now add up each "
                    "row into one count", "not added up")
    if got.shape != (bins,):
        raise Wrong(f"fold(hist, {bins}) should have {bins} counts, got shape {got.shape}", "wrong shape",
                    early_return=got.size < bins)
    right = np.asarray(expected["right"])
    if bins > 1 and got[0] == right[0] and not got[1:].any() and right[1:].any():
        raise Wrong(f"only the first of the {bins} bins has its count, the others are 0", "lost counts",
                    early_return=True)
    if np.allclose(got, expected["means"]):
        raise Wrong("you averaged each group (mean); a new bin counts every value of its group: add the counts up",
                    "mean, not sum")
    if got.sum() == hist256.size and got.sum() != hist256.sum():
        raise Wrong("np.histogram(hist256, ...) makes a histogram of the counts themselves (how many of the 256 "
                    "counts are small, how many large), not of the values: add up neighbouring counts instead",
                    "histogram of the counts")
    if _same(got, expected["overlapping"]):
        raise Wrong(f"your groups overlap: group i must start at i * width (here i * {width}), a whole group further "
                    "than the one before, not at i", "overlapping groups")
    if got.sum() != hist256.sum():
        raise Wrong(f"the total changed (from {hist256.sum():,} to {got.sum():,}): every one of the 256 "
                    "counts must be added into exactly one of the new bins", "lost counts")
    if _same(got, expected["far_apart"]):
        raise Wrong("you added up counts that are far apart (one from every group); add up the neighbours "
                    "within each row instead", "wrong axis")
    raise Wrong(f"the {bins} counts are not right: bin 0 should hold values 0 to {width - 1}", "wrong counts")


# ---- 04 Euclidean distance ----------------------------------------------------

_NEGATIVE_ROOT_4_1 = ("a negative number has no square root: you added up the differences themselves (some are "
                      "negative); square each difference first, so that nothing under the root is negative")


@_exercise("4.1", "d_example: the Euclidean distance between [1, 2, 3] and [4, 6, 15]", "d_example", "value",
           errors=(("math domain error", "^ is not a power in Python (it is bitwise xor, and (1 - 4) ^ 2 is -1): write "
                    "** for a power, (1 - 4) ** 2", "^ for a power", r"\^"),
                   ("math domain error", "* 2 doubles a number, and doubled differences can add up to a negative "
                    "number; ** 2 squares it", "doubled, not squared", r"(?<!\*)\*\s*2\b"),
                   ("math domain error", "the brackets are missing: ** is done before -, so 1 - 4 ** 2 is 1 - 16; put "
                    "each difference in brackets before squaring it, (1 - 4) ** 2", "brackets",
                    r"\d\s*-\s*\d+\s*\*\*"),
                   ("math domain error", _NEGATIVE_ROOT_4_1, "no squares")))
def _judge_4_1(_args: tuple, answer: object, expected: Expected) -> None:
    value = _number(answer)
    if np.isclose(value, expected["right"]):
        return
    if math.isnan(value):
        raise Wrong(f"your answer is nan (\"not a number\"), what np.sqrt gives for a negative number. In other "
                    f"words: {_NEGATIVE_ROOT_4_1}", "no squares")
    if np.isclose(value, expected["two_coordinates"]):
        raise Wrong("that uses only the first two coordinates; the points have three, and every one counts",
                    "two coordinates only")
    if np.isclose(value, expected["squares"]):
        raise Wrong("that is the sum of the squares; one step is missing: the square root", "no root")
    if np.isclose(value, expected["manhattan"]):
        raise Wrong("that is the sum of absolute differences (Manhattan distance), which is also what adding up the "
                    "square root of each square gives; square the differences, add them up, then take one square "
                    "root of the total", "manhattan")
    if np.isclose(value, expected["halved"]):
        raise Wrong("that is the sum of the squares divided by 2: ** 1/2 reads as (... ** 1) / 2, because ** is done "
                    "before /; take the square root with math.sqrt (or ** 0.5)", "** 1/2")
    if np.isclose(value, expected["added"]):
        raise Wrong("you added the coordinates; the distance uses their differences: subtract", "added, not subtracted")
    raise Wrong("square each difference, add them up, then take the square root", "wrong value")


def _cases_4_2() -> list[tuple]:
    small = _frozen(np.array([[[0, 10, 128], [245, 250, 255]]], dtype=np.uint8))
    return [(small, 10), (small, -20), (_photo("duck"), 40)]


@_exercise("4.2", "brighten(image, amount): add amount to every value, kept within 0-255", "brighten", "function",
           cases=_cases_4_2, helpers=("change_brightness", "change_contrast", "edit_photo"))
def _judge_4_2(args: tuple, result: object, expected: Expected) -> None:
    img, amount = args
    got = _array(result, "the result")
    if got.shape != img.shape:
        raise Wrong(f"the result should have the image's shape {img.shape}, got {got.shape}", "wrong shape")
    if _same(got, expected["right"]) and got.dtype == np.uint8:
        return
    if _same(got, expected["right"]):
        raise Wrong(f"the values are right, but the result is {got.dtype}: an image must be uint8 again at "
                    "the end", "not uint8")
    if _same(got.astype(np.int64), expected["wrapped"]):
        example = "250 + 10 gave 4): uint8 has no 260" if amount >= 0 else "10 - 20 gave 246): uint8 has no negative " \
                                                                          "numbers"
        raise Wrong(f"values wrapped around ({example}. Compute in a wider type, then keep the values within 0-255",
                    "uint8 wrap-around")
    if _same(got.astype(np.int64), expected["clipped_256"]):
        raise Wrong("values that should stop at 255 became 0: the largest uint8 value is 255, and 256 wraps around to "
                    "0; clip to 255", "clipped at 256")
    if _same(got.astype(np.int64), expected["int8"]):
        raise Wrong("int8 holds only -128 to 127, so converting to int8 turned every value above 127 negative (200 "
                    "became -56); compute in a wide type such as int (int64)", "narrow type overflow")
    if got.min() < 0 or got.max() > 255:
        raise Wrong(f"some values are outside 0-255 (from {got.min()} to {got.max()}): an image value must "
                    "stay between 0 and 255", "not clipped")
    raise Wrong(f"for amount={amount} every value should move by {amount}, stopping at 0 and at 255",
                "wrong values")


def _cases_4_3() -> list[tuple]:
    # differences -12, 16, 0: distance 20, nothing overflows int16 (a mistake's nan here is not an overflow), and
    # the typical mistakes give different numbers (no squares 2, squared sum 4, wrapped 12, mean of squares 11.5, ...)
    a = _frozen(np.array([[[6, 40, 3]]], dtype=np.uint8))
    b = _frozen(np.array([[[18, 24, 3]]], dtype=np.uint8))
    # 0 against 255: 255 ** 2 overflows int16 (and int8), the sum of squares overflows float16
    black_white = _frozen(np.array([[[0, 255, 100], [255, 0, 20]]], dtype=np.uint8))
    white_black = _frozen(np.array([[[255, 0, 100], [0, 255, 40]]], dtype=np.uint8))
    duck = _photo("duck")
    darker = _frozen(duck - np.minimum(duck, 1))               # every value 1 lower, and 0 stays 0
    return [(a, b), (black_white, white_black), (darker, duck)]


_CONVERT = "Convert both photos to a wide type such as float64 (or int64) before subtracting"
_OVERFLOW_INT = ("your squares overflowed: a small integer type such as int16 holds at most 32,767 (int8 only 127), "
                 "and 0 against 255 gives 255 ** 2 = 65,025, which wraps around to a negative number (the root of a "
                 f"negative sum is nan, \"not a number\"). {_CONVERT}")
_OVERFLOW_FLOAT16 = ("your sum overflowed float16: it holds at most 65,504 (and keeps only about 3 digits), so the "
                     f"sum of squares became inf (infinity). {_CONVERT}")
#: What overflowed, by the small type a photo was converted to (the expected results' "overflow" names it).
_OVERFLOW = {"int8": "int8 overflowed: it holds only -128 to 127, so converting a photo to int8 turns 255 into -1, and "
                     f"a square such as 16 ** 2 = 256 wraps around too. {_CONVERT}",
             "int16": "your squares overflowed int16: it holds at most 32,767, and 0 against 255 gives 255 ** 2 = "
                      f"65,025, which wraps around to -511. {_CONVERT}",
             "float16": _OVERFLOW_FLOAT16}


@_exercise("4.3", "pixel_distance(image1, image2): the Euclidean distance between two photos, value by value",
           "pixel_distance", "function", cases=_cases_4_3, helpers=("euclidean", "l2_loop", "distance"), no_loop=True,
           errors=(("math domain error", "math.sqrt was given a negative number, and a sum of squares is never "
                    "negative: either the differences were not squared, or the squares overflowed a small integer type "
                    "such as int16 (at most 32,767, and 255 ** 2 is 65,025), which wraps them around to negative "
                    f"numbers. {_CONVERT}", "narrow type overflow"),))
def _judge_4_3(_args: tuple, result: object, expected: Expected) -> None:
    value = _distance(result, "value")
    if np.isclose(value, expected["right"]):
        return
    if np.any(np.isclose(value, expected["wrapped"])):
        raise Wrong("the differences wrapped around (10 - 20 gave 246 in uint8): convert before subtracting",
                    "uint8 wrap-around")
    overflow = expected["overflow"]     # [small type, what it gives]: a distance, or "nan" or "inf"
    for small_type, wrong in overflow:
        if not isinstance(wrong, str) and np.isclose(value, wrong):
            raise Wrong(_OVERFLOW[small_type], "narrow type overflow")
    if math.isinf(value):
        raise Wrong(_OVERFLOW_FLOAT16, "narrow type overflow")
    if np.any(np.isclose(value, expected["no_squares"])):
        raise Wrong("you added up the differences themselves, not squared: square each difference first, so that "
                    "the negative ones do not cancel the positive ones", "no squares")
    if math.isnan(value) or value < 0:
        types_giving_nan = {small_type for small_type, wrong in overflow if wrong == "nan"}
        only = types_giving_nan.pop() if len(types_giving_nan) == 1 else None
        raise Wrong(_OVERFLOW[only] if only else _OVERFLOW_INT, "narrow type overflow")
    if np.isclose(value, expected["right"] ** 2):
        raise Wrong("you returned the sum of squares; one step is missing: the square root", "no root")
    if np.isclose(value, expected["manhattan"]):
        raise Wrong("that is the Manhattan distance (sum of |differences|); square the differences instead",
                    "manhattan")
    if np.any(np.isclose(value, expected["difference_of_squares"])):
        raise Wrong("you subtracted the squares (a ** 2 - b ** 2); square the difference instead: subtract first, "
                    "then square", "difference of squares")
    if np.isclose(value, expected["mean"]):
        raise Wrong("you averaged the squares (a mean); the Euclidean distance adds them all up before the root",
                    "mean, not sum")
    if np.isclose(value, expected["square_of_sum"]):
        raise Wrong("you squared the sum of the differences; square each difference first, then add the squares up",
                    "square of the sum")
    if np.isclose(value, expected["halved"]):
        raise Wrong("that is the sum of the squares divided by 2: ** 1/2 reads as (... ** 1) / 2, because ** is done "
                    "before /; take the square root with np.sqrt (or ** 0.5)", "** 1/2")
    raise Wrong("subtract value by value, square, add everything up, take the square root", "wrong value")


# ---- 05 which reference is closest --------------------------------------------

def _cases_5_1() -> list[tuple]:
    return [(_frozen(histogram(_photo("duck"), bins=16)),)]


@_exercise("5.1", "normalise(hist): turn counts into fractions that sum to 1", "normalise", "function",
           cases=_cases_5_1)
def _judge_5_1(args: tuple, result: object, expected: Expected) -> None:
    counts = np.asarray(args[0])
    got = _array(result, "the result")
    if got.shape == counts.shape and np.allclose(got, expected["right"]):
        return
    if got.shape != counts.shape:
        raise Wrong(f"expected one fraction per bin (shape {counts.shape}), got shape {got.shape}", "wrong shape",
                    early_return=got.size < counts.size)
    if np.allclose(got, expected["by_maximum"]):
        raise Wrong("dividing by the largest count makes the tallest bin 1, not the sum", "divided by the maximum")
    if np.allclose(got, expected["by_bin_count"]):
        raise Wrong("divide by the total number of values, not by the number of bins", "divided by the bin count")
    if np.array_equal(got, expected["integer_division"]):
        raise Wrong("// is integer division and rounds every fraction down to 0", "integer division")
    known = [("by_255", "dividing by 255 scales pixel values into 0-1, but these are counts", "divided by 255"),
             ("by_mean", "dividing by the mean count makes the fractions add up to the number of bins",
              "divided by the mean"),
             ("by_norm", "np.linalg.norm gives the vector's length; dividing by it makes the length 1, not the sum",
              "divided by the length"),
             ("inverted", "you divided the total by each count, upside down", "upside down"),
             ("min_max", "that scales the counts from the smallest (0) to the largest (1): min-max scaling",
              "min-max scaling")]
    for name, hint, tag in known:
        if expected[name] is not None and np.allclose(got, expected[name]):
            raise Wrong(f"{hint}; each fraction is a count divided by the total of all the counts", tag)
    if np.allclose(got, expected["right"], atol=0.006):
        raise Wrong("close, but not exact: keep the fractions as they are, without rounding", "rounded")
    if np.isclose(got.sum(), 100):
        raise Wrong("those are percentages (they add up to 100); fractions add up to 1: leave out the * 100",
                    "percentages")
    nonzero = counts != 0
    ratios = counts[nonzero] / np.where(got[nonzero] == 0, np.nan, got[nonzero])
    if nonzero.any() and np.all(got[~nonzero] == 0) and np.allclose(ratios, ratios[0]):
        raise Wrong(f"you divided every count by {ratios[0]:,.6g}, but the total of the counts is {counts.sum():,}: "
                    "divide by the total, so that the fractions add up to 1", "wrong total")
    if not np.isclose(got.sum(), 1.0):
        raise Wrong(f"your fractions add up to {got.sum():g}, not 1", "does not sum to 1")
    raise Wrong("the fractions are not each count divided by the same total", "wrong fractions")


def _cases_5_2() -> list[tuple]:
    query = _frozen(histogram(_photo("duck"), normalize=True))
    refs = {name: _frozen(histogram(_photo(name), normalize=True)) for name in ("fish_1", "macaw", "swans")}
    # six references where the first, the last, the farthest, the alphabetically first name and the best name of a
    # loop that forgets to update the best distance are all different, and none is the nearest (swans)
    six = {name: _frozen(histogram(_photo(name), normalize=True))
           for name in ("pigeon", "swans", "fish_4", "windmill_5", "peacock", "hammer_2")}
    return [(query, six), (query, refs)]


@_exercise("5.2", "nearest(query, references): the name of the closest reference", "nearest", "function",
           cases=_cases_5_2, helpers=("rank",),
           errors=(("too many values to unpack", "a loop over a dictionary gives only its keys, the names, and a name "
                    "does not unpack into (name, histogram): loop over references.items() to get both",
                    "loop without .items()"),
                   ("got values of type <U", "you gave euclidean a name (a string), not a histogram: a loop over a "
                    "dictionary gives its keys, the names; take the histogram with references[name], or loop over "
                    "references.items()", "name, not histogram")))
def _judge_5_2(args: tuple, result: object, expected: Expected) -> None:
    _query, refs = args
    if isinstance(result, tuple):
        raise Wrong("you returned a pair; return only the name", "returned a pair")
    if isinstance(result, np.ndarray):
        raise Wrong("you returned a histogram, not its name; return the reference's name, the key of the "
                    "dictionary", "returned a histogram")
    if isinstance(result, (float, np.floating)):
        raise Wrong("return the reference's name, not its distance", "returned a distance")
    if isinstance(result, list):
        raise Wrong(f"you returned a list of {len(result)} items; return only the name of the nearest reference, "
                    "one name", "returned a list")
    if isinstance(result, (int, np.integer)) and not isinstance(result, (bool, np.bool_)):
        raise Wrong(f"you returned a position, {result} (what np.argmin gives), not a name: return the name of the "
                    "reference at that position", "returned a position")
    if result in set(expected["nearest"]):   # a set, like the keys: an unhashable answer is an unexpected type
        return
    if result == next(iter(refs)):
        raise Wrong("you returned the first reference: is the `return` inside the loop? It must come after the "
                    "loop has seen every reference", "returned the first")
    if result in set(expected["farthest"]):
        raise Wrong("that is the farthest reference: the smallest distance wins", "farthest, not nearest")
    if result == expected["alphabetical"]:
        raise Wrong("that name comes first in the alphabet: min of a dictionary compares its keys, the names; to "
                    "compare the distances, give min a key= that looks up each name's distance", "min of the names")
    if result == expected["last"]:
        raise Wrong("you returned the last reference: does your loop keep a name only when its distance is smaller "
                    "than the best so far?", "returned the last")
    if result == expected["no_update"]:
        raise Wrong(f"{result!r} is nearer than the first reference, but not the nearest: when a name becomes the "
                    "best, update the best distance too, so that the next names are compared with it",
                    "best distance not updated")
    raise Wrong(f"{result!r} is not the nearest; compute the distance to every reference and keep the smallest",
                "not the nearest")


@_exercise("5.3", "growth: how many times larger every raw count gets when a photo is repeated 2 x 2",
           "growth", "value")
def _judge_5_3(_args: tuple, answer: object, expected: Expected) -> None:
    value = _number(answer)
    if value == expected["one_direction"]:
        raise Wrong("the photo doubles in both directions, down and across", "one direction only")
    if value in (expected["notebook"], expected["notebook_one_direction"]):
        raise Wrong("the notebook's example enlarged 3 x 3; here every pixel is repeated 2 times down and 2 times "
                    "across, so each pixel becomes a 2 x 2 block of identical pixels: how many copies is that?",
                    "wrong factor")
    if value == expected["unchanged"]:
        raise Wrong("raw counts do change: a repeated pixel is counted again each time; only fractions "
                    "(normalised histograms) stay the same", "counts unchanged")
    if 0 < value < 1:
        raise Wrong("the photo gets larger, so every count grows: the factor is more than 1", "shrinks, not grows")
    if value == expected["with_channels"]:
        raise Wrong("the channels are not repeated: each pixel keeps its 3 values; only the pixels are repeated",
                    "channels repeated")
    if value > 100:
        raise Wrong(f"{value:,.0f} is a number of values (a size), not a factor: how many times larger does each "
                    "count get?", "size, not factor")
    if value != expected["right"]:
        raise Wrong("each pixel becomes a 2 x 2 block of identical pixels: how many copies is that?", "wrong factor")


_written("5.4", "why the macaw won, and why normalising fixes it (written)")


# ---- 08 metrics side by side ---------------------------------------------------

_METRIC_HELPERS = ("euclidean", "manhattan", "chi_square", "intersection", "bhattacharyya", "cosine", "distance",
                   "rank", "pairwise_distances", "evaluate")


def _two_distributions() -> tuple[np.ndarray, np.ndarray]:
    """Two normalised 16-bin histograms of real photos (duck and macaw)."""
    return (_frozen(histogram(_photo("duck"), bins=16, normalize=True)),
            _frozen(histogram(_photo("macaw"), bins=16, normalize=True)))


@_exercise("8.1", "my_manhattan(p, q): the sum of absolute differences", "my_manhattan", "function",
           cases=lambda: [_two_distributions()], helpers=_METRIC_HELPERS, no_loop=True)
def _judge_8_1(_args: tuple, result: object, expected: Expected) -> None:
    value = _distance(result, "bin")
    if np.isclose(value, expected["right"]):
        return
    if np.any(np.isclose(value, expected["no_absolute_value"])):
        raise Wrong("without absolute values the positive and negative differences cancel out: take the absolute "
                    "value of each difference, inside the sum (not of the total)", "no absolute value")
    if np.isclose(value, expected["euclidean"]):
        raise Wrong("that is the Euclidean distance; Manhattan adds the absolute differences, no squares or root",
                    "euclidean")
    if np.isclose(value, expected["squared"]):
        raise Wrong("you squared the differences (the Euclidean distance's sum of squares); Manhattan adds the "
                    "absolute differences", "squares")
    if np.isclose(value, expected["largest"]):
        raise Wrong("that is the largest difference of one bin; Manhattan adds up the differences of every bin",
                    "largest, not sum")
    if np.isclose(value, expected["mean"]):
        raise Wrong("that is the mean (average) difference; Manhattan adds them up, without dividing",
                    "mean, not sum")
    raise Wrong("add up the absolute difference of every bin", "wrong value")


@_exercise("8.2", "my_intersection(p, q): 1 minus the shared part", "my_intersection", "function",
           cases=lambda: [_two_distributions()], helpers=_METRIC_HELPERS)
def _judge_8_2(_args: tuple, result: object, expected: Expected) -> None:
    value = _distance(result, "bin")
    if np.isclose(value, expected["right"]):
        return
    if np.isclose(value, expected["similarity"]):
        raise Wrong("that is the shared part, a similarity (higher = more alike); the distance is 1 minus it",
                    "similarity, not distance")
    if np.any(np.isclose(value, expected["larger"])):
        also = " (and the distance is 1 minus the shared part, not the shared part minus 1: a distance is never " \
               "negative)" if value < 0 else ""
        raise Wrong("the shared part of a bin is the smaller of its two values, not the larger" + also,
                    "larger, not smaller")
    if np.any(np.isclose(value, expected["np_min"])):
        raise Wrong("np.min gives one number for the whole array; the shared part needs the smaller value of "
                    "each bin, added up over all bins", "np.min, not bin by bin")
    if np.isclose(value, expected["product"]):
        raise Wrong("you multiplied the two values of each bin; the shared part of a bin is the smaller of the two",
                    "product, not smaller")
    if np.isclose(value, expected["min_of_totals"]):
        raise Wrong("you compared the two totals (both 1 for normalised histograms); compare bin by bin: the smaller "
                    "value of each bin", "totals, not bins")
    if np.isclose(value, expected["mean"]):
        raise Wrong("you averaged the shared parts (a mean); add them up instead", "mean, not sum")
    if np.isclose(value, expected["first_bin"]):
        raise Wrong("that is the distance of the first bin only", "first bin only", early_return=True)
    raise Wrong("take the smaller value of each bin, add them up, and subtract the total from 1", "wrong value")


def _identical_pair() -> tuple[np.ndarray, np.ndarray]:
    """Twenty equal fractions, whose sum rounding makes a hair above 1, as it often does."""
    p = _frozen(np.full(20, 1 / 20))
    return (p, p)


@_exercise("8.3", "my_bhattacharyya(p, q): the Bhattacharyya distance", "my_bhattacharyya", "function",
           cases=lambda: [_two_distributions(), _identical_pair()], helpers=_METRIC_HELPERS,
           errors=(("math domain error", "math.sqrt was given a number a hair below 0: for two identical histograms "
                    "rounding can make the sum of sqrt(p * q) a hair above 1; keep what goes under the root at 0 or "
                    "more (max(0, ...))", "rounding below zero"),))
def _judge_8_3(_args: tuple, result: object, expected: Expected) -> None:
    value = _distance(result, "bin")
    overlap = expected["overlap"]
    if np.isclose(value, expected["right"], atol=1e-6):
        return
    if math.isnan(value):
        raise Wrong(f"your function returned nan. Rounding made the sum of sqrt(p * q) {overlap!r}, a hair above 1, "
                    "and the square root of a negative number is nan: keep what goes under the root at 0 or "
                    "more (max(0, ...))", "rounding below zero")
    if np.isclose(value, 1.0 - overlap, atol=1e-6):
        raise Wrong("you left out the outer square root", "no outer root")
    if np.isclose(value, overlap):
        raise Wrong("that is the overlap, a similarity (1 for identical histograms); the distance starts from "
                    "1 minus it", "similarity, not distance")
    if np.isclose(value, expected["root_of_sum"], atol=1e-6):
        raise Wrong("take the square root of each product p * q first, then add them up (not the root of the sum)",
                    "root of the sum")
    if np.isclose(value, expected["no_inner_root"], atol=1e-6):
        raise Wrong("you left out the inner square roots: take sqrt(p * q) of each bin before adding up",
                    "no inner root")
    if expected["log_form"] is not None and np.isclose(value, expected["log_form"], atol=1e-6):
        raise Wrong("that is -log of the overlap, another Bhattacharyya formula (some libraries use it); this "
                    "course's table uses sqrt(1 - sum of sqrt(p * q))", "log formula")
    if np.isclose(value, expected["root_of_overlap"], atol=1e-6):
        raise Wrong("** 0.5 applies only to what comes right before it, the sum: put brackets around everything under "
                    "the root, (1 - ...) ** 0.5, or use np.sqrt(...)", "brackets")
    if np.isclose(value, expected["first_bin"], atol=1e-6):
        raise Wrong("that is the distance of the first bin only", "first bin only", early_return=True)
    raise Wrong("follow the formula from the inside out: sqrt(p * q) per bin, sum, 1 minus it, square root",
                "wrong value")


# ---- the learner's side -------------------------------------------------------

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


def _verdict(exercise: Exercise, answer: object) -> tuple[str, str, str]:
    """The outcome of an answer on the visible inputs, the line to print, and the misconception's tag."""
    number = exercise.number
    tries, used_helper = [((), None)], False
    if exercise.kind == "function" and exercise.no_loop and callable(answer) and (kind := loop_kind(answer)):
        return FAIL, f"\u2718 Exercise {number}: not yet. Hint: {_loop_hint(kind)}", "loop"   # without running it
    if exercise.kind == "function" and callable(answer):
        cases = exercise.cases()
        first, used_helper = _watched_call(answer, cases[0], exercise.helpers)  # the first case, watched
        tries = [(cases[0], first)] + [(args, run_case(answer, args)) for args in cases[1:]]
    for args, result in tries:
        outcome, hint, tag = assess(number, answer, args, result)
        if outcome != PASS:
            break
    else:
        if exercise.helpers and used_helper:
            outcome, hint, tag = (FAIL, f"your function {HELPER_RULE}: write it yourself (it gets no points when "
                                  "graded)", "helper answer")
    if outcome == TODO and (error := _cell_error(exercise.name)) is not None:
        extra, tag = _explain(error, exercise)
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
