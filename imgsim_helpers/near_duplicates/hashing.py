"""Perceptual hashes: a 64-bit fingerprint of a photo that barely changes when the photo is edited.

A perceptual hash shrinks a photo to a tiny grey thumbnail and keeps one bit
per thumbnail cell: is it brighter than the average (:func:`average_hash`),
brighter than its right-hand neighbour (:func:`difference_hash`), or is its
low-frequency cosine pattern stronger than the median one (:func:`dct_hash`,
the "pHash")? Resizing, re-compressing or slightly brightening a photo barely
changes the thumbnail, so barely changes the bits. Two hashes are compared by
their **Hamming distance**, the number of bits that differ
(:mod:`imgsim_helpers.near_duplicates.hamming`).

A hash is a NumPy ``bool`` array of shape ``(8, 8)``: you can look at it as a
picture, and compare two with ``!=``.

The three hashes follow the ``imagehash`` library's ``average_hash``,
``dhash`` and ``phash`` step by step (the tests check that they agree bit for
bit on the course's photos).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PIL import Image

from .._shared.arrays import check_uint8

__all__ = [
    "HASH_FUNCTIONS",
    "HASH_SIZE",
    "check_hash_name",
    "average_hash",
    "dct_hash",
    "dct_matrix",
    "difference_hash",
    "grey_thumbnail",
    "thumbnail_size",
]

#: Cells per side of a hash: 8 x 8 = 64 bits.
HASH_SIZE = 8


# --------------------------------------------------------------------------- thumbnails


def _check_image(image: np.ndarray, hash_size: int | None, name: str) -> np.ndarray:
    """Check ``image`` is a uint8 grey or RGB photo (at least ``hash_size`` pixels each way)."""
    check_uint8(image, name, shape="grey or rgb", alpha=False, convert_hint=False,
                empty="the image is empty (shape {shape})" if hash_size is None else None)
    height, width = image.shape[:2]
    if hash_size is None:
        return image
    if isinstance(hash_size, bool) or not isinstance(hash_size, (int, np.integer)) or hash_size < 2:
        raise ValueError(f"hash_size must be a whole number of at least 2, got {hash_size!r}")
    if height < hash_size or width < hash_size:
        raise ValueError(
            f"the image is only {width} x {height} pixels, smaller than the {hash_size} x {hash_size} "
            f"hash: its thumbnail would be made of invented pixels. Compare such tiny images pixel "
            "by pixel instead"
        )
    return image


def grey_thumbnail(image: np.ndarray, width: int, height: int) -> np.ndarray:
    """Shrink a photo to a tiny grey picture, the first step of every hash.

    Parameters
    ----------
    image : numpy.ndarray
        ``(H, W, 3)`` RGB or ``(H, W)`` grey, ``uint8``.
    width, height : int
        Size of the thumbnail in pixels.

    Returns
    -------
    numpy.ndarray
        ``(height, width)`` ``uint8`` grey values. Grey is Pillow's
        ``convert("L")``: ``0.299 R + 0.587 G + 0.114 B`` (green counts most,
        as it does for our eyes), rounded. The shrinking is Pillow's Lanczos
        filter, which averages each thumbnail pixel over its whole patch of the
        photo (with a little sharpening), so noise and JPEG blocks wash out.

    Examples
    --------
    >>> import numpy as np
    >>> grey_thumbnail(np.full((40, 60, 3), 200, np.uint8), 3, 2)
    array([[200, 200, 200],
           [200, 200, 200]], dtype=uint8)
    """
    _check_image(image, None, "grey_thumbnail")
    for name, value in (("width", width), ("height", height)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"the thumbnail's {name} must be a whole number of at least 1, got {value!r}")
    grey = Image.fromarray(image).convert("L")
    return np.asarray(grey.resize((int(width), int(height)), Image.Resampling.LANCZOS))


# --------------------------------------------------------------------------- the three hashes


def average_hash(image: np.ndarray, hash_size: int = HASH_SIZE) -> np.ndarray:
    """Average hash: which cells of an 8 x 8 grey thumbnail are brighter than its mean?

    Parameters
    ----------
    image : numpy.ndarray
        ``(H, W, 3)`` RGB or ``(H, W)`` grey ``uint8`` photo, at least
        ``hash_size`` pixels each way: it is shrunk to a ``hash_size`` x
        ``hash_size`` thumbnail, one cell per bit.
    hash_size : int, optional
        Cells per side (default 8: 64 bits).

    Returns
    -------
    numpy.ndarray
        ``(hash_size, hash_size)`` ``bool``: ``True`` where the thumbnail is
        brighter than its mean. A flat, single-colour photo gives all
        ``False``.

    Raises
    ------
    ValueError
        If the image is not ``uint8`` grey or RGB, or smaller than its
        thumbnail (whose pixels would be invented), or ``hash_size`` is not a
        whole number of at least 2.

    Examples
    --------
    >>> from imgsim_helpers import load_image
    >>> average_hash(load_image("duck")).shape
    (8, 8)
    """
    _check_image(image, hash_size, "average_hash")
    pixels = grey_thumbnail(image, hash_size, hash_size)
    return pixels > pixels.mean()


def difference_hash(image: np.ndarray, hash_size: int = HASH_SIZE) -> np.ndarray:
    """Difference hash: in a 9 x 8 grey thumbnail, is each pixel brighter than its left neighbour?

    Parameters
    ----------
    image : numpy.ndarray
        ``(H, W, 3)`` RGB or ``(H, W)`` grey ``uint8`` photo, at least
        ``hash_size`` pixels each way: it is shrunk to a thumbnail
        ``hash_size + 1`` pixels wide and ``hash_size`` high.
    hash_size : int, optional
        Rows of the hash (default 8); the thumbnail is one column wider, so
        each row gives ``hash_size`` comparisons.

    Returns
    -------
    numpy.ndarray
        ``(hash_size, hash_size)`` ``bool``: ``True`` where the brightness
        goes *up* from left to right. It follows edges and gradients, not
        overall brightness, so brightening the photo changes nothing.

    Raises
    ------
    ValueError
        If the image is not ``uint8`` grey or RGB, or less than ``hash_size``
        pixels wide or high, or ``hash_size`` is not a whole number of at
        least 2.

    Examples
    --------
    >>> import numpy as np
    >>> ramp = np.tile(np.arange(0, 250, 10, dtype=np.uint8), (20, 1))   # brighter to the right
    >>> bool(difference_hash(ramp).all())
    True
    """
    _check_image(image, hash_size, "difference_hash")
    pixels = grey_thumbnail(image, hash_size + 1, hash_size)
    return pixels[:, 1:] > pixels[:, :-1]


def dct_matrix(n: int) -> np.ndarray:
    """The ``n`` x ``n`` matrix of the discrete cosine transform (DCT-II).

    Row ``k`` is a cosine wave with ``k`` half-periods across ``n`` pixels:
    ``C[k, i] = 2 cos(pi k (2 i + 1) / (2 n))``. Multiplying a column of
    ``n`` pixel values by ``C`` measures how much of each wave it holds: row 0
    (a constant) gives twice their sum, higher rows ever finer detail.

    Parameters
    ----------
    n : int
        Number of pixels (and of waves).

    Returns
    -------
    numpy.ndarray
        ``(n, n)`` ``float64``. ``C @ x`` equals ``scipy.fft.dct(x)`` (type 2,
        not normalised), the transform ``imagehash.phash`` uses.

    Examples
    --------
    >>> import numpy as np
    >>> np.round(dct_matrix(4) @ np.ones(4), 9) + 0.0   # a flat signal holds only wave 0
    array([8., 0., 0., 0.])
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a whole number of at least 1, got {n!r}")
    k = np.arange(n)[:, None]
    i = np.arange(n)[None, :]
    return 2.0 * np.cos(np.pi * k * (2 * i + 1) / (2 * n))


