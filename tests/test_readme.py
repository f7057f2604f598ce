"""The README's evaluation tables state what notebooks 10 and 15 compute, intervals included."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from imgsim_helpers import describe, evaluate, evaluation_set, histogram, leaderboard, load_image, samples

#: What only maintainers and instructors change: `make test` runs it, a learner's `make check` leaves it out.
pytestmark = pytest.mark.maintainers

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
ROW = r"[^|]*\|\s*(\w*)\s*\| (\d+%) \| (\d+%-\d+%|) *\| (\d+%) \|$"


@pytest.fixture(scope="module")
def labelled():
    rows = [row for row in samples() if row["file"].startswith("categories/")]
    return [load_image(row["name"]) for row in rows], [row["label"] for row in rows]


@pytest.fixture(scope="module")
def evaluation():
    paths, labels = evaluation_set()
    return [load_image(path) for path in paths], labels


def _row(title_start: str) -> tuple[str, str, str, str]:
    """(metric, accuracy, interval, precision@4) of the README table row starting with ``title_start``."""
    match = re.search(rf"^\| {re.escape(title_start)}{ROW}", README, re.MULTILINE)
    assert match, f"README has no evaluation row starting with {title_start!r}"
    return match.groups()


def _assert_row(title, report):
    metric, accuracy, interval, precision = _row(title)
    assert metric == report.metric
    assert f"{report.accuracy:.0%}" == accuracy
    low, high = report.accuracy_ci
    assert f"{low:.0%}-{high:.0%}" == interval
    assert f"{report.precision_at_k:.0%}" == precision


@pytest.mark.parametrize("title, channels, bins", [
    ("the tutorial's", "pooled", 256),
    ("best", "rgb", 8),
    ("worst", "joint", 8),
])
def test_readme_evaluation_rows(labelled, title, channels, bins):
    photos, labels = labelled
    metric = _row(title)[0]
    features = np.stack([histogram(p, bins=bins, channels=channels, normalize=True) for p in photos])
    _assert_row(title, evaluate(features, labels, metric=metric))


def test_readme_chance_row(labelled):
    photos, labels = labelled
    _, accuracy, interval, precision = re.search(rf"^\| chance \(a random neighbour\){ROW}", README,
                                                 re.MULTILINE).groups()
    features = np.stack([histogram(p, bins=8, normalize=True) for p in photos])
    chance = evaluate(features, labels).chance
    assert f"{chance:.0%}" in (accuracy, precision)


@pytest.mark.parametrize("title, descriptor", [
    ("winner: regions", "regions"),
    ("per channel, 32 bins, with the winner", "rgb"),
    ("the search's default setting", "rgb"),
    ("background only: border", "border"),
    ("shape only: edges", "edges"),
])
def test_readme_leaderboard_rows(evaluation, title, descriptor):
    photos, labels = evaluation
    metric = _row(title)[0]
    _assert_row(title, evaluate(describe(photos, descriptor), labels, metric, descriptor=descriptor))


def test_readme_leaderboard_chance(evaluation):
    _, labels = evaluation
    table = README[README.index("Measured by notebook 15"):]
    match = re.search(r"^\| chance \(a random neighbour\) \| \| (\d+%) \|", table, re.MULTILINE)
    features = np.eye(len(labels)) + 0.01
    assert match and f"{evaluate(features, labels).chance:.0%}" == match.group(1)


def test_readme_says_what_ranks_above_the_per_channel_row(evaluation):
    """Not a "runner-up": the README counts and names the combinations measured above it."""
    photos, labels = evaluation
    board = leaderboard(photos, labels)
    numbers = {"Six": 6, "Seven": 7, "Eight": 8, "Nine": 9}
    match = re.search(r"^(\w+) of the (\d+) combinations rank above the per-channel row: the winner, region "
                      r"histograms\s+with (\w+) other metrics, and the per-channel histogram with Bhattacharyya or "
                      r"EMD \(one photo\s+more than with Manhattan\)", README, re.MULTILINE)
    assert match, "README lost the sentence on what ranks above the per-channel row"
    per_channel = next(r for r in board if (r.descriptor, r.metric, r.method) == ("rgb", "manhattan", "neighbour"))
    above = [r for r in board if r.accuracy > per_channel.accuracy]
    assert numbers[match.group(1)] == len(above) and int(match.group(2)) == len(board)
    regions = [r.metric for r in above if r.descriptor == "regions"]
    assert above[0].descriptor == "regions" and len(regions) == 1 + {"four": 4, "three": 3, "five": 5}[match.group(3)]
    others = [(r.descriptor, r.metric, r.method) for r in above if r.descriptor != "regions"]
    assert sorted(others) == [("rgb", "bhattacharyya", "neighbour"), ("rgb", "emd", "neighbour")]
    assert all(r.correct.sum() == per_channel.correct.sum() + 1 for r in above if r.descriptor == "rgb")
