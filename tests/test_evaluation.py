"""Leave-one-out evaluation: ``pairwise_distances``, ``evaluate`` and ``EvaluationReport``.

``evaluate`` is checked against a brute-force pure-Python version built only on
``distance()`` from the registry: a double loop, the nearest other photo with
ties broken by the lowest index, precision@k, the confusion matrix and the
chance level ``sum(n_c * (n_c - 1)) / (n * (n - 1))``.
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import imgsim_helpers as ih
from imgsim_helpers import METRICS, EvaluationReport, distance, evaluate, pairwise_distances

NAMES = list(METRICS)


# --------------------------------------------------------------------------- brute force


def brute_force(features, labels, metric, k):
    """What evaluate() must report, computed the slow, obvious way."""
    labels = [str(label) for label in labels]
    n = len(labels)
    rows = [list(map(float, row)) for row in features]
    table = [[distance(rows[i], rows[j], metric) for j in range(n)] for i in range(n)]
    classes = sorted(set(labels))
    confusion = [[0] * len(classes) for _ in classes]
    nearest, hits, shares = [], 0, []
    for i in range(n):
        # (distance, index) pairs sort by distance, then by the lower index
        others = sorted((table[i][j], j) for j in range(n) if j != i)
        best = others[0][1]
        nearest.append(best)
        hits += labels[best] == labels[i]
        confusion[classes.index(labels[i])][classes.index(labels[best])] += 1
        shares.append(sum(labels[j] == labels[i] for _, j in others[:k]) / k)
    sizes = Counter(labels).values()
    return {
        "accuracy": hits / n,
        "precision_at_k": sum(shares) / n,
        "chance": sum(c * (c - 1) for c in sizes) / (n * (n - 1)),
        "labels": classes,
        "confusion": confusion,
        "nearest": nearest,
        "table": table,
    }


def assert_matches_brute_force(features, labels, metric, k):
    report = evaluate(features, labels, metric=metric, k=k)
    expected = brute_force(features, labels, metric, k)
    assert isinstance(report, EvaluationReport)
    assert report.metric == metric
    assert report.k == k
    assert report.labels == expected["labels"]
    assert report.nearest.tolist() == expected["nearest"]
    assert report.accuracy == pytest.approx(expected["accuracy"], abs=1e-12)
    assert report.precision_at_k == pytest.approx(expected["precision_at_k"], abs=1e-12)
    assert report.chance == pytest.approx(expected["chance"], abs=1e-12)
    assert report.confusion.tolist() == expected["confusion"]
    assert report.confusion.sum(axis=1).tolist() == [labels.count(c) for c in expected["labels"]]
    return report


def random_set(seed, n, classes, bins, zeros=0.3):
    """``n`` random histograms (some empty bins) in ``classes`` classes, loosely clustered."""
    rng = np.random.default_rng(seed)
    names = ["cat", "dog", "eel", "fox"][:classes]
    labels = [names[i % classes] for i in range(n)]
    rng.shuffle(labels)
    centres = {name: rng.random(bins) * 3 for name in names}
    features = np.array([centres[label] + rng.random(bins) for label in labels])
    features[rng.random(features.shape) < zeros] = 0.0
    for row in features:
        if not row.any():
            row[rng.integers(bins)] = 1.0
    return features, labels


SETS = [  # (seed, n, classes, bins)
    (0, 2, 2, 3),
    (1, 5, 2, 4),
    (2, 9, 3, 8),
    (3, 16, 4, 12),
    (4, 30, 4, 24),
    (5, 12, 3, 1),
]


#: Every metric on every set, except correlation on 1-bin histograms: a flat histogram has no
#: correlation, and that refusal has its own test.
METRIC_SETS = [(metric, *case) for metric in NAMES for case in SETS if not (metric == "correlation" and case[3] == 1)]


# --------------------------------------------------------------------------- evaluate == brute force


@pytest.mark.parametrize("metric, seed, n, classes, bins", METRIC_SETS)
def test_evaluate_matches_brute_force_on_random_sets(metric, seed, n, classes, bins):
    features, labels = random_set(seed, n, classes, bins)
    for k in sorted({1, max(1, (n - 1) // 2), n - 1}):
        assert_matches_brute_force(features, labels, metric, k)


def test_correlation_of_flat_histograms_is_refused_not_guessed():
    features, labels = random_set(5, 12, 3, 1)           # one bin: every histogram is flat
    with pytest.raises(ValueError, match="same value in every bin"):
        evaluate(features, labels, "correlation")
    features, labels = random_set(6, 8, 2, 4)
    features[3] = 2.0                                    # one flat row among normal ones
    with pytest.raises(ValueError, match="row 3 has the same value in every bin"):
        pairwise_distances(features, "correlation")


@pytest.mark.parametrize("metric", NAMES)
def test_evaluate_takes_counts_and_a_list_of_lists(metric):
    features, labels = random_set(7, 10, 3, 6)
    counts = np.rint(features * 100).astype(np.int64)
    counts[counts.sum(axis=1) == 0, 0] = 1
    assert_matches_brute_force(counts, labels, metric, 3)
    assert_matches_brute_force(counts.tolist(), labels, metric, 3)


@st.composite
def small_count_sets(draw):
    """Tiny integer histograms: many exact ties, where the tie-breaking rule matters."""
    n = draw(st.integers(2, 10))
    bins = draw(st.integers(1, 4))
    rows = draw(st.lists(st.lists(st.integers(0, 3), min_size=bins, max_size=bins).filter(any),
                         min_size=n, max_size=n))
    labels = draw(st.lists(st.sampled_from("abcd"), min_size=n, max_size=n))
    k = draw(st.integers(1, n - 1))
    return np.array(rows), labels, k


@given(case=small_count_sets())
def test_evaluate_matches_brute_force_with_ties(case):
    """euclidean and manhattan are exact on small whole numbers: ties are real ties."""
    features, labels, k = case
    for metric in ("euclidean", "manhattan"):
        assert_matches_brute_force(features, labels, metric, k)


@pytest.mark.parametrize("metric", NAMES)
def test_duplicate_photos_tie_and_the_lower_index_wins(metric):
    """The same photo twice is an exact tie for every metric: the lower index must win.

    Rows 1 and n-1 are identical but labelled differently, so breaking the tie the
    wrong way changes the nearest neighbour, the accuracy and the confusion matrix.
    Many small random sets, because a rounding difference shows up only in some.
    """
    wrong_winner, unequal = [], []
    for seed in range(200):
        rng = np.random.default_rng(seed)
        n, bins = int(rng.integers(4, 10)), int(rng.integers(2, 12))
        features = rng.random((n, bins))
        features[n - 1] = features[1]
        labels = ["a"] * n
        labels[1], labels[n - 1] = "b", "c"
        report = evaluate(features, labels, metric=metric, k=1)
        expected = brute_force(features, labels, metric, 1)
        if report.nearest.tolist() != expected["nearest"]:
            wrong_winner.append(seed)
        table = pairwise_distances(features, metric)
        if not np.array_equal(table[:, 1], table[:, n - 1]):
            unequal.append(seed)
    assert wrong_winner == [], f"the higher index won a tie between identical photos (seeds {wrong_winner})"
    assert unequal == [], f"identical photos at different distances from the same query (seeds {unequal})"


# --------------------------------------------------------------------------- pairwise_distances


@pytest.mark.parametrize("metric, seed, n, classes, bins", METRIC_SETS)
def test_pairwise_distances_equal_the_double_loop(metric, seed, n, classes, bins):
    features, _ = random_set(seed, n, classes, bins)
    table = pairwise_distances(features, metric)
    loop = np.array([[distance(a, b, metric) for b in features] for a in features])
    assert table.shape == (n, n)
    assert table.dtype == np.float64
    assert np.allclose(table, loop, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("metric", NAMES)
def test_pairwise_distances_diagonal_zero_and_symmetric(metric):
    features, _ = random_set(11, 14, 3, 10)
    table = pairwise_distances(features, metric)
    assert np.allclose(np.diag(table), 0.0, atol=1e-12)
    assert np.allclose(table, table.T, rtol=1e-10, atol=1e-12)
    assert np.all(table >= 0)


def test_pairwise_distances_default_metric_is_euclidean():
    features, _ = random_set(12, 6, 2, 5)
    assert np.array_equal(pairwise_distances(features), pairwise_distances(features, "euclidean"))


def test_pairwise_distances_leaves_its_input_alone():
    features, _ = random_set(13, 6, 2, 5)
    before = features.copy()
    pairwise_distances(features, "chi_square")
    evaluate(features, ["a", "b"] * 3, "bhattacharyya", k=2)
    assert np.array_equal(features, before)


def test_pairwise_distances_one_row():
    assert pairwise_distances(np.array([[1.0, 2.0]])).tolist() == [[0.0]]


@pytest.mark.parametrize("features, message", [
    (np.array([1.0, 2.0, 3.0]), r"2-D"),
    (np.ones((2, 2, 2)), r"2-D"),
    (np.zeros((0, 3)), r"2-D"),
    (np.array([[1.0, 2.0], [0.0, 0.0], [3.0, 1.0]]), r"row 1 .*all zeros"),
    (np.array([[1.0, 2.0], [-1.0, 3.0]]), r"non-negative"),
    (np.array([[1.0, math.nan], [1.0, 3.0]]), r"finite"),
    (np.array([[1.0, math.inf], [1.0, 3.0]]), r"finite"),
], ids=["1-D", "3-D", "no rows", "zero row", "negative", "NaN", "inf"])
@pytest.mark.parametrize("metric", NAMES)
def test_pairwise_distances_refuses_bad_features(metric, features, message):
    with pytest.raises(ValueError, match=message):
        pairwise_distances(features, metric)


def test_pairwise_distances_unknown_metric_lists_the_known_ones():
    with pytest.raises(ValueError, match=r"unknown metric 'L1'") as info:
        pairwise_distances(np.eye(3), "L1")
    for name in NAMES:
        assert name in str(info.value)


# --------------------------------------------------------------------------- evaluate: errors

GOOD = np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0], [0.1, 0.9]])
GOOD_LABELS = ["x", "x", "y", "y"]


def test_evaluate_length_mismatch():
    with pytest.raises(ValueError, match=r"4 histograms but 3 labels"):
        evaluate(GOOD, GOOD_LABELS[:3])


@pytest.mark.parametrize("features, labels", [
    (GOOD[:1], ["x"]),
    (GOOD[:0], []),
])
def test_evaluate_needs_two_photos(features, labels):
    with pytest.raises(ValueError, match=r"at least 2"):
        evaluate(features, labels, k=1)


@pytest.mark.parametrize("k", [0, -1, 4, 5, 100])
def test_evaluate_k_out_of_range(k):
    with pytest.raises(ValueError, match=r"k must be a whole number between 1 and 3"):
        evaluate(GOOD, GOOD_LABELS, k=k)


@pytest.mark.parametrize("k", [1.5, "2", None])
def test_evaluate_k_not_a_whole_number(k):
    """A k that is not a whole number is refused with a ValueError naming k, like histogram()'s bins."""
    with pytest.raises(ValueError, match=r"\bk\b"):
        evaluate(GOOD, GOOD_LABELS, k=k)