def dct_hash(image: np.ndarray, hash_size: int = HASH_SIZE, highfreq_factor: int = 4) -> np.ndarray:
    """DCT hash (pHash): is each of the 8 x 8 slowest cosine patterns stronger than their median?

    The photo becomes a 32 x 32 grey thumbnail; a 2-D cosine transform (two
    matrix products with :func:`dct_matrix`) measures how strongly it holds
    each pattern of horizontal and vertical waves; the 8 x 8 slowest patterns
    (the coarse layout of light and dark) are kept, and each becomes one bit:
    above their median or not.

    Parameters
    ----------
    image : numpy.ndarray
        ``(H, W, 3)`` RGB or ``(H, W)`` grey ``uint8`` photo, at least
        ``hash_size`` pixels each way; its square thumbnail
        (``hash_size * highfreq_factor`` pixels a side) may be larger than it.
    hash_size : int, optional
        Patterns kept per direction (default 8: 64 bits).
    highfreq_factor : int, optional
        The thumbnail is ``hash_size * highfreq_factor`` pixels square
        (default 32).

    Returns
    -------
    numpy.ndarray
        ``(hash_size, hash_size)`` ``bool``; row ``k``, column ``l`` is the
        pattern with ``k`` vertical and ``l`` horizontal half-waves. Exactly
        half the bits are ``True`` (the median splits them), so two DCT
        hashes always differ by an even number of bits. A flat photo holds
        only pattern (0, 0); its other 63 values are rounding noise, so its
        bits mean nothing.

    Raises
    ------
    ValueError
        If the image is not ``uint8`` grey or RGB, or smaller than
        ``hash_size`` x ``hash_size`` pixels, or ``hash_size`` is not a whole
        number of at least 2, or ``highfreq_factor`` one of at least 1.

    Examples
    --------
    >>> from imgsim_helpers import load_image
    >>> int(dct_hash(load_image("duck")).sum())
    32
    """
    _check_image(image, hash_size, "dct_hash")
    if isinstance(highfreq_factor, bool) or not isinstance(highfreq_factor, (int, np.integer)) \
            or highfreq_factor < 1:
        raise ValueError(f"highfreq_factor must be a whole number of at least 1, got {highfreq_factor!r}")
    size = hash_size * highfreq_factor
    pixels = grey_thumbnail(image, size, size).astype(np.float64)
    waves = dct_matrix(size)[:hash_size]          # only the hash_size slowest waves are needed
    low = waves @ pixels @ waves.T                # columns, then rows: the 2-D transform
    return low > np.median(low)


