"""Steps 2 to 4 of the near-duplicate finder: compare the hashes, confirm by colour, group, choose.

2. **compare** every pair of hashes and keep the pairs at most ``threshold``
   bits apart (:func:`~imgsim_helpers.near_duplicates.hamming.close_pairs`);
3. **confirm** each pair with a second, independent check: the hash sees only
   grey, so the colour thumbnails must agree too (:func:`colour_distance`, on
   average at most :data:`CHECK_THRESHOLD` levels apart, out of 255);
4. **group** confirmed pairs into sets of copies (if A is a copy of B and B
   of C, all three are one group), and name the one to keep (:data:`KEEP_ORDER`).

:func:`group_duplicates` does all three from what
:func:`~imgsim_helpers.near_duplicates.folder_hashes.hash_folder` read, without
reading a photo again: a new threshold regroups in an instant.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .folder_hashes import FolderHashes
from .hamming import close_pairs, hamming
from .hashing import HASH_SIZE
from .report import DuplicateGroup, DuplicateReport, GroupMember

__all__ = [
    "CHECK_THRESHOLD",
    "DEFAULT_THRESHOLD",
    "KEEP_ORDER",
    "check_thresholds",
    "colour_distance",
    "group_duplicates",
]

#: Largest Hamming distance (of 64 bits) for a pair to count as copies. Chosen
#: from the measured precision/recall curve (notebook 18, README): at 10 no
#: two different bundled photos are paired, and resized, re-compressed,
#: converted, brightened and lightly cropped copies are found.
DEFAULT_THRESHOLD = 10
#: Largest mean difference of the colour thumbnails (levels, 0-255) for a pair
#: to be confirmed. Copies measured up to about 28 (a copy brightened by 20
#: levels and cropped); a pair of different photos that fools the hash usually
#: differs by far more.
CHECK_THRESHOLD = 32.0
#: Which photo of a group to keep, in one sentence (see :func:`group_duplicates`).
KEEP_ORDER = ("colour before gray, then more bits per pixel (a 256-colour palette counts 8, a gray photo "
              "one channel), then more pixels, then the bigger file (less compressed), then the oldest, "
              "then the first by name")


def colour_distance(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The second check: mean absolute difference of colour thumbnails, in levels (0-255).

    Parameters
    ----------
    a, b : numpy.ndarray
        ``(..., 8, 8, 3)`` ``uint8`` colour thumbnails (as in
        :attr:`FolderHashes.thumbnails`); leading dimensions broadcast.

    Returns
    -------
    numpy.ndarray
        ``float64``, one value per pair: 0 for identical thumbnails, about 20
        for a copy brightened by 20 levels, often 40 or more for different photos.

    Examples
    --------
    >>> import numpy as np
    >>> grey, brighter = np.full((8, 8, 3), 100, np.uint8), np.full((8, 8, 3), 120, np.uint8)
    >>> float(colour_distance(grey, brighter))
    20.0
    """
    diff = np.abs(np.asarray(a, dtype=np.int16) - np.asarray(b, dtype=np.int16))
    return diff.mean(axis=(-3, -2, -1))


def check_thresholds(threshold: int, check_threshold: float, bits: int) -> None:
    """A ValueError unless ``threshold`` is 0 to ``bits`` bits and ``check_threshold`` 0 to 255 levels."""
    if isinstance(threshold, bool) or not isinstance(threshold, (int, np.integer)) or not 0 <= threshold <= bits:
        raise ValueError(f"threshold must be a whole number of bits from 0 to {bits}, got {threshold!r}")
    if isinstance(check_threshold, bool) or not isinstance(check_threshold, (int, float, np.number)) \
            or not 0 <= check_threshold <= 255:
        raise ValueError(f"check_threshold must be a number of levels from 0 to 255, got {check_threshold!r}")


