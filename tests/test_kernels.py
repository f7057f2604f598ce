"""The metric registry: each metric's pair, rows and block formulas agree, block after block (issue 19)."""

from __future__ import annotations

import numpy as np
import pytest

from pathlib import Path

from imgsim_helpers.distances import METRICS, Metric, distance, metric_named
from imgsim_helpers.comparing.kernels import row_distances

#: The metrics with an in-place block formula (the others run their rows formula in chunks).
FAST_METRICS = [name for name in METRICS if metric_named(name).block is not None]


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
    got = row_distances(metric_named(metric).block, x, rows)
    expected = metric_named(metric).rows(x, rows.astype(np.float64), 1)
    assert got.dtype == np.float64 and got.shape == (n,)
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-15)
    for i in (0, 1, n - 1):
        assert got[i] == pytest.approx(distance(x, rows[i].astype(np.float64), metric), rel=1e-12, abs=1e-15)
    assert np.array_equal(rows, before)        # the stored matrix is never written to


@pytest.mark.parametrize("metric", FAST_METRICS)
def test_a_stored_row_is_at_distance_zero_from_itself(metric):
    rows = _histograms(300, 96)
    got = row_distances(metric_named(metric).block, rows[42].astype(np.float64), rows)
    assert got[42] == pytest.approx(0.0, abs=1e-15)
    assert got.argmin() == 42 or got[got.argmin()] == pytest.approx(0.0, abs=1e-15)


def test_float64_rows_and_no_rows():
    rows = _histograms(50, 24).astype(np.float64)
    chi_square = metric_named("chi_square")
    np.testing.assert_allclose(row_distances(chi_square.block, rows[0], rows),
                               chi_square.rows(rows[0], rows, 1), rtol=1e-12, atol=1e-15)
    assert row_distances(chi_square.block, rows[0], rows[:0]).shape == (0,)


def test_fast_metrics_are_the_six_bin_by_bin_ones():
    assert FAST_METRICS == ["euclidean", "manhattan", "chi_square", "intersection", "bhattacharyya", "cosine"]


@pytest.mark.parametrize("name", list(METRICS))
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_pair_rows_and_block_formulas_agree(name, seed):
    metric = metric_named(name)
    channels = 3 if metric.ordered_bins else 1
    rows = _histograms(200, 96, seed=seed)
    rows[3, :32] += 1e-3                           # emd compares channel by channel: none may be empty
    rows[3, 32:64] += 1e-3
    x = rows[7].astype(np.float64) * 2.5
    pair = np.array([metric.pair(x, row.astype(np.float64), **({"channels": channels} if metric.ordered_bins
                                                                 else {})) for row in rows])
    np.testing.assert_allclose(metric.rows(x, rows.astype(np.float64), channels), pair, rtol=1e-12, atol=1e-14)
    if metric.block is not None:
        np.testing.assert_allclose(row_distances(metric.block, x, rows), pair, rtol=1e-12, atol=1e-14)
    assert metric.name == name and METRICS[name] is metric.pair and metric.about


def test_metric_named_owns_the_unknown_metric_message():
    expected = "unknown metric 'hamming'; choose one of: " + ", ".join(METRICS)
    for ask in (lambda: metric_named("hamming"), lambda: distance([1], [1], "hamming")):
        with pytest.raises(ValueError) as info:
            ask()
        assert str(info.value) == expected
    with pytest.raises(ValueError, match="unknown metric 3; choose one of"):
        metric_named(3)
    assert isinstance(metric_named("emd"), Metric) and metric_named(metric_named("emd")) is metric_named("emd")
    assert [name for name in METRICS if metric_named(name).ordered_bins] == ["emd"]


def test_the_message_and_the_rules_are_written_once():
    """No ``if metric ==`` chains and one copy of each message, in the whole package."""
    package = Path(__file__).resolve().parent.parent / "imgsim_helpers"
    source = {path.name: path.read_text(encoding="utf-8") for path in package.rglob("*.py")}
    chains = [name for name, text in source.items() if "metric ==" in text or 'metric in ("' in text]
    assert chains == []
    for text in ("unknown metric {", "compares histograms over ordered values ("):
        assert [name for name, code in source.items() for _ in range(code.count(text))] == ["distances.py"], text