def test_evaluate_unknown_metric_lists_the_known_ones():
    with pytest.raises(ValueError, match=r"unknown metric 'hamming'") as info:
        evaluate(GOOD, GOOD_LABELS, metric="hamming", k=1)
    for name in NAMES:
        assert name in str(info.value)


@pytest.mark.parametrize("metric", NAMES)
@pytest.mark.parametrize("row, message", [
    ([0.0, 0.0], r"row 2 .*all zeros"),
    ([-0.5, 1.0], r"non-negative"),
    ([math.nan, 1.0], r"finite"),
], ids=["zero row", "negative", "NaN"])
def test_evaluate_refuses_bad_rows(metric, row, message):
    features = GOOD.copy()
    features[2] = row
    with pytest.raises(ValueError, match=message):
        evaluate(features, GOOD_LABELS, metric=metric, k=1)


def test_evaluate_refuses_1d_features():
    with pytest.raises(ValueError, match=r"2-D"):
        evaluate(np.array([1.0, 2.0, 3.0, 4.0]), GOOD_LABELS, k=1)


# --------------------------------------------------------------------------- evaluate: behaviour


@pytest.mark.parametrize("metric", NAMES)
def test_perfectly_separable_set_scores_one(metric):
    rng = np.random.default_rng(21)
    reds = np.array([[10, 1, 0, 0]]) + rng.integers(0, 2, size=(5, 4))
    blues = np.array([[0, 0, 1, 10]]) + rng.integers(0, 2, size=(5, 4))
    greens = np.array([[0, 10, 10, 0]]) + rng.integers(0, 2, size=(5, 4))
    features = np.vstack([reds, blues, greens])
    labels = ["red"] * 5 + ["blue"] * 5 + ["green"] * 5
    report = assert_matches_brute_force(features, labels, metric, 4)
    assert report.accuracy == 1.0
    assert report.precision_at_k == 1.0
    assert report.labels == ["blue", "green", "red"]
    assert report.confusion.tolist() == [[5, 0, 0], [0, 5, 0], [0, 0, 5]]
    assert report.chance == pytest.approx(3 * 5 * 4 / (15 * 14))
    for i, j in enumerate(report.nearest):
        assert j != i and labels[j] == labels[i]


