"""The six bin-by-bin histogram distances in ``METRICS``: formulas, properties and error paths.

(``METRICS`` also holds ``emd`` and ``correlation``, added for issue 12; they
compare whole shapes rather than bin by bin, have other properties -- EMD is
measured in bins, correlation is undefined for a flat histogram -- and are
tested in ``tests/test_toolbox_metrics.py``.)

The course's design (see ``imgsim_helpers.distances``):

* ``euclidean`` and ``manhattan`` compare the numbers *as given*: on raw counts
  they grow with image size (a lesson of the course), so they are only
  size-independent on normalised histograms;
* ``chi_square``, ``intersection`` and ``bhattacharyya`` divide each histogram
  by its total themselves;
* ``cosine`` is scale-invariant by nature.

On normalised ``p`` and ``q`` each must match its textbook formula (``SPEC``).
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from imgsim_helpers import (METRICS, bhattacharyya, chi_square, cosine, distance, euclidean, intersection,
                            manhattan, rank)

NAMES = ["euclidean", "manhattan", "chi_square", "intersection", "bhattacharyya", "cosine"]
AS_GIVEN = ["euclidean", "manhattan"]                       # compare the numbers as given
NORMALISING = ["chi_square", "intersection", "bhattacharyya"]  # divide by the totals inside
SCALE_FREE = NORMALISING + ["cosine"]                       # counts and fractions give the same
TRUE_METRICS = ["euclidean", "manhattan", "bhattacharyya"]  # obey the triangle inequality


def _chi_square_spec(p, q):
    used = (p + q) > 0
    return 0.5 * np.sum((p[used] - q[used]) ** 2 / (p[used] + q[used]))


#: The spec, written as plainly as possible, for normalised p and q.
SPEC = {
    "euclidean": lambda p, q: np.sqrt(np.sum((p - q) ** 2)),
    "manhattan": lambda p, q: np.sum(np.abs(p - q)),
    "chi_square": _chi_square_spec,
    "intersection": lambda p, q: 1 - np.sum(np.minimum(p, q)),
    "bhattacharyya": lambda p, q: np.sqrt(max(0.0, 1 - np.sum(np.sqrt(p * q)))),
    "cosine": lambda p, q: 1 - np.dot(p, q) / (np.linalg.norm(p) * np.linalg.norm(q)),
}


def normalised(h):
    h = np.asarray(h, dtype=np.float64)
    return h / h.sum()


# --------------------------------------------------------------------------- strategies

# zeros are common in real histograms; whole counts and fractions both occur
_bin = st.one_of(st.just(0.0), st.integers(1, 1000).map(float), st.floats(1e-3, 1e3))


def _hist(n):
    return arrays(np.float64, n, elements=_bin).filter(lambda a: a.any())


def _counts(n):
    return arrays(np.int64, n, elements=st.integers(0, 1000)).filter(lambda a: a.any())


sizes = st.integers(1, 16)
pairs = sizes.flatmap(lambda n: st.tuples(_hist(n), _hist(n)))
triples = sizes.flatmap(lambda n: st.tuples(_hist(n), _hist(n), _hist(n)))
count_pairs = sizes.flatmap(lambda n: st.tuples(_counts(n), _counts(n)))
factors = st.integers(2, 1000)


# --------------------------------------------------------------------------- registry


def test_registry_holds_the_eight_metrics():
    assert list(METRICS) == NAMES + ["emd", "correlation"]
    assert METRICS["euclidean"] is euclidean
    assert METRICS["manhattan"] is manhattan
    assert METRICS["chi_square"] is chi_square
    assert METRICS["intersection"] is intersection
    assert METRICS["bhattacharyya"] is bhattacharyya
    assert METRICS["cosine"] is cosine


@pytest.mark.parametrize("name", NAMES)
def test_distance_dispatches_by_name_and_returns_a_plain_float(name):
    h1, h2 = [3, 1, 0, 2], [1, 1, 4, 0]
    value = distance(h1, h2, metric=name)
    assert type(value) is float
    assert value == METRICS[name](h1, h2)


# --------------------------------------------------------------------------- hand-computed cases

SQRT_HALF = math.sqrt(0.5)

#: (h1, h2, expected distance by metric), worked out by hand.
HAND_CASES = [
    # p = [.5, .5, 0], q = [0, .5, .5]: half the mass moves one bin over
    ([0.5, 0.5, 0.0], [0.0, 0.5, 0.5], {
        "euclidean": SQRT_HALF,        # sqrt(.25 + 0 + .25)
        "manhattan": 1.0,              # .5 + 0 + .5
        "chi_square": 0.5,             # .5 * (.25/.5 + 0 + .25/.5)
        "intersection": 0.5,           # 1 - (0 + .5 + 0)
        "bhattacharyya": SQRT_HALF,    # sqrt(1 - (0 + .5 + 0))
        "cosine": 0.5,                 # 1 - .25 / (sqrt(.5) * sqrt(.5))
    }),
    # p = [.25, .75], q = [.75, .25]
    ([0.25, 0.75], [0.75, 0.25], {
        "euclidean": SQRT_HALF,                    # sqrt(.25 + .25)
        "manhattan": 1.0,                          # .5 + .5
        "chi_square": 0.25,                        # .5 * (.25/1 + .25/1)
        "intersection": 0.5,                       # 1 - (.25 + .25)
        "bhattacharyya": (math.sqrt(3) - 1) / 2,   # sqrt(1 - 2*sqrt(3/16)) = sqrt(1 - sqrt(3)/2)
        "cosine": 0.4,                             # 1 - .375 / .625
    }),
    # the same as counts [2, 6] and [6, 2]: only euclidean and manhattan change (x8)
    ([2, 6], [6, 2], {
        "euclidean": math.sqrt(32),    # sqrt(16 + 16): counts compared as given
        "manhattan": 8.0,              # 4 + 4
        "chi_square": 0.25,
        "intersection": 0.5,
        "bhattacharyya": (math.sqrt(3) - 1) / 2,
        "cosine": 0.4,
    }),
    # a peak against a flat histogram: p = [1, 0, 0, 0], q = [.25, .25, .25, .25]
    ([1.0, 0.0, 0.0, 0.0], [0.25, 0.25, 0.25, 0.25], {
        "euclidean": math.sqrt(0.75),  # sqrt(.75**2 + 3 * .25**2)
        "manhattan": 1.5,              # .75 + 3 * .25
        "chi_square": 0.6,             # .5 * (.5625/1.25 + 3 * .0625/.25)
        "intersection": 0.75,          # 1 - .25
        "bhattacharyya": SQRT_HALF,    # sqrt(1 - sqrt(.25))
        "cosine": 0.5,                 # 1 - .25 / (1 * .5)
    }),
    # no bin in common
    ([1, 0], [0, 1], {
        "euclidean": math.sqrt(2),
        "manhattan": 2.0,
        "chi_square": 1.0,
        "intersection": 1.0,
        "bhattacharyya": 1.0,
        "cosine": 1.0,
    }),
    # identical
    ([0.2, 0.3, 0.5], [0.2, 0.3, 0.5], dict.fromkeys(NAMES, 0.0)),
]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("h1, h2, expected", HAND_CASES, ids=lambda v: repr(v) if isinstance(v, list) else "")
def test_hand_computed_values(name, h1, h2, expected):
    assert METRICS[name](h1, h2) == pytest.approx(expected[name], rel=1e-12, abs=1e-12)
    assert METRICS[name](h2, h1) == pytest.approx(expected[name], rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("h1, h2, expected", HAND_CASES[:2] + HAND_CASES[3:], ids=lambda v: "")
def test_hand_cases_match_the_spec_one_liners(name, h1, h2, expected):
    """The hand-written numbers and the SPEC one-liners agree (a check of the test itself)."""
    p, q = normalised(h1), normalised(h2)
    assert SPEC[name](p, q) == pytest.approx(expected[name], rel=1e-12, abs=1e-12)


def test_docstring_examples():
    assert euclidean([0, 3], [4, 0]) == 5.0
    assert manhattan([0, 3], [4, 0]) == 7.0
    assert chi_square([1, 0], [0, 1]) == 1.0
    assert intersection([3, 1], [1, 3]) == 0.5
    assert bhattacharyya([1, 0], [0, 1]) == 1.0
    assert cosine([1, 0], [0, 1]) == 1.0


# --------------------------------------------------------------------------- the spec, on random data


# Hypothesis tests loop over the metrics inside one example (rather than parametrizing)
# so that every drawn histogram is checked with all of them and the suite stays fast;
# each assertion names the metric that failed.


def _tolerance(name):
    # 1 - sum(sqrt(p*q)) loses digits to cancellation when p ~ q, and its square root
    # magnifies that to ~1e-8; the Hellinger form the helper uses does not.
    return 1e-7 if name == "bhattacharyya" else 1e-12


@given(pair=pairs)
def test_equals_the_spec_formula_on_normalised_histograms(pair):
    p, q = normalised(pair[0]), normalised(pair[1])
    for name in NAMES:
        assert METRICS[name](p, q) == pytest.approx(SPEC[name](p, q), rel=1e-9, abs=_tolerance(name)), name


@given(pair=pairs)
def test_normalising_metrics_equal_the_spec_on_raw_counts(pair):
    """chi_square, intersection, bhattacharyya and cosine need no normalising by the caller."""
    h1, h2 = pair
    for name in SCALE_FREE:
        expected = SPEC[name](normalised(h1), normalised(h2))
        assert METRICS[name](h1, h2) == pytest.approx(expected, rel=1e-9, abs=_tolerance(name)), name


@given(pair=pairs)
def test_as_given_metrics_equal_the_spec_on_raw_counts(pair):
    """euclidean and manhattan do not normalise: the formula applies to the numbers as given."""
    h1, h2 = pair
    for name in AS_GIVEN:
        assert METRICS[name](h1, h2) == pytest.approx(SPEC[name](h1, h2), rel=1e-12, abs=1e-12), name


# --------------------------------------------------------------------------- properties


@given(h=sizes.flatmap(_hist))
def test_identical_histograms_are_at_distance_zero(h):
    for name in NAMES:
        assert METRICS[name](h, h) == pytest.approx(0.0, abs=1e-12), name
        assert METRICS[name](h, h.copy()) == pytest.approx(0.0, abs=1e-12), name


@given(pair=pairs)
def test_symmetric(pair):
    h1, h2 = pair
    for name in NAMES:
        assert METRICS[name](h1, h2) == pytest.approx(METRICS[name](h2, h1), rel=1e-12, abs=1e-12), name


@given(pair=pairs)
def test_never_negative(pair):
    h1, h2 = pair
    for name in NAMES:
        assert METRICS[name](h1, h2) >= 0.0, name
        assert METRICS[name](h1, h1) >= 0.0, name


@pytest.mark.parametrize("name", NAMES)
def test_never_negative_for_a_histogram_and_itself(name):
    """A distance must not come out below 0, even by a rounding error.

    [1, 6, 3, 3] / 13 sums to 1 + 2**-52 in floating point, so a plain
    ``1 - sum(min(p, p))`` gives -2.2e-16. (cosine clamps with ``max(0, ...)`` and
    bhattacharyya uses a form that cannot go negative, for this very reason.)
    """
    h = [1, 6, 3, 3]
    assert METRICS[name](h, h) >= 0.0


@given(triple=triples)
def test_triangle_inequality(triple):
    a, b, c = triple
    for name in TRUE_METRICS:
        f = METRICS[name]
        assert f(a, c) <= f(a, b) + f(b, c) + 1e-9, name


@given(pair=count_pairs, k=factors)
def test_scaling_counts_changes_nothing(pair, k):
    """The same photo at k times the size (every count times k) is at the same distance."""
    h1, h2 = pair
    for name in SCALE_FREE:
        f = METRICS[name]
        reference = f(h1, h2)
        assert f(k * h1, h2) == pytest.approx(reference, rel=1e-9, abs=1e-12), name
        assert f(h1, k * h2) == pytest.approx(reference, rel=1e-9, abs=1e-12), name
        assert f(k * h1, k * h2) == pytest.approx(reference, rel=1e-9, abs=1e-12), name
        assert f(h1, k * h1) == pytest.approx(0.0, abs=1e-12), name
        assert reference == pytest.approx(f(normalised(h1), normalised(h2)), rel=1e-9, abs=1e-12), name


@given(pair=count_pairs, k=factors)
def test_as_given_metrics_grow_with_the_counts(pair, k):
    """On raw counts euclidean and manhattan scale with image size: the course's lesson."""
    h1, h2 = pair
    for name in AS_GIVEN:
        f = METRICS[name]
        # the same photo at k times the size is *not* at distance 0 on counts...
        assert f(h1, k * h1) == pytest.approx((k - 1) * SPEC[name](h1, np.zeros(len(h1))), rel=1e-9), name
        assert f(h1, k * h1) > 0, name
        # ... but is once both are normalised
        assert f(normalised(h1), normalised(k * h1)) == pytest.approx(0.0, abs=1e-12), name
        # scaling both scales the distance
        assert f(k * h1, k * h2) == pytest.approx(k * f(h1, h2), rel=1e-9), name
        if f(h1, h2) > 0:
            assert f(k * h1, k * h2) > f(h1, h2), name
        # after normalising, the size no longer matters
        assert f(normalised(k * h1), normalised(h2)) == pytest.approx(
            f(normalised(h1), normalised(h2)), rel=1e-9, abs=1e-12), name


