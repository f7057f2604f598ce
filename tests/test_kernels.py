"""The search index's fast query kernel gives the course's distances, block after block."""

from __future__ import annotations

import numpy as np
import pytest

from imgsim_helpers.distances import METRICS, distance
from imgsim_helpers.evaluation import _row_distances
from imgsim_helpers.kernels import FAST_METRICS, row_distances


def _histograms(n: int, d: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    counts = rng.gamma(0.3, size=(n, d)) * (rng.random((n, d)) < 0.3)
    counts[:, 0] += 1e-3
    counts[3] = 0.0
    counts[3, -1] = 5.0                       # a row sharing almost nothing with the others
    return (counts / counts.sum(axis=1, keepdims=True)).astype(np.float32)


@pytest.mark.parametrize("metric", FAST_METRICS)
@pytest.mark.parametrize("n, d", [(1000, 96), (37, 512), (5, 70_000)])   # many blocks; one; a row per block
def test_same_as_the_plain_kernel_and_distance(metric, n, d):
    rows = _histograms(n, d, seed=d)
    before = rows.copy()
    x = rows[1].astype(np.float64) * 3.0       # counts, not fractions: the metrics normalise
    got = row_distances(metric, x, rows)
    expected = _row_distances(metric, x, rows.astype(np.float64))
    assert got.dtype == np.float64 and got.shape == (n,)
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-15)
    for i in (0, 1, n - 1):
        assert got[i] == pytest.approx(distance(x, rows[i].astype(np.float64), metric), rel=1e-12, abs=1e-15)
    assert np.array_equal(rows, before)        # the stored matrix is never written to


@pytest.mark.parametrize("metric", FAST_METRICS)
def test_a_stored_row_is_at_distance_zero_from_itself(metric):
    rows = _histograms(300, 96)
    got = row_distances(metric, rows[42].astype(np.float64), rows)
    assert got[42] == pytest.approx(0.0, abs=1e-15)
    assert got.argmin() == 42 or got[got.argmin()] == pytest.approx(0.0, abs=1e-15)


def test_float64_rows_and_no_rows():
    rows = _histograms(50, 24).astype(np.float64)
    np.testing.assert_allclose(row_distances("chi_square", rows[0], rows),
                               _row_distances("chi_square", rows[0], rows), rtol=1e-12, atol=1e-15)
    assert row_distances("chi_square", rows[0], rows[:0]).shape == (0,)


def test_the_other_metrics_are_refused():
    """The search index computes the metrics without a fast path (e.g. emd) with _row_distances."""
    rows = _histograms(20, 16)
    assert set(FAST_METRICS) <= set(METRICS)
    for metric in sorted(set(METRICS) - set(FAST_METRICS)) + ["hamming"]:
        with pytest.raises(ValueError, match=f"not '{metric}'"):
            row_distances(metric, rows[0], rows)
