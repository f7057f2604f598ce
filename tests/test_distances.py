"""Distances between histograms, and ranking references by them."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from imgsim_helpers import METRICS, as_histogram, distance, euclidean, l2_loop, rank

# --------------------------------------------------------------------------- hand cases


@pytest.mark.parametrize("measure", [l2_loop, euclidean, distance], ids=lambda f: f.__name__)
def test_three_four_five(measure):
    assert measure([0, 3], [4, 0]) == 5.0
    assert measure(np.array([0, 3]), np.array([4, 0])) == 5.0
    assert measure([1, 1, 1, 1], [1, 1, 1, 1]) == 0.0
    assert measure([3, 0, 0], [0, 4, 0]) == 5.0


def test_results_are_plain_floats():
    for value in (l2_loop([0, 3], [4, 0]), euclidean([0, 3], [4, 0]), distance([0, 3], [4, 0])):
        assert type(value) is float


def test_euclidean_takes_2d_histograms():
    assert euclidean([[0, 3], [1, 1]], [[4, 0], [1, 1]]) == 5.0


def test_metrics_and_default():
    assert "euclidean" in METRICS
    assert METRICS["euclidean"] is euclidean
    assert distance([1, 2], [2, 1]) == distance([1, 2], [2, 1], metric="euclidean")


def test_uint8_histograms_do_not_wrap_around():
    # In uint8, 1 - 255 is 2, not -254: the distance must be computed in float.
    h1 = np.array([1, 0], dtype=np.uint8)
    h2 = np.array([1, 255], dtype=np.uint8)
    assert euclidean(h1, h2) == 255.0
    assert distance(h1, h2) == 255.0
    assert l2_loop(np.array([0], dtype=np.uint8), np.array([255], dtype=np.uint8)) == 255.0


def test_as_histogram_returns_float64():
    arr = as_histogram(np.array([1, 2, 3], dtype=np.uint8))
    assert arr.dtype == np.float64
    assert arr.tolist() == [1.0, 2.0, 3.0]


# --------------------------------------------------------------------------- errors


def test_different_shapes_name_both():
    expected = re.escape("h1 has shape (256,), h2 has shape (64,)")
    with pytest.raises(ValueError, match=expected):
        euclidean(np.ones(256), np.ones(64))
    with pytest.raises(ValueError, match=expected):
        distance(np.ones(256), np.ones(64))
    with pytest.raises(ValueError, match=re.escape("h1 has shape (64,), h2 has shape (256,)")):
        euclidean(np.ones(64), np.ones(256))


def test_l2_loop_different_lengths_name_both():
    with pytest.raises(ValueError, match="cannot compare histograms of different lengths: 256 and 64 bins"):
        l2_loop(np.ones(256), np.ones(64))


def test_l2_loop_refuses_images_with_what_to_do():
    # l2_loop(img, img) used to end in "TypeError: only 0-dimensional arrays can be converted ..."
    image = np.zeros((4, 5, 3), dtype=np.uint8)
    advice = ("l2_loop compares two 1-D histograms or vectors (one number per bin), but {} has shape {}; "
              "for images, make their histograms first (histogram(image)) or flatten them (image.flatten())")
    with pytest.raises(ValueError, match=re.escape(advice.format("h1", "(4, 5, 3)"))):
        l2_loop(image, image)
    with pytest.raises(ValueError, match=re.escape(advice.format("h2", "(2, 2)"))):
        l2_loop([1, 2], [[1, 2], [3, 4]])
    assert l2_loop(image.flatten(), image.flatten()) == 0.0  # the advice works


BAD_HISTOGRAMS = [
    pytest.param([1.0, np.nan], "contains NaN \\(\"not a number\"\\) or infinity \\(first at bin 1\\)", id="NaN"),
    pytest.param([np.inf, 1.0], "contains NaN \\(\"not a number\"\\) or infinity \\(first at bin 0\\)", id="inf"),
    pytest.param([1, -2], "has a negative entry \\(-2 at bin 1\\)", id="negative"),
    pytest.param([0, 0, 0], "is all zeros", id="all zeros"),
    pytest.param(["a", "b"], "must be a list or array of numbers", id="text"),
    pytest.param([], "is empty", id="empty"),
]


@pytest.mark.parametrize("bad, message", BAD_HISTOGRAMS)
def test_as_histogram_names_the_histogram(bad, message):
    with pytest.raises(ValueError, match=f"my_hist {message}"):
        as_histogram(bad, name="my_hist")


@pytest.mark.parametrize("bad, message", BAD_HISTOGRAMS)
def test_euclidean_says_which_histogram_is_bad(bad, message):
    good = [1] * max(len(bad), 1)
    with pytest.raises(ValueError, match=f"h1 {message}"):
        euclidean(bad, good)
    with pytest.raises(ValueError, match=f"h2 {message}"):
        distance(good, bad)


def test_a_missing_value_is_refused():
    # None becomes NaN inside NumPy; whatever the wording, it must not be compared.
    with pytest.raises(ValueError, match="h2"):
        euclidean([1, 2], [1, None])


def test_all_zero_uint8_histogram_is_refused_not_wrapped():
    # euclidean([0], [255]) would be 255, but an all-zero histogram counts nothing.
    with pytest.raises(ValueError, match="h1 is all zeros"):
        euclidean(np.array([0], dtype=np.uint8), np.array([255], dtype=np.uint8))


def test_unknown_metric_lists_the_known_ones():
    with pytest.raises(ValueError, match="unknown metric 'hamming'; choose one of: .*euclidean"):
        distance([1, 2], [2, 1], metric="hamming")


# --------------------------------------------------------------------------- rank


def test_rank_nearest_first():
    query = [10, 0, 0]
    refs = {"far": [0, 0, 10], "near": [9, 1, 0], "middle": [5, 5, 0]}
    result = rank(query, refs)
    assert [name for name, _ in result] == ["near", "middle", "far"]
    assert all(type(name) is str and type(value) is float for name, value in result)
    assert result[0][1] == pytest.approx(math.sqrt(2))
    values = [value for _, value in result]
    assert values == sorted(values)


def test_rank_docstring_example():
    assert rank([1, 0], {"far": [0, 1], "near": [1, 0]}) == [("near", 0.0), ("far", math.sqrt(2))]


@pytest.mark.parametrize("order", [["a", "b", "c"], ["c", "b", "a"], ["b", "c", "a"]])
def test_rank_ties_keep_the_order_of_references(order):
    tie = {name: [2, 1] for name in order}  # all at the same distance from the query
    refs = {"far": [0, 9], **tie}
    assert [name for name, _ in rank([1, 0], refs)] == [*order, "far"]


def test_rank_one_reference():
    assert rank([1, 0], {"only": [0, 1]}) == [("only", math.sqrt(2))]


def test_rank_empty_references():
    with pytest.raises(ValueError, match="references is empty"):
        rank([1, 0], {})


def test_rank_unknown_metric_lists_euclidean():
    with pytest.raises(ValueError, match="unknown metric 'hamming'; choose one of: .*euclidean"):
        rank([1, 0], {"a": [1, 0]}, metric="hamming")


@pytest.mark.parametrize(
    "bad, message",
    [([np.nan, 1], "h2 contains NaN"), ([1], re.escape("h1 has shape (2,), h2 has shape (1,)")), ([0, 0], "h2 is all zeros")],
    ids=["NaN", "short", "zeros"],
)
def test_rank_names_the_bad_reference(bad, message):
    refs = {"good": [1, 0], "broken swan": bad}
    with pytest.raises(ValueError, match=f"reference 'broken swan'.*{message}"):
        rank([1, 0], refs)


# --------------------------------------------------------------------------- properties

sizes = st.integers(min_value=1, max_value=32)
counts = st.integers(min_value=0, max_value=10**6)
fractions = st.floats(min_value=0.0, max_value=1.0, allow_nan=False, allow_subnormal=False)


def _histograms(n: int, elements):
    return arrays(np.float64, n, elements=elements).filter(lambda h: h.any())


def triples(elements):
    """Three histograms of the same length, none all zeros."""
    return sizes.flatmap(lambda n: st.tuples(*[_histograms(n, elements)] * 3))


@given(st.one_of(triples(counts), triples(fractions)))
def test_euclidean_is_a_metric(hists):
    a, b, c = hists
    assert euclidean(a, a) == 0.0
    assert euclidean(a, b) == euclidean(b, a)
    assert euclidean(a, b) >= 0.0
    tolerance = 1e-9 * (1 + euclidean(a, b) + euclidean(b, c))
    assert euclidean(a, c) <= euclidean(a, b) + euclidean(b, c) + tolerance


@given(st.one_of(triples(counts), triples(fractions)))
def test_euclidean_equals_the_tutorials_loop(hists):
    a, b, _ = hists
    assert math.isclose(euclidean(a, b), l2_loop(a.tolist(), b.tolist()), rel_tol=1e-9, abs_tol=1e-12)


@given(sizes.flatmap(lambda n: st.tuples(arrays(np.uint8, n), arrays(np.uint8, n))))
def test_uint8_inputs_never_wrap(pair):
    a, b = pair
    assume(a.any() and b.any())
    expected = math.sqrt(sum((int(x) - int(y)) ** 2 for x, y in zip(a, b)))
    assert math.isclose(euclidean(a, b), expected, rel_tol=1e-12, abs_tol=1e-12)
    assert math.isclose(l2_loop(a, b), expected, rel_tol=1e-12, abs_tol=1e-12)