@pytest.mark.parametrize("name", AS_GIVEN)
def test_as_given_metrics_a_photo_and_its_double(name):
    small = np.array([3, 1, 0, 4])
    big = 2 * small                        # every count doubled: the same photo, twice the pixels
    assert METRICS[name](small, big) == pytest.approx(SPEC[name](small, big))
    assert METRICS[name](small, big) > 0
    assert METRICS[name](normalised(small), normalised(big)) == 0.0


@given(pair=pairs)
def test_bounded_between_zero_and_one(pair):
    h1, h2 = pair
    for name in SCALE_FREE:
        assert 0.0 <= METRICS[name](h1, h2) <= 1.0 + 1e-12, name


@given(pair=pairs)
def test_as_given_metrics_bounded_on_normalised_histograms(pair):
    p, q = normalised(pair[0]), normalised(pair[1])
    assert 0.0 <= manhattan(p, q) <= 2.0 + 1e-12
    assert 0.0 <= euclidean(p, q) <= math.sqrt(2) + 1e-12


@given(pair=pairs)
def test_intersection_is_half_the_manhattan_distance_of_the_normalised(pair):
    p, q = normalised(pair[0]), normalised(pair[1])
    assert intersection(p, q) == pytest.approx(manhattan(p, q) / 2, abs=1e-12)
    assert intersection(*pair) == pytest.approx(manhattan(p, q) / 2, abs=1e-12)


