"""Hamming distances: how many bits two perceptual hashes differ by, for two hashes or every pair.

Two hashes from :mod:`imgsim_helpers.near_duplicates.hashing` are compared by
counting the bits that differ (:func:`hamming`): 0 for identical hashes, about
half the bits for unrelated photos. For many hashes, :func:`pack_hashes` packs
each into one 64-bit integer, so that :func:`close_pairs` compares 100,000 of
them, every pair, in about two seconds (:func:`hamming_matrix` gives every
distance of a few thousand).
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from .._shared.workers import worker_count

__all__ = [
    "MAX_MATRIX_HASHES",
    "close_pairs",
    "hamming",
    "hamming_matrix",
    "hash_to_hex",
    "pack_hashes",
]

#: :func:`hamming_matrix` refuses more hashes than this (the matrix would take
#: ``n * n`` bytes: 400 MB at this size); use :func:`close_pairs` instead.
MAX_MATRIX_HASHES = 20_000


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
