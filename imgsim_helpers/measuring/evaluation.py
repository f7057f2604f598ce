"""Measuring a method on labelled photos instead of trusting one example.

Leave-one-out nearest neighbour: each photo in turn is the query, every
other photo is a reference, and the query's label is guessed as the label of
its nearest reference. The share of right guesses is the accuracy; chance
level is what guessing a random reference would score. Nearest centroid
guesses the class whose *average* description is nearest instead.

On a few hundred photos an accuracy is uncertain by several points, so the
report gives a 95% confidence interval (:func:`accuracy_ci`), and
:func:`mcnemar` says whether one method really beats another on the same photos.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from ..describing.descriptors import describe, descriptor_named
from ..comparing.metrics import check_channels
from ..distances import Metric, metric_named

__all__ = ["Comparison", "EvaluationReport", "METHODS", "accuracy_ci", "evaluate", "mcnemar", "pairwise_distances"]

#: How :func:`evaluate` guesses a photo's class: from its nearest other photo, or
#: from the nearest class average ("centroid", fastbook's "ideal image").
METHODS = ("neighbour", "centroid")


def pairwise_distances(features: np.ndarray, metric: str | Metric = "euclidean", channels: int = 1) -> np.ndarray:
    """The matrix of distances between every pair of histograms.

    Parameters
    ----------
    features : numpy.ndarray
        Shape ``(n, bins)``: one histogram per row.
    metric : str or Metric, optional
        A name from :data:`METRICS` (or :func:`metric_named` of one).
    channels : int, optional
        For "emd" only: how many 1-D histograms each row joins (see :func:`emd`).

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
    formula = metric_named(metric).rows
    rows = _check_features(features)
    channels = check_channels(channels, rows.shape[1])
    # one vectorised step per row: n steps, each comparing one histogram with all n
    return np.stack([formula(row, rows, channels) for row in rows])


def _check_features(features: object) -> np.ndarray:
    """One histogram per row: a 2-D, finite, non-negative float64 array without empty rows."""
    rows = np.asarray(features, dtype=np.float64)
    if rows.ndim != 2 or len(rows) == 0:
        raise ValueError(f"features must be a 2-D array with one histogram per row, got shape {rows.shape}")
    if not np.all(np.isfinite(rows)) or np.any(rows < 0):
        raise ValueError("features must be finite and non-negative (histograms count things)")
    empty = np.flatnonzero(~rows.any(axis=1))
    if empty.size:
        raise ValueError(f"row {int(empty[0])} of features is all zeros: it counts nothing")
    return rows