@st.composite
def disjoint_pairs(draw):
    n = draw(st.integers(2, 16))
    a, b = draw(_hist(n)), draw(_hist(n))
    in_first = draw(arrays(np.bool_, n))
    h1, h2 = np.where(in_first, a, 0.0), np.where(in_first, 0.0, b)
    assume(h1.any() and h2.any())
    return h1, h2


@given(pair=disjoint_pairs())
def test_no_bin_in_common_gives_one(pair):
    for name in SCALE_FREE:
        assert METRICS[name](*pair) == pytest.approx(1.0, abs=1e-12), name


@pytest.mark.parametrize("name", NAMES)
def test_two_dimensional_histograms_compare_like_flat_ones(name):
    """Every metric takes histograms of any shape, as euclidean does, bin by bin."""
    h1 = np.array([[0, 3], [1, 1]])
    h2 = np.array([[4, 0], [1, 1]])
    assert METRICS[name](h1, h2) == pytest.approx(METRICS[name](h1.ravel(), h2.ravel()), rel=1e-12)


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("h1, h2, shapes", [
    ([1, 2, 3], [1, 2, 3, 4], ("(3,)", "(4,)")),
    ([1, 2, 3, 4], [1, 2, 3], ("(4,)", "(3,)")),
    (np.ones((2, 3)), np.ones((3, 2)), ("(2, 3)", "(3, 2)")),
    (np.ones(6), np.ones((2, 3)), ("(6,)", "(2, 3)")),
], ids=["3-4", "4-3", "2x3-3x2", "6-2x3"])
def test_different_shapes_name_both(name, h1, h2, shapes):
    with pytest.raises(ValueError) as info:
        METRICS[name](h1, h2)
    message = str(info.value)
    assert shapes[0] in message and shapes[1] in message
    assert message.index(shapes[0]) < message.index(shapes[1])   # h1's shape first


