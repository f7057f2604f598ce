"""The k nearest rows of a feature matrix to a query, exactly, in bounded memory.

Step 3 of the search engine ("compare"), separated from the index that stores
the rows: :func:`nearest_rows` compares a query with every row in vectorised
steps and returns the ``k`` smallest distances, ties broken by row number.
"""

from __future__ import annotations

import numpy as np

from ..distances import Metric
from ..comparing.kernels import row_distances

__all__ = ["nearest_rows", "squared_lengths"]

CHUNK_ROWS = 2048  # rows per step for the exact (float64) distances: bounded memory


def squared_lengths(features: np.ndarray) -> np.ndarray:
    """``sum(row ** 2)`` of every row, in float64, a few thousand rows at a time (little memory)."""
    out = np.empty(len(features))
    for start in range(0, len(features), CHUNK_ROWS):
        chunk = features[start:start + CHUNK_ROWS].astype(np.float64)
        out[start:start + len(chunk)] = np.einsum("ij,ij->i", chunk, chunk)
    return out


def smallest(dists: np.ndarray, rows: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` smallest distances and their rows; ties broken by row number (stable)."""
    if len(dists) > k:
        kth = np.partition(dists, k - 1)[k - 1]
        near = np.flatnonzero(dists <= kth)
        dists, rows = dists[near], rows[near]
    order = np.lexsort((rows, dists))[:k]
    return rows[order], dists[order]


def _euclidean_nearest(features: np.ndarray, squared: np.ndarray, q: np.ndarray,
                       k: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows and exact euclidean distances of the ``k`` nearest ``float32`` rows.

    ``|r - q|^2 = |r|^2 - 2 r.q + |q|^2``: one ``float32`` matrix-vector product (a
    single pass over the matrix) finds a short list of candidates, with a proven
    bound on its rounding error so no true neighbour is missed, and the short
    list is then ranked exactly in ``float64``.
    """
    dots = (features @ q.astype(np.float32)).astype(np.float64)  # one float32 pass
    q_squared = float(q @ q)
    approx = squared - 2.0 * dots + q_squared  # squared distances, rounded
    # Error bound: a float32 dot product of d non-negative terms is off by at most
    # about d * 2**-24 of its value; we allow twice that, and float64 rounding on top.
    d = features.shape[1]
    slack = 4.0 * (d + 4) * 2.0**-24 * np.abs(dots)
    slack += (d + 4) * 2.0**-52 * (squared + q_squared)
    upper = approx + slack
    worst_kth = np.partition(upper, k - 1)[k - 1]  # the k-th nearest is at most this far
    candidates = np.flatnonzero(approx - slack <= worst_kth)
    exact = np.sqrt(np.sum((features[candidates].astype(np.float64) - q) ** 2, axis=1))
    return smallest(exact, candidates, k)


#: Metrics with a faster way to find the nearest rows than computing every distance exactly.
_SHORTCUTS = {"euclidean": _euclidean_nearest}


def nearest_rows(features: np.ndarray, q: np.ndarray, k: int, metric: Metric, channels: int = 1,
                 squared: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Row numbers and distances of the ``k`` rows of ``features`` nearest to ``q``.

    Parameters
    ----------
    features : numpy.ndarray
        ``(n, d)`` ``float32`` rows (one per photo), ``n >= k >= 1``.
    q : numpy.ndarray
        ``(d,)`` ``float64`` query.
    k : int
        How many rows to return.
    metric : Metric
        An entry of the metric registry (``metric_named(name)``).
    channels : int, optional
        For "emd": how many 1-D histograms a row joins.
    squared : numpy.ndarray, optional
        ``squared_lengths(features)``, if already known (for "euclidean").

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Row numbers and distances, nearest first; equal distances keep row order.
        Each distance equals ``distance(q, features[row], metric)``.
    """
    if metric.name in _SHORTCUTS:
        return _SHORTCUTS[metric.name](features, squared_lengths(features) if squared is None else squared, q, k)
    if metric.block is not None:  # the matrix read once, in cache-sized blocks (kernels.py)
        return smallest(row_distances(metric.block, q, features), np.arange(len(features)), k)
    dists = np.empty(len(features))
    for start in range(0, len(features), CHUNK_ROWS):
        chunk = features[start:start + CHUNK_ROWS].astype(np.float64)
        dists[start:start + len(chunk)] = metric.rows(q, chunk, channels)
    return smallest(dists, np.arange(len(features)), k)
