"""The README's evaluation table states what notebook 10 computes."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from imgsim_helpers import evaluate, histogram, load_image, samples

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def labelled():
    rows = [row for row in samples() if row["file"].startswith("categories/")]
    return [load_image(row["name"]) for row in rows], [row["label"] for row in rows]


def _row(title_start: str) -> tuple[str, str, str]:
    """(metric, accuracy, precision@4) of the README table row starting with ``title_start``."""
    match = re.search(rf"^\| {re.escape(title_start)}[^|]*\|\s*(\w*)\s*\| (\d+%) \| (\d+%) \|$", README, re.MULTILINE)
    assert match, f"README has no evaluation row starting with {title_start!r}"
    return match.groups()


@pytest.mark.parametrize("title, channels, bins", [
    ("the tutorial's", "pooled", 256),
    ("best", "rgb", 8),
    ("worst", "joint", 8),
])
def test_readme_evaluation_rows(labelled, title, channels, bins):
    photos, labels = labelled
    metric, accuracy, precision = _row(title)
    features = np.stack([histogram(p, bins=bins, channels=channels, normalize=True) for p in photos])
    report = evaluate(features, labels, metric=metric)
    assert f"{report.accuracy:.0%}" == accuracy
    assert f"{report.precision_at_k:.0%}" == precision


def test_readme_chance_row(labelled):
    photos, labels = labelled
    _, accuracy, precision = _row("chance")
    features = np.stack([histogram(p, bins=8, normalize=True) for p in photos])
    chance = evaluate(features, labels).chance
    assert f"{chance:.0%}" == accuracy == precision
