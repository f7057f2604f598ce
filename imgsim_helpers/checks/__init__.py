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
beside this package; the code that computes them, for any input, is the
instructor's (``imgsim_helpers/classroom/expected.py``, not in the student
bundle), and the grader hands its results to the judges.

The modules, imported one way only (the judges and the learner's commands use
the framework; the framework finds the judges in its registry, ``EXERCISES``,
which each judges module fills when this package imports it):

* :mod:`imgsim_helpers.checks.framework` -- an exercise, the registry, the outcomes, the judges' tools;
* :mod:`imgsim_helpers.checks.stored` -- the expected results stored for the visible inputs;
* :mod:`imgsim_helpers.checks.running` -- running a learner's function: result, helpers called, loops;
* :mod:`imgsim_helpers.checks.judging` -- judging one try (``judge``, ``assess``), errors in plain words;
* :mod:`imgsim_helpers.checks.nb01_images_as_arrays` -- the judges of notebook 01 (1.1-1.3);
* :mod:`imgsim_helpers.checks.nb02_flattening` -- the judges of notebook 02 (2.1-2.3);
* :mod:`imgsim_helpers.checks.nb03_histograms` -- the judges of notebook 03 (3.1-3.3);
* :mod:`imgsim_helpers.checks.nb04_euclidean_distance` -- the judges of notebook 04 (4.1-4.3);
* :mod:`imgsim_helpers.checks.nb05_which_reference_is_closest` -- the judges of notebook 05 (5.1-5.4);
* :mod:`imgsim_helpers.checks.nb08_metrics` -- the judges of notebook 08 (8.1-8.3);
* :mod:`imgsim_helpers.checks.learner` -- the learner's commands: ``check``, ``check_all``, ``progress``.
"""

from __future__ import annotations

# the judges modules register their exercises in EXERCISES when imported, in the course's order
from . import (nb01_images_as_arrays, nb02_flattening, nb03_histograms, nb04_euclidean_distance,  # noqa: F401
               nb05_which_reference_is_closest, nb08_metrics)
from .framework import EXERCISES, FAIL, HELPER_RULE, PASS, TODO, Exercise, NotDone, Raised, Wrong
from .judging import assess, explain_error, judge
from .learner import check, check_all, progress
from .running import LOOP_KINDS, RETURN_IN_LOOP, loop_kind, loops, run_case
from .stored import STORED, Fingerprint, MissingExpected, case_key, fingerprint, stored_expected

__all__ = ["EXERCISES", "Exercise", "Fingerprint", "LOOP_KINDS", "MissingExpected", "NotDone", "Raised", "Wrong",
           "assess", "case_key", "check", "check_all", "explain_error", "fingerprint", "judge", "loop_kind", "loops",
           "progress", "run_case", "stored_expected"]