def test_swapped_labels_score_zero():
    """Each photo's nearest neighbour is in the other class: accuracy 0, all off the diagonal."""
    features = np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0], [0.1, 0.9]])
    report = evaluate(features, ["x", "y", "z", "w"], k=1)
    assert report.accuracy == 0.0
    assert report.chance == 0.0
    assert np.trace(report.confusion) == 0


def test_chance_level_by_hand():
    # classes of 3, 2 and 1 photos: (3*2 + 2*1 + 1*0) / (6*5) = 8 / 30
    features, _ = random_set(31, 6, 3, 4)
    report = evaluate(features, ["a", "a", "a", "b", "b", "c"], k=2)
    assert report.chance == pytest.approx(8 / 30)


def test_nearest_is_never_the_photo_itself():
    features = np.array([[1.0, 1.0]] * 4)            # all identical: every distance is 0
    report = evaluate(features, ["p", "q", "p", "q"], metric="euclidean", k=3)
    assert report.nearest.tolist() == [1, 0, 0, 0]   # ties: the lowest other index
    # 0 (p) -> 1 (q), 1 (q) -> 0 (p), 2 (p) -> 0 (p): right, 3 (q) -> 0 (p)
    assert report.accuracy == 0.25
    assert report.confusion.tolist() == [[1, 1], [2, 0]]


