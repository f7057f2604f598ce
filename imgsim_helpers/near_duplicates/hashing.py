"""Perceptual hashes: a 64-bit fingerprint of a photo, compared by counting differing bits.

A perceptual hash shrinks a photo to a tiny grey thumbnail and keeps one bit
per thumbnail cell: is it brighter than the average (:func:`average_hash`),
brighter than its right-hand neighbour (:func:`difference_hash`), or is its
low-frequency cosine pattern stronger than the median one (:func:`dct_hash`,
the "pHash")? Resizing, re-compressing or slightly brightening a photo barely
changes the thumbnail, so barely changes the bits. Two hashes are compared by
their **Hamming distance**, the number of bits that differ (:func:`hamming`).

A hash is a NumPy ``bool`` array of shape ``(8, 8)``: you can look at it as a
picture, and compare two with ``!=``. For many hashes, :func:`pack_hashes`
packs each into one 64-bit integer, so that :func:`close_pairs` compares
100,000 of them, every pair, in about two seconds.

The three hashes follow the ``imagehash`` library's ``average_hash``,
``dhash`` and ``phash`` step by step (the tests check that they agree bit for
bit on the course's photos).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from PIL import Image

from .._shared.arrays import check_uint8
from .._shared.workers import worker_count

__all__ = [
    "HASH_FUNCTIONS",
    "HASH_SIZE",
    "average_hash",
    "close_pairs",
    "dct_hash",
    "dct_matrix",
    "difference_hash",
    "grey_thumbnail",
    "hamming",
    "hamming_matrix",
    "hash_to_hex",
    "pack_hashes",
    "thumbnail_size",
]

#: Cells per side of a hash: 8 x 8 = 64 bits.
HASH_SIZE = 8

#: :func:`hamming_matrix` refuses more hashes than this (the matrix would take
#: ``n * n`` bytes: 400 MB at this size); use :func:`close_pairs` instead.
MAX_MATRIX_HASHES = 20_000


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
        ``hash_size`` pixels each way.
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
        If the image is not ``uint8`` grey or RGB, or smaller than the hash.

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
        ``hash_size`` pixels each way.
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
        If the image is not ``uint8`` grey or RGB, or smaller than the hash.

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
        ``hash_size`` pixels each way.
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
        If the image is not ``uint8`` grey or RGB, or smaller than the hash.

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
    if name not in sizes:
        raise ValueError(f"unknown hash {name!r}; choose one of: {', '.join(HASH_FUNCTIONS)}")
    return sizes[name]


# --------------------------------------------------------------------------- comparing two


def _as_bits(value: object, name: str) -> np.ndarray:
    """A hash as a flat bool array, or a clear error."""
    if not isinstance(value, np.ndarray) or value.dtype != np.bool_:
        kind = value.dtype if isinstance(value, np.ndarray) else type(value).__name__
        raise TypeError(f"{name} must be a hash: a NumPy bool array such as dct_hash returns, got {kind}")
    if value.size == 0:
        raise ValueError(f"{name} is empty: a hash has at least one bit")
    return value.reshape(-1)


def hamming(a: np.ndarray, b: np.ndarray) -> int:
    """The Hamming distance between two hashes: how many bits differ.

    Parameters
    ----------
    a, b : numpy.ndarray
        Two ``bool`` hashes of the same shape, from the same hash function.

    Returns
    -------
    int
        From 0 (identical) to the number of bits (64 for an 8 x 8 hash:
        every bit flipped). Unrelated photos differ by about half the bits.

    Raises
    ------
    TypeError
        If either is not a ``bool`` array.
    ValueError
        If the shapes differ (hashes of different sizes cannot be compared).

    Examples
    --------
    >>> import numpy as np
    >>> hamming(np.array([True, False, True]), np.array([True, True, False]))
    2
    """
    bits_a, bits_b = _as_bits(a, "the first hash"), _as_bits(b, "the second hash")
    if a.shape != b.shape:
        raise ValueError(f"the hashes have different shapes, {a.shape} and {b.shape}; "
                         "compare hashes made with the same hash function and size")
    return int(np.count_nonzero(bits_a != bits_b))


def hash_to_hex(h: np.ndarray) -> str:
    """A hash written as hexadecimal digits, 4 bits per digit (as ``str(imagehash.phash(...))``).

    Examples
    --------
    >>> import numpy as np
    >>> hash_to_hex(np.array([[True, False, False, False, True, True, True, True]]))
    '8f'
    """
    bits = _as_bits(h, "the hash")
    padded = np.concatenate([np.zeros(-len(bits) % 4, dtype=bool), bits])
    value = int("".join("1" if bit else "0" for bit in padded), 2)
    return f"{value:0{len(padded) // 4}x}"


# --------------------------------------------------------------------------- comparing many


def pack_hashes(hashes: Sequence[np.ndarray] | np.ndarray) -> np.ndarray:
    """Pack many hashes into 64-bit integers, for fast comparison.

    Parameters
    ----------
    hashes : sequence of numpy.ndarray, or numpy.ndarray
        ``n`` ``bool`` hashes of one shape (or an ``(n, ...)`` ``bool`` array).

    Returns
    -------
    numpy.ndarray
        ``(n, words)`` ``uint64``: each row holds one hash's bits, 64 to a
        word (one word for an 8 x 8 hash), the first bit the highest. XOR of
        two words has a 1 exactly where the hashes differ.

    Raises
    ------
    TypeError, ValueError
        If the hashes are not ``bool`` arrays of one shape.

    Examples
    --------
    >>> import numpy as np
    >>> pack_hashes([np.ones((8, 8), bool)])
    array([[18446744073709551615]], dtype=uint64)
    """
    if isinstance(hashes, np.ndarray) and hashes.dtype == np.bool_ and hashes.ndim >= 2:
        bits = hashes.reshape(hashes.shape[0], int(np.prod(hashes.shape[1:])))
    else:
        hashes = list(hashes)
        if not hashes:
            return np.zeros((0, 1), dtype=np.uint64)
        flat = [_as_bits(h, f"hash {i}") for i, h in enumerate(hashes)]
        shapes = {np.shape(h) for h in hashes}
        if len(shapes) > 1:
            raise ValueError(f"the hashes have different shapes ({', '.join(map(str, sorted(shapes)))}); "
                             "use one hash function and size for all")
        bits = np.stack(flat)
    if bits.shape[1] == 0:
        raise ValueError("the hashes are empty: a hash has at least one bit")
    words = -(-bits.shape[1] // 64)
    padded = np.zeros((len(bits), words * 64), dtype=bool)
    padded[:, :bits.shape[1]] = bits
    return np.packbits(padded, axis=1).view(">u8").astype(np.uint64)


#: Number of 1 bits in every byte value 0-255, for NumPy versions without bitwise_count.
_BITS_IN_BYTE = np.array([bin(v).count("1") for v in range(256)], dtype=np.uint8)


def _popcount(words: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """Number of 1 bits in each ``uint64``, as ``uint8`` (NumPy's bitwise_count, or a table)."""
    if hasattr(np, "bitwise_count"):  # NumPy 2.0 and later: one CPU instruction per word
        return np.bitwise_count(words, out=out)
    as_bytes = np.ascontiguousarray(words).view(np.uint8).reshape(*words.shape, 8)
    counts = _BITS_IN_BYTE[as_bytes].sum(axis=-1, dtype=np.uint8)
    if out is None:
        return counts
    out[...] = counts
    return out


def _as_packed(hashes: Sequence[np.ndarray] | np.ndarray) -> np.ndarray:
    """Packed ``(n, words)`` uint64 hashes, from packed ones or from bool hashes."""
    if isinstance(hashes, np.ndarray) and hashes.dtype == np.uint64 and hashes.ndim == 2:
        return hashes
    return pack_hashes(hashes)


def hamming_matrix(hashes: Sequence[np.ndarray] | np.ndarray) -> np.ndarray:
    """Hamming distances between every pair of hashes, as an ``n`` x ``n`` matrix.

    Parameters
    ----------
    hashes : sequence of numpy.ndarray, or numpy.ndarray
        ``bool`` hashes of one shape, or already packed by :func:`pack_hashes`.

    Returns
    -------
    numpy.ndarray
        ``(n, n)`` ``int64``; ``D[i, j] == hamming(hashes[i], hashes[j])``,
        0 on the diagonal.

    Raises
    ------
    ValueError
        For more than :data:`MAX_MATRIX_HASHES` hashes (use
        :func:`close_pairs`, which never builds the whole matrix).

    Examples
    --------
    >>> import numpy as np
    >>> hamming_matrix([np.zeros(4, bool), np.ones(4, bool)])
    array([[0, 4],
           [4, 0]])
    """
    packed = _as_packed(hashes)
    if len(packed) > MAX_MATRIX_HASHES:
        raise ValueError(f"{len(packed):,} hashes would make a {len(packed):,} x {len(packed):,} matrix; "
                         f"hamming_matrix takes at most {MAX_MATRIX_HASHES:,}. Use close_pairs(hashes, "
                         "threshold) to list only the close pairs")
    distances = np.zeros((len(packed), len(packed)), dtype=np.int64)
    for word in range(packed.shape[1]):  # one word for a 64-bit hash
        column = packed[:, word]
        distances += _popcount(column[:, None] ^ column[None, :])
    return distances


_TILE_ROWS = 64      # a tile of 64 x 4,096 pairs: 2 MB of XOR results, fits in the CPU's cache
_TILE_COLUMNS = 4096


def _close_in_rows(packed: np.ndarray, threshold: int, row_starts: Sequence[int]) -> list[tuple]:
    """The close pairs ``(i, j, d)`` with ``i`` in the given row tiles and ``j > i``."""
    n, words = packed.shape
    found = []
    xor = np.empty(_TILE_ROWS * _TILE_COLUMNS, dtype=np.uint64)
    count = np.empty(_TILE_ROWS * _TILE_COLUMNS, dtype=np.uint8)
    close = np.empty(_TILE_ROWS * _TILE_COLUMNS, dtype=bool)
    for r0 in row_starts:
        rows = packed[r0:r0 + _TILE_ROWS]
        for c0 in range(r0, n, _TILE_COLUMNS):  # only columns from r0 on: each pair once
            cols = packed[c0:c0 + _TILE_COLUMNS]
            shape = (len(rows), len(cols))
            size = shape[0] * shape[1]
            x, c, m = xor[:size].reshape(shape), count[:size].reshape(shape), close[:size].reshape(shape)
            if words == 1:
                np.bitwise_xor(rows[:, :1], cols[:, 0][None, :], out=x)
                _popcount(x, out=c)
            else:
                total = np.zeros(shape, dtype=np.int64)
                for word in range(words):
                    np.bitwise_xor(rows[:, word:word + 1], cols[:, word][None, :], out=x)
                    total += _popcount(x)
                np.minimum(total, 255, out=total)
                np.copyto(c, total, casting="unsafe")
            if c.min() > threshold:  # most tiles hold no close pair: one quick check
                continue
            np.less_equal(c, threshold, out=m)
            flat = np.flatnonzero(m)  # (much faster than np.nonzero on a 2-D array)
            i, j = flat // shape[1] + r0, flat % shape[1] + c0
            keep = j > i
            found.append((i[keep], j[keep], c.reshape(-1)[flat[keep]]))
    return found


def close_pairs(hashes: Sequence[np.ndarray] | np.ndarray, threshold: int,
                workers: int | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair of hashes at most ``threshold`` bits apart, without building the whole matrix.

    All ``n * (n - 1) / 2`` pairs are compared, in tiles small enough to stay
    in the CPU's cache, on all cores: XOR the packed hashes, count the 1 bits,
    keep the pairs within the threshold. Time grows with ``n`` squared
    (``benchmarks/bench_duplicates.py``: 100,000 hashes, 5 billion pairs, in
    about 2 s of processor time, 0.4 ns a pair).

    Parameters
    ----------
    hashes : sequence of numpy.ndarray, or numpy.ndarray
        ``bool`` hashes of one shape, or already packed by :func:`pack_hashes`.
    threshold : int
        Largest Hamming distance that counts as close (0 = identical hashes).
    workers : int, optional
        Threads (default: one per CPU core).

    Returns
    -------
    (i, j, distance) : tuple of numpy.ndarray
        Three ``int64`` arrays of equal length: ``hashes[i[k]]`` and
        ``hashes[j[k]]`` differ by ``distance[k] <= threshold`` bits, with
        ``i[k] < j[k]``; sorted by ``i``, then ``j``.

    Raises
    ------
    ValueError
        If ``threshold`` is not a whole number from 0 up, or ``workers`` < 1.

    Examples
    --------
    >>> import numpy as np
    >>> a = np.zeros(64, bool); b = a.copy(); b[:3] = True
    >>> [x.tolist() for x in close_pairs([a, b, ~a], threshold=5)]
    [[0], [1], [3]]
    """
    if isinstance(threshold, bool) or not isinstance(threshold, (int, np.integer)) or threshold < 0:
        raise ValueError(f"threshold must be a whole number of bits, 0 or more, got {threshold!r}")
    workers = worker_count(workers)
    packed = _as_packed(hashes)
    starts = list(range(0, len(packed), _TILE_ROWS))
    # Row tiles near the top compare with more columns: deal them out round-robin for balance.
    shares = [starts[k::workers] for k in range(workers) if starts[k::workers]]
    if len(shares) <= 1:
        found = _close_in_rows(packed, int(threshold), starts)
    else:
        with ThreadPoolExecutor(len(shares), thread_name_prefix="imgsim-pairs") as pool:
            found = [part for parts in pool.map(lambda s: _close_in_rows(packed, int(threshold), s), shares)
                     for part in parts]
    if not found:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.copy(), empty.copy()
    i = np.concatenate([f[0] for f in found]).astype(np.int64)
    j = np.concatenate([f[1] for f in found]).astype(np.int64)
    d = np.concatenate([f[2] for f in found]).astype(np.int64)
    order = np.lexsort((j, i))
    return i[order], j[order], d[order]
