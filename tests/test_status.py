"""One set of exercise statuses for the self-check, the grader and its reports (issue 19)."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

from imgsim_helpers import checks
from imgsim_helpers._shared.status import Status

PACKAGE = Path(__file__).resolve().parent.parent / "imgsim_helpers"

#: Every status the grader has written into feedback pages and the class report, before the enum.
WRITTEN_BEFORE = {"passed", "partial", "wrong", "not done", "not defined", "not in your copy", "helper answer",
                  "error", "to be marked", "no submission", "not in this assignment"}


def test_the_values_are_exactly_the_texts_the_grader_has_always_written():
    assert {status.value for status in Status} == WRITTEN_BEFORE
    for status in Status:
        assert status == status.value and str(status) == f"{status}" == status.value
        assert html.escape(status) == status.value and json.dumps(status) == json.dumps(status.value)
        out = io.StringIO()
        csv.writer(out).writerow([status])
        assert out.getvalue().strip() == status.value


def test_the_self_check_keeps_the_words_learners_see():
    assert (checks.PASS, checks.TODO, checks.FAIL) == ("passed", "not done yet", "try again")
    assert [Status.PASSED.learner, Status.NOT_DONE.learner, Status.WRONG.learner] == [checks.PASS, checks.TODO,
                                                                                      checks.FAIL]
    for outcome in (checks.PASS, checks.TODO, checks.FAIL):
        assert Status.from_learner(outcome).learner == outcome
    assert Status.PARTIAL.learner == "partial"


def test_no_status_is_matched_by_its_text_in_the_grader_or_the_report():
    names = sorted(path.name for path in (PACKAGE / "classroom").glob("*.py"))
    assert {"grade.py", "judge.py", "gradebook.py", "report.py"} <= set(names)
    for name in names:
        source = (PACKAGE / "classroom" / name).read_text(encoding="utf-8")
        assert not re.findall(r"status\s*(?:==|!=|is|in|not in)\s*\(?\"", source), name
        assert not re.findall(r"ExerciseResult\([^)]*\"(?:%s)\"" % "|".join(WRITTEN_BEFORE), source), name