def test_labels_are_compared_as_text():
    features, _ = random_set(41, 6, 2, 4)
    by_number = evaluate(features, [1, 1, 1, 2, 2, 2], k=2)
    by_text = evaluate(features, ["1", "1", "1", "2", "2", "2"], k=2)
    assert by_number.labels == ["1", "2"]
    assert by_number.accuracy == by_text.accuracy
    assert by_number.confusion.tolist() == by_text.confusion.tolist()


def test_default_k_and_metric():
    features, labels = random_set(51, 10, 2, 5)
    report = evaluate(features, labels)
    assert report.k == 4
    assert report.metric == "euclidean"


def test_report_str_mentions_accuracy_and_chance():
    report = evaluate(GOOD, GOOD_LABELS, metric="cosine", k=1)
    text = str(report)
    assert "accuracy" in text and "chance" in text
    assert "cosine" in text
    assert "100%" in text                                   # the accuracy
    assert f"{report.chance:.0%}" in text                   # 2*(2*1) / (4*3) = 33%
    assert "precision@1" in text


def test_report_is_frozen():
    report = evaluate(GOOD, GOOD_LABELS, k=1)
    with pytest.raises(AttributeError):
        report.accuracy = 0.0


# --------------------------------------------------------------------------- the real photos


@pytest.fixture(scope="module")
def categories():
    rows = [row for row in ih.samples() if row["file"].startswith("categories/")]
    features = np.array([
        ih.histogram(ih.load_image(ih.DATA_DIR / row["file"]), bins=8, channels="rgb", normalize=True)
        for row in rows
    ])
    return features, [row["label"] for row in rows]


def test_the_labelled_set(categories):
    features, labels = categories
    assert features.shape == (len(labels), 24)
    assert len(labels) >= 10
    assert min(Counter(labels).values()) >= 2
    assert np.allclose(features.sum(axis=1), 1.0)          # normalised: the three channels together


def test_euclidean_beats_chance_on_the_labelled_photos(categories):
    """The course's finding: colour histograms tell the categories apart better than chance."""
    features, labels = categories
    report = evaluate(features, labels, metric="euclidean", k=4)
    assert report.accuracy > report.chance
    assert report.precision_at_k > report.chance
    assert_matches_brute_force(features, labels, "euclidean", 4)
