"""How far apart are two histograms? Distances, and ranking references by them.

A distance is 0 for identical histograms and grows as they differ, so
*smaller means more similar*.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial

import numpy as np

from .comparing import kernels
from .describing.descriptors import Descriptor, descriptor_named
from .comparing.kernels import BlockFormula, RowsFormula

__all__ = [
    "METRICS", "Metric", "as_histogram", "bhattacharyya", "chi_square", "correlation", "cosine", "distance",
    "emd", "euclidean", "intersection", "l2_loop", "manhattan", "metric_named", "rank",
]


def as_histogram(h: object, name: str = "histogram") -> np.ndarray:
    """Check that ``h`` is a usable histogram and return it as ``float64``.

    Parameters
    ----------
    h : array-like
        Counts or fractions, one number per bin.
    name : str, optional
        What to call ``h`` in error messages (e.g. ``"h1"``).

    Returns
    -------
    numpy.ndarray
        ``h`` as a ``float64`` array. Working in float64 means that
        subtracting two bins can never wrap around, as ``uint8`` values do.

    Raises
    ------
    ValueError
        If ``h`` is not numeric, is empty, holds NaN or infinity, holds a
        negative number, or is all zeros.
    """
    try:
        raw = np.asarray(h)
        if raw.dtype.kind not in "biuf":
            raise TypeError(f"got values of type {raw.dtype} (is there a None or a string in it?)")
        arr = raw.astype(np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a list or array of numbers (one per bin): {exc}") from exc
    if arr.size == 0:
        raise ValueError(f"{name} is empty: a histogram needs at least one bin")
    if not np.all(np.isfinite(arr)):
        where = int(np.flatnonzero(~np.isfinite(arr.ravel()))[0])
        raise ValueError(f"{name} contains NaN (\"not a number\") or infinity (first at bin {where})")
    if np.any(arr < 0):
        where = int(np.flatnonzero(arr.ravel() < 0)[0])
        raise ValueError(
            f"{name} has a negative entry ({arr.ravel()[where]:g} at bin {where}); "
            "a histogram counts things, so every bin must be >= 0"
        )
    if not np.any(arr):
        raise ValueError(f"{name} is all zeros: it counts nothing, so there is nothing to compare")
    return arr


def _as_pair(h1: object, h2: object) -> tuple[np.ndarray, np.ndarray]:
    """Validate two histograms and check that they can be compared bin by bin."""
    a, b = as_histogram(h1, "h1"), as_histogram(h2, "h2")
    if a.shape != b.shape:
        raise ValueError(
            f"cannot compare histograms of different shapes: h1 has shape {a.shape}, "
            f"h2 has shape {b.shape}; compute both with the same bins and channels"
        )
    return a, b


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
    a, b = _as_pair(h1, h2)
    return float(np.sqrt(np.sum((a - b) ** 2)))


def _as_distributions(h1: object, h2: object) -> tuple[np.ndarray, np.ndarray]:
    """Validate two histograms and divide each by its total, so both sum to 1."""
    a, b = _as_pair(h1, h2)
    return a / a.sum(), b / b.sum()


def manhattan(h1: object, h2: object) -> float:
    """Manhattan (L1) distance: ``sum(|h1 - h2|)``.

    Parameters
    ----------
    h1, h2 : array-like
        Histograms of the same shape.

    Returns
    -------
    float
        0 for identical histograms; smaller is more similar. Like
        :func:`euclidean` it compares the numbers **as given** (on raw counts
        it grows with image size, so pass normalised histograms to compare
        photos of different sizes). On normalised histograms it lies in
        [0, 2]: twice the share of values that would have to move to another
        bin. Every bin's difference counts in proportion, so many small
        differences weigh as much as one big one (Euclidean, squaring,
        stresses the big ones).

    Examples
    --------
    >>> manhattan([0, 3], [4, 0])
    7.0
    """
    a, b = _as_pair(h1, h2)
    return float(np.sum(np.abs(a - b)))


def chi_square(h1: object, h2: object) -> float:
    """Chi-square distance: ``0.5 * sum((p - q)**2 / (p + q))`` over bins where ``p + q > 0``.

    ``p`` and ``q`` are the histograms divided by their totals (this function
    normalises counts itself), so the result lies in [0, 1].

    Parameters
    ----------
    h1, h2 : array-like
        Histograms (counts or fractions) of the same shape.

    Returns
    -------
    float
        0 for identical distributions, 1 for ones with no bin in common.
        Dividing by ``p + q`` makes a difference in a **rare** bin count more
        than the same difference in a crowded bin, so it is sensitive to
        small colours that appear in one photo and not the other.

    Examples
    --------
    >>> chi_square([1, 0], [0, 1])
    1.0
    """
    p, q = _as_distributions(h1, h2)
    total = p + q
    used = total > 0
    return float(min(1.0, 0.5 * np.sum((p[used] - q[used]) ** 2 / total[used])))  # clip rounding


def intersection(h1: object, h2: object) -> float:
    """Histogram intersection distance: ``1 - sum(min(p, q))``.

    ``p`` and ``q`` are the histograms divided by their totals (this function
    normalises counts itself).

    Parameters
    ----------
    h1, h2 : array-like
        Histograms (counts or fractions) of the same shape.

    Returns
    -------
    float
        In [0, 1]: the share of values that do **not** overlap. 0 for
        identical distributions. It only asks "how much is shared", so it is
        robust to a bin that is huge in one photo (a background, say): that
        bin can only overlap up to what the other photo has. Equal to half
        the Manhattan distance of the normalised histograms.

    Examples
    --------
    >>> intersection([3, 1], [1, 3])
    0.5
    """
    p, q = _as_distributions(h1, h2)
    return float(min(1.0, max(0.0, 1.0 - np.sum(np.minimum(p, q)))))  # clip rounding errors


def bhattacharyya(h1: object, h2: object) -> float:
    """Bhattacharyya (Hellinger) distance: ``sqrt(max(0, 1 - sum(sqrt(p * q))))``.

    ``p`` and ``q`` are the histograms divided by their totals (this function
    normalises counts itself).

    Parameters
    ----------
    h1, h2 : array-like
        Histograms (counts or fractions) of the same shape.

    Returns
    -------
    float
        In [0, 1]; 0 for identical distributions, 1 for ones with no bin in
        common. The square roots soften big bins and lift small ones, so it
        weighs the overall shape of the distribution rather than its tallest
        peaks. This form (OpenCV's) is the Hellinger distance, a true metric.

    Examples
    --------
    >>> bhattacharyya([1, 0], [0, 1])
    1.0
    """
    p, q = _as_distributions(h1, h2)
    # sqrt(1 - sum(sqrt(p*q))) == sqrt(0.5 * sum((sqrt(p) - sqrt(q))**2)) when p and q sum to 1;
    # the second form is exactly 0 for identical histograms and never negative from rounding.
    return float(min(1.0, np.sqrt(0.5 * np.sum((np.sqrt(p) - np.sqrt(q)) ** 2))))


def cosine(h1: object, h2: object) -> float:
    """Cosine distance: ``1 - (p . q) / (|p| |q|)``.

    Parameters
    ----------
    h1, h2 : array-like
        Histograms (counts or fractions) of the same shape. Scaling either
        one changes nothing, so counts and fractions give the same result.

    Returns
    -------
    float
        In [0, 1] for histograms (no negative entries); 0 when one histogram
        is a multiple of the other. It compares the **direction** of the
        two vectors, dominated by their largest bins: two photos with the
        same big background colour look alike whatever else they hold.

    Examples
    --------
    >>> cosine([1, 0], [0, 1])
    1.0
    """
    a, b = _as_pair(h1, h2)
    a, b = a.ravel(), b.ravel()
    similarity = np.sum(a * b) / (np.linalg.norm(a) * np.linalg.norm(b))
    return float(min(1.0, max(0.0, 1.0 - similarity)))


def check_channels(channels: object, length: int) -> int:
    """Check that ``channels`` is a whole number that splits ``length`` bins evenly."""
    if isinstance(channels, bool) or not isinstance(channels, (int, np.integer)) or channels < 1:
        raise ValueError(f"channels must be a whole number of at least 1, got {channels!r}")
    if length % channels:
        raise ValueError(
            f"a histogram of {length} bins cannot be split into {channels} channels of equal length; "
            "pass the number of 1-D histograms joined end to end (3 for channels='rgb')"
        )
    return int(channels)


def emd(h1: object, h2: object, channels: int = 1) -> float:
    """Earth mover's distance between 1-D histograms, measured in bins.

    Picture each histogram as piles of earth, one pile per bin. The EMD is
    the least work needed to reshape one set of piles into the other, where
    moving a share ``w`` of the earth by ``d`` bins costs ``w * d``. In one
    dimension the cheapest plan is known: the work is the area between the
    two cumulative histograms, ``sum(|cumsum(p) - cumsum(q)|)``.

    Parameters
    ----------
    h1, h2 : array-like
        Histograms (counts or fractions) of the same shape; each is divided
        by its total, so only the shapes are compared.
    channels : int, optional
        How many 1-D histograms are joined end to end in ``h1`` and ``h2``
        (default 1; 3 for ``histogram(..., channels="rgb")``). A histogram
        does not say how it was made, so you tell it: each channel is
        normalised and compared on its own, and the distances are added up
        (earth never moves from the red channel into the green one).

    Returns
    -------
    float
        0 for identical histograms; in bins: shifting a whole 256-bin
        histogram by 10 bins (a photo 10 gray levels lighter) gives 10, and
        each channel adds its own. Unlike bin-by-bin metrics it knows that
        bin 11 is *near* bin 10, so a small brightness change gives a small
        distance. Equal to ``scipy.stats.wasserstein_distance`` on the bin
        numbers with the histograms as weights (per channel, then added).

    Raises
    ------
    ValueError
        For histograms that cannot be compared (see :func:`euclidean`), or
        a ``channels`` that does not split the bins evenly.

    Examples
    --------
    >>> emd([1, 0, 0, 0], [0, 0, 1, 0])
    2.0
    >>> emd([1, 0, 0, 1, 0, 0], [0, 1, 0, 0, 1, 0], channels=2)
    2.0
    """
    a, b = _as_pair(h1, h2)
    parts = check_channels(channels, a.size)
    a, b = a.reshape(parts, -1), b.reshape(parts, -1)
    for name, h in (("h1", a), ("h2", b)):
        empty = np.flatnonzero(h.sum(axis=1) == 0)
        if empty.size:
            raise ValueError(f"channel {int(empty[0])} of {name} is all zeros: it counts nothing")
    p, q = a / a.sum(axis=1, keepdims=True), b / b.sum(axis=1, keepdims=True)
    return float(np.sum(np.abs(np.cumsum(p, axis=1) - np.cumsum(q, axis=1))))


def correlation(h1: object, h2: object) -> float:
    """Correlation distance: ``1 -`` the correlation of the two histograms (OpenCV's ``HISTCMP_CORREL``).

    The correlation asks whether the two histograms rise and fall together:
    subtract each one's mean bin, then
    ``r = sum(a * b) / sqrt(sum(a ** 2) * sum(b ** 2))``.

    Parameters
    ----------
    h1, h2 : array-like
        Histograms of the same shape. Scaling or adding a constant to either
        changes nothing, so counts and fractions give the same result.

    Returns
    -------
    float
        ``1 - r``, in [0, 2]: 0 when the histograms rise and fall exactly
        together, 1 when unrelated, 2 when opposite. Equal to
        ``1 - cv2.compareHist(h1, h2, cv2.HISTCMP_CORREL)``.

    Raises
    ------
    ValueError
        For histograms that cannot be compared, or a histogram with the same
        value in every bin: it does not rise or fall, so its correlation is
        undefined. (OpenCV calls that a perfect correlation; we refuse instead.)

    Examples
    --------
    >>> round(correlation([1, 2, 3], [2, 4, 6]), 12)     # 0 up to rounding
    0.0
    >>> round(correlation([1, 2, 3], [3, 2, 1]), 12)
    2.0
    """
    a, b = _as_pair(h1, h2)
    a, b = a.ravel() - a.mean(), b.ravel() - b.mean()
    for name, h in (("h1", a), ("h2", b)):
        if not np.any(h):
            raise ValueError(f"{name} has the same value in every bin, so its correlation with anything is undefined")
    r = np.sum(a * b) / (np.sqrt(np.sum(a * a)) * np.sqrt(np.sum(b * b)))
    return float(min(2.0, max(0.0, 1.0 - r)))  # clip rounding errors


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
