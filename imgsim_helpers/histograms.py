"""Counting colours: the tutorial's histogram and a fast, flexible one.

A histogram answers "how many times does each value occur?". For a photo it
throws away *where* every colour is and keeps only *how much* of it there is.
"""

from __future__ import annotations

import os
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from PIL import Image

from ._shared.arrays import check_uint8
from .describing.gray import to_gray

__all__ = ["CHANNEL_MODES", "as_histogram", "counter_histogram", "histogram", "histogram_pair", "value_counts"]

#: The ways :func:`histogram` can count colours.
CHANNEL_MODES = ("pooled", "rgb", "joint", "gray")

#: From this many values on (a 1.3-megapixel photo), :func:`value_counts`
#: counts slices on all CPU cores at once.
PARALLEL_MIN_VALUES = 4_000_000

#: Joint histograms have ``bins ** 3`` bins; above this they stop being useful.
MAX_JOINT_BINS = 64


#: What :func:`histogram` and :func:`counter_histogram` say about an image without a pixel.
EMPTY_IMAGE = "the image is empty (shape {shape}): there is nothing to count"


def counter_histogram(image: np.ndarray) -> list[int]:
    """Count each value 0-255 the way the original tutorial does.

    Flatten the image into one long list of values, count them with
    :class:`collections.Counter`, then walk through 0..255 and write 0 for
    every value that never occurs. Slow (a Python loop over every value) but
    easy to follow; :func:`histogram` gives the same numbers much faster.

    Parameters
    ----------
    image : numpy.ndarray
        Pixel values of dtype ``uint8``, any shape (usually ``(H, W, 3)``).

    Returns
    -------
    list of int
        256 counts: ``result[v]`` is how many times value ``v`` occurs,
        red, green and blue values counted together.

    Examples
    --------
    >>> import numpy as np
    >>> counter_histogram(np.array([[0, 0, 255]], dtype=np.uint8))[:2]
    [2, 0]
    """
    check_uint8(image, empty=EMPTY_IMAGE)
    values = image.flatten()
    counts = Counter(values)
    hist = []
    for value in range(256):
        if value in counts:
            hist.append(int(counts[value]))
        else:
            hist.append(0)
    return hist


def value_counts(values: np.ndarray) -> np.ndarray:
    """Count how often each value 0-255 occurs in a ``uint8`` array, fast.

    Parameters
    ----------
    values : numpy.ndarray
        Any ``uint8`` array.

    Returns
    -------
    numpy.ndarray
        256 counts, dtype ``int64``.

    Notes
    -----
    ``np.bincount(values, minlength=256)`` gives the same answer, but it first
    copies the values into 8-byte integers (288 MB for a 12-megapixel photo).
    Pillow's ``Image.histogram`` counts the bytes where they are, in C, and
    is about ten times faster here. Large arrays are split into one slice
    per CPU core, counted at the same time in threads, and the counts added.
    """
    values = np.asarray(values)
    if values.dtype != np.uint8:
        raise ValueError(
            f"value_counts counts uint8 values (0-255), got dtype {values.dtype}; "
            "converting first would silently change values such as 300 or -1"
        )
    flat = np.ascontiguousarray(values).reshape(-1)
    if flat.size == 0:
        return np.zeros(256, dtype=np.int64)
    workers = os.cpu_count() or 1
    if flat.size < PARALLEL_MIN_VALUES or workers == 1:
        return _count_bytes(flat)
    # Pillow releases the GIL while counting, so threads count slices side by side
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return sum(pool.map(_count_bytes, np.array_split(flat, workers)))


def _count_bytes(flat: np.ndarray) -> np.ndarray:
    """Count the values of a 1-D contiguous uint8 array with Pillow's C histogram."""
    as_row = Image.frombuffer("L", (flat.size, 1), flat, "raw", "L", 0, 1)
    return np.array(as_row.histogram(), dtype=np.int64)


def _rgb_counts(pixels: np.ndarray) -> np.ndarray:
    """Red, green and blue counts (768 numbers) of an ``(N, 3)`` uint8 array."""
    pixels = np.ascontiguousarray(pixels)
    as_row = Image.frombuffer("RGB", (len(pixels), 1), pixels, "raw", "RGB", 0, 1)
    return np.array(as_row.histogram(), dtype=np.int64)