BAD_HISTOGRAMS = [
    ([1.0, math.nan, 2.0], r"NaN"),
    ([1.0, 2.0, math.inf], r"infinity"),
    ([1.0, 2.0, -math.inf], r"infinity"),
    ([0, 0, 0], r"all zeros"),
    ([], r"empty"),
    (["a", "b", "c"], r"numbers"),
    (["1", "2", "3"], r"numbers"),          # text that looks like numbers is still text
    ([None, 1, 2], r"numbers"),
    ("abc", r"numbers"),
    ([1 + 2j, 1, 1], r"numbers"),
    ([[1, 2], [3]], r"numbers"),
    ({"a": 1}, r"numbers"),
]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("bad, message", BAD_HISTOGRAMS, ids=lambda v: repr(v)[:20])
def test_bad_histograms_are_refused(name, bad, message):
    good = [1.0, 2.0, 3.0]
    with pytest.raises(ValueError, match=message) as first:
        METRICS[name](bad, good)
    assert "h1" in str(first.value)
    with pytest.raises(ValueError, match=message) as second:
        METRICS[name](good, bad)
    assert "h2" in str(second.value)
    with pytest.raises(ValueError, match=message):
        distance(bad, good, name)


@pytest.mark.parametrize("name", NAMES)
def test_nan_message_names_the_bin(name):
    with pytest.raises(ValueError, match=r"bin 2"):
        METRICS[name]([1.0, 2.0, math.nan, 4.0], [1.0, 2.0, 3.0, 4.0])


