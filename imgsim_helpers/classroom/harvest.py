"""Collect a student's answers inside their kernel, after their notebook has run.

The grader sends this file's source (after ``codec.py``'s) into the kernel and
calls :func:`harvest` once per exercise, in a namespace of its own so that no
name of the student's is added or replaced. For a value exercise it records the
value; for a function it calls the function on the hidden inputs (each call
with a time limit) and records what came back or what was raised, and whether
the call went through one of the course's own helpers that the exercise asks
the student to write. Everything is written with :func:`save` (JSON and an
``.npz`` file, no pickle); the grader judges it in its own process with
checkers it loaded itself.

Standalone: standard library and NumPy only (``encode``, ``decode``, ``load``
and ``save`` come from ``codec.py``, sent first).
"""

import os
import signal
import sys


class GradingTimeout(BaseException):
    """A hidden-input call ran past its time limit."""


def _alarm(_signum, _frame):
    raise GradingTimeout


def _raised(type_name, message):
    return {"k": "raised", "t": type_name, "m": message[:500]}


def _message(exc):
    try:
        return str(exc)
    except Exception:
        return ""


def _inside(filename, package):
    return os.path.realpath(filename).startswith(package + os.sep)


def _call(function, args, seconds, helpers, package, arrays):
    """Call ``function(*args)`` with a time limit; return (encoded result, helper names used).

    Arrays in the result are added to ``arrays`` (``encode`` gives each a new key).
    """
    hits = []

    def watch(frame, event, _arg):
        code = frame.f_code
        if event == "call" and code.co_name in helpers and _inside(code.co_filename, package):
            caller = frame.f_back
            if caller is None or not _inside(caller.f_code.co_filename, package):
                hits.append(code.co_name)

    try:
        previous = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        timer = True
    except (ValueError, AttributeError, OSError):  # not the main thread, or no SIGALRM (Windows)
        timer = False
    try:
        if helpers:
            sys.setprofile(watch)
        value = function(*args)
        sys.setprofile(None)
        result = encode(value, arrays)
    except (GradingTimeout, KeyboardInterrupt):
        result = _raised("GradingTimeout", f"{seconds:g} s per test")
    except BaseException as exc:  # the student's error, SystemExit included: recorded, never raised
        result = _raised(type(exc).__name__, _message(exc))
    finally:
        sys.setprofile(None)
        if timer:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    return result, hits


def harvest(spec_path, out_path, user_ns):
    """Record the answer to one exercise (described in ``spec_path``) into ``out_path``."""
    sys.audit("imgsim.harvest", "start")   # the audit hook (launch.py) lets the harvest's profile hook pass
    spec, arrays_in = load(spec_path)
    package = os.path.realpath(spec["package_dir"])
    out, arrays = {"number": spec["number"], "found": spec["name"] in user_ns}, {}
    if out["found"]:
        answer = user_ns[spec["name"]]
        if spec["kind"] == "value":
            out["value"] = encode(answer, arrays)
        elif not callable(answer):
            out["answer"] = encode(answer, arrays)
        else:
            out["answer"] = {"k": "function"}
            code = getattr(answer, "__code__", None)
            out["helper"] = code is not None and _inside(code.co_filename, package)
            out["results"] = []
            for i, case in enumerate(spec["cases"]):
                args = decode(case, arrays_in)
                watched = tuple(spec["helpers"]) if i == 0 else ()
                result, hits = _call(answer, args, spec["case_seconds"], watched, package, arrays)
                out["results"].append(result)
                out["helper"] = out["helper"] or bool(hits)
    save(out_path, out, arrays)
    sys.audit("imgsim.harvest", "end")
