"""Descriptors of shape rather than colour: edge directions (and the edge strength behind them), thumbnails.

Both work on gray levels (:func:`~imgsim_helpers.describing.gray.to_gray` of an
RGB photo, or a gray image as it is), so colour plays no part:

* :func:`edge_histogram` -- directions of the edges, weighted by their
  strength (the idea behind HOG), from :func:`edge_strength`;
* :func:`thumbnail` -- the photo shrunk to a few gray pixels (fastbook's
  "pixel similarity").

:data:`~imgsim_helpers.describing.descriptors.DESCRIPTORS` names them with the
colour descriptors ("edges", "thumbnail").
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from .gray import to_gray
from .._shared.arrays import check_uint8
from ..histograms import EMPTY_IMAGE

__all__ = ["edge_histogram", "edge_strength", "thumbnail"]


# --------------------------------------------------------------------------- edges


def _gray_of(image: np.ndarray) -> np.ndarray:
    """The gray levels of an RGB photo (its luminance) or of a gray image, ``uint8``."""
    if isinstance(image, np.ndarray) and image.ndim == 2:
        return check_uint8(image, empty=EMPTY_IMAGE)
    check_uint8(image, shape="rgb", empty=EMPTY_IMAGE)
    return to_gray(image)


def _gradients(gray: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``gx`` (right minus left neighbour) and ``gy`` (lower minus upper), 0 on the border."""
    if min(gray.shape) < 3:
        raise ValueError(f"edges need at least 3 x 3 pixels, got {gray.shape[0]} x {gray.shape[1]}")
    gray = gray.astype(np.float64)
    gx, gy = np.zeros_like(gray), np.zeros_like(gray)       # 0 on the border, where a neighbour is missing
    gx[:, 1:-1] = gray[:, 2:] - gray[:, :-2]
    gy[1:-1, :] = gray[2:, :] - gray[:-2, :]
    return gx, gy


def edge_strength(image: np.ndarray) -> np.ndarray:
    """How strong the edge is at every pixel: the length of the gray level's gradient.

    ``gx = right neighbour - left neighbour`` and ``gy = lower neighbour -
    upper neighbour`` say how fast the gray level changes across and down;
    the strength is ``sqrt(gx**2 + gy**2)``. It is 0 where the photo is
    flat and large along sharp light-dark borders. :func:`edge_histogram`
    adds these strengths up by direction.

    Parameters
    ----------
    image : numpy.ndarray
        ``(H, W, 3)`` ``uint8`` RGB photo (its luminance is used), or an
        ``(H, W)`` gray image; at least 3 x 3 pixels.

    Returns
    -------
    numpy.ndarray
        ``(H, W)`` ``float64``, from 0 up to ``255 * sqrt(2)``. On the
        outermost rows (columns) the difference that needs a missing
        neighbour counts as 0, so only the other one is left.

    Raises
    ------
    ValueError
        If the image is not a ``uint8`` photo or gray image, or is smaller
        than 3 x 3.

    Examples
    --------
    >>> import numpy as np
    >>> step = np.zeros((3, 4), dtype=np.uint8); step[:, 2:] = 100   # dark left, light right
    >>> edge_strength(step)[1]
    array([  0., 100., 100.,   0.])
    """
    gx, gy = _gradients(_gray_of(image))
    return np.hypot(gx, gy)


def edge_histogram(image: np.ndarray, bins: int = 9) -> np.ndarray:
    """Which way the edges run: a histogram of gradient directions, weighted by edge strength.

    The **gradient** at a pixel says how fast the gray level changes and in
    which direction: ``gx = right neighbour - left neighbour``, ``gy = lower
    neighbour - upper neighbour``. Its length ``sqrt(gx**2 + gy**2)`` is the
    edge strength; its angle says which way the light-dark change points. A
    change from dark to light and from light to dark along the same line
    count as one direction (0-180 degrees). Colour plays no part: this
    describes shape. It is one cell of HOG (histograms of oriented gradients).

    Parameters
    ----------
    image : numpy.ndarray
        ``(H, W, 3)`` ``uint8`` RGB photo (its luminance is used), or an
        ``(H, W)`` gray image; at least 3 x 3 pixels.
    bins : int, optional
        Number of direction bins over 0-180 degrees (default 9, 20 degrees each,
        as HOG uses).

    Returns
    -------
    numpy.ndarray
        ``bins`` fractions summing to 1: the share of all edge strength whose
        direction falls in each bin. Equal to scikit-image's
        ``hog(gray, orientations=bins, pixels_per_cell=gray.shape,
        cells_per_block=(1, 1), block_norm="L1")`` up to its tiny ``eps``.

    Raises
    ------
    ValueError
        If the image is smaller than 3 x 3, or has no edges at all (every
        pixel the same gray): then there is no direction to count.

    Examples
    --------
    >>> import numpy as np
    >>> stripes = np.zeros((5, 6), dtype=np.uint8); stripes[:, 3:] = 200   # one vertical edge
    >>> edge_histogram(stripes, bins=4)
    array([1., 0., 0., 0.])
    """
    gray = _gray_of(image)
    if isinstance(bins, bool) or not isinstance(bins, (int, np.integer)) or bins < 1:
        raise ValueError(f"bins must be a whole number of at least 1, got {bins!r}")
    if min(gray.shape) < 3:
        raise ValueError(f"an edge histogram needs at least 3 x 3 pixels, got {gray.shape[0]} x {gray.shape[1]}")
    gx, gy = _gradients(gray)
    strength = np.hypot(gx, gy)
    if not strength.any():
        raise ValueError("the image has no edges (every pixel has the same gray level), so no direction to count")
    angle = np.rad2deg(np.arctan2(gy, gx)) % 180              # 0..180 degrees
    borders = (180 / bins) * np.arange(1, bins)                # 20, 40, ..., 160 for 9 bins
    which = np.searchsorted(borders, angle, side="right")      # bin i: borders[i-1] <= angle < borders[i]
    counts = np.bincount(which.ravel(), weights=strength.ravel(), minlength=bins)
    return counts / counts.sum()


# --------------------------------------------------------------------------- pixels


def thumbnail(image: np.ndarray, size: int = 16) -> np.ndarray:
    """The photo shrunk to ``size x size`` gray pixels: the simplest descriptor of all.

    Parameters
    ----------
    image : numpy.ndarray
        ``(H, W, 3)`` ``uint8`` RGB photo, or ``(H, W)`` gray image.
    size : int, optional
        Width and height of the thumbnail (default 16). The photo is
        squeezed to a square, whatever its shape.

    Returns
    -------
    numpy.ndarray
        ``size * size`` gray levels (0-255, ``float64``), row by row. Two
        thumbnails can be compared pixel by pixel (see :func:`mse`); that
        only works if the photos line up, which is why it breaks when the
        subject moves.

    Examples
    --------
    >>> import numpy as np
    >>> thumbnail(np.full((40, 30, 3), 200, dtype=np.uint8), size=4).reshape(4, 4)[0]
    array([200., 200., 200., 200.])
    """
    gray = _gray_of(image)
    if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or size < 1:
        raise ValueError(f"size must be a whole number of at least 1, got {size!r}")
    small = Image.fromarray(gray).resize((size, size), Image.BILINEAR)  # averages neighbours (antialiased)
    return np.asarray(small, dtype=np.float64).ravel()
