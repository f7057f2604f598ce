"""Time estimates agree: each notebook's, the instructor guide's, the stated total, the measurement.

Every notebook says "*Time: about N minutes*" (with "(L for the lesson, E for the exercises)"
when it has exercises, and L + E = N); the instructor guide's heading for that notebook gives
the same N; notebook 00 and the README give the whole course in hours, the sum of the
notebooks' times to the nearest half hour. N is what ``tools/study_time.py`` estimates from a
learner's measured times (``python tools/study_time.py --write`` restates them after a notebook
changes), and no notebook takes more than 90 minutes.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from test_course_map import _tool

ROOT = Path(__file__).resolve().parent.parent
study_time = _tool("study_time")
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
GUIDE = (ROOT / "docs" / "instructor.md").read_text(encoding="utf-8")
TIME = study_time.TIME_LINE          # "*Time: about N minutes (L for the lesson, E for the exercises).*"


def _minutes(path: Path) -> int:
    text = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")
    found = TIME.findall(text)
    assert len(found) == 1, f"{path.name}: expected one time estimate, found {found}"
    total, lesson, exercises = found[0]
    if lesson:
        assert int(lesson) + int(exercises) == int(total), path.name
    has_exercises = "### Exercise " in text
    assert bool(lesson) == has_exercises, f"{path.name}: exercise time must be stated exactly when there are exercises"
    return int(total)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_guide_gives_each_notebook_its_own_time(path):
    heading = re.search(rf"^### {path.name[:2]} .*\((\d+) min", GUIDE, re.MULTILINE)
    assert heading, f"the instructor guide has no section for notebook {path.name[:2]}"
    assert int(heading.group(1)) == _minutes(path), path.name


def _stated_hours(text: str) -> float:
    found = re.findall(r"whole course takes about ([\d.]+) hours", text)
    assert len(found) == 1, found
    return float(found[0])


def test_the_stated_total_is_the_sum_of_the_notebooks():
    total = sum(_minutes(path) for path in NOTEBOOKS) / 60
    nearest_half = round(total * 2) / 2
    start = "\n".join(c.source for c in nbformat.read(ROOT / "notebooks" / "00-start-here.ipynb",
                                                      as_version=4).cells)
    assert _stated_hours(start) == nearest_half, f"the notebooks add up to {total:.2f} hours"
    assert _stated_hours((ROOT / "README.md").read_text(encoding="utf-8")) == nearest_half


def test_lesson_plans_fill_ninety_minutes():
    plan = GUIDE.split("### One 90-minute class", 1)[1].split("###", 1)[0]
    spans = re.findall(r"^\| (\d+)-(\d+) \|", plan, re.MULTILINE)
    assert spans and spans[0][0] == "0" and spans[-1][1] == "90"
    assert all(spans[i][1] == spans[i + 1][0] for i in range(len(spans) - 1))    # no gap, no overlap
    course = GUIDE.split("### A course of three 90-minute classes", 1)[1].split("\n## ", 1)[0]
    for row in re.findall(r"^\| [123] \| (.*?) \|", course, re.MULTILINE):
        assert sum(int(m) for m in re.findall(r"\((\d+)(?: min)?\)", row)) == 90, row


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_each_stated_time_is_the_measured_estimate(path):
    assert study_time.stated(path) == study_time.estimate(path), \
        f"{path.name}: its content changed; run `python tools/study_time.py --write`"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_notebook_takes_more_than_ninety_minutes(path):
    assert _minutes(path) <= 90, f"{path.name}: {_minutes(path)} minutes; split it at a seam between two ideas"
