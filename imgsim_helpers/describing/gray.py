"""Gray levels: luminance, cumulative histograms and histogram equalisation.

A grayscale photo keeps only how *light* each pixel is. OpenCV's and
scikit-image's tutorials start there; it is also where the cure for the
lighting failures of notebooks 06 and 09 lives: **equalisation** spreads a
photo's gray levels evenly over 0-255, so a darker or paler copy of a photo
comes out (almost) the same.
"""

from __future__ import annotations

import numpy as np

from .._shared.arrays import check_uint8

__all__ = ["cumulative_histogram", "equalize", "to_gray"]


def to_gray(image: np.ndarray) -> np.ndarray:
    """Luminance of an RGB photo, exactly as Pillow's ``Image.convert("L")`` computes it.

    Parameters
    ----------
    image : numpy.ndarray
        ``(H, W, 3)`` ``uint8`` RGB photo.

    Returns
    -------
    numpy.ndarray
        ``(H, W)`` ``uint8`` gray levels ``L = 0.299 R + 0.587 G + 0.114 B``
        (ITU-R 601-2), rounded. Green counts most because our eyes are most
        sensitive to it. Pillow computes it in whole numbers,
        ``(19595 R + 38470 G + 7471 B + 32768) >> 16`` (the weights times 65536),
        and so do we, so both agree on every pixel.

    Raises
    ------
    TypeError, ValueError
        If ``image`` is not a non-empty ``(H, W, 3)`` ``uint8`` array.

    Examples
    --------
    >>> import numpy as np
    >>> to_gray(np.array([[[255, 0, 0], [0, 255, 0], [0, 0, 255]]], dtype=np.uint8))
    array([[ 76, 150,  29]], dtype=uint8)
    """
    check_uint8(image, "to_gray", shape="rgb", empty="to_gray got an empty image (shape {shape})", empty_first=True)
    r, g, b = (image[..., c].astype(np.uint32) for c in range(3))
    return ((19595 * r + 38470 * g + 7471 * b + 32768) >> 16).astype(np.uint8)


def cumulative_histogram(hist: object) -> np.ndarray:
    """The share of values in each bin *or a lower one*: ``cumsum(hist) / sum(hist)``.

    Parameters
    ----------
    hist : array-like
        A 1-D histogram (counts or fractions), for example from
        ``histogram(image, channels="gray")``.

    Returns
    -------
    numpy.ndarray
        ``float64``, rising from ``hist[0] / total`` to exactly 1.0. Entry
        ``v`` answers "which share of the pixels is at most this light?".

    Raises
    ------
    ValueError
        If ``hist`` is not 1-D, is empty, holds a negative number, NaN or
        infinity, or is all zeros.

    Examples
    --------
    >>> cumulative_histogram([1, 0, 3])
    array([0.25, 0.25, 1.  ])
    """
    values = np.asarray(hist, dtype=np.float64) if np.asarray(hist).dtype.kind in "biuf" else None
    if values is None or values.ndim != 1 or values.size == 0:
        raise ValueError(f"cumulative_histogram expects a 1-D list of counts, got {np.asarray(hist).shape} "
                         f"values of type {np.asarray(hist).dtype}")
    if not np.all(np.isfinite(values)) or np.any(values < 0):
        raise ValueError("cumulative_histogram expects finite, non-negative counts")
    total = values.sum()
    if total == 0:
        raise ValueError("the histogram is all zeros: it counts nothing")
    cumulative = np.cumsum(values) / total
    cumulative[-1] = 1.0  # exactly, whatever the rounding
    return cumulative


def _equalize_channel(channel: np.ndarray) -> np.ndarray:
    """Equalise one ``uint8`` channel; the same formula as OpenCV's ``equalizeHist``."""
    counts = np.bincount(channel.ravel(), minlength=256)
    first = int(np.flatnonzero(counts)[0])           # the darkest value that occurs
    if counts[first] == channel.size:                # one value only: nothing to spread
        return channel.copy()
    cumulative = np.cumsum(counts)
    # value v -> 255 * (pixels at most v, less the darkest ones) / (pixels that are not the darkest),
    # computed in 32-bit floats as OpenCV does, so both agree on every pixel
    scale = np.float32(255) / np.float32(channel.size - counts[first])
    table = np.rint((cumulative - counts[first]).astype(np.float32) * scale)
    table[:first + 1] = 0
    return np.clip(table, 0, 255).astype(np.uint8)[channel]


def equalize(image: np.ndarray) -> np.ndarray:
    """Histogram equalisation: spread the values of each channel evenly over 0-255.

    Each value ``v`` becomes ``255 x`` the share of the other pixels that are
    at most ``v`` (the cumulative histogram, used as a lookup table). The
    darkest value becomes 0, the lightest 255, and the values in between are
    spaced by how many pixels have them. Any change that keeps the order of
    the values (darker, paler, more contrast) gives (almost) the same result.

    Parameters
    ----------
    image : numpy.ndarray
        ``uint8`` gray image ``(H, W)``, or RGB photo ``(H, W, 3)`` (each
        channel is equalised on its own, as OpenCV users do with
        ``cv2.equalizeHist`` per channel; this can shift the colours).

    Returns
    -------
    numpy.ndarray
        Same shape, ``uint8``. Equal, pixel for pixel, to
        ``cv2.equalizeHist`` of each channel. A channel with a single value
        (a blank image) is returned unchanged.

    Raises
    ------
    TypeError, ValueError
        If ``image`` is not a non-empty ``uint8`` array of shape ``(H, W)``
        or ``(H, W, 3)``.

    Examples
    --------
    >>> import numpy as np
    >>> equalize(np.array([[10, 10, 20, 30]], dtype=np.uint8))
    array([[  0,   0, 128, 255]], dtype=uint8)
    """
    check_uint8(image, "equalize", empty="equalize got an empty image (shape {shape})", empty_first=True)
    if image.ndim == 2:
        return _equalize_channel(image)
    if image.ndim == 3 and image.shape[2] == 3:
        return np.stack([_equalize_channel(image[..., c]) for c in range(3)], axis=-1)
    raise ValueError(f"equalize expects a gray (height, width) or RGB (height, width, 3) image, got shape {image.shape}")