@pytest.mark.parametrize("name", NAMES)
def test_negative_bin_is_named(name):
    with pytest.raises(ValueError, match=r"negative") as info:
        METRICS[name]([1.0, -2.5, 3.0], [1.0, 2.0, 3.0])
    message = str(info.value)
    assert "bin 1" in message and "-2.5" in message and "h1" in message
    with pytest.raises(ValueError, match=r"negative.*bin 2") as info:
        METRICS[name]([1.0, 2.0, 3.0], [1.0, 2.0, -1.0])
    assert "h2" in str(info.value)


@pytest.mark.parametrize("name", NAMES)
def test_signed_integer_counts_are_checked_not_wrapped(name):
    with pytest.raises(ValueError, match=r"negative"):
        METRICS[name](np.array([1, -1, 3], dtype=np.int8), [1, 2, 3])


def test_unknown_metric_lists_the_known_ones():
    with pytest.raises(ValueError, match=r"unknown metric 'L2'") as info:
        distance([1, 2], [2, 1], metric="L2")
    for name in NAMES:
        assert name in str(info.value)


# --------------------------------------------------------------------------- rank


@pytest.mark.parametrize("name", NAMES)
def test_rank_sorts_nearest_first_with_every_metric(name):
    query = [10, 0, 0]
    references = {"far": [0, 2, 8], "near": [9, 1, 0], "middle": [5, 3, 2]}
    ranked = rank(query, references, metric=name)
    assert [label for label, _ in ranked] == ["near", "middle", "far"]
    for label, value in ranked:
        assert value == distance(query, references[label], name)


@given(data=st.data())
def test_rank_is_a_sorted_permutation_of_the_references(data):
    n = data.draw(st.integers(1, 8))
    query = data.draw(_hist(n))
    count = data.draw(st.integers(1, 6))
    references = {f"ref{i}": data.draw(_hist(n)) for i in range(count)}
    for name in NAMES:
        ranked = rank(query, references, metric=name)
        assert sorted(label for label, _ in ranked) == sorted(references), name
        values = [value for _, value in ranked]
        assert values == sorted(values), name
        assert ranked[0][1] == min(distance(query, h, name) for h in references.values()), name


@pytest.mark.parametrize("name", NAMES)
def test_rank_names_a_bad_reference(name):
    with pytest.raises(ValueError, match=r"'odd'.*\(3,\).*\(2,\)"):
        rank([1, 2, 3], {"fine": [1, 1, 1], "odd": [1, 2]}, metric=name)


# --------------------------------------------------------------------------- docstrings

#: Each metric's docstring shows its formula: this symbol must appear in it.
KEY_SYMBOL = {
    "euclidean": "sqrt",
    "manhattan": "|",
    "chi_square": "p + q",
    "intersection": "min",
    "bhattacharyya": "sqrt",
    "cosine": "|p|",
}


@pytest.mark.parametrize("name", NAMES)
def test_docstring_gives_the_formula_and_what_it_is_sensitive_to(name):
    doc = METRICS[name].__doc__
    assert doc and doc.strip()
    assert KEY_SYMBOL[name] in doc
    assert "sum" in doc or name == "cosine"
    assert "Examples" in doc


@pytest.mark.parametrize("name", AS_GIVEN)
def test_as_given_docstrings_warn_about_raw_counts(name):
    doc = " ".join(METRICS[name].__doc__.split())
    assert "raw counts" in doc and "normalised" in doc


@pytest.mark.parametrize("name", NORMALISING)
def test_normalising_docstrings_say_so(name):
    doc = " ".join(METRICS[name].__doc__.split())
    assert re.search(r"normalises counts itself", doc)


def test_cosine_docstring_says_scale_does_not_matter():
    doc = " ".join(cosine.__doc__.split())
    assert "Scaling either one changes nothing" in doc
