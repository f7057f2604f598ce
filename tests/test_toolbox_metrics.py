"""EMD and correlation (issue 12): hand cases, properties, references (SciPy, OpenCV), errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from imgsim_helpers import METRICS, correlation, distance, emd, histogram, load_image, rank
from imgsim_helpers.measuring.evaluation import pairwise_distances

cv2 = pytest.importorskip("cv2", reason="a test-only reference library (requirements-test.txt; make test installs it)")
wasserstein_distance = pytest.importorskip("scipy.stats", reason="a test-only reference library (requirements-test.txt; make test installs it)").wasserstein_distance

_bin = st.one_of(st.just(0.0), st.integers(1, 1000).map(float), st.floats(1e-3, 1e3))


def _hist(n):
    return arrays(np.float64, n, elements=_bin).filter(lambda a: a.any())


pairs = st.integers(1, 24).flatmap(lambda n: st.tuples(_hist(n), _hist(n)))
triples = st.integers(1, 24).flatmap(lambda n: st.tuples(_hist(n), _hist(n), _hist(n)))


def test_both_are_in_the_registry():
    assert METRICS["emd"] is emd and METRICS["correlation"] is correlation


# --------------------------------------------------------------------------- EMD: by hand


@pytest.mark.parametrize("h1, h2, expected", [
    ([1, 0, 0, 0], [0, 0, 1, 0], 2.0),                 # everything moves two bins
    ([1, 0, 0, 0], [0, 0, 0, 1], 3.0),
    ([0.5, 0.5, 0, 0], [0, 0.5, 0.5, 0], 1.0),        # half moves one bin, half... also one bin
    ([2, 2, 0, 0], [0, 0, 2, 2], 2.0),                 # counts are normalised first
    ([1, 0, 1], [0, 2, 0], 1.0),                       # half moves right, half moves left
    ([3, 1], [3, 1], 0.0),
])
def test_emd_hand_computed(h1, h2, expected):
    assert emd(h1, h2) == pytest.approx(expected, abs=1e-12)


def test_emd_per_channel_adds_the_channels_up():
    red, green = [1, 0, 0, 0], [0, 0, 1, 0]
    h1 = np.concatenate([red, red])
    h2 = np.concatenate([red, green])
    assert emd(h1, h2, channels=2) == pytest.approx(2.0)   # red: 0, second channel: 2
    # without being told, the two channels are one histogram of 8 bins: a different number
    assert emd(h1, h2) != pytest.approx(2.0)


def test_emd_shifting_a_histogram_by_ten_bins_gives_ten():
    h = np.zeros(256)
    h[40:120] = np.linspace(1, 5, 80)
    assert emd(h, np.roll(h, 10)) == pytest.approx(10.0, abs=1e-9)
    rgb = np.concatenate([h, h, h])
    shifted = np.concatenate([np.roll(h, 10)] * 3)
    assert emd(rgb, shifted, channels=3) == pytest.approx(30.0, abs=1e-9)


def test_emd_of_a_brighter_photo_is_the_brightness_step():
    """A photo 10 gray levels lighter (no value clipped) is 10 bins away per channel."""
    photo = load_image("duck")
    dimmed = (photo // 2 + 20).astype(np.uint8)         # 20..147: room to add 10
    a = histogram(dimmed, channels="rgb", normalize=True)
    b = histogram(dimmed + 10, channels="rgb", normalize=True)
    assert emd(a, b, channels=3) == pytest.approx(30.0, abs=1e-9)
    # bin-by-bin metrics see a big change, not a small one
    assert METRICS["intersection"](a, b) > 0.5


@given(pairs)
def test_emd_equals_scipy_wasserstein_on_bin_numbers(pair):
    h1, h2 = pair
    bins = np.arange(len(h1))
    assert emd(h1, h2) == pytest.approx(wasserstein_distance(bins, bins, h1, h2), rel=1e-9, abs=1e-9)


@given(pairs, st.integers(1, 4))
def test_emd_per_channel_equals_scipy_per_channel_summed(pair, channels):
    h1, h2 = (np.tile(h, channels) * np.repeat(np.arange(1, channels + 1), len(h)) for h in pair)
    bins = np.arange(len(pair[0]))
    expected = sum(wasserstein_distance(bins, bins, a, b)
                   for a, b in zip(h1.reshape(channels, -1), h2.reshape(channels, -1)))
    assert emd(h1, h2, channels=channels) == pytest.approx(expected, rel=1e-9, abs=1e-9)


@given(pairs)
def test_emd_is_symmetric_non_negative_and_zero_for_itself(pair):
    h1, h2 = pair
    assert emd(h1, h2) == pytest.approx(emd(h2, h1), abs=1e-12)
    assert emd(h1, h2) >= 0
    assert emd(h1, h1) == 0.0
    assert emd(h1, 7 * h1) == pytest.approx(0.0, abs=1e-12)   # scale does not matter


@given(triples)
def test_emd_obeys_the_triangle_inequality(triple):
    a, b, c = triple
    assert emd(a, c) <= emd(a, b) + emd(b, c) + 1e-9


@given(pairs)
def test_emd_is_at_most_the_number_of_bins_minus_one(pair):
    h1, h2 = pair
    assert emd(h1, h2) <= len(h1) - 1 + 1e-9


@pytest.mark.parametrize("channels, message", [
    (0, "at least 1"), (2.0, "whole number"), (True, "whole number"), (5, "cannot be split into 5 channels"),
])
def test_emd_bad_channels(channels, message):
    with pytest.raises(ValueError, match=message):
        emd([1, 2, 3, 4], [4, 3, 2, 1], channels=channels)


def test_emd_refuses_an_empty_channel_and_names_it():
    with pytest.raises(ValueError, match="channel 1 of h2 is all zeros"):
        emd([1, 1, 1, 1], [1, 1, 0, 0], channels=2)


@pytest.mark.parametrize("bad, message", [
    ([], "empty"), ([0, 0], "all zeros"), ([1, -1], "negative"), ([1, np.nan], "NaN"), (["a", "b"], "numbers"),
])
def test_emd_bad_histograms(bad, message):
    with pytest.raises(ValueError, match=message):
        emd(bad, [1, 1])


def test_emd_different_lengths_name_both():
    with pytest.raises(ValueError, match=r"h1 has shape \(3,\), h2 has shape \(2,\)"):
        emd([1, 2, 3], [1, 2])


# --------------------------------------------------------------------------- correlation


@pytest.mark.parametrize("h1, h2, expected", [
    ([1, 2, 3], [2, 4, 6], 0.0),            # rise together
    ([1, 2, 3], [3, 2, 1], 2.0),            # opposite
    ([1, 2, 3], [11, 12, 13], 0.0),         # adding a constant changes nothing
    ([1, 0, 1, 0], [1, 1, 0, 0], 1.0),      # unrelated: centred [.5,-.5,.5,-.5] . [.5,.5,-.5,-.5] = 0
])
def test_correlation_hand_computed(h1, h2, expected):
    assert correlation(h1, h2) == pytest.approx(expected, abs=1e-12)


@given(pairs)
def test_correlation_equals_opencv_compare_hist(pair):
    h1, h2 = pair
    if np.ptp(h1) == 0 or np.ptp(h2) == 0:
        return  # flat: refused by us (tested below), called perfect by OpenCV
    expected = 1.0 - cv2.compareHist(h1.astype(np.float32), h2.astype(np.float32), cv2.HISTCMP_CORREL)
    assert correlation(h1, h2) == pytest.approx(expected, abs=2e-6)  # OpenCV reads float32 histograms


def test_correlation_equals_opencv_on_real_photos():
    for a, b in [("duck", "swans"), ("duck", "macaw"), ("fish_01", "planet_03")]:
        h1 = histogram(load_image(a), bins=32, channels="rgb", normalize=True)
        h2 = histogram(load_image(b), bins=32, channels="rgb", normalize=True)
        expected = 1.0 - cv2.compareHist(h1.astype(np.float32), h2.astype(np.float32), cv2.HISTCMP_CORREL)
        assert correlation(h1, h2) == pytest.approx(expected, abs=1e-6)


@given(pairs)
def test_correlation_properties(pair):
    h1, h2 = pair
    if np.ptp(h1) == 0 or np.ptp(h2) == 0:
        return
    assert 0.0 <= correlation(h1, h2) <= 2.0
    assert correlation(h1, h2) == pytest.approx(correlation(h2, h1), abs=1e-12)
    assert correlation(h1, h1) == pytest.approx(0.0, abs=1e-12)
    assert correlation(h1, 3 * h1 + 5) == pytest.approx(0.0, abs=1e-9)


@pytest.mark.parametrize("h1, h2, name", [([2, 2, 2], [1, 2, 3], "h1"), ([1, 2, 3], [5], None), ([1, 2], [4, 4], "h2")])
def test_correlation_of_a_flat_histogram_is_refused(h1, h2, name):
    with pytest.raises(ValueError, match=f"{name} has the same value in every bin" if name else "shapes"):
        correlation(h1, h2)


# --------------------------------------------------------------------------- through the registry


@pytest.mark.parametrize("metric", ["emd", "correlation"])
def test_pairwise_rows_equal_the_one_pair_function(metric):
    rng = np.random.default_rng(3)
    features = rng.random((9, 12)) * (rng.random((9, 12)) < 0.7) + 0.01
    table = pairwise_distances(features, metric)
    loop = np.array([[distance(a, b, metric) for b in features] for a in features])
    assert np.allclose(table, loop, rtol=1e-10, atol=1e-12)


def test_pairwise_emd_per_channel_equals_the_one_pair_function():
    rng = np.random.default_rng(4)
    features = rng.random((6, 12)) + 0.01
    table = pairwise_distances(features, "emd", channels=3)
    loop = np.array([[emd(a, b, channels=3) for b in features] for a in features])
    assert np.allclose(table, loop, rtol=1e-10, atol=1e-12)
    with pytest.raises(ValueError, match="cannot be split into 5 channels"):
        pairwise_distances(features, "emd", channels=5)


def test_rank_with_a_descriptor_uses_its_channels_for_emd():
    photos = {name: load_image(name) for name in ("swans", "macaw")}
    ranked = rank(load_image("duck"), photos, metric="emd", descriptor="rgb")
    by_hand = {name: emd(histogram(load_image("duck"), bins=32, channels="rgb", normalize=True),
                         histogram(photo, bins=32, channels="rgb", normalize=True), channels=3)
               for name, photo in photos.items()}
    assert ranked == sorted(by_hand.items(), key=lambda pair: pair[1])


def test_rank_refuses_emd_for_a_descriptor_without_ordered_bins():
    with pytest.raises(ValueError, match="'joint'"):
        rank(load_image("duck"), {"swans": load_image("swans")}, metric="emd", descriptor="joint")


def test_rank_with_a_descriptor_names_the_photo_it_could_not_describe():
    with pytest.raises(ValueError, match="describing reference 'tiny'"):
        rank(load_image("duck"), {"tiny": np.zeros((2, 2, 3), np.uint8)}, descriptor="edges")
    with pytest.raises(ValueError, match="unknown descriptor 'colour'; choose one of: gray"):
        rank(load_image("duck"), {"swans": load_image("swans")}, descriptor="colour")
