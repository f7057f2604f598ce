"""One query against many stored histograms: each metric's formula for rows and for a block.

:func:`~imgsim_helpers.distances.metric_named` ties every metric's three forms
together: the function a learner calls on two histograms (in ``distances.py`` and ``metrics.py``),
and the two written here, which compare one query ``x`` with many rows at once.

* A **rows** formula, ``(x, rows, channels) -> distances``, is plain vectorised
  NumPy: what :func:`~imgsim_helpers.measuring.evaluation.pairwise_distances` uses.
* A **block** formula is the search index's inner loop. Plain NumPy code such as
  ``np.sum((rows - x) ** 2, axis=1)`` makes a new full-size array at every step,
  so a query reads and writes the whole matrix five or ten times over. Here
  :func:`row_distances` takes the rows a small block at a time (about 512 kB,
  which stays in the processor's cache), converts them to ``float64`` once, and
  every step works on that block in place (``out=``): the stored matrix is read
  from memory only once.

Both give the same distances as the pair functions (within ``1e-12``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property

import numpy as np

__all__ = ["BLOCK_VALUES", "BlockFormula", "Query", "RowsFormula", "row_distances"]

#: Values per block: 65,536 float64 numbers, 512 kB, small enough for the cache.
BLOCK_VALUES = 65_536


class Query:
    """A query histogram ``x`` (``float64``), with what the block formulas compute from it only once."""

    def __init__(self, x: np.ndarray) -> None:
        self.x = x

    @cached_property
    def norm(self) -> float:
        """``|x|``, for cosine."""
        return float(np.linalg.norm(self.x))

    @cached_property
    def p(self) -> np.ndarray:
        """``x`` divided by its total, with the same arithmetic as the rows get."""
        return self.x * (1.0 / self.x.sum())

    @cached_property
    def sqrt_p(self) -> np.ndarray:
        """``sqrt(p)``, for bhattacharyya."""
        return np.sqrt(self.p)


#: ``(x, rows, channels) -> (n,)`` distances; ``channels`` matters to "emd" only.
RowsFormula = Callable[[np.ndarray, np.ndarray, int], np.ndarray]
#: ``(query, block, work, extra) -> (block rows,)`` distances, overwriting ``work`` and ``extra``.
BlockFormula = Callable[[Query, np.ndarray, np.ndarray, np.ndarray], np.ndarray]


# --------------------------------------------------------------------------- rows formulas


def euclidean_rows(x: np.ndarray, rows: np.ndarray, channels: int = 1) -> np.ndarray:
    """``sqrt(sum((rows - x) ** 2))`` for every row."""
    return np.sqrt(np.sum((rows - x) ** 2, axis=1))


def manhattan_rows(x: np.ndarray, rows: np.ndarray, channels: int = 1) -> np.ndarray:
    """``sum(|rows - x|)`` for every row."""
    return np.sum(np.abs(rows - x), axis=1)


def cosine_rows(x: np.ndarray, rows: np.ndarray, channels: int = 1) -> np.ndarray:
    """``1 - (row . x) / (|row| |x|)`` for every row."""
    # an explicit sum, not rows @ x: BLAS may round one row differently depending on its position
    similarity = np.sum(rows * x, axis=1) / (np.linalg.norm(rows, axis=1) * np.linalg.norm(x))
    return np.clip(1.0 - similarity, 0.0, 1.0)


def correlation_rows(x: np.ndarray, rows: np.ndarray, channels: int = 1) -> np.ndarray:
    """``1 -`` the correlation of ``x`` with every row."""
    a, b = x - x.mean(), rows - rows.mean(axis=1, keepdims=True)
    norms = np.sqrt(np.sum(b * b, axis=1))
    if not np.any(a) or not np.all(norms):
        flat = "the query" if not np.any(a) else f"row {int(np.flatnonzero(norms == 0)[0])}"
        raise ValueError(f"{flat} has the same value in every bin, so its correlation is undefined")
    return np.clip(1.0 - np.sum(a * b, axis=1) / (np.sqrt(np.sum(a * a)) * norms), 0.0, 2.0)


def emd_rows(x: np.ndarray, rows: np.ndarray, channels: int = 1) -> np.ndarray:
    """Earth mover's distance of ``x`` to every row, each made of ``channels`` 1-D histograms."""
    a, b = x.reshape(channels, -1), rows.reshape(len(rows), channels, -1)
    a_sums, b_sums = a.sum(axis=1, keepdims=True), b.sum(axis=2, keepdims=True)
    if not np.all(a_sums) or not np.all(b_sums):
        raise ValueError("a channel of a histogram is all zeros: it counts nothing, so EMD cannot compare it")
    cumulative_a, cumulative_b = np.cumsum(a / a_sums, axis=1), np.cumsum(b / b_sums, axis=2)
    return np.sum(np.abs(cumulative_b - cumulative_a), axis=(1, 2))


