"""Running a learner's function: its result or error, the course helpers it calls, and its loops.

:func:`run_case` never lets a learner's error escape; :func:`watched_call`
also sees whether the answer used a course helper; :func:`loop_kind` reads the
compiled code for a Python loop, in any of its spellings; :func:`cell_error`
finds the error of a notebook cell that meant to compute the answer.
"""

from __future__ import annotations

import builtins
import dis
import linecache
import re
import sys
import types
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path

import numpy as np

from .framework import PACKAGE_DIR, Raised

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


def run_case(function: Callable, args: tuple) -> object:
    """Call ``function(*args)``; return its result, or a :class:`Raised` for an exception."""
    try:
        return function(*args)
    except Exception as exc:  # a learner's bug: report it, do not crash the notebook
        return Raised(type(exc).__name__, str(exc))


def watched_call(function: Callable, args: tuple, names: tuple[str, ...]) -> tuple[object, bool]:
    """``run_case(function, args)``, and whether it used one of the course helpers ``names`` directly.

    It did if ``function`` is itself one of the course's functions, or if it
    calls a helper named in ``names`` that is defined in this package (seen by
    watching the calls while it runs on ``args``). Helpers calling each
    other inside the package do not count.
    """
    code = getattr(function, "__code__", None)
    if code is not None and in_package(code.co_filename):
        return run_case(function, args), True
    if not names:
        return run_case(function, args), False
    hits = []

    def watch(frame, event, _arg):
        if event == "call" and frame.f_code.co_name in names and in_package(frame.f_code.co_filename):
            caller = frame.f_back
            if caller is None or not in_package(caller.f_code.co_filename):
                hits.append(frame.f_code.co_name)

    previous = sys.getprofile()
    sys.setprofile(watch)
    try:
        result = run_case(function, args)
    finally:
        sys.setprofile(previous)
    return result, bool(hits)


@lru_cache(maxsize=256)
def in_package(filename: str) -> bool:
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
        if code is None or code in seen or in_package(code.co_filename):
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


def loop_hint(kind: str) -> str:
    """The hint for a function with a loop of this kind, where the task says no loop."""
    return f"your function uses {LOOP_KINDS.get(kind, LOOP_KINDS['for'])}, and the task says no loop: {_LOOP_WHY}"


def cell_error(name: str) -> Raised | None:
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