#: The hashes by name, as the command line and :func:`find_duplicates` call them.
HASH_FUNCTIONS: dict[str, Callable[..., np.ndarray]] = {
    "dct": dct_hash,
    "difference": difference_hash,
    "average": average_hash,
}


def thumbnail_size(name: str, hash_size: int = HASH_SIZE) -> tuple[int, int]:
    """``(width, height)`` of the grey thumbnail a hash is made from.

    A hash sees nothing but this thumbnail: hashing the thumbnail itself
    (from :func:`grey_thumbnail`) gives exactly the hash of the photo.

    Parameters
    ----------
    name : {"dct", "difference", "average"}
        A name from :data:`HASH_FUNCTIONS`.
    hash_size : int, optional
        As for the hash functions (default 8).

    Returns
    -------
    tuple of int
        ``(32, 32)`` for "dct", ``(9, 8)`` for "difference", ``(8, 8)`` for
        "average" (with the default hash size).

    Examples
    --------
    >>> thumbnail_size("difference")
    (9, 8)
    """
    sizes = {"dct": (4 * hash_size, 4 * hash_size), "difference": (hash_size + 1, hash_size),
             "average": (hash_size, hash_size)}
    return sizes[check_hash_name(name)]


def check_hash_name(hash_name: str) -> str:
    """``hash_name``, checked: a ValueError unless it is a name of :data:`HASH_FUNCTIONS`."""
    if hash_name not in HASH_FUNCTIONS:
        raise ValueError(f"unknown hash {hash_name!r}; choose one of: {', '.join(HASH_FUNCTIONS)}")
    return hash_name
