"""Measuring a method on labelled photos instead of trusting one example.

Leave-one-out nearest neighbour: each photo in turn is the query, every
other photo is a reference, and the query's label is guessed as the label of
its nearest reference. The share of right guesses is the accuracy; chance
level is what guessing a random reference would score.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .distances import METRICS

__all__ = ["EvaluationReport", "evaluate", "pairwise_distances"]


def _row_distances(metric: str, x: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Distances from one histogram ``x`` to every row of ``rows``, in one vectorised step."""
    if metric == "euclidean":
        return np.sqrt(np.sum((rows - x) ** 2, axis=1))
    if metric == "manhattan":
        return np.sum(np.abs(rows - x), axis=1)
    if metric == "cosine":
        # an explicit sum, not rows @ x: BLAS may round one row differently depending on its position
        similarity = np.sum(rows * x, axis=1) / (np.linalg.norm(rows, axis=1) * np.linalg.norm(x))
        return np.clip(1.0 - similarity, 0.0, 1.0)
    p, q = x / x.sum(), rows / rows.sum(axis=1, keepdims=True)
    if metric == "chi_square":
        total = p + q
        with np.errstate(invalid="ignore", divide="ignore"):
            terms = np.where(total > 0, (q - p) ** 2 / total, 0.0)
        return np.minimum(1.0, 0.5 * np.sum(terms, axis=1))
    if metric == "intersection":
        return np.clip(1.0 - np.sum(np.minimum(q, p), axis=1), 0.0, 1.0)
    if metric == "bhattacharyya":
        return np.minimum(1.0, np.sqrt(0.5 * np.sum((np.sqrt(q) - np.sqrt(p)) ** 2, axis=1)))
    raise ValueError(f"unknown metric {metric!r}; choose one of: {', '.join(METRICS)}")


def pairwise_distances(features: np.ndarray, metric: str = "euclidean") -> np.ndarray:
    """The matrix of distances between every pair of histograms.

    Parameters
    ----------
    features : numpy.ndarray
        Shape ``(n, bins)``: one histogram per row.
    metric : str, optional
        A name from :data:`METRICS`.

    Returns
    -------
    numpy.ndarray
        Shape ``(n, n)``, ``D[i, j]`` = distance from row ``i`` to row ``j``,
        equal to ``distance(features[i], features[j], metric)``.

    Raises
    ------
    ValueError
        For an unknown metric, or rows that are not valid histograms.
    """
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}; choose one of: {', '.join(METRICS)}")
    rows = np.asarray(features, dtype=np.float64)
    if rows.ndim != 2 or len(rows) == 0:
        raise ValueError(f"features must be a 2-D array with one histogram per row, got shape {rows.shape}")
    if not np.all(np.isfinite(rows)) or np.any(rows < 0):
        raise ValueError("features must be finite and non-negative (histograms count things)")
    empty = np.flatnonzero(~rows.any(axis=1))
    if empty.size:
        raise ValueError(f"row {int(empty[0])} of features is all zeros: it counts nothing")
    # one vectorised step per row: n steps, each comparing one histogram with all n
    return np.stack([_row_distances(metric, row, rows) for row in rows])


@dataclass(frozen=True)
class EvaluationReport:
    """What :func:`evaluate` measured.

    Attributes
    ----------
    metric : str
        The metric used.
    accuracy : float
        Share of photos whose nearest other photo has the same label.
    precision_at_k : float
        Average share of the ``k`` nearest other photos with the same label.
    k : int
        The ``k`` of ``precision_at_k``.
    chance : float
        Expected accuracy (and precision@k) when the neighbours are random.
    labels : list of str
        The classes, in the order of the confusion matrix.
    confusion : numpy.ndarray
        ``confusion[i, j]``: photos of class ``labels[i]`` whose nearest
        neighbour is of class ``labels[j]``. Rows sum to the class sizes.
    nearest : numpy.ndarray
        For each photo, the index of its nearest other photo.
    """

    metric: str
    accuracy: float
    precision_at_k: float
    k: int
    chance: float
    labels: list[str]
    confusion: np.ndarray
    nearest: np.ndarray

    def __str__(self) -> str:
        return (f"{self.metric}: accuracy {self.accuracy:.0%}, precision@{self.k} "
                f"{self.precision_at_k:.0%} (chance {self.chance:.0%})")


def evaluate(features: np.ndarray, labels: Sequence[str], metric: str = "euclidean",
             k: int = 4) -> EvaluationReport:
    """Leave-one-out nearest-neighbour evaluation of histograms with known labels.

    Parameters
    ----------
    features : numpy.ndarray
        Shape ``(n, bins)``: one histogram per photo.
    labels : sequence of str
        The class of each photo, length ``n``.
    metric : str, optional
        A name from :data:`METRICS`.
    k : int, optional
        How many neighbours precision@k looks at (default 4, the size of a
        class of 5 minus the query).

    Returns
    -------
    EvaluationReport
        Accuracy, precision@k, chance level and confusion matrix.

    Raises
    ------
    ValueError
        If the lengths differ, there are fewer than 2 photos, ``k`` is not
        between 1 and ``n - 1``, or the metric or features are invalid.
    """
    labels = [str(label) for label in labels]
    n = len(labels)
    if len(features) != n:
        raise ValueError(f"got {len(features)} histograms but {n} labels")
    if n < 2:
        raise ValueError("need at least 2 photos to evaluate")
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 1 <= k <= n - 1:
        raise ValueError(f"k must be a whole number between 1 and {n - 1} (the other photos), got {k!r}")
    distances = pairwise_distances(features, metric)
    np.fill_diagonal(distances, np.inf)                     # a photo is not its own neighbour
    order = np.argsort(distances, axis=1, kind="stable")    # nearest first; ties: lower index first
    classes = sorted(set(labels))
    codes = np.array([classes.index(label) for label in labels])
    nearest = order[:, 0]
    same = codes[order[:, :k]] == codes[:, None]
    confusion = np.zeros((len(classes), len(classes)), dtype=np.int64)
    np.add.at(confusion, (codes, codes[nearest]), 1)
    sizes = np.bincount(codes)
    chance = float(np.sum(sizes * (sizes - 1)) / (n * (n - 1)))
    return EvaluationReport(metric=metric, accuracy=float(np.mean(codes[nearest] == codes)),
                            precision_at_k=float(same.mean()), k=k, chance=chance,
                            labels=classes, confusion=confusion, nearest=nearest)
