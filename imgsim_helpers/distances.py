"""How far apart are two histograms? The Euclidean distance, every metric by name, and ranking references.

A distance is 0 for identical histograms and grows as they differ, so
*smaller means more similar*. The core's distance is written here (the
tutorial's :func:`l2_loop` and the vectorised :func:`euclidean`); the seven
other metrics are in :mod:`imgsim_helpers.comparing.metrics`, and
:data:`METRICS` holds all eight by name for :func:`distance` and :func:`rank`.
The check of a histogram, :func:`~imgsim_helpers.histograms.as_histogram`, is in
``histograms.py``, with what makes histograms.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial

import numpy as np

from .comparing import kernels
from .comparing.kernels import BlockFormula, RowsFormula
from .comparing.metrics import bhattacharyya, chi_square, correlation, cosine, emd, intersection, manhattan
from .describing.descriptors import Descriptor, descriptor_named
from .histograms import as_histogram, histogram_pair

__all__ = ["METRICS", "Metric", "as_histogram", "distance", "euclidean", "l2_loop", "metric_named", "rank"]


def l2_loop(h1: Sequence[float], h2: Sequence[float]) -> float:
    """Euclidean distance the tutorial's way: a Python loop over the bins.

    Parameters
    ----------
    h1, h2 : sequence of numbers
        Two histograms of the same length.

    Returns
    -------
    float
        ``sqrt(sum((h1[i] - h2[i]) ** 2))``.

    Raises
    ------
    ValueError
        If either is not 1-D (an image: make its histogram first), or the
        lengths differ. (A bare ``zip`` would silently stop at the shorter
        one and give a wrong answer.)

    Examples
    --------
    >>> l2_loop([0, 3], [4, 0])
    5.0
    """
    for name, h in (("h1", h1), ("h2", h2)):
        if np.ndim(h) != 1:  # an image, or a 2-D grid: its "bins" would be rows, not numbers
            raise ValueError(
                f"l2_loop compares two 1-D histograms or vectors (one number per bin), but {name} "
                f"has shape {np.shape(h)}; for images, make their histograms first "
                "(histogram(image)) or flatten them (image.flatten())"
            )
    if len(h1) != len(h2):
        raise ValueError(
            f"cannot compare histograms of different lengths: {len(h1)} and {len(h2)} bins"
        )
    total = 0.0
    for a, b in zip(h1, h2):
        total += (float(a) - float(b)) ** 2
    return math.sqrt(total)


def euclidean(h1: object, h2: object) -> float:
    """Euclidean (L2) distance between two histograms, vectorised.

    Parameters
    ----------
    h1, h2 : array-like
        Histograms of the same shape: counts or fractions.

    Returns
    -------
    float
        ``sqrt(sum((h1 - h2) ** 2))``, computed in ``float64``. 0 means
        identical; smaller is more similar. On raw counts it grows with the
        number of pixels, so compare normalised histograms when image sizes
        differ.

    Raises
    ------
    ValueError
        If the shapes differ (the message names both), or either histogram
        holds NaN, infinity, negative numbers or only zeros.

    Examples
    --------
    >>> euclidean([0, 3], [4, 0])
    5.0
    """
    a, b = histogram_pair(h1, h2)
    return float(np.sqrt(np.sum((a - b) ** 2)))


@dataclass(frozen=True)
class Metric:
    """One metric the course knows: its three formulas, and what it is.

    Attributes
    ----------
    name : str
        Its key in :data:`METRICS`.
    pair : callable
        The function a learner calls, ``pair(h1, h2) -> float``: it checks
        both histograms first (``METRICS[name]`` is this function).
    rows : callable
        ``rows(x, rows, channels) -> distances``: one histogram ``x`` against
        every row of a ``float64`` matrix, vectorised (see :mod:`~imgsim_helpers.comparing.kernels`).
    block : callable or None
        The search index's in-place formula for one cache-sized block of rows
        (:func:`~imgsim_helpers.comparing.kernels.row_distances`); ``None`` where there is
        none, and the index runs ``rows`` on a few thousand rows at a time.
    ordered_bins : bool
        Whether it needs 1-D histograms over ordered values (gray levels,
        angles), so that bin 11 is *near* bin 10: only "emd".
    about : str
        One line for tables and widgets.

    Calling a metric calls its pair function: ``metric_named("emd")(p, q)``.
    """

    name: str
    pair: Callable[..., float]
    rows: RowsFormula
    block: BlockFormula | None
    ordered_bins: bool
    about: str

    def __call__(self, h1: object, h2: object) -> float:
        return self.pair(h1, h2)

    def applies_to(self, descriptor: Descriptor) -> bool:
        """Whether this metric can compare what ``descriptor`` gives (EMD needs ordered bins)."""
        return not self.ordered_bins or descriptor.channels is not None

    def check_applies_to(self, descriptor: Descriptor) -> int:
        """The ``channels`` to pass to :attr:`rows`, or an error if the metric cannot compare ``descriptor``."""
        if not self.applies_to(descriptor):
            raise ValueError(f"{self.name} compares histograms over ordered values (gray levels, angles); the "
                             f"descriptor {descriptor.name!r} ({descriptor.about}) is not made of them: "
                             "choose another metric")
        return descriptor.channels or 1


# A table of data, one row per metric (name, pair function, rows and block kernels, ordered bins,
# one line about it), written out row by row so a reader sees each metric whole: the rows look alike
# because they are rows of one table, not repeated logic.
_REGISTRY: dict[str, Metric] = {entry.name: entry for entry in [
    Metric("euclidean", euclidean, kernels.euclidean_rows, kernels.euclidean_block, False,
           "straight-line distance; compares the numbers as given"),
    Metric("manhattan", manhattan, kernels.manhattan_rows, kernels.manhattan_block, False,
           "sum of absolute differences; compares the numbers as given"),
    Metric("chi_square", chi_square, kernels.chi_square_rows, kernels.chi_square_block, False,
           "differences weighted towards rare bins, in [0, 1]"),
    Metric("intersection", intersection, kernels.intersection_rows, kernels.intersection_block, False,
           "share of the histograms that does not overlap, in [0, 1]"),
    Metric("bhattacharyya", bhattacharyya, kernels.bhattacharyya_rows, kernels.bhattacharyya_block, False,
           "Hellinger distance: the overall shape, in [0, 1]"),
    Metric("cosine", cosine, kernels.cosine_rows, kernels.cosine_block, False,
           "angle between the vectors, dominated by the big bins"),
    Metric("emd", emd, kernels.emd_rows, None, True,
           "earth mover's distance, in bins: a small shift is a small distance"),
    Metric("correlation", correlation, kernels.correlation_rows, None, False,
           "1 - correlation: do the histograms rise and fall together, in [0, 2]"),
]}

#: Every distance the course knows, by name. All are 0 for identical
#: histograms and smaller means more similar. ``euclidean`` and ``manhattan``
#: compare the numbers as given (normalise first to ignore image size); the
#: others normalise counts themselves. Widgets and :func:`rank` offer these.
#: ``METRICS[name]`` is the function; :func:`metric_named` gives the whole entry.
METRICS: dict[str, Callable[[object, object], float]] = {name: entry.pair for name, entry in _REGISTRY.items()}


def metric_named(name: object) -> Metric:
    """The metric called ``name`` (a :class:`Metric` is returned as it is), or an error that lists the names.

    Examples
    --------
    >>> metric_named("manhattan")([0, 3], [4, 0])
    7.0
    """
    if isinstance(name, Metric):
        return name
    if not isinstance(name, str) or name not in _REGISTRY:
        raise ValueError(f"unknown metric {name!r}; choose one of: {', '.join(METRICS)}")
    return _REGISTRY[name]


def distance(h1: object, h2: object, metric: str | Metric = "euclidean") -> float:
    """Distance between two histograms with the metric called ``metric``.

    Parameters
    ----------
    h1, h2 : array-like
        Histograms of the same shape.
    metric : str or Metric, optional
        A name from :data:`METRICS` (or :func:`metric_named` of one). Default ``"euclidean"``.

    Returns
    -------
    float
        0 for identical histograms; smaller is more similar.

    Raises
    ------
    ValueError
        For an unknown metric name (the message lists the known ones), or
        histograms that cannot be compared.
    """
    return metric_named(metric).pair(h1, h2)


def rank(
    query: object, references: Mapping[str, object], metric: str | Metric = "euclidean",
    descriptor: str | None = None
) -> list[tuple[str, float]]:
    """Order reference histograms from nearest to farthest from ``query``.

    Parameters
    ----------
    query : array-like
        The histogram of the test image (or, with ``descriptor``, the photo).
    references : mapping of str to array-like
        Names (e.g. ``"swans"``) and their histograms (or photos).
    metric : str or Metric, optional
        A name from :data:`METRICS` (or :func:`metric_named` of one). Default ``"euclidean"``.
    descriptor : str, optional
        A name from :data:`DESCRIPTORS`. If given, ``query`` and the
        references are ``(H, W, 3)`` photos, described with it first.

    Returns
    -------
    list of (str, float)
        ``(name, distance)`` pairs, nearest first; ties keep the order of
        ``references``. ``result[0][0]`` is the winner.

    Raises
    ------
    ValueError
        If ``references`` is empty, or a histogram cannot be compared.

    Examples
    --------
    >>> rank([1, 0], {"far": [0, 1], "near": [1, 0]})
    [('near', 0.0), ('far', 1.4142135623730951)]
    """
    if not isinstance(references, Mapping):
        raise ValueError(
            f"references must be a dictionary of name -> histogram, got {type(references).__name__}"
        )
    if not references:
        raise ValueError("references is empty: give at least one reference histogram to compare with")
    measure = metric_named(metric)
    compare = measure.pair
    if descriptor is not None:
        entry = descriptor_named(descriptor)
        channels = measure.check_applies_to(entry)
        if measure.ordered_bins:
            compare = partial(measure.pair, channels=channels)
        try:
            query = entry(query)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"describing the query: {exc}") from exc
        described = {}
        for name, photo in references.items():
            try:
                described[name] = entry(photo)
            except (TypeError, ValueError) as exc:
                raise ValueError(f"describing reference {name!r}: {exc}") from exc
        references = described
    scored = []
    for name, ref in references.items():
        try:
            scored.append((name, compare(query, ref)))
        except ValueError as exc:
            raise ValueError(f"comparing the query (h1) with reference {name!r} (h2): {exc}") from exc
    return sorted(scored, key=lambda pair: pair[1])