def _fold(counts: np.ndarray, bins: int) -> np.ndarray:
    """Add up neighbouring counts: 256 counts -> ``bins`` counts.

    New bin ``k`` holds the ``256 // bins`` counts from ``k * (256 // bins)`` on;
    ``np.add.reduceat`` adds up each such run, given where every run starts.
    """
    starts = np.arange(0, 256, 256 // bins)
    return np.add.reduceat(counts, starts)


def _joint_counts(pixels: np.ndarray, bins: int) -> np.ndarray:
    """Count (r, g, b) colour-cube cells for an ``(N, 3)`` uint8 array.

    Each pixel's cell number is ``(red bin * bins + green bin) * bins + blue bin``,
    built with bit shifts in small integers (``bins`` and ``256 // bins`` are
    powers of two) and counted a million pixels at a time, so no full-size
    8-byte copy of the image is ever made.
    """
    shift = (256 // bins).bit_length() - 1   # value // (256 // bins) == value >> shift
    width = bins.bit_length() - 1            # bits of one channel's bin number
    code_type = np.uint16 if 3 * width <= 16 else np.uint32
    counts = np.zeros(bins**3, dtype=np.int64)
    step = 1 << 20
    for start in range(0, len(pixels), step):
        chunk = pixels[start : start + step]
        code = (chunk[:, 0] >> shift).astype(code_type)
        code <<= width
        code |= chunk[:, 1] >> shift
        code <<= width
        code |= chunk[:, 2] >> shift
        counts += np.bincount(code, minlength=bins**3)
    return counts


def histogram(
    image: np.ndarray,
    bins: int = 256,
    channels: str = "pooled",
    normalize: bool = False,
    mask: np.ndarray | None = None,
) -> np.ndarray:
    """Count the colours of an image into a histogram, vectorised.

    Parameters
    ----------
    image : numpy.ndarray
        ``uint8`` pixel values; shape ``(H, W, 3)`` (``"pooled"`` also takes
        any shape, such as a grayscale ``(H, W)``).
    bins : int, optional
        Number of bins per channel; must divide 256 (1, 2, 4, ..., 256).
        With 32 bins, values 0-7 share bin 0, 8-15 bin 1, and so on.
    channels : {"pooled", "rgb", "joint"}, optional
        * ``"pooled"`` (default, the tutorial's): red, green and blue values
          counted together; length ``bins``.
        * ``"rgb"``: one histogram per channel, red then green then blue,
          joined end to end; length ``3 * bins``.
        * ``"joint"``: each pixel's (r, g, b) colour as one cell of a colour
          cube; length ``bins ** 3`` (``bins`` at most 64).
        * ``"gray"``: each pixel's luminance ``0.299 R + 0.587 G + 0.114 B``
          (:func:`to_gray`, as Pillow's ``convert("L")``): one value per
          pixel, where "pooled" counts three; length ``bins``.
    normalize : bool, optional
        Divide by the total so the histogram sums to 1 (fractions instead of
        counts). Then images of different sizes can be compared fairly.
    mask : numpy.ndarray, optional
        Boolean ``(H, W)`` array: count only pixels where it is ``True``
        (for example the bird of a cut-out, from :func:`load_alpha_mask`).

    Returns
    -------
    numpy.ndarray
        Counts as ``int64``, or fractions as ``float64`` when ``normalize``.

    Raises
    ------
    TypeError
        If ``image`` is not a NumPy array.
    ValueError
        For a bad ``bins`` or ``channels``, an image that is not ``uint8``
        (or not RGB for "rgb"/"joint"), or a mask of the wrong shape or one
        that selects no pixel.

    Examples
    --------
    >>> import numpy as np
    >>> img = np.zeros((2, 2, 3), dtype=np.uint8)
    >>> histogram(img, bins=4)
    array([12,  0,  0,  0])
    >>> histogram(img, bins=2, channels="rgb")
    array([4, 0, 4, 0, 4, 0])
    """
    if channels not in CHANNEL_MODES:
        raise ValueError(f"channels must be one of {CHANNEL_MODES}, got {channels!r}")
    if isinstance(bins, bool) or not isinstance(bins, (int, np.integer)) or not 1 <= bins <= 256 or 256 % bins:
        raise ValueError(
            f"bins must be a whole number that divides 256 (1, 2, 4, 8, ..., 256), got {bins!r}"
        )
    check_uint8(image, shape=None if channels == "pooled" else "rgb", empty=EMPTY_IMAGE)
    if channels == "joint" and bins > MAX_JOINT_BINS:
        raise ValueError(
            f"a joint histogram with {bins} bins per channel has {bins**3:,} cells; "
            f"use bins <= {MAX_JOINT_BINS}"
        )
    if mask is not None:
        mask = np.asarray(mask)
        if mask.dtype != bool or mask.shape != image.shape[:2]:
            raise ValueError(
                f"mask must be an array of True/False values (dtype bool) of shape {image.shape[:2]} "
                f"(the image's height and width), got dtype {mask.dtype} and shape {mask.shape}"
            )
        if not mask.any():
            raise ValueError("the mask selects no pixel, so there is nothing to count")
        image = image[mask]  # (N, 3) or (N,): the selected pixels only

    if channels == "pooled":
        hist = _fold(value_counts(image), bins)
    elif channels == "gray":
        hist = _fold(value_counts(to_gray(image.reshape(-1, 1, 3))), bins)
    elif channels == "rgb":
        per_channel = _rgb_counts(image.reshape(-1, 3)).reshape(3, 256)
        hist = np.concatenate([_fold(counts, bins) for counts in per_channel])
    else:
        hist = _joint_counts(image.reshape(-1, 3), bins)
    if normalize:
        return hist / hist.sum()
    return hist


# --------------------------------------------------------------------------- checking histograms


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
    if not np.isfinite(arr).all():   # the array's own .all(), .any(): half the time of np.all(...)
        where = int(np.flatnonzero(~np.isfinite(arr.ravel()))[0])
        raise ValueError(f"{name} contains NaN (\"not a number\") or infinity (first at bin {where})")
    if (arr < 0).any():
        where = int(np.flatnonzero(arr.ravel() < 0)[0])
        raise ValueError(
            f"{name} has a negative entry ({arr.ravel()[where]:g} at bin {where}); "
            "a histogram counts things, so every bin must be >= 0"
        )
    if not arr.any():
        raise ValueError(f"{name} is all zeros: it counts nothing, so there is nothing to compare")
    return arr


def histogram_pair(h1: object, h2: object) -> tuple[np.ndarray, np.ndarray]:
    """Check two histograms with :func:`as_histogram` and that they can be compared bin by bin.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Both as ``float64``, ``h1`` first.

    Raises
    ------
    ValueError
        If either is not a usable histogram, or their shapes differ (the message names both).
    """
    a, b = as_histogram(h1, "h1"), as_histogram(h2, "h2")
    if a.shape != b.shape:
        raise ValueError(
            f"cannot compare histograms of different shapes: h1 has shape {a.shape}, "
            f"h2 has shape {b.shape}; compute both with the same bins and channels"
        )
    return a, b