def _distributions(x: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``x`` and every row divided by its total."""
    return x / x.sum(), rows / rows.sum(axis=1, keepdims=True)


def chi_square_rows(x: np.ndarray, rows: np.ndarray, channels: int = 1) -> np.ndarray:
    """``0.5 * sum((p - q)**2 / (p + q))`` for every row, over bins where ``p + q > 0``."""
    p, q = _distributions(x, rows)
    total = p + q
    with np.errstate(invalid="ignore", divide="ignore"):
        terms = np.where(total > 0, (q - p) ** 2 / total, 0.0)
    return np.minimum(1.0, 0.5 * np.sum(terms, axis=1))


def intersection_rows(x: np.ndarray, rows: np.ndarray, channels: int = 1) -> np.ndarray:
    """``1 - sum(min(p, q))`` for every row."""
    p, q = _distributions(x, rows)
    return np.clip(1.0 - np.sum(np.minimum(q, p), axis=1), 0.0, 1.0)


def bhattacharyya_rows(x: np.ndarray, rows: np.ndarray, channels: int = 1) -> np.ndarray:
    """``sqrt(0.5 * sum((sqrt(p) - sqrt(q))**2))`` for every row."""
    p, q = _distributions(x, rows)
    return np.minimum(1.0, np.sqrt(0.5 * np.sum((np.sqrt(q) - np.sqrt(p)) ** 2, axis=1)))


# --------------------------------------------------------------------------- block formulas


def euclidean_block(query: Query, block: np.ndarray, work: np.ndarray, extra: np.ndarray) -> np.ndarray:
    """Euclidean distances from the query to one ``float64`` block, in place."""
    np.subtract(block, query.x, out=work)
    np.multiply(work, work, out=work)
    return np.sqrt(work.sum(axis=1))


def manhattan_block(query: Query, block: np.ndarray, work: np.ndarray, extra: np.ndarray) -> np.ndarray:
    """Manhattan distances from the query to one ``float64`` block, in place."""
    np.subtract(block, query.x, out=work)
    np.abs(work, out=work)
    return work.sum(axis=1)


def cosine_block(query: Query, block: np.ndarray, work: np.ndarray, extra: np.ndarray) -> np.ndarray:
    """Cosine distances from the query to one ``float64`` block, without a temporary array."""
    # einsum sums each row's products without a temporary array (and, unlike a BLAS
    # matrix product, the same way whatever the row's position)
    norms = np.sqrt(np.einsum("ij,ij->i", block, block))
    similarity = np.einsum("ij,j->i", block, query.x) / (norms * query.norm)
    return np.clip(1.0 - similarity, 0.0, 1.0)


def _normalise_block(block: np.ndarray, work: np.ndarray) -> np.ndarray:
    """Every row of ``block`` divided by its total, written into ``work`` (``q``)."""
    return np.multiply(block, (1.0 / block.sum(axis=1))[:, None], out=work)


def chi_square_block(query: Query, block: np.ndarray, work: np.ndarray, extra: np.ndarray) -> np.ndarray:
    """Chi-square distances from the query to one ``float64`` block, in place."""
    _normalise_block(block, work)
    np.add(work, query.p, out=extra)                          # p + q
    np.maximum(extra, np.finfo(np.float64).tiny, out=extra)   # where p + q = 0, p - q = 0 too
    np.subtract(work, query.p, out=work)
    np.multiply(work, work, out=work)
    np.divide(work, extra, out=work)
    return np.minimum(1.0, 0.5 * work.sum(axis=1))


def intersection_block(query: Query, block: np.ndarray, work: np.ndarray, extra: np.ndarray) -> np.ndarray:
    """Intersection distances from the query to one ``float64`` block, in place."""
    _normalise_block(block, work)
    np.minimum(work, query.p, out=work)
    return np.clip(1.0 - work.sum(axis=1), 0.0, 1.0)


def bhattacharyya_block(query: Query, block: np.ndarray, work: np.ndarray, extra: np.ndarray) -> np.ndarray:
    """Bhattacharyya distances from the query to one ``float64`` block, in place."""
    _normalise_block(block, work)
    np.sqrt(work, out=work)
    np.subtract(work, query.sqrt_p, out=work)
    np.multiply(work, work, out=work)
    return np.minimum(1.0, np.sqrt(0.5 * work.sum(axis=1)))


def row_distances(block_formula: BlockFormula, x: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Distances from one histogram ``x`` to every row of ``rows``, reading ``rows`` once.

    Parameters
    ----------
    block_formula : callable
        A metric's block formula: ``metric_named(name).block``.
    x : numpy.ndarray
        ``(d,)`` the query histogram.
    rows : numpy.ndarray
        ``(n, d)`` stored histograms, ``float32`` (as an index keeps them) or
        ``float64``; they are not changed.

    Returns
    -------
    numpy.ndarray
        ``(n,)`` ``float64``: ``out[i]`` equals ``distance(x, rows[i], metric)``
        to about ``1e-15``, whatever block row ``i`` falls in (each block is
        computed in the same order of operations).

    Examples
    --------
    >>> import numpy as np
    >>> row_distances(manhattan_block, np.array([1.0, 0.0]), np.array([[1, 0], [0, 1]], np.float32))
    array([0., 2.])
    """
    query = Query(np.asarray(x, dtype=np.float64))
    n, d = rows.shape
    out = np.empty(n)
    if n == 0:
        return out
    step = max(1, BLOCK_VALUES // max(d, 1))
    size = min(step, n)
    block, work, extra = (np.empty((size, d)) for _ in range(3))
    for start in range(0, n, step):
        count = min(step, n - start)
        b = block[:count]
        np.copyto(b, rows[start:start + count])               # float32 -> float64, into the cache
        out[start:start + count] = block_formula(query, b, work[:count], extra[:count])
    return out