def _candidate_pairs(hashes: FolderHashes, threshold: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs to confirm: hashable photos within ``threshold``, and every pair of unhashable ones."""
    usable = np.flatnonzero(hashes.hashable)
    i, j, d = close_pairs(hashes.bits[usable], threshold)
    i, j = usable[i], usable[j]
    others = np.flatnonzero(~hashes.hashable)
    if len(others) > 1:  # flat or tiny photos: no hash to compare, so the colour check decides
        a, b = np.triu_indices(len(others), 1)
        i, j = np.concatenate([i, others[a]]), np.concatenate([j, others[b]])
        d = np.concatenate([d, np.full(len(a), -1)])
    return i, j, d


def _components(n: int, i: np.ndarray, j: np.ndarray) -> list[list[int]]:
    """Connected components (of at least 2 photos) of the graph with edges ``(i[k], j[k])``."""
    parent = list(range(n))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]  # path halving keeps the trees flat
            x = parent[x]
        return x

    for a, b in zip(i.tolist(), j.tolist()):
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    members: dict[int, list[int]] = {}
    for x in sorted(set(i.tolist()) | set(j.tolist())):
        members.setdefault(root(x), []).append(x)
    return [m for m in members.values() if len(m) > 1]


def group_duplicates(hashes: FolderHashes, threshold: int = DEFAULT_THRESHOLD,
                     check_threshold: float = CHECK_THRESHOLD) -> DuplicateReport:
    """Compare, confirm and group the photos of :func:`hash_folder` (no photo is read again).

    Parameters
    ----------
    hashes : FolderHashes
        From :func:`hash_folder` (or ``report.hashes``).
    threshold : int, optional
        Largest Hamming distance between two hashes for a candidate pair
        (default :data:`DEFAULT_THRESHOLD`).
    check_threshold : float, optional
        Largest :func:`colour_distance` to confirm it (default :data:`CHECK_THRESHOLD`).

    Returns
    -------
    DuplicateReport
        The groups (biggest saving first), the pairs the colour check rejected.
        In each group the photo to keep comes first (:data:`KEEP_ORDER`):
        colour before gray, so a black-and-white copy is never kept over its
        colour original; then more bits per pixel, so a 256-colour GIF or an
        8-bit copy of a 16-bit scan is not kept either; then more pixels, so
        not a smaller copy; then the bigger file, since at the same pixels a
        bigger file is the less compressed one (a JPEG at quality 30 is about a
        third of one at 90; a PNG holds every pixel); then the oldest; then the
        first by name. A copy re-saved at a *higher* quality than its original
        looks less compressed and is kept: the files cannot tell which came first.

    Raises
    ------
    ValueError
        If a threshold is out of range.
    """
    bits = int(np.prod(hashes.bits.shape[1:])) if hashes.bits.ndim > 1 else HASH_SIZE * HASH_SIZE
    check_thresholds(threshold, check_threshold, bits)
    i, j, d = _candidate_pairs(hashes, int(threshold))
    colour = np.empty(len(i))
    for start in range(0, len(i), 100_000):  # bounded memory for folders full of copies
        part = slice(start, start + 100_000)
        colour[part] = colour_distance(hashes.thumbnails[i[part]], hashes.thumbnails[j[part]])
    confirmed = colour <= check_threshold
    files = hashes.files
    rejected = [(files[a], files[b], None if dist < 0 else int(dist), float(c))
                for a, b, dist, c in zip(i[~confirmed], j[~confirmed], d[~confirmed], colour[~confirmed])]
    groups = [_group(hashes, members) for members in _components(len(files), i[confirmed], j[confirmed])]
    groups.sort(key=lambda g: (-g.saving, g.keep.path))
    return DuplicateReport(groups=groups, rejected=rejected, threshold=int(threshold),
                           check_threshold=float(check_threshold), hashes=hashes)


def _group(hashes: FolderHashes, members: Sequence[int]) -> DuplicateGroup:
    """One DuplicateGroup: the photo to keep first (KEEP_ORDER), then the others by name."""
    keep = min(members, key=lambda k: (bool(hashes.gray[k]), -int(hashes.pixel_bits[k]),
                                       -int(hashes.widths[k] * hashes.heights[k]), -int(hashes.file_sizes[k]),
                                       int(hashes.mtimes[k]), hashes.files[k]))
    order = [keep] + sorted((k for k in members if k != keep), key=lambda k: hashes.files[k])
    rows = []
    for k in order:
        both_hashed = hashes.hashable[k] and hashes.hashable[keep]
        rows.append(GroupMember(
            path=hashes.files[k], width=int(hashes.widths[k]), height=int(hashes.heights[k]),
            file_size=int(hashes.file_sizes[k]), mtime_ns=int(hashes.mtimes[k]),
            hash_distance=hamming(hashes.bits[k], hashes.bits[keep]) if both_hashed else None,
            colour_distance=float(colour_distance(hashes.thumbnails[k], hashes.thumbnails[keep])),
            keep=k == keep, note=hashes.notes.get(hashes.files[k], ""),
            gray=bool(hashes.gray[k]), pixel_bits=int(hashes.pixel_bits[k]),
        ))
    return DuplicateGroup(tuple(rows))
