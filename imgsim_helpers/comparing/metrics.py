"""Seven more ways to compare two histograms (notebooks 08 and 13): every metric but the core's Euclidean.

Each takes two histograms of the same shape and gives a distance: 0 for
identical histograms, and *smaller means more similar*. ``manhattan`` and
``cosine`` compare the numbers as given; ``chi_square``, ``intersection``,
``bhattacharyya`` and ``emd`` normalise counts themselves, and ``correlation``
ignores scale and offset. :data:`~imgsim_helpers.distances.METRICS` (in
``distances.py``, with ``euclidean``, ``distance`` and ``rank``) holds them all
by name.
"""

from __future__ import annotations

import numpy as np

from ..histograms import histogram_pair

__all__ = ["bhattacharyya", "check_channels", "chi_square", "correlation", "cosine", "emd", "intersection",
           "manhattan"]


def _as_distributions(h1: object, h2: object) -> tuple[np.ndarray, np.ndarray]:
    """Validate two histograms and divide each by its total, so both sum to 1."""
    a, b = histogram_pair(h1, h2)
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
    a, b = histogram_pair(h1, h2)
    return float(np.sum(np.abs(a - b)))


def chi_square(h1: object, h2: object) -> float:
    """Chi-square distance: ``0.5 * sum((p - q)**2 / (p + q))`` over bins where ``p + q > 0``.

    ``p`` and ``q`` are the histograms divided by their totals (this function
    normalises counts itself), so the result lies in [0, 1].

    Parameters
    ----------
    h1, h2 : array-like
        Histograms (counts or fractions) of the same shape. A bin empty in
        both is left out of the sum (its ``0 / 0`` would mean nothing).

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
    normalises counts itself), so each holds 1 in all, and ``min(p, q)`` is
    what the two hold in common, bin by bin.

    Parameters
    ----------
    h1, h2 : array-like
        Histograms (counts or fractions) of the same shape; only what the
        same bin holds in both counts as shared.

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
    normalises counts itself), so ``sum(sqrt(p * q))`` is 1 for identical
    histograms and 0 for ones with no bin in common.

    Parameters
    ----------
    h1, h2 : array-like
        Histograms (counts or fractions) of the same shape, every bin ``>= 0``
        (the formula takes square roots of them).

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
    a, b = histogram_pair(h1, h2)
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
    a, b = histogram_pair(h1, h2)
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
    a, b = histogram_pair(h1, h2)
    a, b = a.ravel() - a.mean(), b.ravel() - b.mean()
    for name, h in (("h1", a), ("h2", b)):
        if not np.any(h):
            raise ValueError(f"{name} has the same value in every bin, so its correlation with anything is undefined")
    r = np.sum(a * b) / (np.sqrt(np.sum(a * a)) * np.sqrt(np.sum(b * b)))
    return float(min(2.0, max(0.0, 1.0 - r)))  # clip rounding errors
