"""Issue 12's additions to evaluation: nearest centroid, confidence intervals, McNemar, descriptors by name."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from imgsim_helpers import (DESCRIPTORS, METRICS, Comparison, EvaluationReport, accuracy_ci, describe, distance,
                            emd, evaluate, evaluation_set, load_image, mcnemar)

binomtest = pytest.importorskip("scipy.stats", reason="a test-only reference library (requirements-test.txt; make test installs it)").binomtest


def random_set(seed, n, classes, bins):
    rng = np.random.default_rng(seed)
    labels = [f"c{i % classes}" for i in range(n)]
    rng.shuffle(labels)
    centres = {label: rng.random(bins) * 3 for label in set(labels)}
    return np.array([centres[label] + rng.random(bins) for label in labels]), labels


def centroid_brute_force(features, labels, metric, channels=1):
    """For each photo: the class whose mean (without the photo) is nearest, by scalar distances."""
    classes = sorted(set(labels))
    guesses = []
    for i, x in enumerate(features):
        best = None
        for c in classes:
            members = [features[j] for j in range(len(labels)) if labels[j] == c and j != i]
            centre = np.mean(members, axis=0)
            d = emd(x, centre, channels) if metric == "emd" else distance(x, centre, metric)
            if best is None or d < best[0] - 1e-12:
                best = (d, c)
        guesses.append(best[1])
    return guesses


@pytest.mark.parametrize("metric", list(METRICS))
@pytest.mark.parametrize("seed, n, classes, bins", [(0, 6, 2, 4), (1, 13, 3, 7), (2, 24, 4, 12)])
def test_nearest_centroid_matches_brute_force(metric, seed, n, classes, bins):
    features, labels = random_set(seed, n, classes, bins)
    report = evaluate(features, labels, metric, method="centroid")
    expected = centroid_brute_force(features, labels, metric)
    assert report.correct.tolist() == [g == t for g, t in zip(expected, labels)]
    assert report.accuracy == pytest.approx(np.mean([g == t for g, t in zip(expected, labels)]))
    assert report.method == "centroid" and report.nearest is None and report.precision_at_k is None
    confusion = np.zeros_like(report.confusion)
    for g, t in zip(expected, labels):
        confusion[report.labels.index(t), report.labels.index(g)] += 1
    assert report.confusion.tolist() == confusion.tolist()


def test_nearest_centroid_leaves_the_query_out_of_its_class():
    """Two classes of two: with the query in its own class's mean, every guess would be right."""
    features = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.1], [0.1, 1.0]])
    labels = ["a", "b", "b", "a"]       # each photo's twin is in the other class
    report = evaluate(features, labels, method="centroid", k=1)
    assert report.accuracy == 0.0


def test_nearest_centroid_needs_two_photos_per_class():
    with pytest.raises(ValueError, match="class 'b' has a single photo"):
        evaluate(np.eye(3) + 0.1, ["a", "a", "b"], method="centroid", k=1)


def test_unknown_method_is_refused():
    with pytest.raises(ValueError, match="unknown method 'knn'; choose one of: neighbour, centroid"):
        evaluate(np.eye(3) + 0.1, ["a", "a", "b"], method="knn", k=1)


# --------------------------------------------------------------------------- confidence intervals