def accuracy_ci(correct: int, total: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson confidence interval for an accuracy of ``correct`` out of ``total``.

    With 30 photos one photo is 3 points of accuracy: a measured 50% could
    easily have been 40% or 60% on another 30 photos. The interval gives the
    range of true accuracies that fit what was measured. Wilson's formula
    (better than ``p +- 1.96 sqrt(p (1 - p) / n)`` near 0% and 100%)::

        centre = (p + z**2 / 2n) / (1 + z**2 / n)
        half   = z / (1 + z**2 / n) * sqrt(p (1 - p) / n + z**2 / 4n**2)

    Parameters
    ----------
    correct : int
        How many guesses were right.
    total : int
        How many guesses there were (at least 1).
    confidence : float, optional
        0.95 (default) for a 95% interval (``z = 1.96``); any value in (0, 1).

    Returns
    -------
    (float, float)
        ``(low, high)``, both in [0, 1], around ``correct / total``.

    Examples
    --------
    >>> low, high = accuracy_ci(15, 30)
    >>> round(low, 3), round(high, 3)
    (0.332, 0.668)
    """
    for name, value in (("correct", correct), ("total", total)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise ValueError(f"{name} must be a whole number, got {value!r}")
    if total < 1 or not 0 <= correct <= total:
        raise ValueError(f"need 0 <= correct <= total and total >= 1, got correct={correct}, total={total}")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1 (0.95 for 95%), got {confidence!r}")
    z = math.sqrt(2) * _erfinv(confidence)  # 1.96 for 95%
    p, n = correct / total, total
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    low = 0.0 if correct == 0 else max(0.0, centre - half)      # exactly 0 and 1 at the ends, as the
    high = 1.0 if correct == total else min(1.0, centre + half)  # formula gives without rounding
    return low, high


def _erfinv(y: float) -> float:
    """Inverse of math.erf by bisection (|error| < 1e-15): no SciPy needed."""
    low, high = 0.0, 10.0
    for _ in range(200):
        middle = (low + high) / 2
        low, high = (middle, high) if math.erf(middle) < y else (low, middle)
    return (low + high) / 2


@dataclass(frozen=True)
class EvaluationReport:
    """What :func:`evaluate` measured.

    Attributes
    ----------
    metric : str
        The metric used.
    accuracy : float
        Share of photos whose guessed class is right.
    precision_at_k : float or None
        Average share of the ``k`` nearest other photos with the same label
        (``None`` for the centroid method, which looks at classes, not photos).
    k : int
        The ``k`` of ``precision_at_k``.
    chance : float
        Expected accuracy (and precision@k) when the neighbours are random.
    labels : list of str
        The classes, in the order of the confusion matrix.
    confusion : numpy.ndarray
        ``confusion[i, j]``: photos of class ``labels[i]`` guessed as class
        ``labels[j]``. Rows sum to the class sizes.
    nearest : numpy.ndarray or None
        For each photo, the index of its nearest other photo (``None`` for
        the centroid method).
    accuracy_ci : (float, float)
        95% Wilson confidence interval of the accuracy (see :func:`accuracy_ci`).
    correct : numpy.ndarray
        For each photo, whether its guess was right (``bool``): what
        :func:`mcnemar` compares between two methods.
    method : str
        "neighbour" or "centroid" (see :data:`METHODS`).
    descriptor : str or None
        The :data:`DESCRIPTORS` name the features came from, if given.
    """

    metric: str
    accuracy: float
    precision_at_k: float | None
    k: int
    chance: float
    labels: list[str]
    confusion: np.ndarray
    nearest: np.ndarray | None
    accuracy_ci: tuple[float, float] = (0.0, 1.0)
    correct: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    method: str = "neighbour"
    descriptor: str | None = None

    @property
    def title(self) -> str:
        """"descriptor + metric", and the method unless it is "neighbour"."""
        name = f"{self.descriptor} + {self.metric}" if self.descriptor else self.metric
        return name if self.method == "neighbour" else f"{name} ({self.method})"

    def __str__(self) -> str:
        low, high = self.accuracy_ci
        text = f"{self.title}: accuracy {self.accuracy:.0%} (95% CI {low:.0%}-{high:.0%})"
        if self.precision_at_k is not None:
            text += f", precision@{self.k} {self.precision_at_k:.0%}"
        return text + f" (chance {self.chance:.0%})"


def evaluate(features: object, labels: Sequence[str], metric: str | Metric = "euclidean", k: int = 4, *,
             descriptor: str | None = None, method: str = "neighbour") -> EvaluationReport:
    """Leave-one-out evaluation of a descriptor and a metric on photos with known labels.

    Parameters
    ----------
    features : numpy.ndarray or sequence of photos
        Shape ``(n, bins)``: one histogram (feature vector) per photo. With
        ``descriptor``, you may pass the ``n`` photos instead (``(H, W, 3)``
        ``uint8`` arrays): they are described with it first.
    labels : sequence of str
        The class of each photo, length ``n``.
    metric : str or Metric, optional
        A name from :data:`METRICS` (or :func:`metric_named` of one).
    k : int, optional
        How many neighbours precision@k looks at (default 4, the size of a
        class of 5 minus the query).
    descriptor : str, optional
        A name from :data:`DESCRIPTORS`: how the features were (or are to be)
        made. It also tells "emd" how many 1-D histograms a row joins.
        Without it, "emd" treats each row as one 1-D histogram.
    method : {"neighbour", "centroid"}, optional
        "neighbour" (default): the class of the nearest other photo.
        "centroid": the class whose average feature vector is nearest (the
        query left out of its own class's average).

    Returns
    -------
    EvaluationReport
        Accuracy with its 95% interval, precision@k, chance level, the
        confusion matrix and which photos were guessed right.

    Raises
    ------
    ValueError
        If the lengths differ, there are fewer than 2 photos, ``k`` is not
        between 1 and ``n - 1``, the metric, method, descriptor or features
        are invalid, a class has a single photo (for "centroid"), or "emd"
        is asked of a descriptor that is not made of 1-D histograms.
    """
    labels = [str(label) for label in labels]
    n = len(labels)
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose one of: {', '.join(METHODS)}")
    measure = metric_named(metric)
    channels = 1
    if descriptor is not None:
        entry = descriptor_named(descriptor)
        if not (isinstance(features, np.ndarray) and features.ndim == 2):
            features = describe(features, descriptor)  # photos -> one row each
        if np.shape(features)[1] != entry.length:
            raise ValueError(f"the features have {np.shape(features)[1]} columns, but {descriptor!r} "
                             f"gives {entry.length}; were they made with another descriptor?")
        channels = measure.check_applies_to(entry)
    if len(features) != n:
        raise ValueError(f"got {len(features)} histograms but {n} labels")
    if n < 2:
        raise ValueError("need at least 2 photos to evaluate")
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 1 <= k <= n - 1:
        raise ValueError(f"k must be a whole number between 1 and {n - 1} (the other photos), got {k!r}")
    classes = sorted(set(labels))
    codes = np.array([classes.index(label) for label in labels])
    sizes = np.bincount(codes)
    if method == "neighbour":
        distances = pairwise_distances(features, measure, channels)
        np.fill_diagonal(distances, np.inf)                     # a photo is not its own neighbour
        order = np.argsort(distances, axis=1, kind="stable")    # nearest first; ties: lower index first
        nearest = order[:, 0]
        guessed = codes[nearest]
        precision = float((codes[order[:, :k]] == codes[:, None]).mean())
    else:
        if sizes.min() < 2:
            raise ValueError(f"class {classes[int(np.argmin(sizes))]!r} has a single photo: leaving it out of "
                             "its own class leaves no average to compare with")
        guessed = _nearest_centroids(_check_features(features), codes, measure, channels)
        nearest, precision = None, None
    confusion = np.zeros((len(classes), len(classes)), dtype=np.int64)
    np.add.at(confusion, (codes, guessed), 1)
    chance = float(np.sum(sizes * (sizes - 1)) / (n * (n - 1)))
    correct = guessed == codes
    return EvaluationReport(metric=measure.name, accuracy=float(np.mean(correct)), precision_at_k=precision, k=k,
                            chance=chance, labels=classes, confusion=confusion, nearest=nearest,
                            accuracy_ci=accuracy_ci(int(correct.sum()), n), correct=correct, method=method,
                            descriptor=descriptor)


def _nearest_centroids(rows: np.ndarray, codes: np.ndarray, metric: Metric, channels: int) -> np.ndarray:
    """For each row, the class whose average row (without the row itself) is nearest."""
    classes = int(codes.max()) + 1
    sums = np.stack([rows[codes == c].sum(axis=0) for c in range(classes)])
    sizes = np.bincount(codes, minlength=classes).astype(np.float64)
    guesses = np.empty(len(rows), dtype=np.int64)
    for i, (row, own) in enumerate(zip(rows, codes)):
        centroids = sums / sizes[:, None]
        centroids[own] = (sums[own] - row) / (sizes[own] - 1)   # leave the query out of its class
        guesses[i] = int(np.argmin(metric.rows(row, centroids, channels)))  # ties: first class
    return guesses


class Comparison(NamedTuple):
    """The result of :func:`mcnemar`: photos only one method got right, and how likely that is by luck."""

    only_a: int
    only_b: int
    p_value: float

    def __str__(self) -> str:
        return (f"right only with A: {self.only_a}, only with B: {self.only_b}; "
                f"p = {self.p_value:.3g} ({'a real difference' if self.p_value < 0.05 else 'could be luck'} "
                "at the 5% level)")


def mcnemar(a: EvaluationReport, b: EvaluationReport) -> Comparison:
    """McNemar's exact test: does method A really beat method B on the same photos?

    Only the photos on which the two methods *disagree* say anything: say A
    alone got ``only_a`` of them right and B alone ``only_b``. If the two
    methods were equally good, each of these ``only_a + only_b`` photos would
    be a coin toss; the p-value is the chance of a split at least this
    lopsided from fair coins (two-sided binomial test). Below 0.05, the
    difference is unlikely to be luck.

    Parameters
    ----------
    a, b : EvaluationReport
        Two evaluations of the same photos in the same order (from
        :func:`evaluate`).

    Returns
    -------
    Comparison
        ``only_a``, ``only_b`` and ``p_value`` (1.0 when they never disagree).
        Equal to ``scipy.stats.binomtest(only_a, only_a + only_b).pvalue``.

    Raises
    ------
    ValueError
        If the two reports are not of the same photos (different labels or counts).

    Examples
    --------
    >>> import numpy as np
    >>> features, labels = np.eye(4) + 0.1, ["x", "x", "y", "y"]
    >>> report = evaluate(features, labels, k=1)
    >>> mcnemar(report, report).p_value          # a method never disagrees with itself
    1.0
    """
    for name, report in (("a", a), ("b", b)):
        if not isinstance(report, EvaluationReport):
            raise ValueError(f"mcnemar compares two results of evaluate(); {name} is a {type(report).__name__}")
    if len(a.correct) != len(b.correct) or a.labels != b.labels or not np.array_equal(
            a.confusion.sum(axis=1), b.confusion.sum(axis=1)):
        raise ValueError("mcnemar compares two methods on the same photos, but these reports are of "
                         f"different photos ({len(a.correct)} and {len(b.correct)} photos)")
    only_a = int(np.sum(a.correct & ~b.correct))
    only_b = int(np.sum(b.correct & ~a.correct))
    disagree = only_a + only_b
    if disagree == 0:
        return Comparison(0, 0, 1.0)
    # two-sided: add up the probabilities of every split no more likely than the one observed
    probabilities = [math.comb(disagree, i) / 2.0**disagree for i in range(disagree + 1)]
    observed = probabilities[only_a]
    p_value = sum(p for p in probabilities if p <= observed * (1 + 1e-7))
    return Comparison(only_a, only_b, min(1.0, p_value))