@given(st.integers(1, 400).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_accuracy_ci_equals_scipy_wilson(case):
    correct, total = case
    expected = binomtest(correct, total).proportion_ci(confidence_level=0.95, method="wilson")
    low, high = accuracy_ci(correct, total)
    assert low == pytest.approx(expected.low, abs=1e-9) and high == pytest.approx(expected.high, abs=1e-9)
    assert low <= correct / total <= high


def test_accuracy_ci_by_hand_and_other_levels():
    low, high = accuracy_ci(15, 30)             # 50% of 30: about +- 17 points
    assert (round(low, 3), round(high, 3)) == (0.332, 0.668)
    wide, narrow = accuracy_ci(15, 30, 0.99), accuracy_ci(150, 300)
    assert wide[0] < low and wide[1] > high     # more confidence: wider
    assert narrow[1] - narrow[0] < high - low   # more photos: narrower
    expected = binomtest(15, 30).proportion_ci(confidence_level=0.9, method="wilson")
    assert accuracy_ci(15, 30, 0.9) == pytest.approx((expected.low, expected.high), abs=1e-9)


@pytest.mark.parametrize("args, message", [
    ((5, 0), "total >= 1"), ((6, 5), "correct <= total"), ((-1, 5), "0 <= correct"), ((2.5, 5), "whole number"),
    ((2, 5, 1.5), "confidence must be between 0 and 1"), ((True, 5), "whole number"),
])
def test_accuracy_ci_errors(args, message):
    with pytest.raises(ValueError, match=message):
        accuracy_ci(*args)


def test_report_carries_the_interval_and_prints_it():
    features, labels = random_set(3, 20, 2, 5)
    report = evaluate(features, labels)
    assert report.accuracy_ci == accuracy_ci(int(report.correct.sum()), 20)
    assert "95% CI" in str(report) and report.correct.dtype == bool and len(report.correct) == 20


# --------------------------------------------------------------------------- McNemar


def _report(correct):
    correct = np.asarray(correct, dtype=bool)
    n = len(correct)
    return EvaluationReport(metric="euclidean", accuracy=float(correct.mean()), precision_at_k=None, k=1,
                            chance=0.5, labels=["a"], confusion=np.array([[n]]), nearest=None,
                            accuracy_ci=accuracy_ci(int(correct.sum()), n), correct=correct)


@given(st.lists(st.tuples(st.booleans(), st.booleans()), min_size=1, max_size=80))
def test_mcnemar_equals_scipy_binomial_test(pairs):
    a = _report([x for x, _ in pairs])
    b = _report([y for _, y in pairs])
    result = mcnemar(a, b)
    only_a = sum(x and not y for x, y in pairs)
    only_b = sum(y and not x for x, y in pairs)
    assert (result.only_a, result.only_b) == (only_a, only_b)
    expected = 1.0 if only_a + only_b == 0 else binomtest(only_a, only_a + only_b).pvalue
    assert result.p_value == pytest.approx(expected, rel=1e-9)
    assert mcnemar(b, a).p_value == pytest.approx(result.p_value)


def test_mcnemar_by_hand():
    # A alone right on 9 photos, B alone on 1: p = 2 * (1 + 10) / 2**10
    a = _report([True] * 9 + [False] + [True] * 5)
    b = _report([False] * 9 + [True] + [True] * 5)
    result = mcnemar(a, b)
    assert result == Comparison(9, 1, pytest.approx(22 / 1024))
    assert "a real difference" in str(result)
    assert "could be luck" in str(mcnemar(_report([True, False]), _report([False, True])))


def test_mcnemar_refuses_reports_of_different_photos():
    with pytest.raises(ValueError, match="same photos"):
        mcnemar(_report([True, False]), _report([True, False, True]))
    with pytest.raises(ValueError, match="two results of evaluate"):
        mcnemar(_report([True]), [True])


# --------------------------------------------------------------------------- descriptors by name


@pytest.fixture(scope="module")
def small_set():
    paths, labels = evaluation_set()
    chosen = list(range(0, len(paths), 9))                # 25 photos from every class
    return [load_image(paths[i]) for i in chosen], [labels[i] for i in chosen]


def test_evaluate_describes_photos_by_descriptor_name(small_set):
    photos, labels = small_set
    for name in ("rgb", "edges"):
        from_photos = evaluate(photos, labels, "manhattan", descriptor=name)
        from_rows = evaluate(describe(photos, name), labels, "manhattan", descriptor=name)
        assert from_photos.correct.tolist() == from_rows.correct.tolist()
        assert from_photos.descriptor == name and name in str(from_photos)


def test_evaluate_emd_uses_the_descriptors_channels(small_set):
    photos, labels = small_set
    rows = describe(photos, "rgb")
    report = evaluate(rows, labels, "emd", descriptor="rgb", k=1)
    expected = []
    for i, x in enumerate(rows):
        d = [emd(x, y, channels=3) if j != i else np.inf for j, y in enumerate(rows)]
        expected.append(labels[int(np.argmin(d))] == labels[i])
    assert report.correct.tolist() == expected


def test_evaluate_refuses_emd_where_it_does_not_apply(small_set):
    photos, labels = small_set
    for name, entry in DESCRIPTORS.items():
        if entry.channels is None:
            with pytest.raises(ValueError, match=f"'{name}'"):
                evaluate(describe(photos[:4], name), labels[:4], "emd", k=1, descriptor=name)


def test_evaluate_notices_features_of_another_descriptor(small_set):
    photos, labels = small_set
    with pytest.raises(ValueError, match="96 columns, but 'edges' gives 9"):
        evaluate(describe(photos, "rgb"), labels, descriptor="edges")
    with pytest.raises(ValueError, match="unknown descriptor 'colour'"):
        evaluate(describe(photos, "rgb"), labels, descriptor="colour")
